/**
 * The local IAM proxy with the unmodified SDK v3 clients in front of the real stand-ins: the test run's DynamoDB
 * Local, s3rver and SES, plus a Scheduler and an SQS stand-in started here. The policies are the shapes the CDK
 * stack grants (FunctionFactory.create in infra/constructs/function-factory.ts); allowed calls must reach the
 * stand-in, denied ones must fail as AWS fails them (403, AccessDeniedException / AccessDenied) and change nothing.
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_KINDS } from '../../functions/lib/needs.js';
import type { PolicyDocumentJson, PolicyStatementJson } from '../../infra/local/deployed-types.js';
import { type IamProxy, type ProxyExchange, startIamProxy } from '../../infra/local/iam/iam-proxy.js';
import type { LocalPrincipal } from '../../infra/local/iam/policy-evaluator.js';
import { type LocalScheduler, startLocalScheduler } from '../../infra/local/scheduler.js';
import { type LocalQueue, startLocalQueue } from '../../infra/local/sqs.js';
import { keys, leadingKeysWrittenBy } from '../../shared/table-design.js';
import { useLocalAws } from '../support/env.js';
import { mailsTo } from '../support/ses-store.js';

const env = useLocalAws();
const ACCOUNT = '000000000000';
const REGION = 'eu-west-1';
const TABLE = env.MSV_TABLE_NAME as string;
const BUCKET = env.MSV_UPLOAD_BUCKET as string;
const tableArn = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE}`;
const bucketArn = `arn:aws:s3:::${BUCKET}`;
const GROUP = 'msv-test-deliveries';
const SCHEDULER_ROLE = `arn:aws:iam::${ACCOUNT}:role/msv-test-delivery-scheduler`;
const MAIL_FROM = 'msv@msv.test';
const QUEUE = 'msv-test-delivery-jobs';
const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:${QUEUE}`;

// The statements CDK's grants produce (KMS and X-Ray left out: no stand-in for them).
const allow = (Action: string[], Resource: string[], Condition?: PolicyStatementJson['Condition']) => ({
  Effect: 'Allow' as const,
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});
const grantReadData = allow(
  [
    'dynamodb:BatchGetItem',
    'dynamodb:GetRecords',
    'dynamodb:GetShardIterator',
    'dynamodb:Query',
    'dynamodb:GetItem',
    'dynamodb:Scan',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DescribeTable',
  ],
  [tableArn, `${tableArn}/index/*`],
);
const tableWrite = allow(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], [tableArn], {
  'ForAllValues:StringLike': {
    'dynamodb:LeadingKeys': leadingKeysWrittenBy(ACCESS_KINDS['table-write'].writes),
  },
});
const uploadPut = allow(
  [
    's3:DeleteObjectTagging',
    's3:PutObject',
    's3:PutObjectLegalHold',
    's3:PutObjectRetention',
    's3:PutObjectTagging',
    's3:PutObjectVersionTagging',
    's3:Abort*',
  ],
  [`${bucketArn}/raw/*`],
);
const schedules = allow(
  ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
  [`arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${GROUP}/*`],
);
const passRole = allow(['iam:PassRole'], [SCHEDULER_ROLE]);
const mail = allow(
  ['ses:SendEmail', 'ses:SendRawEmail'],
  [`arn:aws:ses:${REGION}:${ACCOUNT}:identity/${MAIL_FROM}`],
);
const queueSend = allow(['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], [queueArn]);
const deliveriesRead = allow(['s3:GetObject'], [`${bucketArn}/deliveries/*`]);

const principal = (name: string, Statement: PolicyStatementJson[]): LocalPrincipal => ({
  name,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/msv-test-${name}-role`,
  policies: [{ Version: '2012-10-17', Statement } satisfies PolicyDocumentJson],
});
const KEYS = {
  consent: 'AKIALOCALCONSENT',
  upload: 'AKIALOCALUPLOAD',
  getDelivery: 'AKIALOCALGETDELIVERY',
  dispatcher: 'AKIALOCALDISPATCH',
  noPassRole: 'AKIALOCALNOPASSROLE',
};
const principals = new Map<string, LocalPrincipal>([
  [KEYS.consent, principal('consent', [grantReadData, tableWrite, schedules, passRole, mail])],
  [KEYS.upload, principal('upload-export', [grantReadData, tableWrite, uploadPut])],
  [KEYS.getDelivery, principal('get-delivery', [grantReadData, deliveriesRead])],
  [
    KEYS.dispatcher,
    principal('dispatch-deliveries', [grantReadData, allow(['dynamodb:PutItem'], [tableArn]), queueSend]),
  ],
  [KEYS.noPassRole, principal('no-pass-role', [schedules])],
]);

let proxy: IamProxy;
let scheduler: LocalScheduler;
let queue: LocalQueue;
const consumed: string[] = [];

/** Client settings for one principal through the proxy. */
const through = (key: string, maxAttempts = 1) => ({
  endpoint: proxy.endpoint,
  region: REGION,
  credentials: { accessKeyId: key, secretAccessKey: 'x' },
  maxAttempts,
});
const s3Through = (key: string) =>
  new S3Client({
    ...through(key),
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
const docThrough = (key: string) => DynamoDBDocumentClient.from(new DynamoDBClient(through(key)));
// Straight to the stand-ins, to see what really arrived.
const direct = { region: REGION, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
const ddbDirect = () =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ ...direct, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB }));
const s3Direct = () =>
  new S3Client({
    ...direct,
    endpoint: env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

/** The error a denied call throws. */
const failure = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } },
  );
  if (!err) throw new Error('expected the call to be refused');
  return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
};
const rnd = () => Math.random().toString(36).slice(2, 10);

