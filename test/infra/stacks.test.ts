import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { settingsKeysOf } from '../../functions/lib/needs.js';
import { FUNCTION_NEEDS } from '../../functions/registry.js';
import { functionId } from '../../infra/constructs/function-factory.js';
import { REPO_ROOT } from '../../infra/constructs/msv-function.js';
import { deployEnvName } from '../../infra/deploy-config.js';
import { ENV_NAMES, REQUIRED_WHEN_DECLARED } from '../../shared/config.js';
import {
  AUTHORIZER_FN,
  DELIVERY_WORKER_FN,
  DISPATCHER_FN,
  RECONCILE_FN,
  REMINDERS_FN,
  routeFunctions,
  routes,
} from '../../shared/http/routes.js';
import { TABLE_DESIGN } from '../../shared/table-design.js';
import { buildTestApp } from './synth.js';

/** Both templates of the app built without bundling; context as `-c key=value` would give it. */
const synth = (context: Record<string, unknown> = {}, env: Record<string, string> = {}) => {
  // Validation (cdk-nag, CloudFormation) would run on every synth here; nag.test.ts runs it once.
  const { stateful, stateless } = buildTestApp(context, env, false);
  return { stateful: Template.fromStack(stateful), stateless: Template.fromStack(stateless) };
};

const ALL_FUNCTIONS = [
  AUTHORIZER_FN,
  DISPATCHER_FN,
  DELIVERY_WORKER_FN,
  REMINDERS_FN,
  RECONCILE_FN,
  ...routeFunctions(),
];

type Statement = { Action: string | string[]; Effect: string; Resource: unknown };
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourcesOf = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);
/** Every IAM statement on the role of the function (or role) whose logical id starts with `prefix`. */
const statementsOf = (t: Template, prefix: string): Statement[] =>
  Object.entries(t.findResources('AWS::IAM::Policy'))
    .filter(([id]) => new RegExp(`^${prefix}(ServiceRole)?DefaultPolicy`).test(id))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
const allActionsOf = (t: Template, prefix: string) => statementsOf(t, prefix).flatMap(actionsOf);
/** The statements that grant any action matching `action`. */
const granting = (t: Template, prefix: string, action: RegExp) =>
  statementsOf(t, prefix).filter((s) => actionsOf(s).some((a) => action.test(a)));

/** The Lambda functions of functions/ (not CDK's own, such as the BucketDeployment's), by logical id. */
const msvFunctions = (t: Template) =>
  Object.fromEntries(
    Object.entries(t.findResources('AWS::Lambda::Function')).filter(([id]) =>
      ALL_FUNCTIONS.some((fn) => new RegExp(`^${functionId(fn)}[0-9A-F]{8}$`).test(id)),
    ),
  );

