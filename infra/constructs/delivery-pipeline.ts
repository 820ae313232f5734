/**
 * The delivery pipeline, from a due date to a school's files in the Inspectie's bucket: EventBridge Scheduler
 * runs the dispatcher once per delivery date (schedules that the consent function creates at run time, as the
 * scheduler role); the dispatcher queues one job per school; the worker delivers each job; a job that keeps
 * failing lands in the dead-letter queue, and an alarm says so; and every hour the reconciliation queues again
 * whatever a lost dispatch or an exhausted job left undelivered.
 *
 * Transparent (infra/constructs/transparent-construct.ts): every resource keeps the logical id it had when the
 * stack created it directly. That matters most here: pending schedules store the dispatcher's and the role's
 * ARNs, and the queue holds jobs in flight.
 */

import { Duration, Names, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnEventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DELIVERY_WORKER_TIMEOUT_SECONDS } from '../../shared/delivery/delivery-job.js';
import { DELIVERY_WORKER_FN, DISPATCHER_FN, RECONCILE_FN } from '../../shared/http/routes.js';
import { DELIVERY_WORKER_CONCURRENCY } from '../../shared/mail/mail-rate.js';
import { iam5Resource } from '../nag-findings.js';
import type { FunctionFactory } from './function-factory.js';
import type { MsvFunction } from './msv-function.js';
import { RecurringFunction } from './recurring-function.js';
import { keepEmbeddedUniqueId, TransparentConstruct } from './transparent-construct.js';

/**
 * At most `deliveryConcurrency` delivery workers run at once (the event source's maximum concurrency; this by
 * default), and with `reservedConcurrency` (the default) exactly this many are reserved for it. Reserved, because
 * a throttled worker loses work: SQS counts the throttled receive, and after five a school's job is in the
 * dead-letter queue. So nothing else in the account (a burst of uploads, another application) may take the
 * worker's reservation on a delivery day; and since it never runs more than that, the others lose no more than a
 * delivery day takes. No other
 * function reserves: the API functions are bounded together by the stage's throttle (50 requests/s, burst 100),
 * the dispatcher and the reminders run once a day, and a reservation would cap them as well. Lambda refuses a
 * reservation that leaves the account fewer than 100 unreserved, so an account whose quota is still a new
 * account's 10 cannot deploy it: ask for the default 1,000 in Service Quotas, or deploy with
 * `-c reservedConcurrency=false` until then.
 */
export { DELIVERY_WORKER_CONCURRENCY };

export interface DeliveryPipelineProps {
  readonly functions: FunctionFactory;
  /** Prefix of the fixed names (the dispatcher, the scheduler role, the alarm): the stack prefix. */
  readonly namePrefix: string;
  /** Whether the worker reserves its concurrency (DELIVERY_WORKER_CONCURRENCY says why). */
  readonly reservedConcurrency: boolean;
  /** Workers at once: the deploy setting `deliveryConcurrency`, which the worker's mail pacing reads too. */
  readonly concurrency: number;
  /** The stateful stack's: failed delivery-date schedules and failed asynchronous runs. */
  readonly scheduleDeadLetterQueue: IQueue;
}

/** The job queue and its dead letters, the worker, the dispatcher with its scheduler role, the reconciliation. */
export class DeliveryPipeline extends TransparentConstruct {
  /** One job per school and delivery date, consumed by the worker. */
  readonly queue: Queue;
  /** Jobs that failed five times. */
  readonly deadLetters: Queue;
  readonly worker: MsvFunction;
  /** Run by EventBridge Scheduler once per delivery date. */
  readonly dispatcher: MsvFunction;
  /** The role EventBridge Scheduler assumes to invoke the dispatcher and to dead-letter a failed delivery. */
  readonly schedulerRole: Role;
  readonly reconciliation: RecurringFunction;

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    const { functions, namePrefix, scheduleDeadLetterQueue } = props;

