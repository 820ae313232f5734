/**
 * `npm start`: the whole service on this machine. DynamoDB Local, s3rver and the local SES as stand-ins, a local
 * OpenID provider in the Cognito user pool's place (infra/local/oidc: the pool's users, the demo people at start,
 * sign in with a code mailed to the local SES; its admin API creates more, as an invitation does), the functions as the CDK app deploys them (infra/local/runtime.ts: each in its own worker with its synthesized
 * environment, IAM enforced), and the gateway on PORT (default 3000) in front of them. Data lives in .local/ (`npm start -- --reset` wipes it).
 */

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { clockOf } from '../../shared/clock.js';
import { RECONCILE_FN, REMINDERS_FN } from '../../shared/http/routes.js';
import { cognitoStyleSignIn } from '../../shared/http/web-config.js';
import { localAwsEnv } from './aws-env.js';
import { ensureBuckets, ensureTable } from './bootstrap.js';
import { startDailyTimer } from './daily-timer.js';
import { LOCAL_REGION } from './deployed-types.js';
import { JAVA_MISSING, startDynamoDbLocal } from './dynamodb.js';
import { createGateway } from './gateway.js';
import { startLocalOidc } from './oidc/index.js';
import { preferPort } from './ports.js';
import { type LocalRuntime, startLocalRuntime } from './runtime.js';
import { startS3 } from './s3.js';
import { DEMO_PEOPLE, type DemoTokens, seedDemo } from './seed.js';
import { startSes } from './ses.js';
import { ensureWebBuild, webAppFallback } from './web-app.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const LOCAL_DIR = resolve(process.env.MSV_LOCAL_DIR ?? join(ROOT, '.local'));
export const STACK_FILE = join(LOCAL_DIR, 'stack.json');
const TABLE = 'msv-local';
const UPLOAD_BUCKET = 'msv-local-uploads';
const DELIVERY_BUCKET = 'msv-local-deliveries';
const DELIVERY_QUEUE = 'msv-local-delivery-jobs';
const SCHEDULE_DLQ = 'msv-local-schedule-dlq';

export interface StackInfo {
  apiUrl: string;
  sesUrl: string;
  s3Endpoint: string;
  dynamodbEndpoint: string;
  tableName: string;
  uploadBucket: string;
  deliveryBucket: string;
  schedulerEndpoint: string;
  /** The delivery schedules' group, as the template names it. */
  scheduleGroup: string;
  /** The SQS stand-in's delivery queue, for the operator (`npm run admin -- deliveries redispatch`). */
  deliveryQueueUrl: string;
  /** The IAM proxy in front of the stand-ins, which every local function's SDK calls go through. */
  functionsEndpoint: string;
  tokens: DemoTokens;
  /** The local OpenID provider in the user pool's place, and who can sign in there. */
  signIn: LocalSignIn;
}

/** One demo person: who they are and the membership the seed gave them. */
export interface DemoPersonInfo {
  email: string;
  name: string;
  role: string;
  boardId: string;
  /** For school staff: their school. */
  schoolId?: string;
}

export interface LocalSignIn {
  /** The `iss` of the ID tokens, also the base of discovery (`/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
  /** Where sign-in returns to: the web app's `/`, as the Cognito app client's callback URL. */
  redirectUri: string;
  /** The scopes the web app asks for. */
  scope: string;
  /** The local user pool's id, what the templates' user pool resolves to (MSV_PEOPLE_USER_POOL_ID). */
  userPoolId: string;
  /**
   * The pool's admin API (Cognito's AWS JSON 1.1: AdminCreateUser, AdminGetUser, ListUsers, …), for the operator's
   * AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER; the functions reach it through the IAM proxy.
   */
  adminEndpoint: string;
  /**
   * The demo people, users of the pool from the start. Only users of the pool can sign in: anyone else is
   * invited first (AdminCreateUser), as in AWS.
   */
  people: DemoPersonInfo[];
}

