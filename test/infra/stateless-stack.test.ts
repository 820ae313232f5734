/**
 * The stateless stack as a whole (infra/stateless-stack.ts): nothing in it holds data, its outputs, and the
 * logical ids that data and users depend on. Those ids must never change: CloudFormation replaces a resource
 * whose logical id changes, so a refactor that moved one (a construct renamed, a resource moved into another
 * one that is not transparent) would give the dispatcher a new ARN that pending schedules do not reach, the API a
 * new URL, the queue a new, empty copy. infra/constructs/transparent-construct.ts says how they are kept.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TransparentConstruct } from '../../infra/constructs/transparent-construct.js';
import { buildTestApp } from './synth.js';
import { synth } from './templates.js';

describe('stateless stack', () => {
  let t: Template;
  beforeAll(() => {
    t = synth().stateless;
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
});

/** Logical id, type and what depends on it, for the default configuration (stack `MsvStateless`). */
const PINNED: readonly (readonly [string, string, string])[] = [
  [
    'DispatchDeliveriesC2E980D2',
    'AWS::Lambda::Function',
    'every pending delivery schedule invokes it by ARN',
  ],
  ['DeliverySchedulerRoleF69D6993', 'AWS::IAM::Role', 'every pending delivery schedule runs as it'],
  ['ApiF70053CD', 'AWS::ApiGatewayV2::Api', 'its id is in the API URL that vendors and the web app use'],
  ['ApiDefaultStage189A7074', 'AWS::ApiGatewayV2::Stage', 'the $default stage that serves that URL'],
  ['DeliveryJobs71A13B5D', 'AWS::SQS::Queue', 'holds the delivery jobs in flight'],
  ['DeliveryJobDeadLettersD2F8F971', 'AWS::SQS::Queue', 'holds failed jobs for 14 days, to redrive'],
  [
    'DeliverSchoolSqsEventSourceMsvStatelessDeliveryJobs3046114A2BA88D94',
    'AWS::Lambda::EventSourceMapping',
    'the worker’s mapping of the job queue (its id embeds the queue’s unique id)',
  ],
  [
    'ApiMsvStatelessApiTokenAuthorizerB1650C2CPermission325FB55C',
    'AWS::Lambda::Permission',
    'lets the API call the authorizer (its id embeds the authorizer’s unique id)',
  ],
  [
    'WebAppDistributionCE585001',
    'AWS::CloudFront::Distribution',
    'its domain is the web app’s URL and CORS origin',
  ],
  ['DailyReminders4C25F670', 'AWS::Scheduler::Schedule', 'the daily reminder run'],
  ['HourlyReconciliationC69AEB00', 'AWS::Scheduler::Schedule', 'the hourly reconciliation'],
];

describe('logical ids that data depends on', () => {
  let built: ReturnType<typeof buildTestApp>;
  let t: Template;
  beforeAll(() => {
    built = buildTestApp({}, {}, false);
    t = Template.fromStack(built.stateless);
  });

  it.each(PINNED)('keeps %s (%s): %s', (logicalId, type) => {
    expect(t.toJSON().Resources[logicalId]?.Type).toBe(type);
  });

  it('names by those ids the resources they stand for', () => {
    const { stateless } = built;
    const idOf = (c: IConstruct) => stateless.getLogicalId(c.node.defaultChild as CfnElement);
    expect(idOf(stateless.delivery.dispatcher)).toBe('DispatchDeliveriesC2E980D2');
    expect(idOf(stateless.schedulerRole)).toBe('DeliverySchedulerRoleF69D6993');
    expect(idOf(stateless.api)).toBe('ApiF70053CD');
    expect(idOf(stateless.httpApi.stage)).toBe('ApiDefaultStage189A7074');
    expect(idOf(stateless.deliveryQueue)).toBe('DeliveryJobs71A13B5D');
    expect(idOf(stateless.delivery.deadLetters)).toBe('DeliveryJobDeadLettersD2F8F971');
    expect(idOf(stateless.webApp.distribution)).toBe('WebAppDistributionCE585001');
  });

  it('keeps the outputs the admin CLI and the operators read', () => {
    expect(Object.keys(t.toJSON().Outputs).sort()).toEqual([
      'ApiUrl',
      'DeliveryQueueUrl',
      'DispatcherName',
      'WebAppUrl',
    ]);
  });

  it('groups the resources in transparent constructs, which is why the ids stayed', () => {
    const { stateless } = built;
    for (const group of [
      stateless.delivery,
      stateless.delivery.reconciliation,
      stateless.reminders,
      stateless.httpApi,
    ]) {
      expect(TransparentConstruct.isTransparent(group), group.node.path).toBe(true);
    }
  });
});
