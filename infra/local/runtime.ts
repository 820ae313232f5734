/**
 * The local runtime: msv's functions as the CDK app deploys them. It synthesizes the app (no bundling), resolves
 * every function's environment and role policy to the local resources (infra/local/deployed-shape.ts), and runs
 * each function in a worker thread of its own with exactly that environment plus what Lambda itself sets (region,
 * role credentials, function name) and the endpoints of the local stand-ins. Every SDK call a function makes goes
 * through the local IAM proxy, which checks it against that function's synthesized policy; the user pool and the
 * web app's client resolve to the local OpenID provider the caller started, whose admin API (AdminCreateUser, …)
 * the proxy fronts like the other stand-ins. The scheduler and the
 * queue stand-ins invoke functions the way Scheduler and the SQS event source do: by the target's ARN, and with
 * the event source's synthesized batch size, concurrency and receive count.
 *
 * What differs from AWS is said here, in LOCAL_OVERRIDES, and nowhere else.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Clock } from '../../shared/clock.js';
import { ENV_NAMES } from '../../shared/config.js';
import { REPO_ROOT } from '../constructs/msv-function.js';
import type { DeployConfig } from '../deploy-config.js';
import {
  deployedShape,
  type LocalDeployedFunction,
  type LocalDeployedShape,
  localPhysicalNames,
} from './deployed-shape.js';
import { LOCAL_ACCOUNT, LOCAL_REGION, LOCAL_USER_POOL_ID } from './deployed-types.js';
import { type FunctionHost, type FunctionStats, startFunctionHost } from './function-host.js';
import { type IamDecision, type ProxyExchange, startIamProxy } from './iam/iam-proxy.js';
import { createPolicyEvaluator, type LocalPrincipal } from './iam/policy-evaluator.js';
import { freePort } from './ports.js';
import { type LocalScheduler, startLocalScheduler } from './scheduler.js';
import { type LocalQueue, startLocalQueue } from './sqs.js';
import { synthApp } from './synth.js';

/** The stand-ins the runtime's functions talk to (through the IAM proxy). */
export interface StandIns {
  dynamodbEndpoint: string;
  s3Endpoint: string;
  sesEndpoint: string;
}

/** Local names of the stateful resources. */
export interface RuntimeNames {
  tableName: string;
  uploadBucket: string;
  deliveryBucket: string;
  deliveryQueue: string;
  scheduleDeadLetterQueue: string;
}

export interface LocalRuntimeOptions {
  standIns: StandIns;
  names: RuntimeNames;
  /** The clock the scheduler stand-in fires by (MSV_NOW's clock). */
  clock: Clock;
  /** MSV_NOW for every function (the local stage only). */
  now?: string;
  /** The web app's local address, standing in for the CloudFront URL (MSV_APP_URL where the template sets it). */
  appUrl?: string;
  /**
   * The local OpenID provider (infra/local/oidc) standing in for the Cognito user pool: its issuer takes the
   * pool's place (ProviderURL) and its client id the web app client's (Ref), wherever the templates name them,
   * such as the authorizer's MSV_PEOPLE_ISSUER and MSV_PEOPLE_CLIENT_ID. The pool's Ref (MSV_PEOPLE_USER_POOL_ID)
   * is `userPoolId` (default LOCAL_USER_POOL_ID), its admin API the issuer's origin unless `adminEndpoint` says.
   */
  signIn: { issuer: string; clientId: string; userPoolId?: string; adminEndpoint?: string };
  /** MSV_LOG_LEVEL instead of the synthesized one (tests keep the functions quiet). */
  logLevel?: string;
  /** Deploy settings (MSV_* as `cdk synth` reads them, and CDK context), so that local and deployed agree. */
  deployEnv?: Record<string, string | undefined>;
  context?: Record<string, unknown>;
  /** Where the scheduler stand-in keeps its schedules; undefined keeps them in memory. */
  schedulesFile?: string;
  /** Ports of the scheduler and queue stand-ins (0 or undefined: any free port). */
  schedulerPort?: number;
  queuePort?: number;
  /** How often the scheduler stand-in looks for due schedules (1 s); a bench that fires them itself sets it long. */
  schedulerIntervalMs?: number;
  log?: (line: string) => void;
  onDecision?: (d: IamDecision) => void;
  /** Every allowed SDK call once answered (the national-day bench counts requests, items and bytes with it). */
  onExchange?: (x: ProxyExchange) => void;
  /** Changes the shape before it runs: for tests that take a grant away. */
  transformShape?: (shape: LocalDeployedShape) => LocalDeployedShape;
}

