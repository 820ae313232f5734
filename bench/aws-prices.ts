/**
 * The numbers the capacity model (bench/capacity.ts) rests on: AWS list prices, default quotas and typical
 * in-region latencies, each with where it was read and whether it could be confirmed there; then what the stack
 * deploys and the model's own assumptions. Read on {@link READ_ON} for {@link REGION}. The stack is
 * environment-agnostic (infra/app.ts takes the CLI's region) and the README names no region, so eu-west-1
 * (Ireland), where the local stand-ins pretend to run, is assumed.
 *
 * "Confirmed" means found in AWS's own price list or documentation; otherwise the note says what was found
 * instead. Prices are USD before tax, with no free tier: a free tier is per account and month, not per school, and
 * a national deployment uses it up in its first days of June.
 */

/** The day the prices and quotas below were read. */
export const READ_ON = '2026-12-02';
/** The region priced (assumed, see above). */
export const REGION = 'eu-west-1';

/** A number with its source. */
export interface Sourced {
  readonly value: number;
  /** What one `value` is of: "per GB-second", "mails a second". */
  readonly unit: string;
  readonly source: string;
  readonly confirmed: boolean;
  readonly note?: string;
}

const p = (value: number, unit: string, source: string, confirmed: boolean, note?: string): Sourced => ({
  value,
  unit,
  source,
  confirmed,
  ...(note ? { note } : {}),
});
/** A price from the AWS Price List offer file of `service`: the machine-readable list behind the pricing pages. */
const listed = (value: number, unit: string, service: string) =>
  p(
    value,
    unit,
    `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/${service}/current/${REGION}/index.json`,
    true,
    'as read from a copy of the offer file published 2026-09/10; the file itself was not reachable from here',
  );
/** A price only third-party summaries of the pricing page gave. */
const summarised = (value: number, unit: string, page: string, what = 'third-party summaries of the page') =>
  p(value, unit, page, false, `as read on ${what}`);
const doc = (value: number, unit: string, page: string, note?: string) =>
  p(value, unit, `https://docs.aws.amazon.com/${page}`, true, note);
const unconfirmed = (value: number, unit: string, page: string, note: string) =>
  p(value, unit, `https://docs.aws.amazon.com/${page}`, false, note);

/** List prices in USD, eu-west-1. */
export const PRICES_USD = {
  lambdaArmGbSecond: listed(0.0000133334, 'per GB-second (arm64, first tier)', 'AWSLambda'),
  lambdaRequest: listed(0.2e-6, 'per request', 'AWSLambda'),
  dynamoWriteUnit: listed(
    0.705e-6,
    'per write request unit (on-demand, after the Nov 2024 cut)',
    'AmazonDynamoDB',
  ),
  dynamoReadUnit: listed(0.1415e-6, 'per read request unit (on-demand)', 'AmazonDynamoDB'),
  dynamoStorageGbMonth: listed(0.283, 'per GB-month (beyond the free 25 GB)', 'AmazonDynamoDB'),
  dynamoPitrGbMonth: listed(0.22, 'per GB-month of point-in-time recovery', 'AmazonDynamoDB'),
  s3StorageGbMonth: listed(0.023, 'per GB-month (Standard, first 50 TB)', 'AmazonS3'),
  s3Put: listed(0.005e-3, 'per PUT', 'AmazonS3'),
  s3Get: listed(0.0004e-3, 'per GET', 'AmazonS3'),
  logsIngestGb: listed(0.57, 'per GB ingested (Standard log class)', 'AmazonCloudWatch'),
  logsStorageGbMonth: listed(0.03, 'per GB-month of logs', 'AmazonCloudWatch'),
  alarmMonth: listed(0.1, 'per alarm-month (standard resolution)', 'AmazonCloudWatch'),
  metricMonth: listed(0.3, 'per custom metric-month', 'AmazonCloudWatch'),
  httpApiRequest: listed(1.11e-6, 'per HTTP API request (first 300 million)', 'AmazonApiGateway'),
  dataOutGb: listed(0.09, 'per GB to the internet (first 10 TB)', 'AWSDataTransfer'),
  kmsKeyMonth: p(
    1,
    'per key-month (+1 per rotated backing key, two at most)',
    'https://aws.amazon.com/kms/pricing/',
    true,
  ),
  kmsRequest: summarised(0.03e-4, 'per request', 'https://aws.amazon.com/kms/pricing/'),
  sesRecipient: summarised(0.1e-3, 'per recipient', 'https://aws.amazon.com/ses/pricing/'),
  sqsRequest: summarised(
    0.4e-6,
    'per request (each 64 KB chunk)',
    'https://aws.amazon.com/sqs/pricing/',
    'us-east-1 summaries',
  ),
  schedulerInvocation: summarised(
    1e-6,
    'per invocation (14 million a month free)',
    'https://aws.amazon.com/eventbridge/pricing/',
  ),
  // Neither was in what could be read: the long-standing X-Ray price, and Cognito Essentials' price at its launch.
  xrayTrace: p(
    5e-6,
    'per trace recorded',
    'https://aws.amazon.com/xray/pricing/',
    false,
    'not found: as known',
  ),
  cognitoMau: p(
    0.015,
    'per monthly active user (Essentials)',
    'https://aws.amazon.com/cognito/pricing/',
    false,
    'not found: as announced, Nov 2024',
  ),
} as const;

