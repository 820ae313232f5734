/**
 * Every function made from its declaration (infra/constructs/function-factory.ts): a function for every
 * needs.ts, the project defaults, exactly the settings it declares, and the grants of its access kinds only.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { EmailIdentity } from 'aws-cdk-lib/aws-ses';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { settingsKeysOf } from '../../functions/lib/needs.js';
import { FUNCTION_NEEDS } from '../../functions/registry.js';
import { FunctionFactory, functionId } from '../../infra/constructs/function-factory.js';
import { REPO_ROOT } from '../../infra/constructs/msv-function.js';
import { ENV_NAMES, REQUIRED_WHEN_DECLARED } from '../../shared/config.js';
import { DELIVERY_WORKER_FN, DISPATCHER_FN } from '../../shared/http/routes.js';
import {
  ALL_FUNCTIONS,
  actionsOf,
  allActionsOf,
  envOf,
  granting,
  msvFunctions,
  resourcesOf,
  type Statement,
  statementsOf,
  synth,
} from './templates.js';

describe('functions made from their needs.ts', () => {
  let t: Template;
  beforeAll(() => {
    t = synth().stateless;
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
    for (const needs of FUNCTION_NEEDS) {
      const vars = Object.keys(envOf(t, needs.fn) ?? {}).filter((k) => k.startsWith('MSV_'));
      const declared = settingsKeysOf(needs).map((k) => ENV_NAMES[k]);
      expect(declared, needs.fn).toEqual(expect.arrayContaining(vars));
      const required = settingsKeysOf(needs)
        .filter((k) => (REQUIRED_WHEN_DECLARED as readonly string[]).includes(k))
        .map((k) => ENV_NAMES[k]);
      expect(vars, needs.fn).toEqual(expect.arrayContaining([...required, 'MSV_STAGE', 'MSV_LOG_LEVEL']));
      expect(vars, `${needs.fn} must never get MSV_NOW`).not.toContain('MSV_NOW');
    }
    // The deployed consent function used to read the upload bucket and the queue it has no setting for.
    expect(Object.keys(envOf(t, 'consent') ?? {})).not.toEqual(expect.arrayContaining(['MSV_UPLOAD_BUCKET']));
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

  it('gives health and openapi no data access at all, and list-instruments only reads', () => {
    for (const fn of ['health', 'openapi']) {
      expect(
        allActionsOf(t, functionId(fn)).filter((a) => !a.startsWith('xray:')),
        fn,
      ).toEqual([]);
    }
    const reads = allActionsOf(t, functionId('list-instruments')).filter((a) => !a.startsWith('xray:'));
    expect(reads.length).toBeGreaterThan(0);
    for (const action of reads)
      expect(action).toMatch(
        /^(dynamodb:(Get|BatchGet|Query|Scan|ConditionCheck|Describe)|kms:(Decrypt|DescribeKey)$)/,
      );
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

  it('gives a function only the settings it uses', () => {
    const env = (fn: string) => envOf(t, fn);
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
    for (const f of Object.values(msvFunctions(t)))
      expect(f.Properties.Environment.Variables).not.toHaveProperty('MSV_NOW');
    const custom = synth({ minGroupSize: 10, maxRows: '500' }).stateless;
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MSV_MIN_GROUP_SIZE: '10', MSV_MAX_ROWS: '500' }) },
    });
  });

  it('lets the writing functions write only school-year and delivery-date items: never tokens, boards or schools', () => {
    // A flaw in the CSV parser or the consent code must not let anyone mint an admin token or move a school.
    for (const fn of ['upload-export', 'consent', DELIVERY_WORKER_FN]) {
      const writes = granting(t, functionId(fn), /^dynamodb:(Put|Update|Delete|BatchWrite|PartiQL)/);
      expect(writes, fn).toHaveLength(1);
      // ConditionCheckItem: a consent and a provider marker check each other, school-year items only.
      expect(actionsOf(writes[0] as Statement).sort(), fn).toEqual([
        'dynamodb:ConditionCheckItem',
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

  it("lets people write only people's items, create users in msv's own pool only, and the authorizer verify tokens", () => {
    const writes = granting(t, functionId('people'), /^dynamodb:(Put|Update|Delete|BatchWrite|PartiQL)/);
    expect(writes).toHaveLength(1);
    // Memberships and join requests (PERSON#), invitations, the people log, the mail recipients: never a token,
    // a board, a school, a consent or an export.
    expect(writes[0]?.Condition).toEqual({
      'ForAllValues:StringLike': {
        'dynamodb:LeadingKeys': ['PERSON#*', 'INVITE#*', 'PEOPLELOG#*', 'BOARDMAIL#*'],
      },
    });
    const cognito = granting(t, functionId('people'), /^cognito-idp:/);
    expect(cognito.map(actionsOf)).toEqual([['cognito-idp:AdminCreateUser']]);
    expect(resourcesOf(cognito[0] as Statement)).toEqual([
      { 'Fn::ImportValue': expect.stringMatching(/UserPool.*Arn/) },
    ]);
    for (const fn of FUNCTION_NEEDS.map((n) => n.fn).filter((f) => f !== 'people')) {
      expect(granting(t, functionId(fn), /^cognito-idp:/), fn).toEqual([]);
    }
    expect(envOf(t, functionId('people'))).toMatchObject({
      [ENV_NAMES.peopleUserPoolId]: { 'Fn::ImportValue': expect.stringMatching(/UserPool/) },
    });
    expect(Object.keys(envOf(t, functionId('authorizer')) ?? {})).toEqual(
      expect.arrayContaining([ENV_NAMES.peopleIssuer, ENV_NAMES.peopleClientId]),
    );
  });

  it('lets school-policy put only school policies: never a school, a token, a consent or an export', () => {
    const writes = granting(
      t,
      functionId('school-policy'),
      /^dynamodb:(Put|Update|Delete|BatchWrite|PartiQL)/,
    );
    expect(writes).toHaveLength(1);
    expect(actionsOf(writes[0] as Statement)).toEqual(['dynamodb:PutItem']);
    expect(writes[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['POLICY#*'] },
    });
    expect(allActionsOf(t, functionId('school-policy'))).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'kms:Decrypt', 'kms:GenerateDataKey*']),
    );
    expect(
      Object.keys(envOf(t, functionId('school-policy')) ?? {})
        .filter((k) => k.startsWith('MSV_'))
        .sort(),
    ).toEqual(['MSV_LOG_LEVEL', 'MSV_STAGE', 'MSV_TABLE_NAME']);
  });
});

describe('FunctionFactory', () => {
  /** A factory on imported resources in a stack of its own (no bundling), with no delivery pipeline yet. */
  const bare = () => {
    const app = new App({
      context: { 'aws:cdk:bundling-stacks': [] },
      builtinCloudFormationValidation: false,
    });
    const stack = new Stack(app, 'Bare');
    const functions = new FunctionFactory({
      resources: {
        table: Table.fromTableName(stack, 'Table', 'msv'),
        uploadBucket: Bucket.fromBucketName(stack, 'Uploads', 'msv-uploads'),
        scheduleGroup: ScheduleGroup.fromScheduleGroupName(stack, 'Group', 'msv'),
        scheduleDeadLetterQueue: Queue.fromQueueArn(stack, 'Dlq', 'arn:aws:sqs:eu-west-1:111111111111:dlq'),
        mailIdentity: EmailIdentity.fromEmailIdentityName(stack, 'Mail', 'msv@example.nl'),
        deliveryBucket: Bucket.fromBucketName(stack, 'Deliveries', 'msv-deliveries'),
      },
      settings: { stage: 'aws', logLevel: 'INFO', deliveryTime: '06:00:00' },
      logRetention: RetentionDays.ONE_YEAR,
      deliveryPrefix: 'deliveries',
    });
    return { stack, functions };
  };

  it('refuses a function whose access needs a pipeline resource that is not provided yet', () => {
    const { stack, functions } = bare();
    expect(() => functions.create(stack, DISPATCHER_FN)).toThrow(
      /declares queue-send, which needs the delivery pipeline's deliveryQueue/,
    );
    functions.provide({ deliveryQueue: new Queue(stack, 'Jobs') });
    functions.create(stack, DISPATCHER_FN);
    expect(() => functions.create(stack, 'consent')).toThrow(
      /declares schedules, which needs the delivery pipeline's schedulerRole/,
    );
    functions.provide({
      schedulerRole: new Role(stack, 'Role', { assumedBy: new ServicePrincipal('scheduler.amazonaws.com') }),
    });
    expect(functions.create(stack, 'consent').node.id).toBe('Consent');
  });

  it('makes each function once, and provides each pipeline resource once', () => {
    const { stack, functions } = bare();
    functions.create(stack, 'health');
    expect(() => functions.create(stack, 'health')).toThrow(/made twice/);
    functions.provide({ deliveryQueue: new Queue(stack, 'Jobs') });
    expect(() => functions.provide({ deliveryQueue: new Queue(stack, 'Other') })).toThrow(/provided twice/);
    expect(() => functions.get('me')).toThrow(/used before it is made/);
  });
});
