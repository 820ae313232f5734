/**
 * The API and its functions: an HTTP API whose routes come from the shared route table, a Lambda authorizer on
 * every route but the health check, one function per route folder with only the grants it needs, and the
 * delivery dispatcher that EventBridge Scheduler invokes. Nothing here holds data: the stack can be deleted and
 * deployed again without losing anything.
 */
import {
  Aspects,
  CfnOutput,
  Duration,
  Lazy,
  Stack,
  type StackProps,
  TimeZone,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import {
  type IScheduleGroup,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
  TimeWindow,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type AccessKind, settingsKeysOf } from '../functions/lib/needs.js';
import { needsOf } from '../functions/registry.js';
import {
  type Config,
  REQUIRED_WHEN_DECLARED,
  type RequiredKey,
  type SettingKey,
  toEnvironment,
} from '../shared/config.js';
import { RAW_PREFIX } from '../shared/exports/accept-export.js';
import {
  AUTHORIZER_FN,
  DELIVERY_WORKER_FN,
  DISPATCHER_FN,
  RECONCILE_FN,
  REMINDERS_FN,
  routeFunctions,
  routes,
} from '../shared/http/routes.js';
import { leadingKeysOf } from '../shared/table-design.js';
import { TIME_ZONE } from '../shared/time/amsterdam.js';
import { MsvAlarms, NotifyOnAlarm } from './constructs/alarms.js';
import { MonthlyBudget } from './constructs/monthly-budget.js';
import { MsvFunction } from './constructs/msv-function.js';
import { MsvWebApp } from './constructs/web-app.js';
import type { DeployConfig } from './deploy-config.js';
import { iam5Action, iam5Resource } from './nag-findings.js';

/** The stateful resources the functions use, and the deploy configuration. */
export interface MsvStatelessStackProps extends StackProps {
  readonly config: DeployConfig;
  readonly table: ITable;
  readonly uploadBucket: IBucket;
  readonly scheduleGroup: IScheduleGroup;
  readonly scheduleDeadLetterQueue: IQueue;
  readonly mailIdentity: IEmailIdentity;
  /** Our delivery bucket; absent when `config.deliveryBucketName` names the Inspectie's own. */
  readonly deliveryBucket?: IBucket;
  /** Every alarm of this stack and the budget notify it (the stateful stack's, with its subscriptions). */
  readonly alarmTopic: ITopic;
}

/**
 * At most this many delivery workers run at once (the event source's maximum concurrency), and with
 * `reservedConcurrency` (the default) exactly this many are reserved for it. Reserved, because a throttled worker
 * loses work: SQS counts the throttled receive, and after five a school's job is in the dead-letter queue. So
 * nothing else in the account (a burst of uploads, another application) may take the worker's five on a
 * delivery day; and since it never runs more than five, the others lose no more than a delivery day takes. No other
 * function reserves: the API functions are bounded together by the stage's throttle (50 requests/s, burst 100),
 * the dispatcher and the reminders run once a day, and a reservation would cap them as well. Lambda refuses a
 * reservation that leaves the account fewer than 100 unreserved, so an account whose quota is still a new
 * account's 10 cannot deploy it: ask for the default 1,000 in Service Quotas, or deploy with
 * `-c reservedConcurrency=false` until then.
 */
export const DELIVERY_WORKER_CONCURRENCY = 5;

/** PascalCase construct id of a function folder: `upload-export` → `UploadExport`. */
export const functionId = (fn: string): string =>
  fn.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/** The shortest CloudWatch retention that keeps logs at least `days` days. */
const retentionOf = (days: number): RetentionDays => {
  const options = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0);
  return (options.sort((a, b) => a - b).find((d) => d >= days) ?? RetentionDays.INFINITE) as RetentionDays;
};

