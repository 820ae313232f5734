/**
 * IAM policy evaluation for the local IAM proxy: does a local function's role allow one {@link IamRequest}?
 *
 * Evaluator: `@cloud-copilot/iam-simulate` (AGPL-3.0-or-later, a devDependency, imported from infra/local only, never
 * bundled into a function). It implements AWS's evaluation logic itself: identity and resource policies with the
 * same-account rule, explicit deny first, every condition operator including `ForAllValues:`/`ForAnyValue:` and
 * `…IfExists`, policy variables, NotAction/NotResource, on action metadata generated from AWS's service reference.
 * Looked at on npm: `pbac` (MIT) is "IAM-inspired, mostly compatible", has no resource policies and no service data;
 * `iam-floyd`, `aws-iam-policy-types` only build or type policies; AWS's own SimulatePrincipalPolicy needs an account.
 * `@cloud-copilot/iam-policy` (same author, already its dependency) validates each policy once per principal.
 */
import {
  createValidatedPolicy,
  validateIdentityPolicy,
  validateResourcePolicy,
} from '@cloud-copilot/iam-policy';
import { runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { DeployedResourcePolicy, PolicyDocumentJson, PolicyStatementJson } from '../deployed-types.js';
import type { IamRequest } from './iam-request.js';

export type { IamRequest } from './iam-request.js';

/** A local function as the proxy knows it: its name (the session name), its role and the role's policies. */
export interface LocalPrincipal {
  readonly name: string;
  readonly roleArn: string;
  readonly policies: readonly PolicyDocumentJson[];
}

/** The outcome of one check; `reason` is the message AWS would put in the AccessDenied error. */
export type Evaluation = { allowed: true } | { allowed: false; reason: string };

export interface PolicyEvaluator {
  /** Evaluates one check against the principal's identity policies and the resource's policy, if any. */
  evaluate(principal: LocalPrincipal, request: IamRequest): Evaluation;
  /** The caller AWS names in denials: `arn:aws:sts::{account}:assumed-role/{role}/{function}`. */
  callerArn(principal: LocalPrincipal): string;
}

export interface PolicyEvaluatorOptions {
  account: string;
  region: string;
  /** Bucket and queue policies (e.g. the `enforceSSL` denies), keyed by the ARN of the resource they guard. */
  resourcePolicies?: readonly DeployedResourcePolicy[];
  /** The clock behind `aws:CurrentTime` / `aws:EpochTime`. */
  now?: () => Date;
}

type IdentityPolicies = Simulation['identityPolicies'];

interface Prepared {
  callerArn: string;
  roleArn: string;
  account: string;
  documents: readonly {
    name: string;
    version: string | undefined;
    statements: readonly PolicyStatementJson[];
  }[];
  /** Per action, only the statements that can apply to it: iam-simulate analyses (and explains) every one. */
  byAction: Map<string, IdentityPolicies>;
  /** Why the principal's policies cannot be evaluated (then every request of it is denied). */
  invalid?: string;
}

/**
 * Resource entries IAM itself would refuse (`MalformedPolicyDocument`: not `*` and not `arn:p:s:r:a:resource`);
 * iam-simulate reads such an entry leniently, so a typo could allow more than the deployed policy can.
 */
const malformedResources = (statements: readonly PolicyStatementJson[]): string[] =>
  statements
    .flatMap((st) => [st.Resource ?? [], st.NotResource ?? []].flat())
    .filter((r) => r !== '*' && !/^arn:[^:]*:[^:]*:[^:]*:[^:]*:./.test(r));

/** IAM action patterns: case-insensitive, `*` and `?` wildcards. */
const actionPattern = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );

/** Whether a statement can apply to `action`: a NotAction statement always can, an Action one when it names it. */
const mayApply = (statement: PolicyStatementJson, action: string): boolean =>
  statement.Action === undefined || [statement.Action].flat().some((a) => actionPattern(a).test(action));

const errorsOf = (errors: readonly { message: string; path: string }[]) =>
  errors.map((e) => `${e.path}: ${e.message}`).join('; ');

/** The resource whose policy guards `resource`: the bucket of an object, the table of an index, else itself. */
const guardedBy = (resource: string): string => {
  if (resource.startsWith('arn:aws:s3:::')) return resource.replace(/^(arn:aws:s3:::[^/]+).*$/, '$1');
  if (resource.startsWith('arn:aws:dynamodb:')) return resource.replace(/^([^/]+\/[^/]+)\/.*$/, '$1');
  return resource;
};

/** The AWS message for a denied check, `cause` being its last words (the "because …" or "with …" part). */
export const notAuthorizedMessage = (
  callerArn: string,
  action: string,
  resource: string,
  cause: string,
): string => `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource} ${cause}`;

