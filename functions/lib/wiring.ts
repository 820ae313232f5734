/**
 * Production wiring: real AWS SDK clients built once per Lambda container (at module scope of each index.ts).
 * Endpoints come from the standard AWS_ENDPOINT_URL_* variables, so the same code talks to DynamoDB Local,
 * s3rver and the local SES under `npm start` and in tests.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESClient } from '@aws-sdk/client-ses';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type Clock, clockOf } from '../../shared/clock.js';
import { type Config, loadConfig, requireSetting } from '../../shared/config.js';
import { DynamoStore } from './dynamo-store.js';
import { EventBridgeDeliveryScheduler } from './eventbridge-scheduler.js';
import { S3ObjectStore } from './s3-object-store.js';
import { SesMailer } from './ses-mailer.js';
import { SqsDeliveryQueue } from './sqs-delivery-queue.js';

export interface Deps {
  config: Config;
  logger: Logger;
  clock: Clock;
  store: DynamoStore;
  objects: S3ObjectStore;
  scheduler: EventBridgeDeliveryScheduler;
  mailer: SesMailer;
  /** The Inspectie's delivery location. */
  deliveries: S3ObjectStore;
  queue: SqsDeliveryQueue;
}

let cached: Deps | undefined;

/** The production dependencies; created on first use and shared by every handler in this process. */
export const productionDeps = (): Deps => {
  if (cached) return cached;
  const config = loadConfig();
  const logger = new Logger({ serviceName: 'msv', logLevel: config.logLevel });
  const clock = clockOf(config.now);
  let store: DynamoStore | undefined;
  let objects: S3ObjectStore | undefined;
  let scheduler: EventBridgeDeliveryScheduler | undefined;
  let mailer: SesMailer | undefined;
  let deliveries: S3ObjectStore | undefined;
  let queue: SqsDeliveryQueue | undefined;
  const s3 = () =>
    new S3Client({
      // WHEN_REQUIRED: flexible checksums are not needed for our single PutObject calls and corrupt streamed
      // uploads on S3-compatible servers that do not understand aws-chunked framing.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // The local S3 server has no virtual-host buckets.
      forcePathStyle: config.stage === 'local',
    });
  // Lazy, so that a function without table or bucket access (health, instruments) needs neither setting.
  cached = {
    config,
    logger,
    clock,
    get store() {
      store ??= new DynamoStore(new DynamoDBClient({ maxAttempts: 5 }), requireSetting(config, 'tableName'));
      return store;
    },
    get objects() {
      objects ??= new S3ObjectStore(s3(), requireSetting(config, 'uploadBucket'));
      return objects;
    },
    get scheduler() {
      scheduler ??= new EventBridgeDeliveryScheduler(new SchedulerClient({ maxAttempts: 5 }), {
        groupName: requireSetting(config, 'scheduleGroup'),
        targetArn: requireSetting(config, 'dispatcherArn'),
        roleArn: requireSetting(config, 'schedulerRoleArn'),
        deadLetterArn: requireSetting(config, 'scheduleDlqArn'),
        timeOfDay: config.deliveryTime,
      });
      return scheduler;
    },
    get mailer() {
      // Short timeouts: a slow SES must not hold a consent request for long (the mail is retried and logged).
      mailer ??= new SesMailer(
        new SESClient({ maxAttempts: 3, requestHandler: { requestTimeout: 5000, connectionTimeout: 2000 } }),
        config.mailFrom,
        config.mailReplyTo,
      );
      return mailer;
    },
    get deliveries() {
      deliveries ??= new S3ObjectStore(s3(), requireSetting(config, 'deliveryBucket'));
      return deliveries;
    },
    get queue() {
      queue ??= new SqsDeliveryQueue(
        new SQSClient({ maxAttempts: 5 }),
        requireSetting(config, 'deliveryQueueUrl'),
      );
      return queue;
    },
  };
  return cached;
};