const exchanges: ProxyExchange[] = [];

beforeAll(async () => {
  scheduler = await startLocalScheduler({
    port: 0,
    clock: { now: () => new Date() },
    invoke: async () => undefined,
  });
  queue = await startLocalQueue({
    port: 0,
    name: QUEUE,
    consume: async (event) => {
      consumed.push(...event.Records.map((r) => r.body));
      return undefined;
    },
    batchSize: 10,
    concurrency: 1,
    maxReceives: 1,
  });
  proxy = await startIamProxy({
    port: 0,
    account: ACCOUNT,
    region: REGION,
    principals,
    upstreams: {
      dynamodb: env.AWS_ENDPOINT_URL_DYNAMODB,
      s3: env.AWS_ENDPOINT_URL_S3,
      ses: env.AWS_ENDPOINT_URL_SES,
      scheduler: scheduler.endpoint,
      sqs: queue.endpoint,
    },
    upstreamCredentials: { s3: { accessKeyId: 'S3RVER' } },
    onExchange: (x) => exchanges.push(x),
    resourcePolicies: [
      // The bucket policy enforceSSL adds: the proxy counts the SDK's https to AWS, not the local http hop.
      {
        resourceArn: bucketArn,
        policy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 's3:*',
              Resource: [bucketArn, `${bucketArn}/*`],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    ],
  });
});

afterAll(async () => {
  await proxy?.stop();
  await scheduler?.stop();
  await queue?.stop();
});

describe('dynamodb through the IAM proxy', () => {
  it('allows writes in school-year partitions and reads; they reach DynamoDB Local', async () => {
    const key = keys.consent(rnd(), '2025-2026');
    const { pk } = key;
    const doc = docThrough(KEYS.consent);
    await doc.send(new PutCommand({ TableName: TABLE, Item: { ...key, by: 'test' } }));
    expect((await ddbDirect().send(new GetCommand({ TableName: TABLE, Key: key }))).Item).toMatchObject({
      by: 'test',
    });
    expect((await doc.send(new GetCommand({ TableName: TABLE, Key: key }))).Item?.by).toBe('test');
    const q = await doc.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      }),
    );
    expect(q.Items).toHaveLength(1);
    const last = proxy.decisions().at(-1);
    expect(last).toMatchObject({ principal: 'consent', allowed: true, service: 'dynamodb' });
    expect(last?.checks[0]).toMatchObject({
      action: 'dynamodb:Query',
      context: { 'dynamodb:LeadingKeys': [pk] },
    });
  });

  it('denies a PutItem with pk TOKEN#… as AWS does, and nothing is written', async () => {
    const key = keys.token(rnd());
    const err = await failure(
      new DynamoDBClient(through(KEYS.consent)).send(
        new PutItemCommand({ TableName: TABLE, Item: { pk: { S: key.pk }, sk: { S: key.sk } } }),
      ),
    );
    expect(err).toEqual({
      name: 'AccessDeniedException',
      status: 403,
      message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/msv-test-consent-role/consent is not authorized to perform: dynamodb:PutItem on resource: ${tableArn} because no identity-based policy allows the dynamodb:PutItem action`,
    });
    expect((await ddbDirect().send(new GetCommand({ TableName: TABLE, Key: key }))).Item).toBeUndefined();
  });

  it('denies a TransactWriteItems as a whole when one element is outside the grant', async () => {
    const ok = keys.consent(rnd(), '2025-2026');
    const bad = keys.school(rnd());
    const err = await failure(
      docThrough(KEYS.consent).send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: TABLE, Item: ok } },
            {
              Update: {
                TableName: TABLE,
                Key: bad,
                UpdateExpression: 'SET x = :x',
                ExpressionAttributeValues: { ':x': 1 },
              },
            },
          ],
        }),
      ),
    );
    expect(err).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    expect(err.message).toContain('dynamodb:UpdateItem');
    const read = ddbDirect();
    expect((await read.send(new GetCommand({ TableName: TABLE, Key: ok }))).Item).toBeUndefined();
    expect((await read.send(new GetCommand({ TableName: TABLE, Key: bad }))).Item).toBeUndefined();
  });

  it('refuses an unknown access key and an unsigned request', async () => {
    const err = await failure(
      new DynamoDBClient(through('AKIANOBODY')).send(
        new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'x' }, sk: { S: 'y' } } }),
      ),
    );
    expect(err).toMatchObject({ name: 'UnrecognizedClientException', status: 403 });
    const res = await fetch(proxy.endpoint, {
      method: 'POST',
      headers: {
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        'content-type': 'application/x-amz-json-1.0',
      },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      __type: expect.stringContaining('MissingAuthenticationTokenException'),
    });
  });

  it('answers 503 when the stand-in is down, which the SDK retries', async () => {
    const down = await startIamProxy({
      port: 0,
      account: ACCOUNT,
      region: REGION,
      principals,
      upstreams: { dynamodb: 'http://127.0.0.1:9' },
    });
    try {
      const client = new DynamoDBClient({ ...through(KEYS.consent, 2), endpoint: down.endpoint });
      const err = await client
        .send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'x' }, sk: { S: 'y' } } }))
        .catch((e: { name: string; $metadata: { httpStatusCode?: number; attempts?: number } }) => e);
      expect(err).toMatchObject({
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503, attempts: 2 },
      });
    } finally {
      await down.stop();
    }
  });
});

describe('s3 through the IAM proxy', () => {
  it('allows PutObject below raw/ (it reaches s3rver) and denies it anywhere else', async () => {
    const client = s3Through(KEYS.upload);
    const key = `raw/${rnd()}/export file.csv`;
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'a;b\n1;2\n', ContentType: 'text/csv' }),
    );
    const stored = await s3Direct().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(await stored.Body?.transformToString()).toBe('a;b\n1;2\n');

    const outside = `exports/${rnd()}.csv`;
    const err = await failure(client.send(new PutObjectCommand({ Bucket: BUCKET, Key: outside, Body: 'x' })));
    expect(err).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(err.message).toContain(`s3:PutObject on resource: ${bucketArn}/${outside}`);
    expect(
      await failure(s3Direct().send(new HeadObjectCommand({ Bucket: BUCKET, Key: outside }))),
    ).toMatchObject({
      status: 404,
    });
    // upload-export may put, not read back.
    expect(await failure(client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key })))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
    });
  });

  it('meters what went through (the national-day bench counts with it): bytes, actions, DynamoDB bodies', async () => {
    exchanges.length = 0;
    const body = 'x'.repeat(70_000);
    const key = `raw/${rnd()}/metered.csv`;
    await s3Through(KEYS.upload).send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    const refused = s3Through(KEYS.upload).send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'x', Body: 'y' }),
    );
    await expect(refused).rejects.toThrow();
    const item = keys.consent(rnd(), '2025-2026');
    const doc = docThrough(KEYS.consent);
    await doc.send(new PutCommand({ TableName: TABLE, Item: { ...item, by: 'meter' } }));
    await doc.send(new GetCommand({ TableName: TABLE, Key: item }));
    // A refused request is not an exchange: only what reached a stand-in is counted.
    expect(exchanges.map((x) => [x.principal, x.actions, x.status])).toEqual([
      ['upload-export', ['s3:PutObject'], 200],
      ['consent', ['dynamodb:PutItem'], 200],
      ['consent', ['dynamodb:GetItem'], 200],
    ]);
    expect(exchanges[0]?.requestBytes).toBe(70_000);
    expect(exchanges[0]?.responseBody).toBeUndefined();
    expect(JSON.parse(exchanges[1]?.requestBody?.toString() ?? '{}').Item.by).toEqual({ S: 'meter' });
    expect(JSON.parse(exchanges[2]?.responseBody?.toString() ?? '{}').Item.by).toEqual({ S: 'meter' });
    expect(exchanges[2]?.responseBytes).toBe(exchanges[2]?.responseBody?.length);
  });

  it('streams a large upload through (Expect: 100-continue), and refuses one outside raw/ without hanging', async () => {
    const client = s3Through(KEYS.upload);
    const big = Buffer.alloc(3 * 1024 * 1024, 'x');
    const key = `raw/${rnd()}/big.csv`;
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: big }));
    const head = await s3Direct().send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.ContentLength).toBe(big.length);
    const err = await failure(
      client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `big/${rnd()}`, Body: big })),
    );
    expect(err).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('a presigned GetObject URL carries the rights of the principal that signed it', async () => {
    const key = `deliveries/2025-2026/${rnd()}/report.pdf`;
    await s3Direct().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '%PDF-1.7 test' }));
    const command = new GetObjectCommand({ Bucket: BUCKET, Key: key });
    const allowed = await getSignedUrl(s3Through(KEYS.getDelivery), command, { expiresIn: 300 });
    expect(new URL(allowed).origin).toBe(proxy.endpoint);
    const ok = await fetch(allowed);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('%PDF-1.7 test');

    const denied = await fetch(await getSignedUrl(s3Through(KEYS.upload), command, { expiresIn: 300 }));
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('<Code>AccessDenied</Code>');
  });
});

describe('scheduler through the IAM proxy', () => {
  const input = (name: string, group = GROUP): CreateScheduleCommandInput => ({
    Name: name,
    GroupName: group,
    ScheduleExpression: 'at(2030-06-16T06:00:00)',
    ScheduleExpressionTimezone: 'Europe/Amsterdam',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: {
      Arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:msv-test-dispatch-deliveries`,
      RoleArn: SCHEDULER_ROLE,
      Input: '{}',
      DeadLetterConfig: { Arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:msv-test-schedule-dlq` },
    },
  });

  it('allows CreateSchedule and DeleteSchedule in the delivery group with PassRole', async () => {
    const client = new SchedulerClient(through(KEYS.consent));
    const name = `msv-delivery-${rnd()}`;
    await client.send(new CreateScheduleCommand(input(name)));
    expect(scheduler.list().map((s) => s.Name)).toContain(name);
    expect(
      proxy
        .decisions()
        .at(-1)
        ?.checks.map((c) => c.action),
    ).toEqual(['scheduler:CreateSchedule', 'iam:PassRole']);
    await client.send(new DeleteScheduleCommand({ Name: name, GroupName: GROUP }));
    expect(scheduler.list().map((s) => s.Name)).not.toContain(name);
  });

  it('denies CreateSchedule without iam:PassRole, and in another group', async () => {
    const name = `msv-delivery-${rnd()}`;
    const err = await failure(
      new SchedulerClient(through(KEYS.noPassRole)).send(new CreateScheduleCommand(input(name))),
    );
    expect(err).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    expect(err.message).toContain(`iam:PassRole on resource: ${SCHEDULER_ROLE}`);
    const other = await failure(
      new SchedulerClient(through(KEYS.consent)).send(new CreateScheduleCommand(input(name, 'default'))),
    );
    expect(other).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    expect(scheduler.list().map((s) => s.Name)).not.toContain(name);
  });
});

describe('ses through the IAM proxy', () => {
  const send = (key: string, from: string, to: string) =>
    new SESClient(through(key)).send(
      new SendEmailCommand({
        Source: from,
        Destination: { ToAddresses: [to] },
        Message: { Subject: { Data: 'IAM proxy test' }, Body: { Text: { Data: 'hallo' } } },
      }),
    );

  it('allows SendEmail from the granted identity (delivered) and denies another sender', async () => {
    const to = `${rnd()}@school.test`;
    await send(KEYS.consent, `"MSV" <${MAIL_FROM}>`, to);
    expect(await mailsTo(to)).toHaveLength(1);

    const denied = `${rnd()}@school.test`;
    const err = await failure(send(KEYS.consent, 'someone@elsewhere.test', denied));
    expect(err).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(err.message).toContain(
      `ses:SendEmail on resource: arn:aws:ses:${REGION}:${ACCOUNT}:identity/someone@elsewhere.test`,
    );
    expect(await failure(send(KEYS.upload, MAIL_FROM, denied))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
    });
    expect(await mailsTo(denied)).toHaveLength(0);
  });
});

describe('sqs through the IAM proxy', () => {
  it('allows SendMessageBatch to the delivery queue (consumed) and denies another queue', async () => {
    const client = new SQSClient(through(KEYS.dispatcher));
    const body = JSON.stringify({ job: rnd() });
    await client.send(
      new SendMessageBatchCommand({ QueueUrl: queue.queueUrl, Entries: [{ Id: '0', MessageBody: body }] }),
    );
    await queue.drained();
    expect(consumed).toContain(body);

    const other = JSON.stringify({ job: rnd() });
    const err = await failure(
      client.send(
        new SendMessageBatchCommand({
          QueueUrl: `${queue.endpoint}/${ACCOUNT}/msv-test-other-queue`,
          Entries: [{ Id: '0', MessageBody: other }],
        }),
      ),
    );
    expect(err).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    expect(err.message).toContain(
      `sqs:SendMessage on resource: arn:aws:sqs:${REGION}:${ACCOUNT}:msv-test-other-queue`,
    );
    await queue.drained();
    expect(consumed).not.toContain(other);
    // The consent function has no queue grant at all.
    expect(
      await failure(
        new SQSClient(through(KEYS.consent)).send(
          new SendMessageBatchCommand({
            QueueUrl: queue.queueUrl,
            Entries: [{ Id: '0', MessageBody: other }],
          }),
        ),
      ),
    ).toMatchObject({ name: 'AccessDeniedException', status: 403 });
  });
});

describe('credential refusals per service', () => {
  it('an unknown access key gets each service its own error name, 403', async () => {
    const key = 'AKIANOBODYATALL';
    const calls: Array<[string, Promise<unknown>]> = [
      [
        'dynamodb',
        new DynamoDBClient(through(key)).send(
          new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'x' } } }),
        ),
      ],
      ['s3', s3Through(key).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'raw/x' }))],
      [
        'ses',
        new SESClient(through(key)).send(
          new SendEmailCommand({
            Source: MAIL_FROM,
            Destination: {},
            Message: { Subject: { Data: 's' }, Body: {} },
          }),
        ),
      ],
      [
        'scheduler',
        new SchedulerClient(through(key)).send(new DeleteScheduleCommand({ Name: 'n', GroupName: GROUP })),
      ],
      [
        'sqs',
        new SQSClient(through(key)).send(
          new SendMessageBatchCommand({ QueueUrl: queue.queueUrl, Entries: [{ Id: '0', MessageBody: 'x' }] }),
        ),
      ],
    ];
    const seen = Object.fromEntries(
      await Promise.all(calls.map(async ([s, p]) => [s, await failure(p)] as const)),
    );
    expect(Object.fromEntries(Object.entries(seen).map(([s, e]) => [s, `${e.status} ${e.name}`]))).toEqual({
      dynamodb: '403 UnrecognizedClientException',
      s3: '403 InvalidAccessKeyId',
      ses: '403 InvalidClientTokenId',
      scheduler: '403 UnrecognizedClientException',
      sqs: '403 UnrecognizedClientException',
    });
  });
});

describe('the queue URL contract', () => {
  it('a queue URL on the proxy origin routes even a client without endpoint through the proxy', async () => {
    // The SDK sends to the QueueUrl's host unless the client has an explicit `endpoint` (AWS_ENDPOINT_URL_SQS
    // alone is not enough): the functions' queue URL must therefore name the proxy, not the SQS stand-in.
    const quiet = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    };
    const client = new SQSClient({
      region: REGION,
      credentials: through(KEYS.dispatcher).credentials,
      logger: quiet,
      maxAttempts: 1,
    });
    const body = JSON.stringify({ job: rnd() });
    const before = proxy.decisions().length;
    await client.send(
      new SendMessageBatchCommand({
        QueueUrl: `${proxy.endpoint}/${ACCOUNT}/${QUEUE}`,
        Entries: [{ Id: '0', MessageBody: body }],
      }),
    );
    await queue.drained();
    expect(consumed).toContain(body);
    expect(proxy.decisions().slice(before)).toMatchObject([
      { principal: 'dispatch-deliveries', allowed: true },
    ]);
  });
});

describe('overhead', () => {
  it('200 GetItem calls direct and through the proxy', async () => {
    const { pk } = keys.consent(rnd(), '2025-2026');
    await ddbDirect().send(new PutCommand({ TableName: TABLE, Item: { pk, sk: 'X' } }));
    const clients = { direct: ddbDirect(), proxied: docThrough(KEYS.consent) };
    const get = (doc: DynamoDBDocumentClient) =>
      doc.send(new GetCommand({ TableName: TABLE, Key: { pk, sk: 'X' } }));
    const totals = { direct: 0, proxied: 0 };
    for (let i = 0; i < 100; i++) await Promise.all([get(clients.direct), get(clients.proxied)]);
    // Alternating rounds, so that DynamoDB Local's JVM warming up favours neither side.
    for (let round = 0; round < 8; round++) {
      for (const side of ['direct', 'proxied'] as const) {
        const start = performance.now();
        for (let i = 0; i < 25; i++) await get(clients[side]);
        totals[side] += performance.now() - start;
      }
    }
    const [directMs, proxiedMs] = [totals.direct / 200, totals.proxied / 200];
    const evaluation = proxy.decisions().slice(-200);
    const evalMs = evaluation.reduce((sum, d) => sum + d.evaluationMs, 0) / evaluation.length;
    console.log(
      `iam proxy: GetItem direct ${directMs.toFixed(2)} ms, through the proxy ${proxiedMs.toFixed(2)} ms (overhead ${(proxiedMs - directMs).toFixed(2)} ms, of which mapping + evaluation ${evalMs.toFixed(2)} ms)`,
    );
    expect(proxiedMs - directMs).toBeLessThan(10);
  });
});
