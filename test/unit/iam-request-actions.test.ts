/**
 * The local IAM proxy's request mapper: HTTP requests as the SDK v3 clients send them → the IAM checks AWS makes.
 */
import { describe, expect, it } from 'vitest';
import {
  type HttpRequestParts,
  iamRequestsOf,
  type ProxiedService,
  UnmappedRequestError,
} from '../../infra/local/iam/request-actions.js';

const ctx = { account: '000000000000', region: 'eu-west-1' };
const TABLE = 'arn:aws:dynamodb:eu-west-1:000000000000:table/msv';

const http = (
  method: string,
  url: string,
  opts: { headers?: Record<string, string>; body?: string | object } = {},
): HttpRequestParts => {
  const q = url.indexOf('?');
  const body =
    opts.body === undefined ? '' : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  return {
    method,
    path: q === -1 ? url : url.slice(0, q),
    query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)),
    headers: opts.headers ?? {},
    body: Buffer.from(body),
  };
};
const map = (service: ProxiedService, req: HttpRequestParts) => iamRequestsOf(service, req, ctx);
const ddb = (op: string, body: object) =>
  map('dynamodb', http('POST', '/', { headers: { 'x-amz-target': `DynamoDB_20120810.${op}` }, body }));
const sqs = (op: string, body: object) =>
  map('sqs', http('POST', '/', { headers: { 'x-amz-target': `AmazonSQS.${op}` }, body }));
const unmapped = (fn: () => unknown, reason: RegExp) => {
  expect(fn).toThrow(UnmappedRequestError);
  expect(fn).toThrow(reason);
};

