/**
 * The vocabulary shared by the request mappers, the evaluator and the proxy: an IAM check, the HTTP request parts a
 * mapper reads, and the error a mapper throws for a request it does not understand.
 */

/** The services the local IAM proxy fronts (the signing names of their SigV4 credential scopes). */
export type ProxiedService = 'dynamodb' | 's3' | 'ses' | 'scheduler' | 'sqs' | 'cognito-idp';

/** One IAM authorization check. */
export interface IamRequest {
  /** `service:Action`, e.g. `dynamodb:PutItem`. */
  action: string;
  /** The resource ARN, or `*` for actions without resource-level permissions. */
  resource: string;
  /** Service condition keys (`dynamodb:LeadingKeys`, `s3:prefix`, …); multi-valued keys are arrays. */
  context?: Record<string, string | string[]>;
  /**
   * Further resources any one of which, when allowed, allows this check as well. SES authorizes a send against
   * the identity that verified the sender, the address or its domain; locally we do not know which one exists.
   */
  alternativeResources?: readonly string[];
}

/** The parts of an HTTP request the mapper reads; `path` is the raw (still percent-encoded) path. */
export interface HttpRequestParts {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

export interface MappingContext {
  account: string;
  region: string;
  /** Partition key attribute of every table and of its indexes; defaults to the msv table design. */
  partitionKeys?: { table: string; indexes: Readonly<Record<string, string>> };
}

/** Thrown for a request the mapper cannot turn into IAM checks; the message says why. */
export class UnmappedRequestError extends Error {
  override readonly name = 'UnmappedRequestError';
}

/** Throws the mapper's denial reason. */
export const fail = (reason: string): never => {
  throw new UnmappedRequestError(reason);
};

/** Percent-decodes, turning a malformed escape into a denial instead of a crash. */
export const decodeOrFail = (s: string, what: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return fail(`malformed percent-encoding in ${what}`);
  }
};