/** USD → EUR. No rate of the read date could be read; the last ECB reference rate found was 1.1665 USD per EUR. */
export const USD_TO_EUR = p(
  0.86,
  'EUR per USD',
  'https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html',
  false,
  'assumed, about 1 / 1.1665 (2025): replace it with the rate of the day',
);

const SES_QUOTAS =
  'the long-standing start after production access; the quotas page now says it "varies based on your specific use case"';
/** Default quotas, per account and region unless said. */
export const QUOTAS = {
  sesSandboxRate: doc(1, 'mails a second', 'ses/latest/dg/request-production-access.html'),
  sesSandboxDaily: doc(200, 'mails a day', 'ses/latest/dg/request-production-access.html'),
  sesProductionRate: unconfirmed(14, 'mails a second', 'ses/latest/dg/quotas.html', SES_QUOTAS),
  sesProductionDaily: unconfirmed(50_000, 'mails a day', 'ses/latest/dg/quotas.html', SES_QUOTAS),
  lambdaConcurrency: doc(
    1000,
    'concurrent executions',
    'lambda/latest/dg/lambda-concurrency.html',
    'new accounts may start at 10',
  ),
  lambdaUnreservedMinimum: doc(
    100,
    'concurrent executions left unreserved',
    'lambda/latest/dg/configuration-concurrency.html',
  ),
  lambdaScaling: doc(1000, 'new environments per function in 10 s', 'lambda/latest/dg/scaling-behavior.html'),
  sqsEsmMaxConcurrency: doc(1000, 'concurrent batches (2–1,000)', 'lambda/latest/dg/API_ScalingConfig.html'),
  sqsEsmStart: doc(5, 'concurrent batches at first', 'lambda/latest/dg/services-sqs-scaling.html'),
  sqsEsmRamp: doc(300, 'more concurrent batches a minute', 'lambda/latest/dg/services-sqs-scaling.html'),
  dynamoPartitionWrite: p(
    1000,
    'write units a second per partition',
    'https://repost.aws/knowledge-center/on-demand-table-throttling-dynamodb',
    true,
    'or 3,000 read units',
  ),
  dynamoNewTableWrite: doc(
    4000,
    'write units a second',
    'amazondynamodb/latest/developerguide/pre-warming-on-demand-capacity-mode.html',
    'a new on-demand table; then twice the previous peak within 30 minutes, up to the 40,000 table quota',
  ),
  dynamoNewTableRead: doc(
    12_000,
    'read units a second',
    'amazondynamodb/latest/developerguide/pre-warming-on-demand-capacity-mode.html',
    'a new on-demand table; as writes',
  ),
  schedulerInvocations: doc(
    1000,
    'invocations a second',
    'scheduler/latest/UserGuide/scheduler-quotas.html',
    'in the primary regions, eu-west-1 among them',
  ),
  s3PutPerPrefix: doc(
    3500,
    'PUTs a second per partitioned prefix',
    'AmazonS3/latest/userguide/optimizing-performance.html',
    'S3 partitions further as load grows',
  ),
  kmsSymmetric: unconfirmed(
    10_000,
    'requests a second, shared',
    'kms/latest/developerguide/requests-per-second.html',
    'at least 10,000 in eu-west-1 since Aug 2018 (5,500–100,000 by region); the current table could not be read',
  ),
} as const;