/** Creates an evaluator; policies are validated once per principal (and once per resource policy) and cached. */
export const createPolicyEvaluator = (opts: PolicyEvaluatorOptions): PolicyEvaluator => {
  const now = opts.now ?? (() => new Date());
  const prepared = new WeakMap<LocalPrincipal, Prepared>();

  const resourcePolicies = new Map<string, { policy: unknown; invalid?: string }>();
  for (const rp of opts.resourcePolicies ?? []) {
    const validated = createValidatedPolicy(rp.policy, validateResourcePolicy, { name: rp.resourceArn });
    resourcePolicies.set(rp.resourceArn, {
      policy: validated,
      ...(validated.errors.length > 0 ? { invalid: errorsOf(validated.errors) } : {}),
    });
  }

  const prepare = (principal: LocalPrincipal): Prepared => {
    const cached = prepared.get(principal);
    if (cached) return cached;
    const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(principal.roleArn);
    const account = m?.[1] ?? opts.account;
    const roleName = m?.[2] ?? principal.roleArn;
    const problems: string[] = m ? [] : [`role ARN ${principal.roleArn} is not an IAM role ARN`];
    const documents = principal.policies.map((doc, i) => {
      const name = `${principal.name}-policy-${i + 1}`;
      const validated = createValidatedPolicy(doc, validateIdentityPolicy, { name });
      if (validated.errors.length > 0) problems.push(`${name}: ${errorsOf(validated.errors)}`);
      const malformed = malformedResources([doc.Statement].flat());
      if (malformed.length > 0) problems.push(`${name}: resource ${malformed.join(', ')} is not an ARN`);
      return { name, version: doc.Version, statements: [doc.Statement].flat() };
    });
    const p: Prepared = {
      callerArn: `arn:aws:sts::${account}:assumed-role/${roleName}/${principal.name}`,
      roleArn: principal.roleArn,
      account,
      documents,
      byAction: new Map(),
      ...(problems.length > 0 ? { invalid: problems.join(' | ') } : {}),
    };
    prepared.set(principal, p);
    return p;
  };

  /** The principal's policies cut down to the statements that may apply to `action` (a subset of valid is valid). */
  const policiesFor = (p: Prepared, action: string): IdentityPolicies => {
    let policies = p.byAction.get(action);
    if (!policies) {
      policies = p.documents.map(({ name, version, statements }) => ({
        name,
        policy: createValidatedPolicy(
          {
            ...(version ? { Version: version } : {}),
            Statement: statements.filter((st) => mayApply(st, action)),
          },
          () => [],
          { name },
        ),
      }));
      p.byAction.set(action, policies);
    }
    return policies;
  };

  const simulate = (
    p: Prepared,
    action: string,
    resource: string,
    context: Record<string, string | string[]>,
    resourcePolicy: unknown,
  ) =>
    // The unsafe variant skips per-call validation (done once in prepare) and is synchronous (~0.4 ms).
    runUnsafeSimulation(
      {
        request: {
          principal: p.callerArn,
          action,
          resource: { resource, accountId: opts.account },
          contextVariables: context,
        },
        identityPolicies: policiesFor(p, action),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy,
      },
      {},
    );

  const evaluate = (principal: LocalPrincipal, request: IamRequest): Evaluation => {
    const p = prepare(principal);
    const deny = (resource: string, cause: string): Evaluation => ({
      allowed: false,
      reason: notAuthorizedMessage(p.callerArn, request.action, resource, cause),
    });
    if (p.invalid)
      return deny(request.resource, `because its identity-based policies are invalid: ${p.invalid}`);
    const at = now();
    // Global keys AWS sets for a role session calling a service directly. aws:SecureTransport is true because the
    // SDK talks https to AWS (only the local hop is http). aws:SourceAccount / aws:SourceArn are absent: AWS sets
    // them only when a service calls on behalf of a resource, never on a function's own SDK calls.
    const context: Record<string, string | string[]> = {
      'aws:SecureTransport': 'true',
      'aws:PrincipalArn': p.roleArn,
      'aws:PrincipalAccount': p.account,
      'aws:PrincipalType': 'AssumedRole',
      'aws:ResourceAccount': opts.account,
      'aws:RequestedRegion': opts.region,
      'aws:CurrentTime': at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'aws:EpochTime': String(Math.floor(at.getTime() / 1000)),
      ...request.context,
    };
    let first: Evaluation | undefined;
    for (const resource of [request.resource, ...(request.alternativeResources ?? [])]) {
      const rp = resourcePolicies.get(guardedBy(resource));
      if (rp?.invalid) return deny(resource, `because the resource-based policy is invalid: ${rp.invalid}`);
      const result = simulate(p, request.action, resource, context, rp?.policy);
      if (result === 'Allowed') return { allowed: true };
      if (first) continue;
      if (result === 'ImplicitlyDenied')
        first = deny(resource, `because no identity-based policy allows the ${request.action} action`);
      else {
        // Which policy denied: evaluated again without the resource policy (denials only, so the cost is rare).
        const byIdentity =
          rp && simulate(p, request.action, resource, context, undefined) !== 'ExplicitlyDenied';
        first = deny(
          resource,
          `with an explicit deny in ${byIdentity ? 'a resource' : 'an identity'}-based policy`,
        );
      }
    }
    return first as Evaluation;
  };

  return { evaluate, callerArn: (principal) => prepare(principal).callerArn };
};