describe('dynamodb', () => {
  it('item operations: the table and the partition key as dynamodb:LeadingKeys', () => {
    expect(ddb('PutItem', { TableName: 'msv', Item: { pk: { S: 'SCHOOLYEAR#1' }, sk: { S: 'X' } } })).toEqual(
      [
        {
          action: 'dynamodb:PutItem',
          resource: TABLE,
          context: { 'dynamodb:LeadingKeys': ['SCHOOLYEAR#1'] },
        },
      ],
    );
    expect(
      ddb('UpdateItem', {
        TableName: 'msv',
        Key: { pk: { S: 'TOKEN#a' }, sk: { S: 'T' } },
        ReturnValues: 'ALL_NEW',
      }),
    ).toEqual([
      {
        action: 'dynamodb:UpdateItem',
        resource: TABLE,
        context: { 'dynamodb:LeadingKeys': ['TOKEN#a'], 'dynamodb:ReturnValues': 'ALL_NEW' },
      },
    ]);
    expect(ddb('GetItem', { TableName: 'msv', Key: { pk: { N: '7' } } })[0]?.context).toEqual({
      'dynamodb:LeadingKeys': ['7'],
    });
    expect(ddb('DeleteItem', { TableName: TABLE, Key: { pk: { S: 'A' } } })[0]?.resource).toBe(TABLE);
  });

  it('an item without its partition key is not mapped (never checked without LeadingKeys)', () => {
    unmapped(
      () => ddb('PutItem', { TableName: 'msv', Item: { id: { S: 'x' } } }),
      /no partition key attribute 'pk'/,
    );
    unmapped(() => ddb('GetItem', { Key: { pk: { S: 'x' } } }), /names no table/);
  });

  it('query: table or index, the leading key from the key condition when it can be read', () => {
    expect(
      ddb('Query', {
        TableName: 'msv',
        KeyConditionExpression: '#pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeNames: { '#pk': 'pk' },
        ExpressionAttributeValues: { ':pk': { S: 'SCHOOLYEAR#1' }, ':p': { S: 'AUDIT#' } },
      }),
    ).toEqual([
      { action: 'dynamodb:Query', resource: TABLE, context: { 'dynamodb:LeadingKeys': ['SCHOOLYEAR#1'] } },
    ]);
    expect(
      ddb('Query', {
        TableName: 'msv',
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :v',
        ExpressionAttributeValues: { ':v': { S: 'BOARDS' } },
      }),
    ).toEqual([
      {
        action: 'dynamodb:Query',
        resource: `${TABLE}/index/gsi1`,
        context: { 'dynamodb:LeadingKeys': ['BOARDS'] },
      },
    ]);
    expect(
      ddb('Query', {
        TableName: 'msv',
        KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'K' }] } },
      }),
    ).toEqual([{ action: 'dynamodb:Query', resource: TABLE, context: { 'dynamodb:LeadingKeys': ['K'] } }]);
    expect(
      ddb('Query', { TableName: 'msv', KeyConditionExpression: 'sk BETWEEN :a AND :b' })[0]?.context,
    ).toEqual({});
    expect(ddb('Scan', { TableName: 'msv', IndexName: 'gsi1', Select: 'COUNT' })).toEqual([
      { action: 'dynamodb:Scan', resource: `${TABLE}/index/gsi1`, context: { 'dynamodb:Select': 'COUNT' } },
    ]);
  });

  it('batches: one check per table with every leading key', () => {
    expect(
      ddb('BatchWriteItem', {
        RequestItems: {
          msv: [
            { PutRequest: { Item: { pk: { S: 'A' } } } },
            { DeleteRequest: { Key: { pk: { S: 'B' } } } },
            { PutRequest: { Item: { pk: { S: 'A' } } } },
          ],
          other: [{ PutRequest: { Item: { pk: { S: 'C' } } } }],
        },
      }),
    ).toEqual([
      { action: 'dynamodb:BatchWriteItem', resource: TABLE, context: { 'dynamodb:LeadingKeys': ['A', 'B'] } },
      {
        action: 'dynamodb:BatchWriteItem',
        resource: 'arn:aws:dynamodb:eu-west-1:000000000000:table/other',
        context: { 'dynamodb:LeadingKeys': ['C'] },
      },
    ]);
    expect(
      ddb('BatchGetItem', { RequestItems: { msv: { Keys: [{ pk: { S: 'A' } }, { pk: { S: 'B' } }] } } }),
    ).toEqual([
      { action: 'dynamodb:BatchGetItem', resource: TABLE, context: { 'dynamodb:LeadingKeys': ['A', 'B'] } },
    ]);
  });

  it('transactions: every element as its own single-item action', () => {
    const checks = ddb('TransactWriteItems', {
      TransactItems: [
        { Put: { TableName: 'msv', Item: { pk: { S: 'SCHOOLYEAR#1' } } } },
        { Update: { TableName: 'msv', Key: { pk: { S: 'DELIVERYDATE#2026-06-16' } } } },
        { Delete: { TableName: 'msv', Key: { pk: { S: 'SCHOOLYEAR#2' } } } },
        { ConditionCheck: { TableName: 'msv', Key: { pk: { S: 'SCHOOL#9' } } } },
      ],
    });
    expect(checks.map((c) => [c.action, c.context?.['dynamodb:LeadingKeys']])).toEqual([
      ['dynamodb:PutItem', ['SCHOOLYEAR#1']],
      ['dynamodb:UpdateItem', ['DELIVERYDATE#2026-06-16']],
      ['dynamodb:DeleteItem', ['SCHOOLYEAR#2']],
      ['dynamodb:ConditionCheckItem', ['SCHOOL#9']],
    ]);
    expect(
      ddb('TransactGetItems', { TransactItems: [{ Get: { TableName: 'msv', Key: { pk: { S: 'A' } } } }] }),
    ).toEqual([{ action: 'dynamodb:GetItem', resource: TABLE, context: { 'dynamodb:LeadingKeys': ['A'] } }]);
    unmapped(() => ddb('TransactWriteItems', { TransactItems: [{ Frobnicate: {} }] }), /unknown kind/);
  });

  it('table and account operations, unknown operations on their table, PartiQL and garbage refused', () => {
    expect(ddb('DescribeTable', { TableName: 'msv' })).toEqual([
      { action: 'dynamodb:DescribeTable', resource: TABLE },
    ]);
    expect(ddb('UpdateTimeToLive', { TableName: 'msv' })).toEqual([
      { action: 'dynamodb:UpdateTimeToLive', resource: TABLE },
    ]);
    expect(ddb('ListTables', {})).toEqual([{ action: 'dynamodb:ListTables', resource: '*' }]);
    unmapped(() => ddb('ExecuteStatement', { Statement: 'SELECT * FROM msv' }), /PartiQL/);
    unmapped(() => map('dynamodb', http('POST', '/', { body: '{}' })), /no DynamoDB_20120810 operation/);
    unmapped(
      () =>
        map(
          'dynamodb',
          http('POST', '/', { headers: { 'x-amz-target': 'DynamoDB_20120810.PutItem' }, body: 'x' }),
        ),
      /not JSON/,
    );
  });
});

