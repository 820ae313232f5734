/**
 * What every part of the CloudFormation resolver shares: where a value sits, how a value that cannot be resolved
 * is reported, the shape checks of intrinsic arguments and the lookups of templates and resources. Every failure
 * names its stack, logical id and path, because the caller has to find the offending value in a synthesized
 * template that it did not write by hand.
 */
import type { TemplateJson } from './synth.js';

/** A value that cannot be resolved: where it is (stack, logical id, path in that resource) and why. */
export class CfnResolveError extends Error {
  constructor(
    readonly stackName: string,
    readonly logicalId: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${stackName}/${logicalId} at ${path || '(value)'}: ${reason}`);
    this.name = 'CfnResolveError';
  }
}

/** The synthesized templates by stack name. */
export type Templates = Readonly<Record<string, TemplateJson>>;

/** Where a value sits: the stack and the logical id of the resource (or output) it belongs to. */
export interface Loc {
  readonly stackName: string;
  readonly logicalId: string;
}

/** Resolves every intrinsic in `value`; the parts of the resolver reach each other's values through it. */
export type Walk = (loc: Loc, value: unknown, path: string) => unknown;

/** What `{ Ref: 'AWS::NoValue' }` resolves to until its property or element is removed. */
export const NO_VALUE = Symbol('AWS::NoValue');

/** A JSON object (not null, not an array). */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The one entry of a one-key object (`{ Ref: … }`, `{ 'Fn::Join': … }`), else undefined. */
export const single = (v: unknown): [string, unknown] | undefined => {
  const entries = isObject(v) ? Object.entries(v) : [];
  return entries.length === 1 ? entries[0] : undefined;
};

/** A value for an error message, cut short: template values can be large. */
export const show = (v: unknown) => JSON.stringify(v)?.slice(0, 200) ?? String(v);

/** Throws a CfnResolveError at `loc`/`path`. */
export const fail = (loc: Loc, path: string, reason: string): never => {
  throw new CfnResolveError(loc.stackName, loc.logicalId, path, reason);
};

/** Runs `fn`, locating any error it throws at `loc`/`path` (nested resolutions keep their own location). */
export const at = <T>(loc: Loc, path: string, what: string, fn: () => T): T => {
  try {
    return fn();
  } catch (err) {
    return fail(loc, path, `${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
};

/** `v` as a string; numbers and booleans are written as CloudFormation writes them. */
export const stringOf = (loc: Loc, path: string, v: unknown): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return fail(loc, path, `expected a string, got ${show(v)}`);
};

/** `v`, which must be a list. */
export const listOf = (loc: Loc, path: string, v: unknown): unknown[] =>
  Array.isArray(v) ? v : fail(loc, path, `expected a list, got ${show(v)}`);

/** The arguments of intrinsic `fn`, which must be a list of `count`. */
export const argsOf = (loc: Loc, path: string, fn: string, v: unknown, count: number): unknown[] =>
  Array.isArray(v) && v.length === count
    ? v
    : fail(loc, path, `${fn} needs ${count} arguments, got ${show(v)}`);

/** The template of the stack `loc` is in. */
export const templateOf = (templates: Templates, loc: Loc, path: string): TemplateJson =>
  templates[loc.stackName] ?? fail(loc, path, `no template for stack ${loc.stackName}`);

/** Resource `logicalId` of the stack `loc` is in. */
export const resourceOf = (templates: Templates, loc: Loc, path: string, logicalId: string) =>
  templateOf(templates, loc, path).Resources?.[logicalId] ??
  fail(loc, path, `no resource ${logicalId} in stack ${loc.stackName}`);
