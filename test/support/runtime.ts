/**
 * The local runtime (infra/local/runtime.ts) against the test run's stand-ins: every function in its own worker
 * with its synthesized environment, IAM enforced by the local proxy.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../infra/local/bootstrap.js';
import { createGateway } from '../../infra/local/gateway.js';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '../../infra/local/runtime.js';
import { fixedOffsetClock, systemClock } from '../../shared/clock.js';

/** Starts a runtime on the stand-ins whose environment useLocalAws() put into process.env. */
export const startTestRuntime = async (
  opts: Partial<Omit<LocalRuntimeOptions, 'standIns' | 'names' | 'clock'>> & {
    now?: string;
    /** A table of the test's own (created here), when its functions must not see other test files' data. */
    tableName?: string;
  } = {},
): Promise<LocalRuntime> => {
  const suffix = randomBytes(3).toString('hex');
  const deliveryBucket = process.env.MSV_DELIVERY_BUCKET ?? 'msv-test-deliveries';
  const tableName = opts.tableName ?? (process.env.MSV_TABLE_NAME as string);
  if (opts.tableName) await ensureTable(new DynamoDBClient({}), opts.tableName);
  return startLocalRuntime({
    standIns: {
      dynamodbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB as string,
      s3Endpoint: process.env.AWS_ENDPOINT_URL_S3 as string,
      sesEndpoint: process.env.AWS_ENDPOINT_URL_SES as string,
    },
    names: {
      tableName,
      uploadBucket: process.env.MSV_UPLOAD_BUCKET as string,
      deliveryBucket,
      deliveryQueue: `msv-test-jobs-${suffix}`,
      scheduleDeadLetterQueue: `msv-test-schedule-dlq-${suffix}`,
    },
    clock: opts.now ? fixedOffsetClock(opts.now) : systemClock,
    logLevel: 'ERROR',
    ...opts,
  });
};

/** The local gateway in front of a runtime, on a free port; resolves with its base URL and a close(). */
export const gatewayOn = async (
  runtime: LocalRuntime,
): Promise<{ base: string; close: () => Promise<void> }> => {
  const server = createGateway({ invoke: (fn, event, requestId) => runtime.invoke(fn, event, requestId) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
