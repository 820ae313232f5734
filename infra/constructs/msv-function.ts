/**
 * A msv Lambda function with the project's defaults: Node 24 on arm64, ESM bundled by the local esbuild with the
 * AWS SDK inside the bundle (a current @aws-sdk/client-scheduler is needed), X-Ray tracing, and a log group
 * with a retention period. The bundling options are exported (MSV_BUNDLING): test/infra/bundles.test.ts and
 * `npm run bench` build with the same definition.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CfnResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** The repository root, wherever the CDK app or a test runs from. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Template metadata key naming the folder under functions/ of a Lambda function. */
export const FUNCTION_METADATA_KEY = 'msv:function';

/**
 * Replaces the AWS SDK's default credential provider chain in every bundle: functions/lib/lambda-credentials.ts
 * reads the execution role's credentials from the environment, where Lambda puts them (and where the full chain
 * would have found them first). Saves the chain's other sources and the STS/SSO clients they bring, ~135 KB.
 */
export const LAMBDA_CREDENTIALS_MODULE = join(REPO_ROOT, 'functions', 'lib', 'lambda-credentials.ts');

/**
 * Replaces the SDK's event-stream codecs, which no msv function uses (functions/lib/no-event-streams.ts): ~20 KB
 * of every bundle with an SDK client.
 */
export const NO_EVENT_STREAMS_MODULE = join(REPO_ROOT, 'functions', 'lib', 'no-event-streams.ts');

/**
 * Replaces the DynamoDB client's endpoint-discovery cache, which keeps its entries in mnemonist's LRU and which the
 * client builds although none of its commands uses discovery, by the same cache on a Map
 * (functions/lib/endpoint-cache.ts): ~7 KB of every bundle with a DynamoDB client.
 */
export const ENDPOINT_CACHE_MODULE = join(REPO_ROOT, 'functions', 'lib', 'endpoint-cache.ts');

/** How every msv function is bundled (NodejsFunction's local esbuild). */
export const MSV_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  // Stack traces (NODE_OPTIONS=--enable-source-maps) need the mappings, not the sources: a third of the map,
  // which Node reads and parses while it loads the bundle.
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Bundle the SDK too: the runtime's copy lags behind, and old Scheduler clients drop fields we send.
  externalModules: [],
  // ESM bundles still meet CommonJS dependencies that call require().
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  esbuildArgs: {
    // esbuild's alias: every import of the package (and of its subpaths) resolves to this file instead.
    '--alias:@aws-sdk/credential-provider-node': LAMBDA_CREDENTIALS_MODULE,
    '--alias:@smithy/core/event-streams': NO_EVENT_STREAMS_MODULE,
    '--alias:@aws-sdk/endpoint-cache': ENDPOINT_CACHE_MODULE,
  },
  forceDockerBundling: false,
};

/** NodejsFunction props minus what the project fixes (entry, runtime, architecture). */
export interface MsvFunctionProps extends Omit<NodejsFunctionProps, 'entry' | 'runtime' | 'architecture'> {
  /** Folder under functions/ whose index.ts exports `handler`. */
  readonly fn: string;
  /** Retention of the function's own log group (created here, instead of the deprecated LogRetention helper). */
  readonly logRetention: RetentionDays;
}

/**
 * A Lambda function of `functions/<fn>/index.ts` with the project defaults; memorySize, timeout and everything
 * else of NodejsFunctionProps can be overridden, `environment` is merged over the defaults.
 */
export class MsvFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: MsvFunctionProps) {
    const { fn, logRetention, environment, ...rest } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: join(REPO_ROOT, 'functions', fn, 'index.ts'),
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(29),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'msv',
        NODE_OPTIONS: '--enable-source-maps',
        ...environment,
      },
      bundling: MSV_BUNDLING,
      ...rest,
    });
    // Names the function folder in the template, so the local runtime finds each function's code by it.
    (this.node.defaultChild as CfnResource).addMetadata(FUNCTION_METADATA_KEY, fn);
  }
}
