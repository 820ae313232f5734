/**
 * The delivery pipeline (infra/constructs/delivery-pipeline.ts): the job queue and its dead letters with their
 * alarm, the worker on the queue, the dispatcher and the role EventBridge Scheduler runs it as, and the hourly
 * reconciliation.
 */
import { Capture, Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_WORKER_CONCURRENCY } from '../../infra/constructs/delivery-pipeline.js';
import {
  actionsOf,
  allActionsOf,
  functionLogicalId,
  granting,
  resourcesOf,
  statementsOf,
  synth,
} from './templates.js';

describe('delivery pipeline', () => {
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

  it('feeds the worker from the job queue, whose failed jobs go to its dead-letter queue and alarm', () => {
    const deadLetters = new Capture();
    t.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLetters, 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(deadLetters.asString()).toMatch(/^DeliveryJobDeadLetters/);
    t.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Msv-delivery-dead-letters',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetters.asString(), 'QueueName'] } }],
    });
    const worker = new Capture();
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeliveryJobs'), 'Arn'] },
      FunctionName: { Ref: worker },
      ScalingConfig: { MaximumConcurrency: DELIVERY_WORKER_CONCURRENCY },
    });
    expect(worker.asString()).toMatch(functionLogicalId('deliver-school'));
    t.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('delivers one school'),
      Timeout: 120,
      MemorySize: 1024,
    });
    // The worker consumes the job queue: receive and delete on that queue.
    const consume = granting(t, 'DeliverSchool', /^sqs:ReceiveMessage$/);
    expect(consume.flatMap(resourcesOf)).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^DeliveryJobs[0-9A-F]{8}$/), 'Arn'] },
    ]);
  });

  it('deploys the worker concurrency the operator sets, and the worker divides its mail share over it', () => {
    const wide = synth({ deliveryConcurrency: '50' }).stateless;
    wide.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 50 },
    });
    wide.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('delivers one school'),
      ReservedConcurrentExecutions: 50,
      Environment: { Variables: Match.objectLike({ MSV_DELIVERY_CONCURRENCY: '50' }) },
    });
    // By default the five the reservation's reasoning is about, and the same number for the mail pacing.
    t.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('delivers one school'),
      ReservedConcurrentExecutions: DELIVERY_WORKER_CONCURRENCY,
      Environment: {
        Variables: Match.objectLike({ MSV_DELIVERY_CONCURRENCY: String(DELIVERY_WORKER_CONCURRENCY) }),
      },
    });
    // Only the worker reads it.
    const readers = Object.values(t.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.MSV_DELIVERY_CONCURRENCY !== undefined,
    );
    expect(readers).toHaveLength(1);
    expect(() => synth({ deliveryConcurrency: '1' })).toThrow(/deliveryConcurrency/);
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
    );
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
});
