/**
 * A resolver of CloudFormation intrinsic functions over a set of synthesized templates, as CloudFormation would
 * evaluate them at deploy time, with physical values from the caller (the local resources) or else the AWS
 * formats of infra/local/cfn-defaults.ts. Pure: no I/O, no AWS.
 *
 * Supported: Ref (resources, parameters, pseudo parameters), Fn::GetAtt (array and "A.B" forms), Fn::Join,
 * Fn::Sub (both forms), Fn::Select, Fn::Split, Fn::ImportValue (through the other templates' exports),
 * Fn::FindInMap, Fn::Base64 and Fn::If with the template's Conditions (Fn::Equals, Fn::And,
 * Fn::Or, Fn::Not, Condition). Anything else, and every reference that cannot be resolved, throws a
 * CfnResolveError naming the stack, the logical id and the path: never a placeholder.
 *
 * Note that `Condition` is only an intrinsic inside condition expressions: in IAM statements it is data.
 *
 * This file walks values and wires the parts, each of which reaches the others' values through the walk:
 * physical values (cfn-physical.ts), Ref and GetAtt (cfn-references.ts), the intrinsic dispatch
 * (cfn-intrinsics.ts) with Fn::Sub (cfn-sub.ts) and Fn::ImportValue (cfn-imports.ts), and the Conditions
 * (cfn-conditions.ts).
 */
import { createConditions } from './cfn-conditions.js';
import { createImports } from './cfn-imports.js';
import { createIntrinsic } from './cfn-intrinsics.js';
import { createPhysicalValues } from './cfn-physical.js';
import { createReferences } from './cfn-references.js';
import type { ResolverOptions } from './cfn-resolve-options.js';
import { isObject, type Loc, NO_VALUE, resourceOf, single, stringOf, type Templates } from './cfn-values.js';

export type { PhysicalMap, PhysicalResource, ResolverOptions } from './cfn-resolve-options.js';
export { CfnResolveError } from './cfn-values.js';

/** Resolves values of the templates it was created over. */
export interface Resolver {
  /** `value` with every intrinsic resolved; `AWS::NoValue` removes its property or element. */
  resolve(stackName: string, logicalId: string, value: unknown, path?: string): unknown;
  /** `resolve` for a value that must become a string (numbers and booleans are written as CloudFormation does). */
  resolveString(stackName: string, logicalId: string, value: unknown, path?: string): string;
  /** What `{ Ref: logicalId }` returns in the stack. */
  ref(stackName: string, logicalId: string): string;
  /** What `{ 'Fn::GetAtt': [logicalId, attr] }` returns in the stack. */
  getAtt(stackName: string, logicalId: string, attr: string): string;
  /** False for a resource whose Condition does not hold (CloudFormation would not create it). */
  exists(stackName: string, logicalId: string): boolean;
}

/**
 * A resolver over `templates` (by stack name). Values are computed on first use and remembered for the
 * resolver's lifetime, so create one per set of templates and options.
 */
export const createResolver = (templates: Templates, options: ResolverOptions): Resolver => {
  const physical = createPhysicalValues(templates, options, walk);
  const refs = createReferences(templates, options, physical);
  const conditionHolds = createConditions(templates, walk);
  const importValue = createImports(templates, walk);
  const intrinsic = createIntrinsic(templates, { walk, refs, conditionHolds, importValue });

  // A function declaration, hoisted: the parts above take it before its body (which uses them) is reached.
  function walk(loc: Loc, value: unknown, path: string): unknown {
    if (Array.isArray(value)) {
      return value.map((v, i) => walk(loc, v, `${path}[${i}]`)).filter((v) => v !== NO_VALUE);
    }
    if (!isObject(value)) return value;
    const [fn, arg] = single(value) ?? [];
    if (fn === 'Ref' || fn?.startsWith('Fn::')) return intrinsic(loc, fn, arg, path ? `${path}.${fn}` : fn);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const v = walk(loc, value[key], path ? `${path}.${key}` : key);
      if (v !== NO_VALUE) out[key] = v;
    }
    return out;
  }

  return {
    resolve: (stackName, logicalId, value, path = '') => {
      const v = walk({ stackName, logicalId }, value, path);
      return v === NO_VALUE ? undefined : v;
    },
    resolveString(stackName, logicalId, value, path = '') {
      const loc = { stackName, logicalId };
      return stringOf(loc, path, walk(loc, value, path));
    },
    ref: (stackName, logicalId) =>
      stringOf({ stackName, logicalId }, 'Ref', refs.refName({ stackName, logicalId }, 'Ref', logicalId)),
    getAtt: (stackName, logicalId, attr) =>
      refs.getAtt({ stackName, logicalId }, `Fn::GetAtt.${attr}`, logicalId, attr),
    exists(stackName, logicalId) {
      const loc = { stackName, logicalId };
      const condition = resourceOf(templates, loc, 'Condition', logicalId).Condition;
      return condition === undefined || conditionHolds(loc, 'Condition', condition);
    },
  };
};
