/**
 * Where the admin CLI works: the local stack (endpoints from .local/stack.json) or a deployed stack (the normal
 * AWS credential chain; table, bucket, queue, user pool and web app address from the environment or the
 * `cdk deploy --outputs-file` JSON).
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
  /** The people's user pool (the people commands create its users). */
  userPoolId?: string;
  /** The web app's address without a trailing slash, for links in mails (locally the gateway, which serves it). */
  appUrl?: string;
}

/** What the admin CLI reads of the `.local/stack.json` that `npm start` writes (infra/local/start.ts). */
export interface LocalStackJson {
  apiUrl?: string;
  sesUrl: string;
  s3Endpoint: string;
  dynamodbEndpoint: string;
  tableName: string;
  uploadBucket: string;
  schedulerEndpoint?: string;
  scheduleGroup?: string;
  deliveryQueueUrl?: string;
  tokens?: Record<string, string>;
  /** The local user pool: its id, and its Cognito admin API, which the operator calls directly. */
  signIn?: { userPoolId?: string; adminEndpoint?: string };
}

const localDir = () => process.env.MSV_LOCAL_DIR ?? join(process.cwd(), '.local');

/** What `npm start` wrote to .local/stack.json (MSV_LOCAL_DIR moves it). */
export const readLocalStack = (): LocalStackJson => {
  const file = join(localDir(), 'stack.json');
  if (!existsSync(file)) throw new Error(`${file} not found: start the local stack with npm start first`);
  return JSON.parse(readFileSync(file, 'utf8')) as LocalStackJson;
};

const withoutTrailingSlash = (url: string | undefined) => url?.replace(/\/+$/, '');

export const resolveTarget = (target: Target): Resolved => {
  if (target.kind === 'local') {
    const info = readLocalStack();
    Object.assign(
      process.env,
      localAwsEnv(
        {
          dynamodbEndpoint: info.dynamodbEndpoint,
          s3Endpoint: info.s3Endpoint,
          sesEndpoint: info.sesUrl,
          schedulerEndpoint: info.schedulerEndpoint,
          // The operator calls the local pool's admin API directly; the functions go through the IAM proxy.
          cognitoEndpoint: info.signIn?.adminEndpoint,
        },
        { tableName: info.tableName, uploadBucket: info.uploadBucket },
      ),
    );
    return {
      tableName: info.tableName,
      uploadBucket: info.uploadBucket,
      schedulerEndpoint: info.schedulerEndpoint,
      // The group as the template names it; npm start writes it to stack.json.
      scheduleGroup: info.scheduleGroup || process.env.MSV_SCHEDULE_GROUP,
      deliveryQueueUrl: info.deliveryQueueUrl,
      userPoolId: info.signIn?.userPoolId,
      appUrl: withoutTrailingSlash(info.apiUrl),
    };
  }
  let tableName = process.env.MSV_TABLE_NAME;
  let uploadBucket = process.env.MSV_UPLOAD_BUCKET;
  let scheduleGroup = process.env.MSV_SCHEDULE_GROUP;
  let deliveryQueueUrl = process.env.MSV_DELIVERY_QUEUE_URL;
  let userPoolId = process.env.MSV_PEOPLE_USER_POOL_ID;
  let appUrl = process.env.MSV_APP_URL;
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
      // The stateful stack's user pool, and the stateless stack's web app (its CloudFront URL).
      userPoolId ??= stack.UserPoolId;
      appUrl ??= stack.WebAppUrl;
    }
  }
  if (!tableName) throw new Error('no table name: set MSV_TABLE_NAME or pass --outputs cdk-outputs.json');
  return {
    tableName,
    uploadBucket,
    scheduleGroup,
    deliveryQueueUrl,
    userPoolId,
    appUrl: withoutTrailingSlash(appUrl),
  };
};
