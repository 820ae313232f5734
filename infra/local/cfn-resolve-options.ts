/**
 * What the caller gives the CloudFormation resolver: the account and region, the physical values of the local
 * resources, and the template parameters. Whatever is left out is derived in the AWS formats of cfn-defaults.ts.
 */

/** Physical values of one resource; whatever is left out is derived (name → Ref → attributes). */
export interface PhysicalResource {
  /** The physical name (table name, bucket name, queue name, function name, …). */
  readonly name?: string;
  /** What Ref returns (a queue URL for SQS, a key id for KMS, …); for most types, the name. */
  readonly ref?: string;
  /** Fn::GetAtt values by attribute name. */
  readonly attrs?: Readonly<Record<string, string>>;
}

/** Physical values by stack name and logical id. */
export type PhysicalMap = Readonly<Record<string, Readonly<Record<string, PhysicalResource>>>>;

/** The account, region and values a resolver resolves with. */
export interface ResolverOptions {
  readonly account: string;
  readonly region: string;
  readonly physical?: PhysicalMap;
  /** The URL of a queue by name, for queues the physical map gives no Ref; default the AWS form. */
  readonly queueUrlBase?: (queueName: string) => string;
  /** Template parameter values by stack name; otherwise a parameter's Default is used. */
  readonly parameters?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}
