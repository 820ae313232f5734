/**
 * The local runtime (infra/local/runtime.ts) against the test run's stand-ins: every function in its own worker
 * with its synthesized environment, IAM enforced by the local proxy, and a local OpenID provider of its own in the
 * user pool's place (test/support/people.ts signs in there). Its pool has the demo people; a test that signs in
 * anyone else creates them first (`people`, `runtime.oidc.users.ensure`, or AdminCreateUser as an invitation).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ensureTable } from '../../infra/local/bootstrap.js';
import { contractCheck } from '../../infra/local/contract-check.js';
import { answerOf, createGateway } from '../../infra/local/gateway.js';
import { type LocalOidc, type LocalPerson, startLocalOidc } from '../../infra/local/oidc/index.js';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '../../infra/local/runtime.js';
import { DEMO_PEOPLE } from '../../infra/local/seed.js';
import { fixedOffsetClock, systemClock } from '../../shared/clock.js';
import { type RouteSpec, routes } from '../../shared/http/routes.js';

/** A test runtime, with the local OpenID provider its templates' user pool and app client resolve to. */
export interface TestRuntime extends LocalRuntime {
  /** Where people sign in (signInAs of test/support/people.ts takes the runtime as it is). */
  signIn: { issuer: string; clientId: string; userPoolId: string; redirectUri: string };
  /** The local SES that the sign-in codes are mailed to. */
  sesUrl: string;
  oidc: LocalOidc;
}

/** Where sign-in returns to in tests: no browser follows it, but the provider only redirects to registered URIs. */
const TEST_APP_URL = 'http://127.0.0.1:3999';

/** Starts a runtime on the stand-ins whose environment useLocalAws() put into process.env. */
export const startTestRuntime = async (
  opts: Partial<Omit<LocalRuntimeOptions, 'standIns' | 'names' | 'clock' | 'signIn'>> & {
    now?: string;
    /** A table of the test's own (created here), when its functions must not see other test files' data. */
    tableName?: string;
    /** Users of the local pool besides the demo people (only users of the pool can sign in). */
    people?: LocalPerson[];
  } = {},
): Promise<TestRuntime> => {
  const suffix = randomBytes(3).toString('hex');
  const deliveryBucket = process.env.MSV_DELIVERY_BUCKET ?? 'msv-test-deliveries';
  const tableName = opts.tableName ?? (process.env.MSV_TABLE_NAME as string);
  if (opts.tableName) await ensureTable(new DynamoDBClient({}), opts.tableName);
  const sesUrl = process.env.AWS_ENDPOINT_URL_SES as string;
  const appUrl = opts.appUrl ?? TEST_APP_URL;
  const oidc = await startLocalOidc({
    appUrl,
    redirectPaths: ['/'],
    postLogoutPaths: ['/'],
    sesEndpoint: sesUrl,
    people: [...DEMO_PEOPLE.map(({ email, name }) => ({ email, name })), ...(opts.people ?? [])],
  });
  let runtime: LocalRuntime;
  try {
    runtime = await startRuntime(opts, { suffix, deliveryBucket, tableName, oidc });
  } catch (err) {
    await oidc.close();
    throw err;
  }
  const stopRuntime = runtime.stop;
  return Object.assign(runtime, {
    signIn: {
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      userPoolId: oidc.userPoolId,
      redirectUri: `${new URL(appUrl).origin}/`,
    },
    sesUrl,
    oidc,
    stop: async () => {
      try {
        await stopRuntime();
      } finally {
        await oidc.close();
      }
    },
  });
};

const startRuntime = (
  opts: Parameters<typeof startTestRuntime>[0] & object,
  at: { suffix: string; deliveryBucket: string; tableName: string; oidc: LocalOidc },
): Promise<LocalRuntime> => {
  const { suffix, deliveryBucket, tableName, oidc } = at;
  const { people: _people, tableName: _table, ...rest } = opts;
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
    signIn: { issuer: oidc.issuer, clientId: oidc.clientId, userPoolId: oidc.userPoolId },
    ...rest,
  });
};

/**
 * The local gateway in front of a runtime, on a free port; resolves with its base URL and a close(). Every
 * answer is checked against its route's contract (infra/local/contract-check.ts): one that does not fit is
 * printed and becomes a 500, and close() then fails with every mismatch, so the test file fails even where a
 * test did not look at the answer.
 */
export const gatewayOn = async (
  runtime: LocalRuntime,
): Promise<{ base: string; close: () => Promise<void> }> => {
  const mismatches: string[] = [];
  const server = createGateway({
    invoke: (fn, event, requestId) => runtime.invoke(fn, event, requestId),
    checkAnswer: contractCheck(),
    onMismatch: (problems) => {
      console.error(`An answer does not match the API contract:\n  ${problems.join('\n  ')}`);
      mismatches.push(...problems);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (mismatches.length > 0) {
        throw new Error(`Answers that do not match the API contract:\n  ${mismatches.join('\n  ')}`);
      }
    },
  };
};

/** A test runtime and the checking gateway in front of it; close() stops both (and fails on a mismatch). */
export const startGatewayRuntime = async (
  opts: Parameters<typeof startTestRuntime>[0] = {},
): Promise<{ runtime: TestRuntime; base: string; close: () => Promise<void> }> => {
  const runtime = await startTestRuntime(opts);
  const gateway = await gatewayOn(runtime);
  return {
    runtime,
    base: gateway.base,
    close: async () => {
      try {
        await gateway.close();
      } finally {
        await runtime.stop();
      }
    },
  };
};

let check: ReturnType<typeof contractCheck> | undefined;

/**
 * For a test that invokes a route's function directly (as API Gateway would): throws unless its result fits the
 * contract of the route that the event's `routeKey` names, as the tests' gateway checks every answer.
 */
export const expectContract = (event: { routeKey: string }, result: unknown): void => {
  const route = (routes as readonly RouteSpec[]).find((r) => `${r.method} ${r.path}` === event.routeKey);
  if (!route) throw new Error(`no route ${event.routeKey}`);
  check ??= contractCheck();
  const problems = check(route, answerOf(result as APIGatewayProxyStructuredResultV2));
  if (problems.length > 0) {
    throw new Error(`The answer does not match the API contract:\n  ${problems.join('\n  ')}`);
  }
};

/** A test runtime behind the local gateway, which checks every answer against the contract, on a free port. */
export interface TestApi {
  /** The gateway's base URL. */
  url: string;
  runtime: TestRuntime;
  stop(): Promise<void>;
}

/** Starts a runtime (as startTestRuntime) and the local gateway in front of it. */
export const startTestApi = async (opts: Parameters<typeof startTestRuntime>[0] = {}): Promise<TestApi> => {
  const runtime = await startTestRuntime(opts);
  const server = createGateway({
    invoke: (fn, event, requestId) => runtime.invoke(fn, event, requestId),
    checkAnswer: contractCheck(),
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    runtime,
    stop: async () => {
      await new Promise((r) => server.close(r));
      await runtime.stop();
    },
  };
};