describe('stateful stack', () => {
  let t: Template;
  beforeAll(() => {
    t = synth().stateful;
  });

  it('keeps the table: keys, PITR, deletion protection, TTL, KMS with the data key, gsi1, retained', () => {
    const key = new Capture();
    t.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: key },
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: TABLE_DESIGN.gsi1.name,
            KeySchema: [
              { AttributeName: TABLE_DESIGN.gsi1.partitionKey, KeyType: 'HASH' },
              { AttributeName: TABLE_DESIGN.gsi1.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          }),
        ],
      }),
    });
    expect(key.asObject()).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] });
  });

  it('encrypts, versions and closes the upload bucket, and expires raw exports after 90 days', () => {
    const key = new Capture();
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key },
              BucketKeyEnabled: true,
            },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({
              Id: 'ExpireRawExports',
              Prefix: 'raw/',
              ExpirationInDays: 90,
              NoncurrentVersionExpiration: { NoncurrentDays: 1 },
              Status: 'Enabled',
            }),
          ]),
        },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: Match.stringLikeRegexp('^AccessLogBucket') },
          LogFilePrefix: 'upload-bucket/',
        },
      }),
    });
    expect(key.asObject()).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] });
  });

  it('takes rawRetentionDays from context, else from MSV_RAW_RETENTION_DAYS, and refuses bad values', () => {
    const rawExpiry = (days: number) => ({
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ Prefix: 'raw/', ExpirationInDays: days })]),
      },
    });
    synth({ rawRetentionDays: '30' }).stateful.hasResourceProperties('AWS::S3::Bucket', rawExpiry(30));
    expect(deployEnvName('rawRetentionDays')).toBe('MSV_RAW_RETENTION_DAYS');
    synth({}, { MSV_RAW_RETENTION_DAYS: '45' }).stateful.hasResourceProperties(
      'AWS::S3::Bucket',
      rawExpiry(45),
    );
    synth({ rawRetentionDays: 30 }, { MSV_RAW_RETENTION_DAYS: '45' }).stateful.hasResourceProperties(
      'AWS::S3::Bucket',
      rawExpiry(30),
    );
    expect(() => synth({ rawRetentionDays: 'ninety' })).toThrow(/rawRetentionDays/);
  });

  it('denies non-TLS access to every bucket and the queue', () => {
    const policies = {
      ...t.findResources('AWS::S3::BucketPolicy'),
      ...t.findResources('AWS::SQS::QueuePolicy'),
    };
    // Access-log, upload and delivery buckets, and the schedule dead-letter queue.
    expect(Object.keys(policies)).toHaveLength(4);
    for (const p of Object.values(policies)) {
      expect(p.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('rotates the data key', () => {
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('holds the delivery schedules, their dead-letter queue and the mail identity', () => {
    t.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    t.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    });
    t.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'msv@example.nl' });
    synth({ mailFrom: 'toestemming@bestuur.nl' }).stateful.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'toestemming@bestuur.nl',
    });
  });

  it('retains every resource that holds state (all but the access policies)', () => {
    const resources = Object.entries(
      t.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>,
    );
    const notRetained = resources
      .filter(([, r]) => !/Policy$/.test(r.Type) && r.DeletionPolicy !== 'Retain')
      .map(([id, r]) => `${id} (${r.Type})`);
    expect(notRetained).toEqual([]);
  });

  it('outputs the table and bucket names', () => {
    t.hasOutput('TableName', {});
    t.hasOutput('UploadBucketName', {});
  });
});