/** The HTTP API, its functions and the delivery dispatcher. */
export class MsvStatelessStack extends Stack {
  readonly api: HttpApi;
  /** The web app: bucket, CloudFront distribution and deployment. */
  readonly webApp: MsvWebApp;
  /** Every function by folder name. */
  readonly functions: Record<string, MsvFunction> = {};
  /** One job per school and delivery date, consumed by the delivery worker. */
  deliveryQueue!: Queue;
  /** The Inspectie's delivery location. */
  deliveryBucket!: IBucket;
  /** The role EventBridge Scheduler assumes to invoke the dispatcher and to dead-letter a failed delivery. */
  readonly schedulerRole: Role;

  constructor(scope: Construct, id: string, props: MsvStatelessStackProps) {
    super(scope, id, props);
    // The web app comes first: the API's CORS and the reminder links name its origin (its API URL is lazy).
    this.webApp = new MsvWebApp(this, 'WebApp', {
      apiUrl: Lazy.string({ produce: () => this.api.apiEndpoint }),
    });

    const { config } = props;
    const logRetention = retentionOf(config.logRetentionDays);
    // The values of the plain settings; a function gets only those its needs.ts declares.
    const common: Partial<Config> = {
      stage: 'aws',
      logLevel: config.logLevel,
      minGroupSize: config.minGroupSize,
      maxRows: config.maxRows,
      maxUploadBytes: config.maxUploadBytes,
      lowResponsePercent: config.lowResponsePercent,
      mailFrom: config.mailFrom,
      mailReplyTo: config.mailReplyTo,
      deliveryTime: config.deliveryTime,
      deliveryPrefix: config.deliveryPrefix,
      remindersStart: config.remindersStart,
      // Reminder mails link into the web app: the CloudFront URL, unless appUrl names another (own domain).
      appUrl: config.appUrl ?? this.webApp.origin,
    };

    // One job per school and delivery date. The worker reports partial batch failures; a job that keeps failing
    // lands in the dead-letter queue, and the alarm says so.
    const jobDeadLetters = new Queue(this, 'DeliveryJobDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(jobDeadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the delivery jobs.',
    });
    this.deliveryQueue = new Queue(this, 'DeliveryJobs', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // At least six times the worker's timeout, as Lambda advises for SQS event sources.
      visibilityTimeout: Duration.minutes(12),
      deadLetterQueue: { queue: jobDeadLetters, maxReceiveCount: 5 },
    });
    new Alarm(this, 'DeliveryJobsFailed', {
      alarmName: `${config.stackPrefix}-delivery-dead-letters`,
      alarmDescription:
        'msv: a school delivery failed five times and is in the dead-letter queue. What to do: README, Deploying, "When an alarm fires".',
      metric: jobDeadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.deliveryBucket =
      props.deliveryBucket ??
      Bucket.fromBucketName(this, 'InspectieDeliveryBucket', config.deliveryBucketName as string);
    const worker = this.addFunction(DELIVERY_WORKER_FN, props, common, logRetention, {
      description: 'msv: delivers one school (jobs from the delivery queue)',
      timeout: Duration.minutes(2),
      memorySize: 1024,
      reservedConcurrentExecutions: config.reservedConcurrency ? DELIVERY_WORKER_CONCURRENCY : undefined,
    });
    worker.addEventSource(
      new SqsEventSource(this.deliveryQueue, {
        batchSize: 5,
        reportBatchItemFailures: true,
        maxConcurrency: DELIVERY_WORKER_CONCURRENCY,
      }),
    );

    // The dispatcher and the scheduler role get fixed names: every pending schedule stores their ARNs, so a
    // re-created stateless stack must come back under the same ARNs or those deliveries would go nowhere.
    const dispatcher = this.addFunction(DISPATCHER_FN, props, common, logRetention, {
      functionName: `${config.stackPrefix}-${DISPATCHER_FN}`,
      description: 'msv: runs the deliveries of one delivery date (invoked by EventBridge Scheduler)',
      timeout: Duration.minutes(5),
      // Scheduler invokes asynchronously: after Lambda's own retries a failed run lands next to failed schedules.
      deadLetterQueue: props.scheduleDeadLetterQueue,
    });
    this.schedulerRole = new Role(this, 'DeliverySchedulerRole', {
      roleName: `${config.stackPrefix}-delivery-scheduler-${this.region}`,
      description: 'msv: assumed by EventBridge Scheduler to run a delivery date',
      // Confused-deputy guard: only schedules of this account may use the role.
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': this.account },
      }),
    });
    dispatcher.grantInvoke(this.schedulerRole);
    props.scheduleDeadLetterQueue.grantSendMessages(this.schedulerRole);
    Validations.of(this.schedulerRole).acknowledge({
      id: iam5Resource(this.schedulerRole, dispatcher.functionArn, ':*'),
      reason: 'grantInvoke also covers the versions and aliases of the one dispatcher function.',
    });

    this.addReminders(props, common, logRetention);

    for (const fn of [AUTHORIZER_FN, ...routeFunctions()]) {
      this.addFunction(fn, props, common, logRetention, {});
    }

    const authorizer = new HttpLambdaAuthorizer('TokenAuthorizer', this.fn(AUTHORIZER_FN), {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      // No caching: a revoked token must stop working at once, not after the cache expires.
      resultsCacheTtl: Duration.seconds(0),
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: logRetention });
    this.api = new HttpApi(this, 'Api', {
      description: 'msv: survey-export upload, consent and delivery to the Inspectie',
      createDefaultStage: false,
      // Browsers may call the API only from the web app's own origin.
      corsPreflight: {
        allowOrigins: [this.webApp.origin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.DELETE],
        allowHeaders: ['Authorization', 'Content-Type'],
        exposeHeaders: ['x-msv-data-sha256'],
        maxAge: Duration.hours(1),
      },
    });
    // Same construct id as HttpApi's own default stage, so the logical id is that of a default stage.
    this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    for (const route of routes) {
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, this.fn(route.fn)),
        authorizer: route.auth ? authorizer : new HttpNoneAuthorizer(),
      });
      if (!route.auth && created) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is deliberately public (a health check); it returns no data and touches no table or bucket.`,
        });
      }
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'WebAppUrl', { value: `${this.webApp.origin}/` });
    new CfnOutput(this, 'DispatcherName', { value: dispatcher.functionName });
    // For `npm run admin -- deliveries redispatch` against the deployed stack.
    new CfnOutput(this, 'DeliveryQueueUrl', { value: this.deliveryQueue.queueUrl });

    // Last, so that every function above is there to watch. The aspect reaches alarms added anywhere in the stack.
    new MsvAlarms(this, 'Alarms', {
      namePrefix: config.stackPrefix,
      functions: this.functions,
      api: this.api,
      scheduleDeadLetterQueue: props.scheduleDeadLetterQueue,
    });
    Aspects.of(this).add(new NotifyOnAlarm(props.alarmTopic));
    // Holds no state (AWS recomputes the month's spend), so it lives with the other configuration, here.
    new MonthlyBudget(this, 'MonthlyBudget', {
      budgetName: `${config.stackPrefix}-monthly`,
      amountUsd: config.monthlyBudget,
      topic: props.alarmTopic,
      email: config.alarmEmail,
    });
  }

  /**
   * The daily reminder run (cron at `reminderTime`, Europe/Amsterdam) and the hourly reconciliation of
   * deliveries: recurring EventBridge Scheduler schedules (no flexible window, retries, the schedule dead-letter
   * queue) invoking their functions.
   *
   * Both live in this stack: the functions hold no state (their claims and references are in the table), and a
   * recurring schedule is re-created by a deploy without losing anything. They stay out of the stateful stack's
   * msv delivery group on purpose: the consent function may create and delete every schedule in that group, and
   * the group is meant to hold nothing but pending deliveries. So they go into the account's default group.
   */
  private addReminders(props: MsvStatelessStackProps, common: Partial<Config>, logRetention: RetentionDays) {
    const { config } = props;
    const [hour, minute] = config.reminderTime.split(':').map(Number);
    this.addRecurring(REMINDERS_FN, props, common, logRetention, {
      id: 'DailyReminders',
      functionDescription: 'msv: daily deadline reminders to boards (invoked by EventBridge Scheduler)',
      roleId: 'ReminderSchedulerRole',
      roleDescription: 'msv: assumed by EventBridge Scheduler to run the daily reminders',
      description: `msv: deadline reminders, daily at ${config.reminderTime} Europe/Amsterdam`,
      schedule: ScheduleExpression.cron({
        minute: String(minute),
        hour: String(hour),
        // Europe/Amsterdam (shared/time/amsterdam.ts): 09:00 local in summer and winter alike.
        timeZone: TimeZone.of(TIME_ZONE),
      }),
      // A rerun is harmless (claims per board and day); after two hours the morning's run is simply late.
      maxEventAge: Duration.hours(2),
    });
    // Every due consent is delivered, whatever crashed: hourly, queue again what a lost dispatch or a job that
    // ran out of attempts left undelivered (shared/delivery/reconcile.ts). A rerun only queues jobs twice.
    this.addRecurring(RECONCILE_FN, props, common, logRetention, {
      id: 'HourlyReconciliation',
      functionDescription:
        'msv: queues again every due consent without a delivery (invoked by EventBridge Scheduler)',
      roleId: 'ReconcileSchedulerRole',
      roleDescription: 'msv: assumed by EventBridge Scheduler to run the delivery reconciliation',
      description: 'msv: delivery reconciliation, hourly',
      schedule: ScheduleExpression.rate(Duration.hours(1)),
      // The next hour's run does the same work; an old event is not worth keeping.
      maxEventAge: Duration.hours(1),
    });
  }

  /** A function run by a recurring schedule of its own, with a role that may invoke only that function. */
  private addRecurring(
    fn: string,
    props: MsvStatelessStackProps,
    common: Partial<Config>,
    logRetention: RetentionDays,
    spec: {
      id: string;
      functionDescription: string;
      roleId: string;
      roleDescription: string;
      description: string;
      schedule: ScheduleExpression;
      maxEventAge: Duration;
    },
  ) {
    const target = this.addFunction(fn, props, common, logRetention, {
      description: spec.functionDescription,
      timeout: Duration.minutes(5),
      // Scheduler invokes asynchronously: after Lambda's own retries a failed run lands next to failed schedules.
      deadLetterQueue: props.scheduleDeadLetterQueue,
    });
    const role = new Role(this, spec.roleId, {
      description: spec.roleDescription,
      // Confused-deputy guard: only schedules of this account may use the role.
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': this.account },
      }),
    });
    new Schedule(this, spec.id, {
      description: spec.description,
      schedule: spec.schedule,
      timeWindow: TimeWindow.off(),
      target: new LambdaInvoke(target, {
        role,
        input: ScheduleTargetInput.fromObject({}),
        deadLetterQueue: props.scheduleDeadLetterQueue,
        retryAttempts: 3,
        maxEventAge: spec.maxEventAge,
      }),
    });
    Validations.of(role).acknowledge({
      id: iam5Resource(role, target.functionArn, ':*'),
      reason: `grantInvoke also covers the versions and aliases of the one ${fn} function.`,
    });
  }

  private fn(name: string): MsvFunction {
    const f = this.functions[name];
    if (!f) throw new Error(`function ${name} is used before it is defined in infra/stateless-stack.ts`);
    return f;
  }

  /**
   * The value of each resource setting in this stack. Functions (the dispatcher's ARN) are looked up when asked,
   * so that only a function that declares `schedules` needs the dispatcher to exist first.
   */
  private resourceSetting(key: SettingKey, props: MsvStatelessStackProps): string | undefined {
    // Keyed by every resource setting: one added to shared/config.ts without a value here does not compile.
    const values: Record<RequiredKey, () => string> = {
      tableName: () => props.table.tableName,
      uploadBucket: () => props.uploadBucket.bucketName,
      scheduleGroup: () => props.scheduleGroup.scheduleGroupName,
      dispatcherArn: () => this.fn(DISPATCHER_FN).functionArn,
      schedulerRoleArn: () => this.schedulerRole.roleArn,
      scheduleDlqArn: () => props.scheduleDeadLetterQueue.queueArn,
      deliveryBucket: () => this.deliveryBucket.bucketName,
      deliveryQueueUrl: () => this.deliveryQueue.queueUrl,
    };
    return (values as Partial<Record<SettingKey, () => string>>)[key]?.();
  }

  /** Creates the function of a folder with the settings and grants its needs.ts declares, and nothing more. */
  private addFunction(
    fn: string,
    props: MsvStatelessStackProps,
    common: Partial<Config>,
    logRetention: RetentionDays,
    overrides: Partial<ConstructorParameters<typeof MsvFunction>[2]>,
  ): MsvFunction {
    const needs = needsOf(fn);
    const access = needs.access;
    const { config, table, uploadBucket, scheduleGroup, mailIdentity } = props;
    const has = (a: AccessKind) => access.includes(a);

    const required = new Set<SettingKey>(REQUIRED_WHEN_DECLARED);
    const settings: Partial<Record<SettingKey, unknown>> = {};
    // `now` is MSV_NOW, the local stack's simulated time: never deployed (a deployed function refuses it).
    for (const key of settingsKeysOf(needs).filter((k) => k !== 'now')) {
      const value = required.has(key) ? this.resourceSetting(key, props) : common[key];
      if (value === undefined && required.has(key)) {
        throw new Error(`functions/${fn} declares ${key}, but the stack has no value for it`);
      }
      settings[key] = value;
    }
    const f = new MsvFunction(this, functionId(fn), {
      fn,
      logRetention,
      ...overrides,
      environment: toEnvironment(settings as Partial<Config>),
    });
    this.functions[fn] = f;

    /** Read the table, and write only items whose partition key matches one of `leadingKeys`. */
    const grantWritesUnder = (actions: string[], leadingKeys: string[]) => {
      table.grantReadData(f);
      f.addToRolePolicy(
        new PolicyStatement({
          actions,
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeys } },
        }),
      );
      // grantReadData adds decrypt only; writing encrypts with the data key too.
      table.encryptionKey?.grantEncrypt(f);
    };
    if (has('table-read')) table.grantReadData(f);
    if (has('table-write')) {
      // Exports, consents, audit entries and deliveries live in school-year partitions, the schedule references
      // in delivery-date partitions (shared/table-design.ts). Tokens, boards and schools are written by the admin
      // CLI only, so a flaw in a function cannot mint a token or move a school. (It could still put a school-year
      // item carrying gsi1 keys, which would list it under a board; access checks read the school item itself.)
      grantWritesUnder(
        ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        leadingKeysOf('schoolYear', 'deliveryDate'),
      );
    }
    // The dispatcher only records its runs: it may not change a consent, an export or a delivery.
    if (has('table-dispatch-runs')) grantWritesUnder(['dynamodb:PutItem'], leadingKeysOf('dispatch'));
    // Claims only: PutItem and DeleteItem on items whose partition key is a reminder claim, nothing else.
    if (has('table-reminders'))
      grantWritesUnder(['dynamodb:PutItem', 'dynamodb:DeleteItem'], leadingKeysOf('reminder'));
    // Only below raw/, the prefix that expires (AVG): an export put anywhere else would be kept for ever.
    if (has('upload-put')) uploadBucket.grantPut(f, `${RAW_PREFIX}*`);
    if (has('schedules')) {
      scheduleGroup.grantWriteSchedules(f);
      scheduleGroup.grantDeleteSchedules(f);
      // CreateSchedule hands the scheduler role to EventBridge Scheduler.
      this.schedulerRole.grantPassRole(f.grantPrincipal);
    }
    if (has('mail')) mailIdentity.grantSendEmail(f);
    if (has('queue-send')) this.deliveryQueue.grantSendMessages(f);
    // The delivery bucket may be the Inspectie's own: msv touches nothing in it outside the delivery prefix.
    if (has('deliveries-put')) this.deliveryBucket.grantPut(f, `${config.deliveryPrefix}/*`);
    if (has('deliveries-read')) {
      // Presigned links are signed with the function's own rights, and a link is only a GetObject: grantRead
      // would add List* and GetBucket* on the bucket, i.e. every school's delivery keys.
      f.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:GetObject'],
          resources: [this.deliveryBucket.arnForObjects(`${config.deliveryPrefix}/*`)],
        }),
      );
      this.deliveryBucket.encryptionKey?.grantDecrypt(f);
    }

    this.acknowledgeFunctionFindings(f, access, props);
    return f;
  }

  /** The findings an msv function carries, each acknowledged on that function with why it is acceptable. */
  private acknowledgeFunctionFindings(
    f: MsvFunction,
    access: readonly AccessKind[],
    props: MsvStatelessStackProps,
  ) {
    const v = Validations.of(f);
    v.acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS-managed basic execution role only allows writing the function’s own CloudWatch logs.',
    });
    v.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing: xray:PutTraceSegments and PutTelemetryRecords support no resource-level permissions.',
    });
    if (access.some((a) => a.startsWith('table-'))) {
      v.acknowledge({
        id: iam5Resource(f, props.table.tableArn, '/index/*'),
        reason: 'grant*Data covers the msv table’s own indexes (gsi1); no other table is reachable.',
      });
    }
    if (access.includes('upload-put')) {
      v.acknowledge({
        id: iam5Resource(f, props.uploadBucket.bucketArn, `/${RAW_PREFIX}*`),
        reason:
          'Uploads are written under raw/ at keys derived from their hash, so the function needs put on the objects below raw/; it has no get or delete.',
      });
      v.acknowledge({
        id: iam5Action('s3:Abort*'),
        reason: 'Added by grantPut so that an interrupted multipart upload can be aborted; objects only.',
      });
    }
    if (access.includes('deliveries-put')) {
      v.acknowledge({
        id: iam5Resource(f, this.deliveryBucket.bucketArn, `/${props.config.deliveryPrefix}/*`),
        reason:
          'Each delivery writes new objects under deliveries/{year}/{school}/{id}/; put only, below the delivery prefix, no get or delete.',
      });
      v.acknowledge({
        id: iam5Action('s3:Abort*'),
        reason: 'Added by grantPut so that an interrupted multipart upload can be aborted; objects only.',
      });
    }
    if (access.includes('deliveries-read')) {
      v.acknowledge({
        id: iam5Resource(f, this.deliveryBucket.bucketArn, `/${props.config.deliveryPrefix}/*`),
        reason:
          'Read of delivered files only, below the delivery prefix, to sign five-minute download links.',
      });
    }
    // Writing to the table or the bucket encrypts with the data key; grant* scopes these actions to that key.
    const encryptsWith = [
      ...(access.includes('table-write') ? ['grantEncrypt for the school-year writes in the table'] : []),
      ...(access.includes('table-dispatch-runs')
        ? ['grantEncrypt for the dispatcher runs in the table']
        : []),
      ...(access.includes('table-reminders') ? ['grantEncrypt for the reminder claims in the table'] : []),
      ...(access.includes('upload-put') ? ['grantPut on the upload bucket'] : []),
      ...(access.includes('deliveries-put') ? ['grantPut on the delivery bucket'] : []),
    ];
    if (encryptsWith.length > 0) {
      for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
        v.acknowledge({
          id: iam5Action(action),
          reason: `Added by ${encryptsWith.join(' and ')}: encryption with the one msv data key, on that key only.`,
        });
      }
    }
    if (access.includes('schedules')) {
      // The ARN grantWriteSchedules/grantDeleteSchedules build: every schedule of the group.
      const group = props.scheduleGroup;
      const schedules = Stack.of(group).formatArn({
        service: 'scheduler',
        resource: 'schedule',
        resourceName: group.scheduleGroupName,
      });
      v.acknowledge({
        id: iam5Resource(f, schedules, '/*'),
        reason:
          'One schedule per delivery date, named at run time; the grant is limited to the msv delivery schedule group.',
      });
    }
  }
}
