/**
 * The deployed shape of the synthesized templates (infra/local/deployed-types.ts): each msv Lambda function with
 * its environment and its role's identity policies, the SQS event sources with their queues' settings, and the
 * S3 bucket and SQS queue policies, every CloudFormation reference resolved (infra/local/cfn-resolve.ts) to the
 * local resources of the physical map. Generic over the templates: nothing here names a function or a variable.
 *
 *   const { stateful, stateless, templates } = synthApp();
 *   const physical = localPhysicalNames({ stateful, stateless }, { tableName: 'msv-local', … });
 *   const shape = deployedShape(templates, { account: LOCAL_ACCOUNT, region: LOCAL_REGION, physical });
 */
import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { FUNCTION_METADATA_KEY } from '../constructs/msv-function.js';
import type { MsvStatefulStack } from '../stateful-stack.js';
import type { MsvStatelessStack } from '../stateless-stack.js';
import {
  createResolver,
  type PhysicalMap,
  type PhysicalResource,
  type ResolverOptions,
} from './cfn-resolve.js';
import type {
  DeployedFunction,
  DeployedQueueSource,
  DeployedResourcePolicy,
  DeployedShape,
  PolicyDocumentJson,
} from './deployed-types.js';
import { LOCAL_USER_POOL_ID } from './deployed-types.js';
import type { TemplateJson } from './synth.js';

export interface LocalDeployedFunction extends DeployedFunction {
  /**
   * The role's ManagedPolicyArns, resolved but not expanded: their documents are not in the templates. Today
   * that is AWSLambdaBasicExecutionRole only, which allows nothing but the function's CloudWatch Logs writes
   * (logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents); a local IAM proxy may ignore it.
   */
  readonly managedPolicyArns: readonly string[];
}

export interface LocalDeployedShape extends DeployedShape {
  readonly functions: readonly LocalDeployedFunction[];
  /**
   * Lambda functions without `msv:function` metadata, left out of `functions`: CDK's own handlers (the
   * BucketDeployment, the auto-delete-objects custom resource), which have no folder under functions/.
   */
  readonly skipped: readonly { readonly stackName: string; readonly logicalId: string }[];
  /** Every IAM role of the templates by ARN, with its identity policies (resolved). */
  readonly roles: readonly { readonly roleArn: string; readonly policies: readonly PolicyDocumentJson[] }[];
}

export type DeployedShapeOptions = ResolverOptions;

type Resource = NonNullable<TemplateJson['Resources']>[string];
interface Located {
  readonly stackName: string;
  readonly logicalId: string;
  readonly resource: Resource;
}

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const numberOr = <T>(v: unknown, fallback: T): number | T => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`expected a number, got ${JSON.stringify(v)}`);
  return n;
};