describe('stateless stack', () => {
  let t: Template;
  beforeAll(() => {
    t = synth().stateless;
  });

  it('queues delivery jobs with a dead-letter queue, an alarm on it, and a worker reporting partial failures', () => {
    t.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 720,
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }),
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      MetricName: 'ApproximateNumberOfMessagesVisible',
    });
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('holds no stateful resources (the job queue only holds messages for minutes)', () => {
    // The one bucket is the web app's: build output only, deleted with the stack.
    const buckets = Object.entries(t.findResources('AWS::S3::Bucket'));
    expect(buckets.map(([id]) => id)).toEqual([expect.stringMatching(/^WebAppBucket/)]);
    expect(buckets[0]?.[1]).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    for (const type of [
      'AWS::DynamoDB::Table',
      'AWS::KMS::Key',
      'AWS::Scheduler::ScheduleGroup',
      'AWS::SES::EmailIdentity',
    ]) {
      t.resourceCountIs(type, 0);
    }
  });

  it('has a declaration (needs.ts) for every function folder, and a function for every declaration', () => {
    const folders = readdirSync(join(REPO_ROOT, 'functions'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'lib')
      .map((d) => d.name);
    expect(FUNCTION_NEEDS.map((n) => n.fn).sort()).toEqual(folders.sort());
    expect(FUNCTION_NEEDS.map((n) => n.fn).sort()).toEqual([...ALL_FUNCTIONS].sort());
    for (const fn of ALL_FUNCTIONS)
      expect(existsSync(join(REPO_ROOT, 'functions', fn, 'index.ts')), fn).toBe(true);
  });

  it('runs every function on Node 24, arm64, with tracing and a log group with retention', () => {
    const fns = Object.values(msvFunctions(t));
    expect(fns).toHaveLength(ALL_FUNCTIONS.length);
    for (const f of fns) {
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/Logs/) } },
      });
    }
    t.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  it('declares every route of the shared table, on its function, guarded by the authorizer except /health', () => {
    for (const route of routes) {
      const target = new Capture();
      t.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
        AuthorizationType: route.auth ? 'CUSTOM' : 'NONE',
        ...(route.auth ? { AuthorizerId: { Ref: Match.stringLikeRegexp('TokenAuthorizer') } } : {}),
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: target }]] },
      });
      const integration = t.findResources('AWS::ApiGatewayV2::Integration')[target.asString()];
      expect(integration?.Properties.IntegrationUri, route.id).toEqual({
        'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${functionId(route.fn)}[0-9A-F]{8}$`)), 'Arn'],
      });
    }
    t.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
  });

  it('uses a REQUEST authorizer with simple responses and no cache', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerResultTtlInSeconds: 0,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerPayloadFormatVersion: '2.0',
    });
  });

  it('logs access and throttles the default stage', () => {
    const format = new Capture();
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] },
        Format: format,
      },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    expect(JSON.parse(format.asString())).toMatchObject({ requestId: '$context.requestId' });
    t.hasOutput('ApiUrl', {});
  });

  it('lets the upload function put objects into the upload bucket only, below raw/ where they expire', () => {
    const s3 = granting(t, 'UploadExport', /^s3:/);
    expect(s3.flatMap(actionsOf)).toContain('s3:PutObject');
    expect(s3.flatMap(actionsOf).filter((a) => !/^s3:(PutObject|Abort)/.test(a))).toEqual([]);
    // AVG: only raw/ expires after rawRetentionDays; an object put elsewhere would be kept for ever.
    for (const r of s3.flatMap(resourcesOf)) {
      expect(r).toEqual({
        'Fn::Join': ['', [{ 'Fn::ImportValue': expect.stringMatching(/UploadBucket/) }, '/raw/*']],
      });
    }
    expect(allActionsOf(t, 'UploadExport')).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'kms:GenerateDataKey*']),
    );
  });

  it('keeps the delivery bucket below the delivery prefix: the worker puts, get-delivery only gets', () => {
    // The bucket may be the Inspectie's own: msv must not be able to write, read or list anything else in it.
    const belowPrefix = {
      'Fn::Join': ['', [{ 'Fn::ImportValue': expect.stringMatching(/DeliveryBucket/) }, '/deliveries/*']],
    };
    const put = granting(t, 'DeliverSchool', /^s3:/);
    expect(put.flatMap(actionsOf)).toContain('s3:PutObject');
    expect(put.flatMap(actionsOf).filter((a) => !/^s3:(PutObject|Abort)/.test(a))).toEqual([]);
    for (const r of put.flatMap(resourcesOf)) expect(r).toEqual(belowPrefix);

    const read = granting(t, 'GetDelivery', /^s3:/);
    // Signing a five-minute GetObject link needs GetObject itself, nothing to list or read bucket settings.
    expect(read.flatMap(actionsOf)).toEqual(['s3:GetObject']);
    for (const r of read.flatMap(resourcesOf)) expect(r).toEqual(belowPrefix);
  });

  it('gives the read-only functions no write actions', () => {
    for (const fn of ['authorizer', 'list-exports', 'get-school-year', 'board-overview']) {
      const actions = allActionsOf(t, functionId(fn));
      expect(actions, fn).toContain('dynamodb:GetItem');
      expect(
        actions.filter(
          (a) =>
            /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a) ||
            /^(s3|kms:(Encrypt|Gen|Re)|scheduler|ses|iam):/.test(a),
        ),
        fn,
      ).toEqual([]);
    }
  });

  it('gives each function exactly the settings its needs.ts declares, and every required one', () => {
    const fns = msvFunctions(t);
    for (const needs of FUNCTION_NEEDS) {
      const [, f] = Object.entries(fns).find(([id]) => id.startsWith(functionId(needs.fn))) ?? [];
      const props = (f?.Properties ?? {}) as { Environment?: { Variables: Record<string, unknown> } };
      const env = props.Environment;
      const vars = Object.keys(env?.Variables ?? {}).filter((k) => k.startsWith('MSV_'));
      const declared = settingsKeysOf(needs).map((k) => ENV_NAMES[k]);
      expect(declared, needs.fn).toEqual(expect.arrayContaining(vars));
      const required = settingsKeysOf(needs)
        .filter((k) => (REQUIRED_WHEN_DECLARED as readonly string[]).includes(k))
        .map((k) => ENV_NAMES[k]);
      expect(vars, needs.fn).toEqual(expect.arrayContaining([...required, 'MSV_STAGE', 'MSV_LOG_LEVEL']));
      expect(vars, `${needs.fn} must never get MSV_NOW`).not.toContain('MSV_NOW');
    }
    // The deployed consent function used to read the upload bucket and the queue it has no setting for.
    const consent = Object.entries(fns).find(([id]) => id.startsWith('Consent'))?.[1];
    expect(Object.keys(consent?.Properties.Environment.Variables ?? {})).not.toEqual(
      expect.arrayContaining(['MSV_UPLOAD_BUCKET']),
    );
  });

  it('gives every function the KMS rights its data access needs (the local stand-ins do not check KMS)', () => {
    // The table and the data buckets are encrypted with the one data key: reading needs kms:Decrypt, writing
    // kms:GenerateDataKey too. Locally nothing encrypts, so only this test stands between a missing grant and an
    // AccessDenied that would first show in AWS.
    const onDataKey = (fn: string) =>
      statementsOf(t, functionId(fn))
        .filter((st) => JSON.stringify(st.Resource).includes('DataKey'))
        .flatMap(actionsOf);
    for (const needs of FUNCTION_NEEDS) {
      const reads = needs.access.some((a) => a.startsWith('table-') || a === 'deliveries-read');
      const writes = needs.access.some(
        (a) => (a.startsWith('table-') && a !== 'table-read') || a === 'upload-put' || a === 'deliveries-put',
      );
      const kms = onDataKey(needs.fn);
      if (reads) expect(kms, needs.fn).toContain('kms:Decrypt');
      if (writes) expect(kms, needs.fn).toContain('kms:GenerateDataKey*');
      if (!reads && !writes) expect(kms, needs.fn).toEqual([]);
    }
  });

  it('gives health and list-instruments no data access at all', () => {
    for (const fn of ['health', 'list-instruments']) {
      expect(
        allActionsOf(t, functionId(fn)).filter((a) => !a.startsWith('xray:')),
        fn,
      ).toEqual([]);
    }
  });

  it('lets the dispatcher record runs but not change consents or exports', () => {
    const actions = allActionsOf(t, 'DispatchDeliveries');
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'sqs:SendMessage']),
    );
    expect(
      actions.filter((a) => /^dynamodb:(Update|Delete|BatchWrite)|^(s3|scheduler|ses|iam):/.test(a)),
    ).toEqual([]);
    // Its PutItem reaches only its own run records: never a consent, an export or a delivery.
    const puts = statementsOf(t, 'DispatchDeliveries').filter((st) =>
      actionsOf(st).includes('dynamodb:PutItem'),
    ) as Array<Statement & { Condition?: unknown }>;
    expect(puts).toHaveLength(1);
    expect(puts[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DISPATCH#*'] },
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'Msv-dispatch-deliveries',
      Timeout: 300,
      DeadLetterConfig: {
        TargetArn: { 'Fn::ImportValue': Match.stringLikeRegexp('ScheduleDeadLetterQueue') },
      },
    });
  });

  it('lets consent manage the msv delivery schedules, pass only the scheduler role, and mail as the sender', () => {
    const schedules = granting(t, 'Consent', /^scheduler:/);
    expect(schedules.flatMap(actionsOf).sort()).toEqual([
      'scheduler:CreateSchedule',
      'scheduler:DeleteSchedule',
      'scheduler:UpdateSchedule',
    ]);
    expect(JSON.stringify(schedules.flatMap(resourcesOf))).toMatch(
      /:schedule\/MsvStateful-DeliverySchedules-[0-9A-F]+\/\*"/,
    );
    expect(granting(t, 'Consent', /^iam:/)).toEqual([
      expect.objectContaining({
        Action: 'iam:PassRole',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^DeliverySchedulerRole/), 'Arn'] },
      }),
    ]);
    expect(JSON.stringify(granting(t, 'Consent', /^ses:/).flatMap(resourcesOf))).toMatch(
      /:identity\/.*MailFromIdentity/,
    );
  });

  it('lets EventBridge Scheduler of this account invoke only the dispatcher', () => {
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: { 'Fn::Join': ['', ['Msv-delivery-scheduler-', { Ref: 'AWS::Region' }]] },
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ],
      },
    });
    const invoke = granting(t, 'DeliverySchedulerRole', /^lambda:/);
    const targets = invoke.flatMap(resourcesOf);
    expect(targets).toHaveLength(2); // the function and its versions/aliases (`:*`)
    for (const r of targets) expect(JSON.stringify(r)).toMatch(/"DispatchDeliveries[0-9A-F]{8}"/);
    expect(allActionsOf(t, 'DeliverySchedulerRole').sort()).toEqual([
      'lambda:InvokeFunction',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
  });

  it('gives a function only the settings it uses', () => {
    const fns = msvFunctions(t);
    const env = (fn: string) =>
      Object.entries(fns).find(([id]) => new RegExp(`^${functionId(fn)}[0-9A-F]{8}$`).test(id))?.[1]
        .Properties.Environment.Variables as Record<string, unknown>;
    expect(env('upload-export')).toMatchObject({
      MSV_STAGE: 'aws',
      MSV_MIN_GROUP_SIZE: '5',
      MSV_MAX_ROWS: '100000',
      MSV_TABLE_NAME: expect.anything(),
      MSV_UPLOAD_BUCKET: expect.anything(),
    });
    expect(env('consent')).toMatchObject({
      MSV_SCHEDULE_GROUP: expect.stringMatching(/DeliverySchedules/),
      MSV_DISPATCHER_ARN: { 'Fn::GetAtt': [expect.stringMatching(/^DispatchDeliveries/), 'Arn'] },
      MSV_SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [expect.stringMatching(/^DeliverySchedulerRole/), 'Arn'] },
      MSV_SCHEDULE_DLQ_ARN: expect.anything(),
      MSV_MAIL_FROM: 'msv@example.nl',
      MSV_DELIVERY_TIME: '06:00:00',
    });
    expect(env('health')).not.toHaveProperty('MSV_TABLE_NAME');
    expect(env('list-exports')).not.toHaveProperty('MSV_UPLOAD_BUCKET');
    expect(env('upload-export')).not.toHaveProperty('MSV_SCHEDULE_GROUP');
    for (const f of Object.values(fns))
      expect(f.Properties.Environment.Variables).not.toHaveProperty('MSV_NOW');
    const custom = synth({ minGroupSize: 10, maxRows: '500' }).stateless;
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MSV_MIN_GROUP_SIZE: '10', MSV_MAX_ROWS: '500' }) },
    });
  });

  it('runs the reminders daily at 09:00 Amsterdam time, exactly, with retries and the schedule DLQ', () => {
    const target = new Capture();
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 9 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Amsterdam',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: target,
        Input: '{}',
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReminderSchedulerRole'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 7200 },
        DeadLetterConfig: {
          Arn: { 'Fn::ImportValue': Match.stringLikeRegexp('ScheduleDeadLetterQueue') },
        },
      },
    });
    expect(target.asObject()).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^SendReminders[0-9A-F]{8}$/), 'Arn'],
    });
    // Not in the msv delivery group, whose schedules the consent function may create and delete.
    for (const schedule of Object.values(t.findResources('AWS::Scheduler::Schedule')))
      expect(schedule.Properties.GroupName).toBeUndefined();
    t.resourceCountIs('AWS::Scheduler::Schedule', 2);
    synth({ reminderTime: '07:30' }).stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 7 * * ? *)',
    });
  });

  it('reconciles the deliveries hourly, its role invoking only the reconciliation, which may only read and queue', () => {
    const target = new Capture();
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: target,
        Input: '{}',
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReconcileSchedulerRole'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::ImportValue': Match.stringLikeRegexp('ScheduleDeadLetterQueue') } },
      },
    });
    expect(target.asObject()).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^ReconcileDeliveries[0-9A-F]{8}$/), 'Arn'],
    });
    for (const r of granting(t, 'ReconcileSchedulerRole', /^lambda:/).flatMap(resourcesOf))
      expect(JSON.stringify(r)).toMatch(/"ReconcileDeliveries[0-9A-F]{8}"/);
    const actions = allActionsOf(t, 'ReconcileDeliveries');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'sqs:SendMessage']));
    expect(
      actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)|^(s3|scheduler|ses|iam):/.test(a)),
    ).toEqual([]);
  });

  it('lets the reminder role invoke only the reminder function', () => {
    expect(allActionsOf(t, 'ReminderSchedulerRole').sort()).toEqual([
      'lambda:InvokeFunction',
      'sqs:SendMessage',
    ]);
    for (const r of granting(t, 'ReminderSchedulerRole', /^lambda:/).flatMap(resourcesOf)) {
      expect(JSON.stringify(r)).toMatch(/"SendReminders[0-9A-F]{8}"/);
    }
  });

  it('lets the writing functions write only school-year and delivery-date items: never tokens, boards or schools', () => {
    // A flaw in the CSV parser or the consent code must not let anyone mint an admin token or move a school.
    for (const fn of ['upload-export', 'consent', DELIVERY_WORKER_FN]) {
      const writes = granting(t, functionId(fn), /^dynamodb:(Put|Update|Delete|BatchWrite|PartiQL)/) as Array<
        Statement & { Condition?: unknown }
      >;
      expect(writes, fn).toHaveLength(1);
      expect(actionsOf(writes[0] as Statement).sort(), fn).toEqual([
        'dynamodb:DeleteItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ]);
      expect(writes[0]?.Condition, fn).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SCHOOLYEAR#*', 'DELIVERYDATE#*'] },
      });
      expect(resourcesOf(writes[0] as Statement), fn).toEqual([
        { 'Fn::ImportValue': expect.stringMatching(/TableArn|Table.*Arn/) },
      ]);
      expect(allActionsOf(t, functionId(fn)), fn).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'kms:GenerateDataKey*']),
      );
    }
  });

  it('lets the reminder function read the table, write and delete only reminder claims, and mail', () => {
    const writes = granting(t, 'SendReminders', /^dynamodb:(Put|Update|Delete|BatchWrite)/) as Array<
      Statement & { Condition?: unknown }
    >;
    expect(writes).toHaveLength(1);
    expect(actionsOf(writes[0] as Statement).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:PutItem']);
    expect(writes[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['REMINDER#*'] },
    });
    expect(resourcesOf(writes[0] as Statement)).toEqual([
      { 'Fn::ImportValue': expect.stringMatching(/TableArn|Table.*Arn/) },
    ]);
    const actions = allActionsOf(t, 'SendReminders');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'ses:SendEmail']));
    expect(actions.filter((a) => /^(s3|scheduler|sqs:Send|iam):/.test(a))).toEqual([]);
    const fns = t.findResources('AWS::Lambda::Function');
    const env = Object.entries(fns).find(([id]) => /^SendReminders[0-9A-F]{8}$/.test(id))?.[1].Properties
      .Environment.Variables;
    expect(env).toMatchObject({ MSV_REMINDERS_START: '05-01', MSV_MAIL_FROM: 'msv@example.nl' });
    // Without appUrl the links point into the web app this stack serves through CloudFront.
    expect(env?.MSV_APP_URL).toEqual({
      'Fn::Join': [
        '',
        ['https://', { 'Fn::GetAtt': [expect.stringMatching(/^WebAppDistribution/), 'DomainName'] }],
      ],
    });
    synth({ appUrl: 'https://msv.example.nl' }).stateless.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MSV_APP_URL: 'https://msv.example.nl' }) },
    });
  });
});