/** The demo people as stack.json names them. */
export const demoPeopleInfo = (): DemoPersonInfo[] =>
  DEMO_PEOPLE.map(({ email, name, membership }) => ({
    email,
    name,
    role: membership.role,
    boardId: membership.boardId,
    ...('schoolId' in membership ? { schoolId: membership.schoolId } : {}),
  }));

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

    const log = (line: string) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${line}`);
    // Operator clients for bootstrapping the local resources; the functions get their own (infra/local/runtime.ts).
    const operatorEnv = localAwsEnv(
      { dynamodbEndpoint: ddb.endpoint, s3Endpoint: s3.endpoint, sesEndpoint: ses.url },
      { tableName: TABLE, uploadBucket: UPLOAD_BUCKET },
    );
    const credentials = {
      accessKeyId: operatorEnv.AWS_ACCESS_KEY_ID as string,
      secretAccessKey: operatorEnv.AWS_SECRET_ACCESS_KEY as string,
    };
    const dynamo = new DynamoDBClient({ endpoint: ddb.endpoint, region: LOCAL_REGION, credentials });
    await ensureTable(dynamo, TABLE);
    await ensureBuckets(
      new S3Client({ endpoint: s3.endpoint, region: LOCAL_REGION, credentials, forcePathStyle: true }),
      [UPLOAD_BUCKET, DELIVERY_BUCKET],
    );
    const tokens = await seedDemo(dynamoStores(dynamo, TABLE), previous.tokens);

    // The gateway listens first: its address is the web app's, which the reminder mails link to.
    let runtime: LocalRuntime | undefined;
    await ensureWebBuild(log);
    let apiUrl = '';
    let signIn: LocalSignIn | undefined;
    const gateway = createGateway({
      invoke: (fn, event, requestId) => {
        if (!runtime) throw new Error('the local runtime is still starting');
        return runtime.invoke(fn, event, requestId);
      },
      log,
      fallback: webAppFallback({
        apiUrl: () => apiUrl,
        signIn: () => {
          if (!signIn) throw new Error('the local OpenID provider is still starting');
          // Cognito's paths on the provider (it serves them: see its discovery document).
          return cognitoStyleSignIn(signIn.issuer, signIn.issuer, signIn.clientId);
        },
      }),
      // The end-to-end tests check every answer against the API contract; the gateway logs a mismatch.
      ...(process.env.MSV_CHECK_RESPONSES === '1'
        ? { checkAnswer: (await import('./contract-check.js')).contractCheck() }
        : {}),
    });
    await new Promise<void>((ok, fail) => {
      gateway.once('error', fail);
      gateway.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', ok);
    });
    // PORT=0 picks a free port (tests); report the one we got.
    const port = (gateway.address() as AddressInfo).port;
    apiUrl = `http://localhost:${port}`;
    stops.push(
      () =>
        new Promise((r) => {
          gateway.close(() => r());
          // A browser keeps idle keep-alive connections open for minutes; close() alone would wait for them.
          gateway.closeAllConnections();
        }),
    );

    // The user pool's stand-in: sign-in returns to the web app's `/`, as the app client's callback URL says.
    const appUrl = process.env.MSV_APP_URL ?? apiUrl;
    const oidc = await startLocalOidc({
      port: await preferPort(8008),
      appUrl,
      redirectPaths: ['/'],
      postLogoutPaths: ['/'],
      sesEndpoint: ses.url,
      people: DEMO_PEOPLE.map(({ email, name }) => ({ email, name })),
      // Invited people stay users across restarts, as their memberships stay in the table.
      usersFile: join(LOCAL_DIR, 'user-pool.json'),
      log,
    });
    stops.push(() => oidc.close());
    signIn = {
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      redirectUri: `${new URL(appUrl).origin}/`,
      scope: oidc.scope,
      userPoolId: oidc.userPoolId,
      adminEndpoint: oidc.adminEndpoint,
      people: demoPeopleInfo(),
    };

    // MSV_NOW moves the local stack to another day; the scheduler and the daily timer fire by this one clock.
    const clock = clockOf(process.env.MSV_NOW);
    // The functions as the CDK app deploys them: synthesized from the same deploy settings (MSV_* and context)
    // that `cdk synth` reads, each with its own environment and role policy.
    runtime = await startLocalRuntime({
      standIns: { dynamodbEndpoint: ddb.endpoint, s3Endpoint: s3.endpoint, sesEndpoint: ses.url },
      names: {
        tableName: TABLE,
        uploadBucket: UPLOAD_BUCKET,
        deliveryBucket: DELIVERY_BUCKET,
        deliveryQueue: DELIVERY_QUEUE,
        scheduleDeadLetterQueue: SCHEDULE_DLQ,
      },
      clock,
      now: process.env.MSV_NOW,
      appUrl,
      signIn: { issuer: oidc.issuer, clientId: oidc.clientId, userPoolId: oidc.userPoolId },
      deployEnv: process.env,
      schedulesFile: join(LOCAL_DIR, 'schedules.json'),
      schedulerPort: await preferPort(8006),
      queuePort: await preferPort(8007),
      log,
    });
    const running = runtime;
    stops.push(() => running.stop());

    // The daily reminder schedule of the stateless stack: the real function at reminderTime, by the stack's clock.
    const daily = startDailyTimer({
      time: running.deployConfig.reminderTime,
      clock,
      run: async () =>
        log(
          `reminders: ${JSON.stringify(
            ((await running.invoke(REMINDERS_FN, {})) as { boards: unknown[] }).boards,
          )}`,
        ),
      log,
    });
    stops.push(async () => daily.stop());

    // The hourly reconciliation schedule of the stateless stack, and once on start: whatever a crash left
    // undelivered (a queue that lived in this process, a dispatch that never ran) is queued again.
    const reconcile = async () => {
      try {
        const run = (await running.invoke(RECONCILE_FN, {})) as { requeued: unknown[] };
        if (run.requeued.length > 0) log(`reconciliation queued again: ${JSON.stringify(run.requeued)}`);
      } catch (err) {
        log(`reconciliation failed: ${(err as Error).message}`);
      }
    };
    void reconcile();
    const hourly = setInterval(() => void reconcile(), 60 * 60 * 1000);
    hourly.unref();
    stops.push(async () => clearInterval(hourly));

    const info: StackInfo = {
      apiUrl,
      sesUrl: ses.url,
      s3Endpoint: s3.endpoint,
      dynamodbEndpoint: ddb.endpoint,
      tableName: TABLE,
      uploadBucket: UPLOAD_BUCKET,
      deliveryBucket: DELIVERY_BUCKET,
      schedulerEndpoint: running.scheduler.endpoint,
      scheduleGroup: running.scheduleGroup ?? '',
      deliveryQueueUrl: running.queue.queueUrl,
      functionsEndpoint: running.proxyEndpoint,
      tokens,
      signIn,
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
        `  functions      ${running.shape.functions.length}, each with its synthesized environment; IAM checked at ${info.functionsEndpoint}`,
        `  demo board     41234 Stichting Voorbeeldscholen: VO school 22KC00 (havo, vwo), PO school 12AB00`,
        `  sign-in        ${oidc.issuer}  (the demo people in ${STACK_FILE}: signIn.people; codes on the sent-mail page)`,
        `  user pool      ${oidc.userPoolId}  (Cognito's admin API at ${oidc.adminEndpoint}; only its users sign in)`,
        // Where the tokens are, never the tokens: terminals, CI logs and screen shares keep what is printed.
        `  tokens         in ${STACK_FILE} (${Object.keys(tokens)
          .map((k) => `tokens.${k}`)
          .join(', ')})`,
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
