/**
 * Alarms that reach a person (issue 11, item 3), as the templates say: the encrypted, SSL-only alarm topic in the
 * stateful stack with the alarmEmail subscription, every alarm of the stateless stack notifying it, the named
 * alarms on what must never fail silently, the monthly budget, and the delivery worker's reserved concurrency.
 */
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_NEEDS } from '../../functions/registry.js';
import { NO_ALARM_EMAIL_WARNING } from '../../infra/constructs/alarm-topic.js';
import { WATCHED_FUNCTIONS } from '../../infra/constructs/alarms.js';
import { DELIVERY_WORKER_CONCURRENCY } from '../../infra/constructs/delivery-pipeline.js';
import { functionId } from '../../infra/constructs/function-factory.js';
import { DELIVERY_WORKER_FN } from '../../shared/http/routes.js';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../shared/metrics.js';
import { buildTestApp } from './synth.js';

const build = (context: Record<string, unknown> = {}, env: Record<string, string> = {}) => {
  const built = buildTestApp(context, env, false);
  return {
    ...built,
    stateful: Template.fromStack(built.stateful),
    stateless: Template.fromStack(built.stateless),
  };
};

type Resources = Record<
  string,
  { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }
>;
const alarmsOf = (t: Template) =>
  Object.values(t.findResources('AWS::CloudWatch::Alarm') as Resources).map(
    (r) => r.Properties as Record<string, unknown> & { AlarmName?: string },
  );
const alarmNamed = (t: Template, name: string) => {
  const found = alarmsOf(t).find((a) => a.AlarmName === name);
  if (!found) throw new Error(`no alarm named ${name}`);
  return found;
};

/** The stateless stack's reference to the alarm topic: the import of the stateful stack's export of it. */
const topicImport = (stateful: Template) => {
  const [topicId] = Object.keys(stateful.findResources('AWS::SNS::Topic'));
  const output = Object.values(
    stateful.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>,
  ).find((o) => JSON.stringify(o.Value) === JSON.stringify({ Ref: topicId }) && o.Export);
  if (!topicId || !output?.Export) throw new Error('the stateful stack exports no alarm topic');
  return { 'Fn::ImportValue': output.Export.Name };
};

/** A five-minute alarm on ≥ 1 of `metric`, with missing data not breaching. */
const oneInFiveMinutes = (metric: Record<string, unknown>) => ({
  ...metric,
  Period: 300,
  EvaluationPeriods: 1,
  Threshold: 1,
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  TreatMissingData: 'notBreaching',
});

describe('the alarm topic', () => {
  let t: Template;
  beforeAll(() => {
    t = build().stateful;
  });

  it('lives in the stateful stack, retained, encrypted with a rotated key of its own', () => {
    const topics = t.findResources('AWS::SNS::Topic') as Resources;
    expect(Object.keys(topics)).toHaveLength(1);
    const [topic] = Object.values(topics) as [Resources[string]];
    expect(topic.DeletionPolicy).toBe('Retain');
    const keyId = (topic.Properties.KmsMasterKeyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const key = t.toJSON().Resources[keyId];
    expect(key).toMatchObject({ Type: 'AWS::KMS::Key', DeletionPolicy: 'Retain' });
    expect(key.Properties.EnableKeyRotation).toBe(true);
    // Not the data key: the services that publish here get no use of the table's key.
    expect(key.Properties.Description).toMatch(/alarm topic/);
    // CloudWatch cannot use SNS's AWS-managed key; this one lets both publishers encrypt.
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: ['budgets.amazonaws.com', 'cloudwatch.amazonaws.com'] },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
  });

  it('refuses publishing without TLS, and lets only this account’s alarms and budgets publish', () => {
    const [policy] = Object.values(t.findResources('AWS::SNS::TopicPolicy') as Resources) as [
      Resources[string],
    ];
    const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    for (const service of ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com']) {
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: service },
          Action: 'sns:Publish',
          Condition: expect.objectContaining({
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          }),
        }),
      );
    }
    t.hasOutput('AlarmTopicArn', {});
  });

  it('subscribes alarmEmail, not retained, so that a changed address stops the old one', () => {
    t.resourceCountIs('AWS::SNS::Subscription', 0);
    const withEmail = build({ alarmEmail: 'beheer@voorbeeld.nl' }).stateful;
    withEmail.hasResource('AWS::SNS::Subscription', {
      Properties: { Protocol: 'email', Endpoint: 'beheer@voorbeeld.nl', TopicArn: Match.anyValue() },
      DeletionPolicy: Match.absent(),
    });
    build({}, { MSV_ALARM_EMAIL: 'ops@voorbeeld.nl' }).stateful.hasResourceProperties(
      'AWS::SNS::Subscription',
      {
        Endpoint: 'ops@voorbeeld.nl',
      },
    );
    expect(() => build({ alarmEmail: 'not an address' })).toThrow(/alarmEmail/);
  });

  it('warns on every synth without alarmEmail, and only then', () => {
    const without = buildTestApp({}, {}, false);
    Annotations.fromStack(without.stateful).hasWarning(
      '/MsvStateful/AlarmTopic',
      Match.stringLikeRegexp('No alarmEmail is set'),
    );
    expect(NO_ALARM_EMAIL_WARNING).toBe('msv:no-alarm-email');
    const withEmail = buildTestApp({ alarmEmail: 'beheer@voorbeeld.nl' }, {}, false);
    Annotations.fromStack(withEmail.stateful).hasNoWarning('*', Match.stringLikeRegexp('alarmEmail'));
  });
});

