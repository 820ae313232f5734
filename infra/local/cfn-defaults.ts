/**
 * What `Ref` and `Fn::GetAtt` of a resource return when the caller gives no physical value for it: one entry
 * per resource type, the AWS formats of names and ARNs in the local account and region. Used by
 * infra/local/cfn-resolve.ts; a type missing here can only be referenced through the caller's physical map.
 */
import { createHash } from 'node:crypto';

/** What an entry may use: the resource's physical name and Ref (both lazy), and the stack's setting. */
export interface DefaultsContext {
  readonly stackName: string;
  readonly logicalId: string;
  /** The resource's Properties, intrinsics resolved on access (`prop('Path')`); undefined when absent. */
  readonly prop: (name: string) => unknown;
  /** Physical name: the caller's, else the literal name property (`nameProps`), else the generated name. */
  readonly name: string;
  /** What Ref returns: the caller's, else the entry's `ref`. */
  readonly ref: string;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly urlSuffix: string;
  /** The URL of a queue by name (the caller's `queueUrlBase`, else the AWS form). */
  readonly queueUrl: (queueName: string) => string;
}

export interface TypeDefaults {
  /** Properties that name the resource, first present wins (a literal or an intrinsic that resolves). */
  readonly nameProps?: readonly string[];
  /** The name CloudFormation would generate; default `${stackName}-${logicalId}`. */
  readonly generatedName?: (c: DefaultsContext) => string;
  /** Ref; default the physical name. */
  readonly ref?: (c: DefaultsContext) => string;
  /** The physical name when the caller gives only a Ref; default the Ref itself (for types whose Ref is a name). */
  readonly nameFromRef?: (ref: string) => string;
  readonly attrs?: Readonly<Record<string, (c: DefaultsContext) => string>>;
}

export const PARTITION = 'aws';
export const URL_SUFFIX = 'amazonaws.com';

/** The pseudo parameters but AWS::NoValue (which the resolver handles: it removes a value). */
export const PSEUDO_PARAMETERS: Readonly<
  Record<string, (c: { stackName: string; account: string; region: string }) => unknown>
> = {
  'AWS::Region': (c) => c.region,
  'AWS::AccountId': (c) => c.account,
  'AWS::Partition': () => PARTITION,
  'AWS::URLSuffix': () => URL_SUFFIX,
  'AWS::StackName': (c) => c.stackName,
  'AWS::StackId': (c) =>
    `arn:${PARTITION}:cloudformation:${c.region}:${c.account}:stack/${c.stackName}/local`,
  'AWS::NotificationARNs': () => [],
};

/** A stable fake hex id of a resource, `length` hex digits. */
export const fakeHex = (c: Pick<DefaultsContext, 'stackName' | 'logicalId'>, length: number): string =>
  createHash('sha256').update(`${c.stackName}/${c.logicalId}`).digest('hex').slice(0, length);