describe('s3', () => {
  const s3 = (method: string, url: string, headers?: Record<string, string>, body?: string) =>
    map('s3', http(method, url, { ...(headers ? { headers } : {}), ...(body ? { body } : {}) }));
  const OBJ = 'arn:aws:s3:::uploads/raw/a b+c.csv';

  it('object reads, writes and deletes, the key percent-decoded', () => {
    expect(s3('GET', '/uploads/raw/a%20b%2Bc.csv?x-id=GetObject')).toEqual([
      {
        action: 's3:GetObject',
        resource: OBJ,
        context: { 's3:authType': 'REST-HEADER', 's3:signatureversion': 'AWS4-HMAC-SHA256' },
      },
    ]);
    expect(s3('HEAD', '/uploads/raw/a%20b%2Bc.csv')[0]?.action).toBe('s3:GetObject');
    expect(s3('PUT', '/uploads/raw/a%20b%2Bc.csv?x-id=PutObject')[0]).toMatchObject({
      action: 's3:PutObject',
      resource: OBJ,
    });
    expect(s3('DELETE', '/uploads/raw/x')[0]?.action).toBe('s3:DeleteObject');
    expect(s3('GET', '/uploads/raw/x?versionId=3')[0]).toMatchObject({
      action: 's3:GetObjectVersion',
      context: { 's3:versionid': '3' },
    });
  });

  it('copy reads its source too; multipart is PutObject, abort is AbortMultipartUpload', () => {
    expect(
      s3('PUT', '/uploads/raw/copy', { 'x-amz-copy-source': '/uploads/other/s%C3%A9.csv' }).map((c) => [
        c.action,
        c.resource,
      ]),
    ).toEqual([
      ['s3:PutObject', 'arn:aws:s3:::uploads/raw/copy'],
      ['s3:GetObject', 'arn:aws:s3:::uploads/other/sé.csv'],
    ]);
    expect(s3('POST', '/uploads/raw/big?uploads')[0]?.action).toBe('s3:PutObject');
    expect(s3('PUT', '/uploads/raw/big?partNumber=2&uploadId=u1')[0]?.action).toBe('s3:PutObject');
    expect(s3('POST', '/uploads/raw/big?uploadId=u1')[0]?.action).toBe('s3:PutObject');
    expect(s3('DELETE', '/uploads/raw/big?uploadId=u1')[0]?.action).toBe('s3:AbortMultipartUpload');
  });

  it('bucket requests: ListBucket with s3:prefix, HeadBucket, DeleteObjects per key', () => {
    expect(s3('GET', '/uploads?list-type=2&prefix=raw%2F&max-keys=5')).toEqual([
      {
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::uploads',
        context: {
          's3:authType': 'REST-HEADER',
          's3:signatureversion': 'AWS4-HMAC-SHA256',
          's3:prefix': 'raw/',
          's3:max-keys': '5',
        },
      },
    ]);
    expect(s3('GET', '/uploads/')[0]?.action).toBe('s3:ListBucket');
    expect(s3('HEAD', '/uploads')[0]?.action).toBe('s3:ListBucket');
    expect(s3('GET', '/uploads?location')[0]?.action).toBe('s3:GetBucketLocation');
    expect(s3('PUT', '/uploads')[0]?.action).toBe('s3:CreateBucket');
    expect(
      s3(
        'POST',
        '/uploads?delete',
        {},
        '<Delete><Object><Key>raw/a&amp;b</Key></Object><Object><Key>x</Key></Object></Delete>',
      ).map((c) => [c.action, c.resource]),
    ).toEqual([
      ['s3:DeleteObject', 'arn:aws:s3:::uploads/raw/a&b'],
      ['s3:DeleteObject', 'arn:aws:s3:::uploads/x'],
    ]);
    expect(s3('GET', '/')[0]).toMatchObject({ action: 's3:ListAllMyBuckets', resource: '*' });
  });

  it('presigned URLs map like signed requests', () => {
    const url =
      '/uploads/raw/x.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=abc&x-id=GetObject&response-content-disposition=attachment';
    expect(s3('GET', url)).toEqual([
      {
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::uploads/raw/x.csv',
        context: { 's3:authType': 'REST-QUERY-STRING', 's3:signatureversion': 'AWS4-HMAC-SHA256' },
      },
    ]);
  });

  it('unknown parameters, subresources and methods are refused', () => {
    unmapped(() => s3('GET', '/uploads/raw/x?frobnicate=1'), /query parameter 'frobnicate'/);
    unmapped(() => s3('PUT', '/uploads/raw/x?object-lock'), /not mapped/);
    unmapped(() => s3('PATCH', '/uploads/raw/x'), /not mapped/);
    unmapped(() => s3('GET', '/Not_A_Bucket/x'), /not a bucket name/);
    unmapped(() => s3('GET', '/uploads/raw/%E0%A4%A'), /malformed percent-encoding/);
  });

  it('keys with dot or empty segments are refused: the stand-in would store them outside the granted prefix', () => {
    unmapped(() => s3('PUT', '/uploads/raw/../../deliveries/deliveries/evil.pdf'), /dot or empty segments/);
    unmapped(() => s3('PUT', '/uploads/raw/%2E%2E/x'), /dot or empty segments/);
    unmapped(() => s3('PUT', '/uploads/raw/./x'), /dot or empty segments/);
    unmapped(() => s3('PUT', '/uploads/raw//x'), /dot or empty segments/);
    expect(s3('PUT', '/uploads/raw/a..b/x.csv')[0]?.resource).toBe('arn:aws:s3:::uploads/raw/a..b/x.csv');
  });
});

