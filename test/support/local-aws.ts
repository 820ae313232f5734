/**
 * Starts the local AWS stand-ins for a test run: in-memory DynamoDB Local, a temporary s3rver and the local
 * SES, on free ports, with the table and buckets created.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { localAwsEnv } from '../../infra/local/aws-env.js';
import { ensureBuckets, ensureTable } from '../../infra/local/bootstrap.js';
import { startDynamoDbLocal } from '../../infra/local/dynamodb.js';
import { freePort } from '../../infra/local/ports.js';
import { startS3 } from '../../infra/local/s3.js';
import { startSes } from '../../infra/local/ses.js';

export interface LocalAws {
  env: Record<string, string>;
  dynamodbEndpoint: string;
  /** DynamoDB Local's JVM (the bench counts its CPU). */
  dynamodbPid: number | undefined;
  s3Endpoint: string;
  sesUrl: string;
  tableName: string;
  uploadBucket: string;
  /** Sends the local SES refused as throttled (only with `sesMaxSendRate`). */
  sesThrottled(): number;
  stop(): Promise<void>;
}

/** `sesMaxSendRate`: the local SES answers `Throttling` over this many recipients a second, as SES does. */
export const startLocalAws = async (opts: { sesMaxSendRate?: number } = {}): Promise<LocalAws> => {
  const suffix = randomBytes(3).toString('hex');
  const tableName = `msv-test-${suffix}`;
  const uploadBucket = `msv-test-uploads-${suffix}`;
  const [ddb, s3, ses] = await Promise.all([
    freePort().then((port) => startDynamoDbLocal({ port })),
    freePort().then((port) => startS3({ port })),
    freePort().then((port) =>
      startSes({ port, ...(opts.sesMaxSendRate ? { maxSendRate: opts.sesMaxSendRate } : {}) }),
    ),
  ]);
  const env = localAwsEnv(
    { dynamodbEndpoint: ddb.endpoint, s3Endpoint: s3.endpoint, sesEndpoint: ses.url },
    {
      tableName,
      uploadBucket,
      deliveryBucket: 'msv-test-deliveries',
      logLevel: 'ERROR',
      mailFrom: 'msv@msv.test',
    },
  );
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const dynamo = new DynamoDBClient({ endpoint: ddb.endpoint, region: 'eu-west-1', credentials });
  const s3client = new S3Client({
    endpoint: s3.endpoint,
    region: 'eu-west-1',
    credentials,
    forcePathStyle: true,
  });
  await Promise.all([
    ensureTable(dynamo, tableName),
    ensureBuckets(s3client, [uploadBucket, 'msv-test-deliveries']),
  ]);
  dynamo.destroy();
  s3client.destroy();
  return {
    env,
    dynamodbEndpoint: ddb.endpoint,
    dynamodbPid: ddb.pid,
    s3Endpoint: s3.endpoint,
    sesUrl: ses.url,
    tableName,
    uploadBucket,
    sesThrottled: () => ses.throttled(),
    stop: async () => {
      await Promise.allSettled([ddb.stop(), s3.stop(), ses.stop()]);
    },
  };
};
