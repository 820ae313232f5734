/**
 * The API and its functions: everything of msv that holds no data, so the stack can be deleted and deployed again
 * without losing anything. It is made of constructs that each do one job (infra/constructs/):
 *
 * - the web app (MsvWebApp): its bucket, CloudFront distribution and deployment, and its sign-in (WebSignIn): the
 *   Cognito app client on the stateful stack's user pool and its managed login branding;
 * - the delivery pipeline (DeliveryPipeline): job queue and dead letters, worker, dispatcher and the role
 *   EventBridge Scheduler runs it as, and the hourly reconciliation;
 * - the daily reminders (DailyReminders);
 * - the HTTP API (MsvHttpApi): authorizer, stage, and a route on its function for every entry of the route table;
 * - the alarms (MsvAlarms) and the monthly budget (MonthlyBudget).
 *
 * Every function is made by one FunctionFactory from its declaration (functions/<fn>/needs.ts): its settings and
 * its grants are derived there, in one place, whichever construct the function belongs to.
 *
 * The grouping constructs are transparent and this is a GroupedStack (infra/constructs/transparent-construct.ts):
 * it allocates logical ids as if their resources were its own children, so every logical id is the one it had
 * before the stack was split into constructs. test/infra/stateless-stack.test.ts pins those that data depends on.
 */
import { Aspects, CfnOutput, Lazy, type StackProps } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import type { IScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { Config } from '../shared/config.js';
import { MsvAlarms, NotifyOnAlarm } from './constructs/alarms.js';
import { DailyReminders } from './constructs/daily-reminders.js';
import { DeliveryPipeline } from './constructs/delivery-pipeline.js';
import { FunctionFactory } from './constructs/function-factory.js';
import { MsvHttpApi } from './constructs/http-api.js';
import { MonthlyBudget } from './constructs/monthly-budget.js';
import type { MsvFunction } from './constructs/msv-function.js';
import { GroupedStack } from './constructs/transparent-construct.js';
import type { UserDirectory } from './constructs/user-directory.js';
import { MsvWebApp } from './constructs/web-app.js';
import { WebSignIn } from './constructs/web-sign-in.js';
import type { DeployConfig } from './deploy-config.js';

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
  /** The people's user pool, its sign-in domain and federated providers (the stateful stack's). */
  readonly users: UserDirectory;
}

/** The shortest CloudWatch retention that keeps logs at least `days` days. */
const retentionOf = (days: number): RetentionDays => {
  const options = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0);
  return (options.sort((a, b) => a - b).find((d) => d >= days) ?? RetentionDays.INFINITE) as RetentionDays;
};

/** The HTTP API, its functions, the delivery pipeline, the reminders and the web app. */
export class MsvStatelessStack extends GroupedStack {
  /** The web app: bucket, CloudFront distribution and deployment. */
  readonly webApp: MsvWebApp;
  /** The web app's app client on the user pool. */
  readonly webSignIn: WebSignIn;
  readonly delivery: DeliveryPipeline;
  readonly reminders: DailyReminders;
  readonly httpApi: MsvHttpApi;
  /** Every function by folder name. */
  readonly functions: Record<string, MsvFunction>;
  /** The Inspectie's delivery location (ours unless `deliveryBucketName` names theirs). */
  readonly deliveryBucket: IBucket;

  constructor(scope: Construct, id: string, props: MsvStatelessStackProps) {
    super(scope, id, props);
    const { config } = props;
    // The web app's sign-in and the web app come first: the API's CORS, the reminder links and the app client name
    // the app's origin, config.json names the client, and the authorizer gets the client id (the app's origin and
    // API URL are lazy here).
    const { users } = props;
    this.webSignIn = new WebSignIn(this, 'WebSignIn', {
      userPool: users.userPool,
      issuer: users.issuer,
      domainBaseUrl: users.domain.baseUrl(),
      identityProviderNames: users.identityProviderNames,
      appOrigin: Lazy.string({ produce: () => this.webApp.origin }),
    });
    this.webApp = new MsvWebApp(this, 'WebApp', {
      apiUrl: Lazy.string({ produce: () => this.api.apiEndpoint }),
      signIn: this.webSignIn.config,
      signInOrigin: users.domain.baseUrl(),
    });

    this.deliveryBucket =
      props.deliveryBucket ??
      Bucket.fromBucketName(this, 'InspectieDeliveryBucket', config.deliveryBucketName as string);
    const logRetention = retentionOf(config.logRetentionDays);
    // The values of the plain settings; a function gets only those its needs.ts declares.
    const settings: Partial<Config> = {
      stage: 'aws',
      logLevel: config.logLevel,
      minGroupSize: config.minGroupSize,
      maxRows: config.maxRows,
      maxSchoolsPerUpload: config.maxSchoolsPerUpload,
      maxUploadBytes: config.maxUploadBytes,
      lowResponsePercent: config.lowResponsePercent,
      mailFrom: config.mailFrom,
      mailReplyTo: config.mailReplyTo,
      mailSendRate: config.mailSendRate,
      deliveryConcurrency: config.deliveryConcurrency,
      deliveryTime: config.deliveryTime,
      deliveryPrefix: config.deliveryPrefix,
      remindersStart: config.remindersStart,
      noDataRemindersStart: config.noDataRemindersStart,
      // Reminder mails link into the web app: the CloudFront URL, unless appUrl names another (own domain).
      appUrl: config.appUrl ?? this.webApp.origin,
    };
    const functions = new FunctionFactory({
      resources: {
        table: props.table,
        uploadBucket: props.uploadBucket,
        scheduleGroup: props.scheduleGroup,
        scheduleDeadLetterQueue: props.scheduleDeadLetterQueue,
        mailIdentity: props.mailIdentity,
        deliveryBucket: this.deliveryBucket,
        signIn: { issuer: users.issuer, clientId: this.webSignIn.clientId, userPool: users.userPool },
      },
      settings,
      logRetention,
      deliveryPrefix: config.deliveryPrefix,
    });
    this.functions = functions.functions;

    // Before the API: consent schedules the dispatcher as the pipeline's role (the factory says so if not).
    this.delivery = new DeliveryPipeline(this, 'Delivery', {
      functions,
      namePrefix: config.stackPrefix,
      reservedConcurrency: config.reservedConcurrency,
      concurrency: config.deliveryConcurrency,
      scheduleDeadLetterQueue: props.scheduleDeadLetterQueue,
    });
    this.reminders = new DailyReminders(this, 'Reminders', {
      functions,
      reminderTime: config.reminderTime,
      scheduleDeadLetterQueue: props.scheduleDeadLetterQueue,
    });
    this.httpApi = new MsvHttpApi(this, 'HttpApi', {
      functions,
      allowedOrigin: this.webApp.origin,
      logRetention,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'WebAppUrl', { value: `${this.webApp.origin}/` });
    new CfnOutput(this, 'DispatcherName', { value: this.delivery.dispatcher.functionName });
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

  /** The HTTP API (its URL is what vendors and schools use). */
  get api(): HttpApi {
    return this.httpApi.api;
  }

  /** One job per school and delivery date, consumed by the delivery worker. */
  get deliveryQueue(): Queue {
    return this.delivery.queue;
  }

  /** The role EventBridge Scheduler assumes to invoke the dispatcher and to dead-letter a failed delivery. */
  get schedulerRole(): Role {
    return this.delivery.schedulerRole;
  }
}
