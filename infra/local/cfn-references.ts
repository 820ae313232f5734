/**
 * Ref and Fn::GetAtt: what a name means in a stack (a pseudo parameter, a template parameter or a resource) and a
 * resource's attributes. Shared by the intrinsic dispatch, Fn::Sub's `${Name}` and `${Res.Attr}`, and the
 * resolver's own `ref`/`getAtt`, so that all of them fail alike.
 */
import { PSEUDO_PARAMETERS } from './cfn-defaults.js';
import type { PhysicalValues } from './cfn-physical.js';
import type { ResolverOptions } from './cfn-resolve-options.js';
import { at, fail, type Loc, NO_VALUE, show, type Templates, templateOf } from './cfn-values.js';

/** References within a stack. */
export interface References {
  /** Ref or `${Name}`: a pseudo parameter (NO_VALUE for `AWS::NoValue`), a template parameter or a resource. */
  refName(loc: Loc, path: string, name: unknown): unknown;
  /** Fn::GetAtt of resource `logicalId` in the stack `loc` is in. */
  getAtt(loc: Loc, path: string, logicalId: unknown, attr: unknown): string;
}

/** Ref and Fn::GetAtt over `templates`, with the resources' values from `physical`. */
export const createReferences = (
  templates: Templates,
  options: ResolverOptions,
  physical: PhysicalValues,
): References => {
  const { account, region } = options;

  const pseudo = (stackName: string, name: string): unknown =>
    name === 'AWS::NoValue' ? NO_VALUE : PSEUDO_PARAMETERS[name]?.({ stackName, account, region });

  const refName = (loc: Loc, path: string, name: unknown): unknown => {
    if (typeof name !== 'string') return fail(loc, path, `Ref needs a name, got ${show(name)}`);
    const p = pseudo(loc.stackName, name);
    if (p !== undefined) return p;
    const t = templateOf(templates, loc, path);
    const param = t.Parameters?.[name] as { Type?: string; Default?: unknown } | undefined;
    if (param) return parameterValue(loc, path, name, param);
    if (t.Resources?.[name]) {
      return at(loc, path, `Ref ${name}`, () =>
        physical.refOf({ stackName: loc.stackName, logicalId: name }, path),
      );
    }
    return fail(loc, path, `Ref to ${name}: no such resource, parameter or pseudo parameter`);
  };

  const parameterValue = (
    loc: Loc,
    path: string,
    name: string,
    param: { Type?: string; Default?: unknown },
  ) => {
    const given = options.parameters?.[loc.stackName]?.[name];
    const type = param.Type ?? 'String';
    // An SSM parameter's Default is the parameter's name, not its value: using it would resolve to a path.
    if (given === undefined && type.startsWith('AWS::SSM::Parameter::Value')) {
      return fail(
        loc,
        path,
        `parameter ${name} is read from SSM at deploy time: give it in options.parameters`,
      );
    }
    const value = given ?? param.Default;
    if (value === undefined) return fail(loc, path, `parameter ${name} has no value and no Default`);
    return type === 'CommaDelimitedList' || type.startsWith('List<') ? String(value).split(',') : value;
  };

  const getAtt = (loc: Loc, path: string, logicalId: unknown, attr: unknown): string => {
    if (typeof logicalId !== 'string' || typeof attr !== 'string' || !attr) {
      return fail(loc, path, `Fn::GetAtt needs [logicalId, attribute], got ${show([logicalId, attr])}`);
    }
    if (!templateOf(templates, loc, path).Resources?.[logicalId]) {
      return fail(loc, path, `Fn::GetAtt ${logicalId}.${attr}: no such resource in stack ${loc.stackName}`);
    }
    return at(loc, path, `Fn::GetAtt ${logicalId}.${attr}`, () =>
      physical.attOf({ stackName: loc.stackName, logicalId }, path, attr),
    );
  };

  return { refName, getAtt };
};