describe('the alarms', () => {
  let stateless: Template;
  let topic: Record<string, unknown>;
  beforeAll(() => {
    const built = build();
    stateless = built.stateless;
    topic = topicImport(built.stateful);
  });

  it('every alarm notifies the topic on ALARM and on OK', () => {
    const alarms = alarmsOf(stateless);
    expect(alarms.length).toBeGreaterThanOrEqual(9);
    for (const a of alarms) {
      expect(a.AlarmActions, a.AlarmName).toEqual([topic]);
      expect(a.OKActions, a.AlarmName).toEqual([topic]);
      expect(a.AlarmDescription, a.AlarmName).toMatch(/When an alarm fires/);
    }
  });

  it('watches both dead-letter queues: a failed delivery date or scheduled run, and a school that failed five times', () => {
    expect(alarmNamed(stateless, 'Msv-schedule-dead-letters')).toMatchObject(
      oneInFiveMinutes({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Statistic: 'Maximum',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::ImportValue': expect.stringMatching(/ScheduleDeadLetterQueue.*QueueName/) },
          },
        ],
      }),
    );
    expect(alarmNamed(stateless, 'Msv-delivery-dead-letters')).toMatchObject(
      oneInFiveMinutes({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [expect.stringMatching(/^DeliveryJobDeadLetters/), 'QueueName'] },
          },
        ],
      }),
    );
  });

  it('watches the errors of the dispatcher, the worker, the reminders and the reconciliation', () => {
    const deployed = FUNCTION_NEEDS.map((n) => n.fn);
    const watched = Object.keys(WATCHED_FUNCTIONS).filter((fn) => deployed.includes(fn));
    expect(watched).toEqual(
      expect.arrayContaining(['dispatch-deliveries', 'deliver-school', 'send-reminders']),
    );
    for (const fn of watched) {
      expect(alarmNamed(stateless, `Msv-${fn}-errors`)).toMatchObject(
        oneInFiveMinutes({
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Statistic: 'Sum',
          Dimensions: [
            { Name: 'FunctionName', Value: { Ref: expect.stringMatching(`^${functionId(fn)}[0-9A-F]{8}$`) } },
          ],
        }),
      );
    }
  });

  it('watches API 5xx, throttles of any function, and board mails that failed', () => {
    const [apiId] = Object.keys(stateless.findResources('AWS::ApiGatewayV2::Api'));
    expect(alarmNamed(stateless, 'Msv-api-5xx')).toMatchObject(
      oneInFiveMinutes({
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Statistic: 'Sum',
        Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId } }],
      }),
    );
    const throttles = alarmNamed(stateless, 'Msv-lambda-throttles');
    expect(throttles).toMatchObject(
      oneInFiveMinutes({ Namespace: 'AWS/Lambda', MetricName: 'Throttles', Statistic: 'Sum' }),
    );
    expect(throttles.Dimensions).toBeUndefined();
    expect(alarmNamed(stateless, 'Msv-mails-failed')).toMatchObject(
      oneInFiveMinutes({
        Namespace: METRICS_NAMESPACE,
        MetricName: 'MailsFailed',
        Statistic: 'Sum',
        Dimensions: [{ Name: 'service', Value: METRICS_SERVICE }],
      }),
    );
    // The metric is one the mailing functions count.
    for (const fn of ['consent', 'deliver-school', 'send-reminders']) {
      expect(FUNCTION_NEEDS.find((n) => n.fn === fn)?.metrics, fn).toContain('MailsFailed');
    }
  });

  it('names its alarms after the stack prefix, so that a second copy does not clash', () => {
    const names = alarmsOf(build({ stackPrefix: 'MsvTest' }).stateless).map((a) => a.AlarmName);
    expect(names.every((n) => n?.startsWith('MsvTest-'))).toBe(true);
  });
});

