/**
 * `npm start`: the whole service on this machine. DynamoDB Local, s3rver and the local SES as stand-ins, the
 * gateway on PORT (default 3000) calling the real handlers. Data lives in .local/ (`npm start -- --reset` wipes it).
 */

import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoStore } from '../../functions/lib/dynamo-store.js';
import { clockOf } from '../../shared/clock.js';
import { loadConfig } from '../../shared/config.js';
import { DELIVERY_WORKER_FN, DISPATCHER_FN, REMINDERS_FN } from '../../shared/http/routes.js';
import { localAwsEnv } from './aws-env.js';
import { ensureBuckets, ensureTable } from './bootstrap.js';
import { startDailyTimer } from './daily-timer.js';
import { JAVA_MISSING, startDynamoDbLocal } from './dynamodb.js';
import { createGateway, lambdaContext } from './gateway.js';
import { preferPort } from './ports.js';
import { startS3 } from './s3.js';
import { startLocalScheduler } from './scheduler.js';
import { type DemoTokens, seedDemo } from './seed.js';
import { startSes } from './ses.js';
import { startLocalQueue } from './sqs.js';
import { ensureWebBuild, webAppFallback } from './web-app.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const LOCAL_DIR = resolve(process.env.MSV_LOCAL_DIR ?? join(ROOT, '.local'));
export const STACK_FILE = join(LOCAL_DIR, 'stack.json');
const TABLE = 'msv-local';
const UPLOAD_BUCKET = 'msv-local-uploads';
const DELIVERY_BUCKET = 'msv-local-deliveries';

export interface StackInfo {
  apiUrl: string;
  sesUrl: string;
  s3Endpoint: string;
  dynamodbEndpoint: string;
  tableName: string;
  uploadBucket: string;
  deliveryBucket: string;
  schedulerEndpoint: string;
  tokens: DemoTokens;
}