describe('ses', () => {
  const ID = 'arn:aws:ses:eu-west-1:000000000000:identity';
  it('v1 SendEmail with a SourceArn: only a sender of that identity (the address or its domain)', () => {
    const send = (Source: string, SourceArn: string) =>
      map(
        'ses',
        http('POST', '/', {
          body: new URLSearchParams({ Action: 'SendEmail', Source, SourceArn }).toString(),
        }),
      );
    expect(send('msv@msv.test', `${ID}/msv@msv.test`)[0]?.resource).toBe(`${ID}/msv@msv.test`);
    expect(send('other@msv.test', `${ID}/msv.test`)[0]?.resource).toBe(`${ID}/msv.test`);
    unmapped(() => send('evil@other.nl', `${ID}/msv@msv.test`), /does not belong/);
  });

  it('v1 SendEmail: the sender address identity, or its domain', () => {
    const body = new URLSearchParams({
      Action: 'SendEmail',
      Source: '"MSV" <msv@msv.test>',
      'Destination.ToAddresses.member.1': 'Board <board@school.nl>',
      'Message.Subject.Data': 'x',
    }).toString();
    expect(map('ses', http('POST', '/', { body }))).toEqual([
      {
        action: 'ses:SendEmail',
        resource: `${ID}/msv@msv.test`,
        alternativeResources: [`${ID}/msv.test`],
        context: {
          'ses:FromAddress': 'msv@msv.test',
          'ses:FromDisplayName': 'MSV',
          'ses:Recipients': ['board@school.nl'],
        },
      },
    ]);
  });

  it('v1 SendRawEmail: Source, else the From header of the raw message', () => {
    const raw = Buffer.from(
      'From: Sender <s@x.nl>\r\nTo: a@b.nl\r\nSubject: hi\r\n\r\nbody\r\nFrom: nobody@evil',
    ).toString('base64');
    const body = new URLSearchParams({ Action: 'SendRawEmail', 'RawMessage.Data': raw }).toString();
    expect(map('ses', http('POST', '/', { body }))[0]).toMatchObject({
      action: 'ses:SendRawEmail',
      resource: `${ID}/s@x.nl`,
    });
    unmapped(() => map('ses', http('POST', '/', { body: 'Action=SendRawEmail' })), /no sender address/);
  });

  it('v2 outbound-emails: ses:SendEmail on FromEmailAddress', () => {
    expect(
      map(
        'ses',
        http('POST', '/v2/email/outbound-emails', {
          body: { FromEmailAddress: 'msv@msv.test', Destination: { ToAddresses: ['a@b.nl'] }, Content: {} },
        }),
      )[0],
    ).toMatchObject({
      action: 'ses:SendEmail',
      resource: `${ID}/msv@msv.test`,
      alternativeResources: [`${ID}/msv.test`],
    });
  });

  it('other actions are refused', () => {
    unmapped(
      () => map('ses', http('POST', '/', { body: 'Action=DeleteIdentity&Identity=x' })),
      /DeleteIdentity/,
    );
    unmapped(() => map('ses', http('GET', '/v2/email/identities')), /not mapped/);
  });
});