/** A stable fake uuid of a resource (KMS key ids). */
export const fakeUuid = (c: Pick<DefaultsContext, 'stackName' | 'logicalId'>): string => {
  const h = fakeHex(c, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

const arn = (c: DefaultsContext, service: string, resource: string) =>
  `arn:${c.partition}:${service}:${c.region}:${c.account}:${resource}`;
const globalArn = (c: DefaultsContext, service: string, resource: string) =>
  `arn:${c.partition}:${service}::${c.account}:${resource}`;
/** IAM paths start and end with `/`; the default is `/`. */
const iamPath = (c: DefaultsContext) => (c.prop('Path') as string | undefined) ?? '/';
const lastSegment = (s: string) => s.slice(s.lastIndexOf('/') + 1);
const lastArnPart = (s: string) => s.slice(s.lastIndexOf(':') + 1);

/** What no deployment of the local stack has: asking for it is an error, not a made-up value. */
const unavailable = (what: string) => (): string => {
  throw new Error(`${what} has no local equivalent`);
};

export const TYPE_DEFAULTS: Readonly<Record<string, TypeDefaults>> = {
  'AWS::Lambda::Function': {
    nameProps: ['FunctionName'],
    attrs: { Arn: (c) => arn(c, 'lambda', `function:${c.name}`) },
  },
  'AWS::Lambda::LayerVersion': {
    nameProps: ['LayerName'],
    ref: (c) => arn(c, 'lambda', `layer:${c.name}:1`),
    nameFromRef: (ref) => ref.split(':')[6] ?? ref,
  },
  'AWS::IAM::Role': {
    nameProps: ['RoleName'],
    attrs: {
      Arn: (c) => globalArn(c, 'iam', `role${iamPath(c)}${c.name}`),
      RoleId: (c) => `AROA${fakeHex(c, 17).toUpperCase()}`,
    },
  },
  'AWS::IAM::ManagedPolicy': {
    nameProps: ['ManagedPolicyName'],
    ref: (c) => globalArn(c, 'iam', `policy${iamPath(c)}${c.name}`),
    nameFromRef: lastSegment,
    attrs: { PolicyArn: (c) => c.ref },
  },
  'AWS::IAM::Policy': { nameProps: ['PolicyName'] },
  'AWS::SQS::Queue': {
    nameProps: ['QueueName'],
    // CloudFormation appends .fifo to the generated name of a FIFO queue.
    generatedName: (c) => `${c.stackName}-${c.logicalId}${c.prop('FifoQueue') === true ? '.fifo' : ''}`,
    ref: (c) => c.queueUrl(c.name),
    nameFromRef: lastSegment,
    attrs: {
      Arn: (c) => arn(c, 'sqs', c.name),
      QueueName: (c) => c.name,
      QueueUrl: (c) => c.ref,
    },
  },
  'AWS::SNS::Topic': {
    nameProps: ['TopicName'],
    ref: (c) => arn(c, 'sns', c.name),
    nameFromRef: lastArnPart,
    attrs: { TopicArn: (c) => c.ref, TopicName: (c) => c.name },
  },
  'AWS::DynamoDB::Table': {
    nameProps: ['TableName'],
    attrs: {
      Arn: (c) => arn(c, 'dynamodb', `table/${c.name}`),
      StreamArn: unavailable('a DynamoDB stream ARN'),
    },
  },
  'AWS::S3::Bucket': {
    nameProps: ['BucketName'],
    // Bucket names are lower case; CloudFormation lower-cases the generated one too.
    generatedName: (c) => `${c.stackName}-${c.logicalId}`.toLowerCase(),
    attrs: {
      Arn: (c) => `arn:${c.partition}:s3:::${c.name}`,
      DomainName: (c) => `${c.name}.s3.${c.urlSuffix}`,
      RegionalDomainName: (c) => `${c.name}.s3.${c.region}.${c.urlSuffix}`,
      DualStackDomainName: (c) => `${c.name}.s3.dualstack.${c.region}.${c.urlSuffix}`,
      WebsiteURL: (c) => `http://${c.name}.s3-website-${c.region}.${c.urlSuffix}`,
    },
  },
  'AWS::KMS::Key': {
    ref: fakeUuid,
    attrs: { Arn: (c) => arn(c, 'kms', `key/${c.ref}`), KeyId: (c) => c.ref },
  },
  'AWS::KMS::Alias': { nameProps: ['AliasName'] },
  'AWS::Scheduler::ScheduleGroup': {
    nameProps: ['Name'],
    attrs: { Arn: (c) => arn(c, 'scheduler', `schedule-group/${c.name}`) },
  },
  'AWS::Scheduler::Schedule': {
    nameProps: ['Name'],
    attrs: {
      Arn: (c) => arn(c, 'scheduler', `schedule/${(c.prop('GroupName') as string) ?? 'default'}/${c.name}`),
    },
  },
  'AWS::SES::EmailIdentity': { nameProps: ['EmailIdentity'] },
  'AWS::SES::ConfigurationSet': { nameProps: ['Name'] },
  'AWS::Logs::LogGroup': {
    nameProps: ['LogGroupName'],
    attrs: { Arn: (c) => arn(c, 'logs', `log-group:${c.name}:*`) },
  },
  'AWS::Events::Rule': {
    nameProps: ['Name'],
    attrs: { Arn: (c) => arn(c, 'events', `rule/${c.name}`) },
  },
  'AWS::SecretsManager::Secret': {
    nameProps: ['Name'],
    ref: (c) => arn(c, 'secretsmanager', `secret:${c.name}-${fakeHex(c, 6)}`),
    nameFromRef: (ref) => lastArnPart(ref).replace(/-[0-9a-f]{6}$/, ''),
  },
  'AWS::SSM::Parameter': { nameProps: ['Name'] },
  // The distribution id is its Ref; its domain is usually overridden by the caller (the local web app).
  'AWS::CloudFront::Distribution': {
    generatedName: (c) => `E${fakeHex(c, 13).toUpperCase()}`,
    attrs: { DomainName: (c) => `${c.ref.toLowerCase()}.cloudfront.net`, Id: (c) => c.ref },
  },
  'AWS::ApiGatewayV2::Api': {
    ref: (c) => fakeHex(c, 10),
    attrs: {
      ApiId: (c) => c.ref,
      ApiEndpoint: (c) => `https://${c.ref}.execute-api.${c.region}.${c.urlSuffix}`,
    },
  },
  // The user pool stands for the local OpenID provider, whose issuer the caller maps onto ProviderURL.
  'AWS::Cognito::UserPool': {
    nameProps: ['UserPoolName'],
    ref: (c) => `${c.region}_${fakeHex(c, 9)}`,
    attrs: {
      Arn: (c) => arn(c, 'cognito-idp', `userpool/${c.ref}`),
      UserPoolId: (c) => c.ref,
      ProviderName: (c) => `cognito-idp.${c.region}.${c.urlSuffix}/${c.ref}`,
      ProviderURL: (c) => `https://cognito-idp.${c.region}.${c.urlSuffix}/${c.ref}`,
    },
  },
  'AWS::Cognito::UserPoolClient': {
    nameProps: ['ClientName'],
    ref: (c) => fakeHex(c, 26),
    attrs: { ClientId: (c) => c.ref, Name: (c) => c.name },
  },
  'AWS::Cognito::UserPoolDomain': { nameProps: ['Domain'] },
  'AWS::Cognito::UserPoolIdentityProvider': { nameProps: ['ProviderName'] },
  'AWS::CloudWatch::Alarm': {
    nameProps: ['AlarmName'],
    attrs: { Arn: (c) => arn(c, 'cloudwatch', `alarm:${c.name}`) },
  },
};
