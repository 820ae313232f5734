/**
 * Where the admin CLI works: the local stack (endpoints from .local/stack.json) or a deployed stack (the normal
 * AWS credential chain; table and bucket from the environment or the `cdk deploy --outputs-file` JSON).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localAwsEnv } from '../local/aws-env.js';
import type { Target } from './parse-args.js';

export interface Resolved {
  tableName: string;
  uploadBucket?: string;
  /** Local stack only: the scheduler stand-in. */
  schedulerEndpoint?: string;
  scheduleGroup?: string;
  /** The delivery queue (locally the SQS stand-in's own URL: the operator does not go through the IAM proxy). */
  deliveryQueueUrl?: string;
}

const localDir = () => process.env.MSV_LOCAL_DIR ?? join(process.cwd(), '.local');

/** What `npm start` wrote to .local/stack.json (MSV_LOCAL_DIR moves it). */
export const readLocalStack = (): Record<string, string> & { tokens?: Record<string, string> } => {
  const file = join(localDir(), 'stack.json');
  if (!existsSync(file)) throw new Error(`${file} not found: start the local stack with npm start first`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
};

export const resolveTarget = (target: Target): Resolved => {
  if (target.kind === 'local') {
    const info = readLocalStack();
    Object.assign(
      process.env,
      localAwsEnv(
        {
          dynamodbEndpoint: info.dynamodbEndpoint as string,
          s3Endpoint: info.s3Endpoint as string,
          sesEndpoint: info.sesUrl as string,
          schedulerEndpoint: info.schedulerEndpoint,
        },
        { tableName: info.tableName as string, uploadBucket: info.uploadBucket as string },
      ),
    );
    return {
      tableName: info.tableName as string,
      uploadBucket: info.uploadBucket,
      schedulerEndpoint: info.schedulerEndpoint,
      // The group as the template names it; npm start writes it to stack.json.
      scheduleGroup: info.scheduleGroup || process.env.MSV_SCHEDULE_GROUP,
      deliveryQueueUrl: info.deliveryQueueUrl,
    };
  }
  let tableName = process.env.MSV_TABLE_NAME;
  let uploadBucket = process.env.MSV_UPLOAD_BUCKET;
  let scheduleGroup = process.env.MSV_SCHEDULE_GROUP;
  let deliveryQueueUrl = process.env.MSV_DELIVERY_QUEUE_URL;
  if (target.outputs) {
    const outputs = JSON.parse(readFileSync(target.outputs, 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    for (const stack of Object.values(outputs)) {
      tableName ??= stack.TableName;
      uploadBucket ??= stack.UploadBucketName;
      scheduleGroup ??= stack.ScheduleGroupName;
      deliveryQueueUrl ??= stack.DeliveryQueueUrl;
    }
  }
  if (!tableName) throw new Error('no table name: set MSV_TABLE_NAME or pass --outputs cdk-outputs.json');
  return { tableName, uploadBucket, scheduleGroup, deliveryQueueUrl };
};