describe('scheduler', () => {
  const BASE = 'arn:aws:scheduler:eu-west-1:000000000000:schedule';
  const role = 'arn:aws:iam::000000000000:role/msv-scheduler';
  it('create and update: the schedule in its group plus iam:PassRole on the target role', () => {
    const body = { GroupName: 'msv-deliveries', Target: { Arn: 'arn:aws:lambda:x', RoleArn: role } };
    const pass = {
      action: 'iam:PassRole',
      resource: role,
      context: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
    };
    expect(map('scheduler', http('POST', '/schedules/msv-delivery-2026-06-16', { body }))).toEqual([
      { action: 'scheduler:CreateSchedule', resource: `${BASE}/msv-deliveries/msv-delivery-2026-06-16` },
      pass,
    ]);
    expect(map('scheduler', http('PUT', '/schedules/n', { body: { Target: { RoleArn: role } } }))).toEqual([
      { action: 'scheduler:UpdateSchedule', resource: `${BASE}/default/n` },
      pass,
    ]);
  });

  it('get, delete (group from the query), list', () => {
    expect(map('scheduler', http('GET', '/schedules/n?groupName=g'))).toEqual([
      { action: 'scheduler:GetSchedule', resource: `${BASE}/g/n` },
    ]);
    expect(map('scheduler', http('DELETE', '/schedules/a%20b?groupName=g&clientToken=t'))).toEqual([
      { action: 'scheduler:DeleteSchedule', resource: `${BASE}/g/a b` },
    ]);
    expect(map('scheduler', http('GET', '/schedules?ScheduleGroup=g'))).toEqual([
      { action: 'scheduler:ListSchedules', resource: '*' },
    ]);
    unmapped(() => map('scheduler', http('PATCH', '/schedules/n')), /not mapped/);
    unmapped(() => map('scheduler', http('GET', '/something/else/here')), /not mapped/);
  });
});