/** Resolves the templates for the local runtime; throws (naming stack, logical id, path) on what it cannot. */
export const deployedShape = (
  templates: Readonly<Record<string, TemplateJson>>,
  options: DeployedShapeOptions,
): LocalDeployedShape => {
  const r = createResolver(templates, options);
  const all: Located[] = Object.entries(templates).flatMap(([stackName, t]) =>
    Object.entries(t.Resources ?? {}).map(([logicalId, resource]) => ({ stackName, logicalId, resource })),
  );
  const ofType = (...types: string[]) =>
    all.filter((x) => types.includes(x.resource.Type) && r.exists(x.stackName, x.logicalId));
  const prop = (x: Located, name: string) =>
    r.resolve(x.stackName, x.logicalId, x.resource.Properties?.[name], `Properties.${name}`);
  const propString = (x: Located, name: string) =>
    r.resolveString(x.stackName, x.logicalId, x.resource.Properties?.[name], `Properties.${name}`);
  const documentOf = (x: Located, value: unknown, path: string): PolicyDocumentJson => {
    const doc = r.resolve(x.stackName, x.logicalId, value, path) as { Statement?: unknown } | string;
    const parsed = (typeof doc === 'string' ? JSON.parse(doc) : doc) as PolicyDocumentJson;
    return { ...parsed, Statement: asList(parsed.Statement) as PolicyDocumentJson['Statement'] };
  };

  // Identity policies by the role name they attach to: AWS::IAM::Policy and customer managed policies list
  // roles by name (Ref), AWS::IAM::RolePolicy names one.
  const attached = new Map<string, PolicyDocumentJson[]>();
  for (const p of ofType('AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy')) {
    const roles = asList(p.resource.Type === 'AWS::IAM::RolePolicy' ? prop(p, 'RoleName') : prop(p, 'Roles'));
    if (roles.length === 0) continue;
    const doc = documentOf(p, p.resource.Properties?.PolicyDocument, 'Properties.PolicyDocument');
    for (const role of roles) attached.set(String(role), [...(attached.get(String(role)) ?? []), doc]);
  }
  const rolesByArn = new Map(
    ofType('AWS::IAM::Role').map((x) => [r.getAtt(x.stackName, x.logicalId, 'Arn'), x]),
  );
  const policiesOf = (roleArn: string) => {
    const role = rolesByArn.get(roleArn);
    // A role outside the templates (an imported ARN): its policies are unknown here, so none are listed.
    if (!role) return { policies: [], managedPolicyArns: [] };
    const inline = asList(role.resource.Properties?.Policies).map((p, i) =>
      documentOf(
        role,
        (p as { PolicyDocument: unknown }).PolicyDocument,
        `Properties.Policies[${i}].PolicyDocument`,
      ),
    );
    const name = r.ref(role.stackName, role.logicalId);
    return {
      policies: [...inline, ...(attached.get(name) ?? [])],
      managedPolicyArns: asList(prop(role, 'ManagedPolicyArns')).map(String),
    };
  };

  const lambdas = ofType('AWS::Lambda::Function');
  const fnOf = (x: Located) =>
    (x.resource.Metadata as Record<string, unknown> | undefined)?.[FUNCTION_METADATA_KEY];
  const functions: LocalDeployedFunction[] = lambdas
    .filter((x) => typeof fnOf(x) === 'string')
    .map((x) => {
      const roleArn = propString(x, 'Role');
      const variables = (x.resource.Properties?.Environment as { Variables?: Record<string, unknown> })
        ?.Variables;
      const environment = Object.fromEntries(
        Object.entries(variables ?? {}).map(([k, v]) => [
          k,
          r.resolveString(x.stackName, x.logicalId, v, `Properties.Environment.Variables.${k}`),
        ]),
      );
      return {
        fn: fnOf(x) as string,
        stackName: x.stackName,
        logicalId: x.logicalId,
        functionName: r.ref(x.stackName, x.logicalId),
        functionArn: r.getAtt(x.stackName, x.logicalId, 'Arn'),
        roleArn,
        environment,
        ...policiesOf(roleArn),
        // CloudFormation's defaults when a property is absent.
        memorySize: numberOr(prop(x, 'MemorySize'), 128),
        timeoutSeconds: numberOr(prop(x, 'Timeout'), 3),
        runtime: propString(x, 'Runtime'),
      };
    });
  const skipped = lambdas
    .filter((x) => typeof fnOf(x) !== 'string')
    .map(({ stackName, logicalId }) => ({ stackName, logicalId }));

  // SQS event sources: the mapping's function (by name or ARN, perhaps qualified) and the queue's settings.
  const queuesByArn = new Map(
    ofType('AWS::SQS::Queue').map((x) => [r.getAtt(x.stackName, x.logicalId, 'Arn'), x]),
  );
  const functionBy = (nameOrArn: string) =>
    functions.find(
      (f) =>
        f.functionName === nameOrArn ||
        f.functionArn === nameOrArn ||
        nameOrArn.startsWith(`${f.functionArn}:`),
    );
  const queueSources: DeployedQueueSource[] = [];
  for (const m of ofType('AWS::Lambda::EventSourceMapping')) {
    const source = prop(m, 'EventSourceArn');
    // Streams (DynamoDB, Kinesis) and Kafka are not SQS; a disabled mapping does not poll.
    if (typeof source !== 'string' || !source.startsWith('arn:aws:sqs:') || prop(m, 'Enabled') === false)
      continue;
    const fn = functionBy(propString(m, 'FunctionName'));
    if (!fn) continue; // a mapping of a skipped (non-msv) function
    const queue = queuesByArn.get(source);
    const redrive = queue && prop(queue, 'RedrivePolicy');
    const redrivePolicy = (typeof redrive === 'string' ? JSON.parse(redrive) : redrive) as
      | { maxReceiveCount?: unknown }
      | undefined;
    queueSources.push({
      fn: fn.fn,
      queueName: source.slice(source.lastIndexOf(':') + 1),
      queueArn: source,
      batchSize: numberOr(prop(m, 'BatchSize'), 10),
      maxConcurrency: numberOr(
        (prop(m, 'ScalingConfig') as { MaximumConcurrency?: unknown })?.MaximumConcurrency,
        undefined,
      ),
      reportBatchItemFailures: asList(prop(m, 'FunctionResponseTypes')).includes('ReportBatchItemFailures'),
      maxReceiveCount: numberOr(redrivePolicy?.maxReceiveCount, undefined),
      // SQS's default of 30 s when the queue sets none; unknown for a queue outside the templates.
      visibilityTimeoutSeconds: queue ? numberOr(prop(queue, 'VisibilityTimeout'), 30) : undefined,
    });
  }

  // Resource policies: a bucket policy guards `arn:aws:s3:::bucket` (its statements name bucket and bucket/*
  // themselves), a queue policy every queue of its Queues (URLs).
  const queueArnByUrl = new Map([...queuesByArn].map(([arn, x]) => [r.ref(x.stackName, x.logicalId), arn]));
  const resourcePolicies: DeployedResourcePolicy[] = [
    ...ofType('AWS::S3::BucketPolicy').map((x) => ({
      resourceArn: `arn:aws:s3:::${propString(x, 'Bucket')}`,
      policy: documentOf(x, x.resource.Properties?.PolicyDocument, 'Properties.PolicyDocument'),
    })),
    ...ofType('AWS::SQS::QueuePolicy').flatMap((x) => {
      const policy = documentOf(x, x.resource.Properties?.PolicyDocument, 'Properties.PolicyDocument');
      return asList(prop(x, 'Queues')).map((url) => ({
        resourceArn: queueArnByUrl.get(String(url)) ?? queueArnFromUrl(String(url), options),
        policy,
      }));
    }),
  ];

  return {
    account: options.account,
    region: options.region,
    functions,
    queueSources,
    resourcePolicies,
    skipped,
    // Every role of the templates with its identity policies: also those no function runs as, such as the roles
    // EventBridge Scheduler assumes to invoke a schedule's target.
    roles: [...rolesByArn.keys()].map((roleArn) => ({ roleArn, policies: policiesOf(roleArn).policies })),
  };
};

