/**
 * The physical values of resources: a resource's name, what its Ref returns and its Fn::GetAtt attributes,
 * from the caller's physical map or else derived as AWS would (infra/local/cfn-defaults.ts). Each value is
 * computed once per resolver: a name can depend on another resource's attribute, and a cycle of such
 * dependencies must fail instead of recursing forever.
 */
import { type DefaultsContext, PARTITION, TYPE_DEFAULTS, URL_SUFFIX } from './cfn-defaults.js';
import type { ResolverOptions } from './cfn-resolve-options.js';
import { fail, type Loc, resourceOf, stringOf, type Templates, type Walk } from './cfn-values.js';

/** The physical values of the resource at a location (`loc.logicalId`). */
export interface PhysicalValues {
  /** The physical name (table name, bucket name, …). */
  nameOf(loc: Loc, path: string): string;
  /** What `{ Ref: loc.logicalId }` returns. */
  refOf(loc: Loc, path: string): string;
  /** What `{ 'Fn::GetAtt': [loc.logicalId, attr] }` returns. */
  attOf(loc: Loc, path: string, attr: string): string;
}

/** The physical values of the resources of `templates`, memoized; `walk` resolves the properties they use. */
export const createPhysicalValues = (
  templates: Templates,
  options: ResolverOptions,
  walk: Walk,
): PhysicalValues => {
  const { account, region } = options;
  const IN_PROGRESS = Symbol('in progress');
  const memo = new Map<string, string | typeof IN_PROGRESS>();

  const once = (key: string, loc: Loc, path: string, compute: () => string): string => {
    const known = memo.get(key);
    if (known === IN_PROGRESS) return fail(loc, path, `circular reference through ${key}`);
    if (known !== undefined) return known;
    memo.set(key, IN_PROGRESS);
    try {
      const value = compute();
      memo.set(key, value);
      return value;
    } catch (err) {
      // A failed value is not remembered: the next lookup reports its own location.
      memo.delete(key);
      throw err;
    }
  };

  /** The defaults context of a resource: everything lazy, so a type only computes what it uses. */
  const contextOf = (loc: Loc, path: string): DefaultsContext => {
    const { stackName, logicalId } = loc;
    return {
      stackName,
      logicalId,
      account,
      region,
      partition: PARTITION,
      urlSuffix: URL_SUFFIX,
      prop: (name) => {
        const props = resourceOf(templates, loc, path, logicalId).Properties ?? {};
        return name in props ? walk(loc, props[name], `Properties.${name}`) : undefined;
      },
      get name() {
        return nameOf(loc, path);
      },
      get ref() {
        return refOf(loc, path);
      },
      queueUrl: (queueName) =>
        options.queueUrlBase?.(queueName) ?? `https://sqs.${region}.${URL_SUFFIX}/${account}/${queueName}`,
    };
  };
  const physicalOf = (loc: Loc) => options.physical?.[loc.stackName]?.[loc.logicalId] ?? {};

  const nameOf = (loc: Loc, path: string): string =>
    once(`${loc.stackName}/${loc.logicalId}#name`, loc, path, () => {
      const physical = physicalOf(loc);
      if (physical.name !== undefined) return physical.name;
      const resource = resourceOf(templates, loc, path, loc.logicalId);
      const defaults = TYPE_DEFAULTS[resource.Type];
      const fromRef = defaults?.nameFromRef ?? (defaults?.ref ? undefined : (r: string) => r);
      if (physical.ref !== undefined && fromRef) return fromRef(physical.ref);
      const c = contextOf(loc, path);
      for (const prop of defaults?.nameProps ?? []) {
        const literal = c.prop(prop);
        if (literal !== undefined) return stringOf(loc, `Properties.${prop}`, literal);
      }
      return defaults?.generatedName?.(c) ?? `${loc.stackName}-${loc.logicalId}`;
    });

  const refOf = (loc: Loc, path: string): string =>
    once(`${loc.stackName}/${loc.logicalId}#ref`, loc, path, () => {
      const physical = physicalOf(loc);
      if (physical.ref !== undefined) return physical.ref;
      const type = resourceOf(templates, loc, path, loc.logicalId).Type;
      const defaults = TYPE_DEFAULTS[type];
      if (!defaults)
        return fail(loc, path, `no local default for Ref of ${type}: give it in the physical map`);
      return defaults.ref ? defaults.ref(contextOf(loc, path)) : nameOf(loc, path);
    });

  const attOf = (loc: Loc, path: string, attr: string): string =>
    once(`${loc.stackName}/${loc.logicalId}.${attr}`, loc, path, () => {
      const given = physicalOf(loc).attrs?.[attr];
      if (given !== undefined) return given;
      const type = resourceOf(templates, loc, path, loc.logicalId).Type;
      const compute = TYPE_DEFAULTS[type]?.attrs?.[attr];
      if (!compute) {
        return fail(
          loc,
          path,
          `no local default for attribute ${attr} of ${type}: give it in the physical map`,
        );
      }
      return compute(contextOf(loc, path));
    });

  return { nameOf, refOf, attOf };
};