export interface LocalRuntime {
  shape: LocalDeployedShape;
  /** The deploy configuration the templates were synthesized with (the reminders' time, …). */
  deployConfig: DeployConfig;
  /** The IAM proxy, the one endpoint of every function's SDK clients. */
  proxyEndpoint: string;
  scheduler: LocalScheduler;
  queue: LocalQueue;
  /** The local OpenID provider the templates' user pool and app client were resolved to. */
  signIn: { issuer: string; clientId: string; userPoolId: string };
  /** The schedule group the consent function writes to (a literal in the template). */
  scheduleGroup: string | undefined;
  /** Invokes a function by folder name, as Lambda invokes it. */
  invoke(fn: string, event: unknown, requestId?: string): Promise<unknown>;
  /** The environment a function runs with (for tests and for `npm start`'s log). */
  environmentOf(fn: string): Readonly<Record<string, string>>;
  decisions(): readonly IamDecision[];
  /** A function's invocations, inits and their thread CPU so far. */
  stats(fn: string): FunctionStats;
  stop(): Promise<void>;
}

/**
 * The variables the local runtime sets differently from the template, and why. Nothing else differs.
 * - MSV_STAGE: `local` allows MSV_NOW and path-style S3 (the S3 stand-in has no virtual-host buckets).
 * - MSV_NOW: the simulated time, only when set.
 * - MSV_APP_URL: the web app is served by the local gateway, not by CloudFront.
 * - MSV_LOG_LEVEL: only when the caller asks (tests).
 */
export const LOCAL_OVERRIDES = [
  ENV_NAMES.stage,
  ENV_NAMES.now,
  ENV_NAMES.appUrl,
  ENV_NAMES.logLevel,
] as const;