describe('sqs', () => {
  const Q = 'arn:aws:sqs:eu-west-1:000000000000:msv-jobs';
  const url = 'http://127.0.0.1:4000/000000000000/msv-jobs';
  it('the queue from QueueUrl; batches authorize as their single action', () => {
    expect(sqs('SendMessage', { QueueUrl: url, MessageBody: 'x' })).toEqual([
      { action: 'sqs:SendMessage', resource: Q },
    ]);
    expect(sqs('SendMessageBatch', { QueueUrl: url, Entries: [] })).toEqual([
      { action: 'sqs:SendMessage', resource: Q },
    ]);
    expect(sqs('DeleteMessageBatch', { QueueUrl: url })).toEqual([
      { action: 'sqs:DeleteMessage', resource: Q },
    ]);
    expect(sqs('ReceiveMessage', { QueueUrl: url })).toEqual([{ action: 'sqs:ReceiveMessage', resource: Q }]);
    expect(sqs('GetQueueAttributes', { QueueUrl: url })).toEqual([
      { action: 'sqs:GetQueueAttributes', resource: Q },
    ]);
    expect(sqs('GetQueueUrl', { QueueName: 'msv-jobs' })).toEqual([
      { action: 'sqs:GetQueueUrl', resource: Q },
    ]);
    expect(sqs('ListQueues', {})).toEqual([{ action: 'sqs:ListQueues', resource: '*' }]);
  });

  it('the query protocol is read too; a request without a queue is refused', () => {
    const body = new URLSearchParams({ Action: 'SendMessage', QueueUrl: url, MessageBody: 'x' }).toString();
    expect(map('sqs', http('POST', '/', { body }))).toEqual([{ action: 'sqs:SendMessage', resource: Q }]);
    unmapped(() => sqs('SendMessage', { MessageBody: 'x' }), /names no queue/);
    unmapped(() => sqs('SendMessage', { QueueUrl: 'http://h/only-one-segment' }), /QueueUrl does not end/);
  });
});

describe('cognito-idp', () => {
  const POOL = 'arn:aws:cognito-idp:eu-west-1:000000000000:userpool/eu-west-1_msvlocal';
  const idp = (op: string, body: object) =>
    map(
      'cognito-idp',
      http('POST', '/', {
        headers: {
          'x-amz-target': `AWSCognitoIdentityProviderService.${op}`,
          'content-type': 'application/x-amz-json-1.1',
        },
        body,
      }),
    );
  it('an operation on a pool is cognito-idp:<Op> on the pool ARN', () => {
    const user = { UserPoolId: 'eu-west-1_msvlocal', Username: 'a@b.nl' };
    for (const op of [
      'AdminCreateUser',
      'AdminGetUser',
      'AdminDisableUser',
      'AdminEnableUser',
      'AdminUserGlobalSignOut',
    ]) {
      expect(idp(op, user)).toEqual([{ action: `cognito-idp:${op}`, resource: POOL }]);
    }
    expect(idp('ListUsers', { UserPoolId: 'eu-west-1_msvlocal', Filter: 'email = "a@b.nl"' })).toEqual([
      { action: 'cognito-idp:ListUsers', resource: POOL },
    ]);
    // Another pool's id gives that pool's ARN, which a grant on msv's pool does not cover.
    expect(idp('AdminGetUser', { UserPoolId: 'eu-west-1_Other123', Username: 'x' })).toEqual([
      {
        action: 'cognito-idp:AdminGetUser',
        resource: 'arn:aws:cognito-idp:eu-west-1:000000000000:userpool/eu-west-1_Other123',
      },
    ]);
    expect(idp('ListUserPools', { MaxResults: 10 })).toEqual([
      { action: 'cognito-idp:ListUserPools', resource: '*' },
    ]);
  });

  it('no pool, a pool id that is no id, unauthenticated operations and garbage are refused', () => {
    unmapped(() => idp('AdminCreateUser', { Username: 'a@b.nl' }), /names no user pool/);
    unmapped(() => idp('AdminCreateUser', { UserPoolId: '*', Username: 'a@b.nl' }), /names no user pool/);
    unmapped(
      () => idp('AdminCreateUser', { UserPoolId: 'eu-west-1_x/../*', Username: 'a@b.nl' }),
      /names no user pool/,
    );
    unmapped(() => idp('InitiateAuth', { ClientId: 'c', AuthFlow: 'USER_AUTH' }), /unauthenticated/);
    unmapped(() => idp('Admin:CreateUser', { UserPoolId: 'eu-west-1_msvlocal' }), /no AWSCognito/);
    unmapped(
      () =>
        map(
          'cognito-idp',
          http('POST', '/', {
            headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminGetUser' },
            body: 'not json',
          }),
        ),
      /not JSON/,
    );
  });
});