describe('web app hosting (stateless stack)', () => {
  let t: Template;
  beforeAll(() => {
    t = synth().stateless;
  });

  it('keeps the bucket private, encrypted and SSL-only', () => {
    t.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^WebAppBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('serves it through CloudFront with origin access control only, HTTPS by redirect, index.html at /', () => {
    const oac = new Capture();
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: ['GET', 'HEAD'],
          ResponseHeadersPolicyId: { Ref: Match.stringLikeRegexp('^WebAppSecurityHeaders') },
        }),
        Origins: [
          Match.objectLike({
            DomainName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebAppBucket'), 'RegionalDomainName'] },
            OriginAccessControlId: { 'Fn::GetAtt': [oac, 'Id'] },
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ],
      }),
    });
    t.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      }),
    });
    expect(oac.asString()).toMatch(/OriginAccessControl/);
    // Only CloudFront, and only this distribution, may read the bucket.
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: {
              StringEquals: { 'AWS:SourceArn': Match.anyValue() },
            },
          }),
        ]),
      },
    });
  });

  it('sends security headers: a strict CSP, HSTS, no framing, no sniffing, no referrer', () => {
    const csp = new Capture();
    t.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: csp, Override: true },
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 31_536_000,
            IncludeSubdomains: true,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        },
      }),
    });
    const policy = JSON.stringify(csp.asObject());
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
    ]) {
      expect(policy).toContain(directive);
    }
    expect(policy).toContain("connect-src 'self' https://*.execute-api.");
    expect(policy).not.toContain('unsafe-inline');
  });

  it('allows CORS on the API from exactly the distribution, with the headers the app uses', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: [
          {
            'Fn::Join': [
              '',
              ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebAppDistribution'), 'DomainName'] }],
            ],
          },
        ],
        AllowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
        AllowHeaders: ['Authorization', 'Content-Type'],
        ExposeHeaders: ['x-msv-data-sha256'],
        MaxAge: 3600,
      },
    });
  });

  it('deploys the build with a config.json naming the API, and outputs the app URL', () => {
    t.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: Match.stringLikeRegexp('^WebAppBucket') },
      DistributionId: { Ref: Match.stringLikeRegexp('^WebAppDistribution') },
      Prune: true,
      DistributionPaths: ['/index.html', '/config.json'],
      // Source.jsonData writes the API endpoint into config.json at deploy time, through a marker.
      SourceMarkers: [
        {},
        { '<<marker:0xbaba:0>>': { 'Fn::GetAtt': [Match.stringLikeRegexp('^Api'), 'ApiEndpoint'] } },
      ],
    });
    t.hasOutput('WebAppUrl', {
      Value: {
        'Fn::Join': [
          '',
          ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebAppDistribution'), 'DomainName'] }, '/'],
        ],
      },
    });
  });
});
