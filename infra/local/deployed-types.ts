/**
 * The deployed shape of msv as the local runtime sees it: every Lambda function of the synthesized templates with
 * its environment and its role's policies, CloudFormation references resolved to the local resources. Produced by
 * infra/local/deployed-shape.ts, consumed by the local runtime and the local IAM proxy.
 */

/** The fixed local account; local resources get ARNs in it and in LOCAL_REGION. */
export const LOCAL_ACCOUNT = '000000000000';
/** The region of the local stack (what `AWS_REGION` is for every local function). */
export const LOCAL_REGION = 'eu-west-1';
/**
 * The id of the local user pool: what the templates' user pool's Ref (MSV_PEOPLE_USER_POOL_ID) resolves to, and
 * the one pool the local admin API (infra/local/oidc/user-pool-api.ts) answers for. Shaped like Cognito's
 * (`{region}_{alphanumerics}`).
 */
export const LOCAL_USER_POOL_ID = `${LOCAL_REGION}_msvlocal`;

/** One IAM policy statement, as CloudFormation/IAM JSON, with every intrinsic resolved to a string. */
export interface PolicyStatementJson {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: unknown;
  NotPrincipal?: unknown;
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export interface PolicyDocumentJson {
  Version?: string;
  Statement: PolicyStatementJson[];
}

/** A Lambda function of the templates. */
export interface DeployedFunction {
  /** The folder under functions/ (from the function's `msv:function` template metadata). */
  readonly fn: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly roleArn: string;
  /** Environment.Variables, every value resolved to a string. */
  readonly environment: Readonly<Record<string, string>>;
  /** Identity policies of the role: its AWS::IAM::Policy resources and inline Policies, resolved. */
  readonly policies: readonly PolicyDocumentJson[];
  readonly memorySize: number;
  readonly timeoutSeconds: number;
  readonly runtime: string;
}

/** An SQS event source mapping of a function, with the settings of its queue. */
export interface DeployedQueueSource {
  readonly fn: string;
  readonly queueName: string;
  readonly queueArn: string;
  readonly batchSize: number;
  /** ScalingConfig.MaximumConcurrency (undefined when the mapping sets none). */
  readonly maxConcurrency: number | undefined;
  readonly reportBatchItemFailures: boolean;
  /** The queue's RedrivePolicy.maxReceiveCount (undefined without a dead-letter queue). */
  readonly maxReceiveCount: number | undefined;
  readonly visibilityTimeoutSeconds: number | undefined;
}

/** A resource policy (S3 bucket policy, SQS queue policy), keyed by the ARN of the resource it guards. */
export interface DeployedResourcePolicy {
  readonly resourceArn: string;
  readonly policy: PolicyDocumentJson;
}

export interface DeployedShape {
  readonly account: string;
  readonly region: string;
  readonly functions: readonly DeployedFunction[];
  readonly queueSources: readonly DeployedQueueSource[];
  readonly resourcePolicies: readonly DeployedResourcePolicy[];
}