    // The worker reports partial batch failures; a job that keeps failing lands in the dead-letter queue.
    this.deadLetters = new Queue(this, 'DeliveryJobDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the delivery jobs.',
    });
    this.queue = new Queue(this, 'DeliveryJobs', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // At least six times the worker's timeout, as Lambda advises for SQS event sources.
      visibilityTimeout: Duration.seconds(6 * DELIVERY_WORKER_TIMEOUT_SECONDS),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 5 },
    });
    new Alarm(this, 'DeliveryJobsFailed', {
      alarmName: `${namePrefix}-delivery-dead-letters`,
      alarmDescription:
        'msv: a school delivery failed five times and is in the dead-letter queue. What to do: README, Deploying, "When an alarm fires".',
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.worker = functions.create(this, DELIVERY_WORKER_FN, {
      description: 'msv: delivers one school (jobs from the delivery queue)',
      timeout: Duration.seconds(DELIVERY_WORKER_TIMEOUT_SECONDS),
      memorySize: 1024,
      reservedConcurrentExecutions: props.reservedConcurrency ? props.concurrency : undefined,
    });
    this.worker.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 5,
        reportBatchItemFailures: true,
        maxConcurrency: props.concurrency,
      }),
    );
    // The mapping's construct id names the queue's unique id, which moves with the queue's path.
    const mapping = this.worker.node.findChild(`SqsEventSource:${Names.nodeUniqueId(this.queue.node)}`);
    keepEmbeddedUniqueId(mapping.node.defaultChild as CfnEventSourceMapping, this.queue);

    // The dispatcher and the scheduler role get fixed names: every pending schedule stores their ARNs, so a
    // re-created stateless stack must come back under the same ARNs or those deliveries would go nowhere.
    functions.provide({ deliveryQueue: this.queue });
    this.dispatcher = functions.create(this, DISPATCHER_FN, {
      functionName: `${namePrefix}-${DISPATCHER_FN}`,
      description: 'msv: runs the deliveries of one delivery date (invoked by EventBridge Scheduler)',
      timeout: Duration.minutes(5),
      // Scheduler invokes asynchronously: after Lambda's own retries a failed run lands next to failed schedules.
      deadLetterQueue: scheduleDeadLetterQueue,
    });
    const stack = Stack.of(this);
    this.schedulerRole = new Role(this, 'DeliverySchedulerRole', {
      roleName: `${namePrefix}-delivery-scheduler-${stack.region}`,
      description: 'msv: assumed by EventBridge Scheduler to run a delivery date',
      // Confused-deputy guard: only schedules of this account may use the role.
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
      }),
    });
    functions.provide({ schedulerRole: this.schedulerRole });
    this.dispatcher.grantInvoke(this.schedulerRole);
    scheduleDeadLetterQueue.grantSendMessages(this.schedulerRole);
    Validations.of(this.schedulerRole).acknowledge({
      id: iam5Resource(this.schedulerRole, this.dispatcher.functionArn, ':*'),
      reason: 'grantInvoke also covers the versions and aliases of the one dispatcher function.',
    });

    // Every due consent is delivered, whatever crashed: hourly, queue again what a lost dispatch or a job that
    // ran out of attempts left undelivered (shared/delivery/reconcile.ts). A rerun only queues jobs twice.
    this.reconciliation = new RecurringFunction(this, 'Reconciliation', {
      functions,
      fn: RECONCILE_FN,
      functionDescription:
        'msv: queues again every due consent without a delivery (invoked by EventBridge Scheduler)',
      roleId: 'ReconcileSchedulerRole',
      roleDescription: 'msv: assumed by EventBridge Scheduler to run the delivery reconciliation',
      scheduleId: 'HourlyReconciliation',
      scheduleDescription: 'msv: delivery reconciliation, hourly',
      schedule: ScheduleExpression.rate(Duration.hours(1)),
      // The next hour's run does the same work; an old event is not worth keeping.
      maxEventAge: Duration.hours(1),
      scheduleDeadLetterQueue,
    });
  }
}