/** The ARN of a queue outside the templates from its URL (`https://sqs.{region}.amazonaws.com/{account}/{name}`). */
const queueArnFromUrl = (url: string, options: ResolverOptions): string => {
  const match = /^https?:\/\/(?:sqs\.([a-z0-9-]+)\.[^/]+)?[^/]*\/(\d{12})\/([^/]+)$/.exec(url);
  if (!match) throw new Error(`SQS queue policy: cannot tell the queue ARN of ${url}`);
  return `arn:aws:sqs:${match[1] ?? options.region}:${match[2]}:${match[3]}`;
};

/** Local names of the app's data resources; only `tableName` and `uploadBucket` are required. */
export interface LocalNames {
  readonly tableName: string;
  readonly uploadBucket: string;
  /**
   * Applies only when the stateful stack creates the delivery bucket; a configured `deliveryBucketName` is a
   * literal in the templates (synthesize with the local name as context instead).
   */
  readonly deliveryBucket?: string;
  /** Queue names; their Ref (URL) is `queueUrl(name)` when given, else deployedShape's `queueUrlBase`. */
  readonly deliveryQueue?: string;
  readonly scheduleDeadLetterQueue?: string;
  readonly queueUrl?: (queueName: string) => string;
  /** The data key's id (default a stable fake uuid). */
  readonly dataKeyId?: string;
  /** The web app's domain (CloudFront DomainName), e.g. `localhost:3000`. */
  readonly webAppDomain?: string;
  /**
   * The local OpenID provider standing in for the user pool (its issuer is the pool's ProviderURL, the `iss` of
   * its tokens; its pool id the pool's Ref, default LOCAL_USER_POOL_ID, from which its Arn follows) and the web
   * app's client id for the app client (its Ref).
   */
  readonly signIn?: { readonly issuer: string; readonly clientId: string; readonly userPoolId?: string };
}

/** The physical map that puts the local names on the app's resources, by their logical ids in the stacks. */
export const localPhysicalNames = (
  stacks: { readonly stateful: MsvStatefulStack; readonly stateless: MsvStatelessStack },
  names: LocalNames,
): PhysicalMap => {
  const map: Record<string, Record<string, PhysicalResource>> = {};
  const set = (construct: IConstruct | undefined, entry: PhysicalResource) => {
    if (!construct) return;
    const stack = Stack.of(construct);
    const logicalId = stack.getLogicalId(construct.node.defaultChild as CfnElement);
    map[stack.stackName] = { ...map[stack.stackName], [logicalId]: entry };
  };
  const queue = (name: string) => ({ name, ...(names.queueUrl ? { ref: names.queueUrl(name) } : {}) });
  const { stateful, stateless } = stacks;
  set(stateful.table, { name: names.tableName });
  set(stateful.uploadBucket, { name: names.uploadBucket });
  if (names.deliveryBucket) set(stateful.deliveryBucket, { name: names.deliveryBucket });
  if (names.scheduleDeadLetterQueue)
    set(stateful.scheduleDeadLetterQueue, queue(names.scheduleDeadLetterQueue));
  if (names.deliveryQueue) set(stateless.deliveryQueue, queue(names.deliveryQueue));
  if (names.dataKeyId) set(stateful.dataKey, { ref: names.dataKeyId });
  if (names.webAppDomain) set(stateless.webApp.distribution, { attrs: { DomainName: names.webAppDomain } });
  if (names.signIn) {
    set(stateful.users.userPool, {
      ref: names.signIn.userPoolId ?? LOCAL_USER_POOL_ID,
      attrs: { ProviderURL: names.signIn.issuer },
    });
    set(stateless.webSignIn.client, { ref: names.signIn.clientId });
  }
  return map;
};