describe('the monthly budget', () => {
  it('alerts the topic at 80 % and 100 % of actual spend and at a 100 % forecast, in USD, 20 by default', () => {
    const built = build();
    const topic = topicImport(built.stateful);
    const notification = (NotificationType: string, Threshold: number) => ({
      Notification: {
        NotificationType,
        Threshold,
        ComparisonOperator: 'GREATER_THAN',
        ThresholdType: 'PERCENTAGE',
      },
      Subscribers: [{ SubscriptionType: 'SNS', Address: topic }],
    });
    built.stateless.resourceCountIs('AWS::Budgets::Budget', 1);
    built.stateless.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: {
        BudgetName: 'Msv-monthly',
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: 20, Unit: 'USD' },
        CostTypes: { IncludeCredit: false, IncludeRefund: false },
      },
      NotificationsWithSubscribers: [
        notification('ACTUAL', 80),
        notification('ACTUAL', 100),
        notification('FORECASTED', 100),
      ],
    });
  });

  it('takes monthlyBudget from context or MSV_MONTHLY_BUDGET, and mails alarmEmail directly too', () => {
    const built = build({ monthlyBudget: 35, alarmEmail: 'beheer@voorbeeld.nl' });
    const budget = Object.values(built.stateless.findResources('AWS::Budgets::Budget') as Resources)[0]
      ?.Properties as {
      Budget: { BudgetLimit: { Amount: number } };
      NotificationsWithSubscribers: { Subscribers: unknown[] }[];
    };
    expect(budget.Budget.BudgetLimit.Amount).toBe(35);
    for (const n of budget.NotificationsWithSubscribers) {
      expect(n.Subscribers).toEqual([
        { SubscriptionType: 'SNS', Address: topicImport(built.stateful) },
        { SubscriptionType: 'EMAIL', Address: 'beheer@voorbeeld.nl' },
      ]);
    }
    build({}, { MSV_MONTHLY_BUDGET: '12.5' }).stateless.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({ BudgetLimit: { Amount: 12.5, Unit: 'USD' } }),
    });
    expect(() => build({ monthlyBudget: 'lots' })).toThrow(/monthlyBudget/);
    expect(() => build({ monthlyBudget: 0 })).toThrow(/monthlyBudget/);
  });
});

describe('reserved concurrency', () => {
  const reserved = (t: Template) =>
    Object.entries(t.findResources('AWS::Lambda::Function') as Resources)
      .filter(([, r]) => r.Properties.ReservedConcurrentExecutions !== undefined)
      .map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ''), r.Properties.ReservedConcurrentExecutions]);

  it('reserves for the delivery worker exactly its event source’s maximum concurrency, and for nothing else', () => {
    const t = build().stateless;
    expect(reserved(t)).toEqual([[functionId(DELIVERY_WORKER_FN), DELIVERY_WORKER_CONCURRENCY]]);
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: DELIVERY_WORKER_CONCURRENCY },
    });
  });

  it('reserves nothing with reservedConcurrency=false (an account whose quota is too low to reserve)', () => {
    expect(reserved(build({ reservedConcurrency: 'false' }).stateless)).toEqual([]);
    expect(reserved(build({}, { MSV_RESERVED_CONCURRENCY: 'false' }).stateless)).toEqual([]);
    expect(reserved(build({ reservedConcurrency: false }).stateless)).toEqual([]);
    expect(() => build({ reservedConcurrency: 'sometimes' })).toThrow(/reservedConcurrency/);
  });
});
