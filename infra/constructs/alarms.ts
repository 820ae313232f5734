/**
 * The alarms that say a person must act, and the aspect that sends every alarm of a stack to the alarm topic.
 *
 * Each alarm is a count that should be zero: one message in a dead-letter queue, one error of a scheduled or
 * queued function, one 5xx of the API, one throttled invocation, one board mail that finally failed. A quiet
 * metric publishes nothing, so missing data is "not breaching" throughout: no traffic is not an incident. Each
 * alarm also notifies when it is OK again, so the person knows it is over.
 */
import { Duration, type IAspect } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../shared/metrics.js';

/** How long each alarm looks back: one five-minute period, at least one occurrence. */
const PERIOD = Duration.minutes(5);

/**
 * The functions whose errors alarm, by folder, and what an error of each means. These run without a caller who
 * would see the failure: a scheduler or the queue invokes them. A function not in the stack (yet) is skipped.
 */
export const WATCHED_FUNCTIONS: Readonly<Record<string, string>> = {
  'dispatch-deliveries':
    'a delivery date could not be dispatched (Lambda retries it; then it is dead-lettered)',
  'deliver-school': 'the delivery worker crashed or timed out on a batch (its jobs are retried)',
  'send-reminders': 'the reminder run failed for at least one board (Scheduler and Lambda retry it)',
  'reconcile-deliveries': 'the hourly reconciliation of deliveries failed (the next hour tries again)',
};

export interface MsvAlarmsProps {
  /** Prefix of the alarm names (the stack prefix), so that two copies in one account do not clash. */
  readonly namePrefix: string;
  /** The stack's functions by folder name; those of WATCHED_FUNCTIONS that are there get an error alarm. */
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly api: IHttpApi;
  /** Failed delivery-date schedules and failed asynchronous runs of the scheduled functions. */
  readonly scheduleDeadLetterQueue: IQueue;
}

/** msv's alarms; give them a person with NotifyOnAlarm. */
export class MsvAlarms extends Construct {
  /** Every alarm, by construct id. */
  readonly alarms: Record<string, Alarm> = {};

  constructor(scope: Construct, id: string, props: MsvAlarmsProps) {
    super(scope, id);
    const alarm = (alarmId: string, name: string, description: string, metric: IMetric) => {
      this.alarms[alarmId] = new Alarm(this, alarmId, {
        alarmName: `${props.namePrefix}-${name}`,
        alarmDescription: `msv: ${description}. What to do: README, Deploying, "When an alarm fires".`,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    };

    // Messages stay for 14 days, so this stays in ALARM until someone has looked and emptied the queue.
    alarm(
      'ScheduleDeadLetters',
      'schedule-dead-letters',
      'a delivery date or a scheduled run could not be started after all retries (schedule dead-letter queue)',
      props.scheduleDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: 'Maximum',
      }),
    );

    for (const [fn, meaning] of Object.entries(WATCHED_FUNCTIONS)) {
      const f = props.functions[fn];
      if (!f) continue;
      const pascal = fn.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
      alarm(`${pascal}Errors`, `${fn}-errors`, meaning, f.metricErrors({ period: PERIOD, statistic: 'Sum' }));
    }

    alarm(
      'ApiServerErrors',
      'api-5xx',
      'the API answered 5xx (an unexpected error, a timeout or a throttled function): a school or board saw it',
      props.api.metricServerError({ period: PERIOD, statistic: 'Sum' }),
    );

    // Account-wide (every function of the region): the one alarm that also sees a function starved by another.
    alarm(
      'Throttles',
      'lambda-throttles',
      'Lambda throttled an invocation (the account or a reserved concurrency limit was reached)',
      LambdaFunction.metricAllThrottles({ period: PERIOD, statistic: 'Sum' }),
    );

    alarm(
      'MailsFailed',
      'mails-failed',
      'a mail to a board failed after its retries (consent, delivery confirmation or reminder): SES refused or was down',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'MailsFailed',
        dimensionsMap: { service: METRICS_SERVICE },
        statistic: 'Sum',
        period: PERIOD,
      }),
    );
  }
}

/**
 * Sends every CloudWatch alarm under the scope it is added to (`Aspects.of(stack).add(…)`) to the topic, on ALARM
 * and on OK: an alarm added anywhere in the stack, now or later, reaches the same person.
 */
export class NotifyOnAlarm implements IAspect {
  private readonly action: SnsAction;
  private readonly done = new Set<Alarm>();

  constructor(topic: ITopic) {
    this.action = new SnsAction(topic);
  }

  visit(node: IConstruct): void {
    if (!(node instanceof Alarm) || this.done.has(node)) return;
    this.done.add(node);
    node.addAlarmAction(this.action);
    node.addOkAction(this.action);
  }
}