const main = async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const { values } = parseArgs({ options: { reset: { type: 'boolean', default: false } } });
  if (values.reset) rmSync(LOCAL_DIR, { recursive: true, force: true });
  mkdirSync(LOCAL_DIR, { recursive: true });
  const previous = existsSync(STACK_FILE)
    ? (JSON.parse(readFileSync(STACK_FILE, 'utf8')) as Partial<StackInfo>)
    : {};

  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled(stops.reverse().map((s) => s()));
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  process.on('uncaughtException', (err) => {
    console.error(err);
    void stopAll(1);
  });

  try {
    const ddb = await startDynamoDbLocal({
      port: await preferPort(8000),
      dataDir: join(LOCAL_DIR, 'dynamodb'),
      pidFile: join(LOCAL_DIR, 'dynamodb.pid'),
    });
    stops.push(ddb.stop);
    const s3 = await startS3({ port: await preferPort(4569), dataDir: join(LOCAL_DIR, 's3') });
    stops.push(s3.stop);
    const ses = await startSes({ port: await preferPort(8005) });
    stops.push(ses.stop);

    // Handlers are imported only when first called, after the environment points their SDK clients here.
    const handlers = new Map<string, Promise<{ handler: never }>>();
    const loadHandler = async (fn: string) => {
      if (!handlers.has(fn)) handlers.set(fn, import(`../../functions/${fn}/index.ts`));
      return (await (handlers.get(fn) as Promise<{ handler: never }>)).handler as (
        e: unknown,
        c: unknown,
      ) => Promise<unknown>;
    };
    const log = (line: string) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${line}`);
    // MSV_NOW moves the local stack to another day; the scheduler and the daily timer fire by this one clock.
    const clock = clockOf(process.env.MSV_NOW);
    const scheduler = await startLocalScheduler({
      port: await preferPort(8006),
      file: join(LOCAL_DIR, 'schedules.json'),
      clock,
      invoke: async (schedule) =>
        (await loadHandler(DISPATCHER_FN))(
          JSON.parse(schedule.Target.Input ?? '{}'),
          lambdaContext(DISPATCHER_FN, randomUUID()),
        ),
      log,
    });
    stops.push(scheduler.stop);
    // The delivery queue: jobs go to the real worker handler, in batches, as an SQS event source would.
    const queue = await startLocalQueue({
      port: await preferPort(8007),
      name: 'msv-local-delivery-jobs',
      consume: async (event) =>
        (await loadHandler(DELIVERY_WORKER_FN))(
          event,
          lambdaContext(DELIVERY_WORKER_FN, randomUUID()),
        ) as never,
      log,
    });
    stops.push(queue.stop);

    Object.assign(
      process.env,
      localAwsEnv(
        {
          dynamodbEndpoint: ddb.endpoint,
          s3Endpoint: s3.endpoint,
          sesEndpoint: ses.url,
          schedulerEndpoint: scheduler.endpoint,
          sqsEndpoint: queue.endpoint,
        },
        {
          tableName: TABLE,
          uploadBucket: UPLOAD_BUCKET,
          deliveryBucket: DELIVERY_BUCKET,
          deliveryQueueUrl: queue.queueUrl,
        },
      ),
    );
    const dynamo = new DynamoDBClient({});
    await ensureTable(dynamo, TABLE);
    await ensureBuckets(new S3Client({ forcePathStyle: true }), [UPLOAD_BUCKET, DELIVERY_BUCKET]);
    const tokens = await seedDemo(new DynamoStore(dynamo, TABLE), previous.tokens);

    // The daily reminder schedule of the stateless stack: the real function at reminderTime, by the stack's clock.
    const reminderTime = loadConfig().reminderTime;
    const daily = startDailyTimer({
      time: reminderTime,
      clock,
      run: async () =>
        log(
          `reminders: ${JSON.stringify(
            (
              (await (
                await loadHandler(REMINDERS_FN)
              )({}, lambdaContext(REMINDERS_FN, randomUUID()))) as {
                boards: unknown[];
              }
            ).boards,
          )}`,
        ),
      log,
    });
    stops.push(async () => daily.stop());

    // The web app is served at / on the same origin as the API; it asks config.json where the API is.
    await ensureWebBuild(log);
    let apiUrl = '';
    const gateway = createGateway({ loadHandler, log, fallback: webAppFallback({ apiUrl: () => apiUrl }) });
    await new Promise<void>((ok, fail) => {
      gateway.once('error', fail);
      gateway.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', ok);
    });
    // PORT=0 picks a free port (tests); report the one we got.
    const port = (gateway.address() as AddressInfo).port;
    apiUrl = `http://localhost:${port}`;
    // Reminder mails link to the board overview of the web app that this gateway serves (unless set otherwise).
    // Handlers read their config on first use, which comes after this: nothing has called one yet.
    process.env.MSV_APP_URL ??= apiUrl;
    stops.push(
      () =>
        new Promise((r) => {
          gateway.close(() => r());
          // A browser keeps idle keep-alive connections open for minutes; close() alone would wait for them.
          gateway.closeAllConnections();
        }),
    );

    const info: StackInfo = {
      apiUrl,
      sesUrl: ses.url,
      s3Endpoint: s3.endpoint,
      dynamodbEndpoint: ddb.endpoint,
      tableName: TABLE,
      uploadBucket: UPLOAD_BUCKET,
      deliveryBucket: DELIVERY_BUCKET,
      schedulerEndpoint: scheduler.endpoint,
      tokens,
    };
    writeFileSync(STACK_FILE, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
    console.log(
      [
        '',
        'msv is running locally',
        `  web app        ${info.apiUrl}/`,
        `  API            ${info.apiUrl}`,
        `  sent mail      ${info.sesUrl}`,
        `  S3             ${info.s3Endpoint}  (buckets ${UPLOAD_BUCKET}, ${DELIVERY_BUCKET})`,
        `  DynamoDB       ${info.dynamodbEndpoint}  (table ${TABLE})`,
        `  Scheduler      ${info.schedulerEndpoint}  (npm run admin -- schedules list)`,
        `  demo board     41234 Stichting Voorbeeldscholen: VO school 22KC00 (havo, vwo), PO school 12AB00`,
        `  tokens         in ${STACK_FILE}, e.g. school 22KC00:`,
        `                 ${tokens.school22KC00}`,
        `  data           ${LOCAL_DIR}  (npm start -- --reset wipes it)`,
        process.env.MSV_NOW ? `  simulated now  ${process.env.MSV_NOW}` : '',
        'Ctrl-C stops everything.',
        '',
      ]
        .filter((l) => l !== '')
        .join('\n'),
    );
  } catch (err) {
    const message = (err as Error).message;
    console.error(message === JAVA_MISSING ? message : `npm start failed: ${message}`);
    await stopAll(1);
  }
};

await main();