/** Typical in-region latencies of one request, ms: assumptions, since AWS publishes ranges at most. */
export const LATENCY_MS = {
  dynamoRead: unconfirmed(
    5,
    'ms',
    'amazondynamodb/latest/developerguide/on-demand-capacity-mode.html',
    'assumed from "single-digit millisecond latency"',
  ),
  dynamoWrite: unconfirmed(
    10,
    'ms',
    'amazondynamodb/latest/developerguide/on-demand-capacity-mode.html',
    'assumed: transactions take longer',
  ),
  s3Put: unconfirmed(
    50,
    'ms',
    'AmazonS3/latest/userguide/optimizing-performance.html',
    'assumed: tens of ms for a small object (the guide: 100–200 ms first byte)',
  ),
  sesSend: unconfirmed(
    100,
    'ms',
    'ses/latest/APIReference/API_SendEmail.html',
    'assumed: SES publishes none',
  ),
  sqsSendBatch: unconfirmed(
    20,
    'ms',
    'AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html',
    'assumed: SQS publishes none',
  ),
  invoke: unconfirmed(
    10,
    'ms',
    'lambda/latest/dg/with-sqs.html',
    'assumed: the event source hands a batch to a warm worker',
  ),
} as const;

/** Lambda's CPU: at 1,769 MB a function has one vCPU, proportionally less below. */
export const LAMBDA_MB_PER_VCPU = doc(1769, 'MB per vCPU', 'lambda/latest/dg/configuration-memory.html');
/** Lambda bills the cold start (INIT) of managed runtimes since 1 Aug 2025. */
export const INIT_BILLED =
  'https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/';

/** What the stack deploys: infra/constructs/delivery-pipeline.ts, msv-function.ts, alarms.ts, infra/deploy-config.ts. */
export const DEPLOYED = {
  workerMemoryMb: 1024,
  batchSize: 5,
  workerTimeoutS: 120,
  dispatcherMemoryMb: 512,
  dispatcherTimeoutS: 300,
  logRetentionDays: 365,
  rawRetentionDays: 90,
  alarms: 9, // two dead-letter queues, four functions' errors, API 5xx, throttles, failed mails
  metrics: 8, // namespace msv (README, "Alarms and the budget")
  kmsKeys: 2, // the data key and the alarm topic's key, both rotated yearly
};

/** The model's own assumptions about the delivery path. */
export const MODEL = {
  /** The pacer holds each send for 1.1 s (shared/mail/paced-mailer.ts, WINDOW_MS). */
  sendWindowS: 1.1,
  /** The date's schedule, fired twice at most (Scheduler may deliver twice). */
  dateFires: 2,
  /** Each delivery deletes the date's reference in a transaction (functions/lib/store/deliveries.ts). */
  datePartitionWru: 2,
  /** DynamoDB and S3 (bucket key) each ask KMS for a key about once per container and 5 minutes. */
  kmsKeysPerContainer: 2,
  kmsCacheMinutes: 5,
  /** Log bytes per delivery: the job's lines and its share of Lambda's START/END/REPORT. */
  logBytesPerSchool: 2048,
  /** The SQS event source's pollers of an empty queue, each a 20 s long poll. */
  idlePollers: 5,
  /** The hourly reconciliation and the daily reminder run, each (per run). */
  scheduledRunGbS: 0.25,
  scheduledRunReadUnits: 20,
};

/** A typical school year's use besides the delivery, per school (assumptions). */
export const OTHER_USE = {
  apiRequests: 100, // by people: overviews, status, downloads; each also runs the authorizer (not cached)
  uploads: 2,
  uploadBytes: 200 * 1024, // a 3,000-respondent export
  consentSaves: 2,
  previews: 5, // report previews, rendered per request
  consentRecipients: 2, // the board's user administrators
  reminderRecipients: 4, // the school's share of its board's digests, March to June
  mauMonths: 6, // two people, each signing in during three months
  tableKiB: 100, // the year's exports, aggregates, consent and audit items
  responseKiB: 20,
  logBytesPerRequest: 1024,
  ms: { authorizer: 30, route: 80, upload: 400, consent: 150, preview: 500 }, // billed at 512 MB
  units: { readPerRequest: 3, previewRead: 10, uploadWrite: 20, consentWrite: 8 },
};