/** What the Lambda service adds to a function's own environment, locally pointed at the proxy. */
const lambdaEnvironment = (
  f: LocalDeployedFunction,
  proxy: string,
  key: { id: string; secret: string; token: string },
) => ({
  AWS_REGION: LOCAL_REGION,
  AWS_DEFAULT_REGION: LOCAL_REGION,
  AWS_ACCESS_KEY_ID: key.id,
  AWS_SECRET_ACCESS_KEY: key.secret,
  AWS_SESSION_TOKEN: key.token,
  AWS_LAMBDA_FUNCTION_NAME: f.functionName,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(f.memorySize),
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${f.functionName}`,
  AWS_EXECUTION_ENV: `AWS_Lambda_${f.runtime}`,
  TZ: ':UTC',
  // Every service's endpoint is the IAM proxy; it forwards what the function's policy allows.
  AWS_ENDPOINT_URL_DYNAMODB: proxy,
  AWS_ENDPOINT_URL_S3: proxy,
  AWS_ENDPOINT_URL_SES: proxy,
  AWS_ENDPOINT_URL_SCHEDULER: proxy,
  AWS_ENDPOINT_URL_SQS: proxy,
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: proxy,
  // Without these, streamed uploads reach s3rver with aws-chunked framing and are stored corrupted.
  AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
  AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_EC2_METADATA_DISABLED: 'true',
});

/** Temporary credentials of a function's role, as Lambda hands them over: random per runtime. */
const roleCredentials = () => ({
  id: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
  secret: randomBytes(20).toString('base64url'),
  token: randomBytes(24).toString('base64url'),
});

export const startLocalRuntime = async (opts: LocalRuntimeOptions): Promise<LocalRuntime> => {
  const log = opts.log ?? (() => undefined);
  // The queue URL the functions get must point at the proxy (the SQS client sends to the queue URL's host).
  const proxyPort = await freePort();
  const proxyEndpoint = `http://127.0.0.1:${proxyPort}`;
  const userPoolId = opts.signIn.userPoolId ?? LOCAL_USER_POOL_ID;
  const app = synthApp({ env: opts.deployEnv ?? {}, context: opts.context });
  const physical = localPhysicalNames(app, {
    tableName: opts.names.tableName,
    uploadBucket: opts.names.uploadBucket,
    deliveryBucket: opts.names.deliveryBucket,
    deliveryQueue: opts.names.deliveryQueue,
    scheduleDeadLetterQueue: opts.names.scheduleDeadLetterQueue,
    queueUrl: (name) => `${proxyEndpoint}/${LOCAL_ACCOUNT}/${name}`,
    ...(opts.appUrl ? { webAppDomain: new URL(opts.appUrl).host } : {}),
    signIn: { ...opts.signIn, userPoolId },
  });
  const synthesized = deployedShape(app.templates, {
    account: LOCAL_ACCOUNT,
    region: LOCAL_REGION,
    physical,
    queueUrlBase: (name) => `${proxyEndpoint}/${LOCAL_ACCOUNT}/${name}`,
  });
  const shape = opts.transformShape ? opts.transformShape(synthesized) : synthesized;

  const hosts = new Map<string, FunctionHost>();
  const environments = new Map<string, Record<string, string>>();
  const principals = new Map<string, LocalPrincipal>();
  for (const f of shape.functions) {
    const key = roleCredentials();
    principals.set(key.id, { name: f.fn, roleArn: f.roleArn, policies: f.policies });
    const env: Record<string, string> = {
      ...f.environment,
      ...lambdaEnvironment(f, proxyEndpoint, key),
      [ENV_NAMES.stage]: 'local',
      ...(opts.now ? { [ENV_NAMES.now]: opts.now } : {}),
      ...(opts.logLevel ? { [ENV_NAMES.logLevel]: opts.logLevel } : {}),
      ...(opts.appUrl && f.environment[ENV_NAMES.appUrl] ? { [ENV_NAMES.appUrl]: opts.appUrl } : {}),
    };
    environments.set(f.fn, env);
    hosts.set(
      f.fn,
      startFunctionHost({
        entry: join(REPO_ROOT, 'functions', f.fn, 'index.ts'),
        functionName: f.functionName,
        functionArn: f.functionArn,
        memorySize: f.memorySize,
        timeoutSeconds: f.timeoutSeconds,
        env,
      }),
    );
  }
  const byArn = new Map(shape.functions.map((f) => [f.functionArn, f.fn]));
  const evaluator = createPolicyEvaluator({ account: LOCAL_ACCOUNT, region: LOCAL_REGION });
  const invoke = (fn: string, event: unknown, requestId?: string) => {
    const host = hosts.get(fn);
    if (!host) throw new Error(`no function ${fn} in the synthesized templates`);
    return host.invoke(event, requestId);
  };

  const source = shape.queueSources.find((q) => q.queueName === opts.names.deliveryQueue);
  if (!source) throw new Error(`no SQS event source on queue ${opts.names.deliveryQueue} in the templates`);
  const queue = await startLocalQueue({
    port: opts.queuePort ?? 0,
    name: source.queueName,
    batchSize: source.batchSize,
    // Without MaximumConcurrency, Lambda starts with five pollers; without a redrive policy SQS keeps retrying.
    concurrency: source.maxConcurrency ?? 5,
    maxReceives: source.maxReceiveCount ?? Number.POSITIVE_INFINITY,
    consume: async (event) => (await invoke(source.fn, event)) as never,
    log,
  });
  const scheduler = await startLocalScheduler({
    port: opts.schedulerPort ?? 0,
    file: opts.schedulesFile,
    clock: opts.clock,
    ...(opts.schedulerIntervalMs ? { intervalMs: opts.schedulerIntervalMs } : {}),
    // Scheduler invokes the target by its ARN, with the schedule's input as the event.
    invoke: async (schedule) => {
      // Scheduler invokes with the schedule's role: it must allow lambda:InvokeFunction on the target.
      const role = shape.roles.find((r) => r.roleArn === schedule.Target.RoleArn);
      const allowed = role
        ? evaluator.evaluate(
            { name: 'scheduler', roleArn: role.roleArn, policies: role.policies },
            { action: 'lambda:InvokeFunction', resource: schedule.Target.Arn },
          )
        : { allowed: false as const, reason: `the role ${schedule.Target.RoleArn} is not in the templates` };
      if (!allowed.allowed) {
        log(`scheduler: ${schedule.Name} not invoked: ${allowed.reason}`);
        throw new Error(`schedule ${schedule.Name} may not invoke ${schedule.Target.Arn}: ${allowed.reason}`);
      }
      const fn = byArn.get(schedule.Target.Arn);
      if (!fn)
        throw new Error(
          `schedule ${schedule.Name} targets ${schedule.Target.Arn}, which is no local function`,
        );
      return invoke(fn, JSON.parse(schedule.Target.Input ?? '{}'));
    },
    log,
  });

  const proxy = await startIamProxy({
    port: proxyPort,
    upstreams: {
      dynamodb: opts.standIns.dynamodbEndpoint,
      s3: opts.standIns.s3Endpoint,
      ses: opts.standIns.sesEndpoint,
      scheduler: scheduler.endpoint,
      sqs: queue.endpoint,
      'cognito-idp': opts.signIn.adminEndpoint ?? opts.signIn.issuer,
    },
    principals,
    resourcePolicies: shape.resourcePolicies,
    account: LOCAL_ACCOUNT,
    region: LOCAL_REGION,
    // s3rver knows one key and verifies no signature.
    upstreamCredentials: { s3: { accessKeyId: 'S3RVER' } },
    onDecision: (d) => {
      if (!d.allowed) log(`iam: ${d.principal ?? d.accessKeyId ?? 'unsigned'} denied: ${d.reason}`);
      opts.onDecision?.(d);
    },
    ...(opts.onExchange ? { onExchange: opts.onExchange } : {}),
    log,
  });

  const consent = shape.functions.find((f) => f.environment[ENV_NAMES.scheduleGroup]);
  return {
    shape,
    deployConfig: app.config,
    signIn: { issuer: opts.signIn.issuer, clientId: opts.signIn.clientId, userPoolId },
    proxyEndpoint: proxy.endpoint,
    scheduler,
    queue,
    scheduleGroup: consent?.environment[ENV_NAMES.scheduleGroup],
    invoke,
    environmentOf: (fn) => {
      const env = environments.get(fn);
      if (!env) throw new Error(`no function ${fn} in the synthesized templates`);
      return env;
    },
    decisions: () => proxy.decisions(),
    stats: (fn) => {
      const host = hosts.get(fn);
      if (!host) throw new Error(`no function ${fn} in the synthesized templates`);
      return host.stats();
    },
    stop: async () => {
      await Promise.allSettled([...hosts.values()].map((h) => h.stop()));
      await Promise.allSettled([proxy.stop(), scheduler.stop(), queue.stop()]);
    },
  };
};
