/**
 * Fn::Sub, both forms: `${Name}`, `${Res.Attr}`, `${AWS::Region}`, the variables of the [string, variables] form
 * and `${!Literal}`, which CloudFormation writes as `${Literal}`.
 */
import type { References } from './cfn-references.js';
import { argsOf, fail, isObject, type Loc, NO_VALUE, show, stringOf, type Walk } from './cfn-values.js';

/** The string Fn::Sub `arg` makes in the stack `loc` is in. */
export const substitute = (loc: Loc, path: string, arg: unknown, walk: Walk, refs: References): string => {
  const [text, rawVars] = typeof arg === 'string' ? [arg, {}] : argsOf(loc, path, 'Fn::Sub', arg, 2);
  if (typeof text !== 'string' || !isObject(rawVars)) {
    return fail(loc, path, `Fn::Sub needs a string or [string, variables], got ${show(arg)}`);
  }
  const vars = walk(loc, rawVars, `${path}[1]`) as Record<string, unknown>;
  return text.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (name in vars) return stringOf(loc, `${path}[1].${name}`, vars[name]);
    // `Res.Attr` is a Fn::GetAtt; a pseudo parameter (`AWS::…`) is always a Ref.
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::'))
      return refs.getAtt(loc, path, name.slice(0, dot), name.slice(dot + 1));
    const value = refs.refName(loc, path, name);
    return value === NO_VALUE ? fail(loc, path, 'AWS::NoValue in Fn::Sub') : stringOf(loc, path, value);
  });
};
