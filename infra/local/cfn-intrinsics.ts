/**
 * The intrinsic dispatch: one `{ Fn::…: arg }` (or `{ Ref: name }`) to its value. Operands are resolved
 * through `walk` first, because CloudFormation lets intrinsics nest (a Join of GetAtts, a Select of a Split);
 * the lookups themselves live with Ref/GetAtt, Fn::Sub, Fn::ImportValue and the Conditions.
 */
import type { ConditionHolds } from './cfn-conditions.js';
import type { ImportValue } from './cfn-imports.js';
import type { References } from './cfn-references.js';
import { substitute } from './cfn-sub.js';
import {
  argsOf,
  fail,
  isObject,
  type Loc,
  listOf,
  show,
  stringOf,
  type Templates,
  templateOf,
  type Walk,
} from './cfn-values.js';

/** The value of intrinsic `fn` with argument `arg`; `path` already ends in `fn`. */
export type Intrinsic = (loc: Loc, fn: string, arg: unknown, path: string) => unknown;

/** What the dispatch hands each intrinsic to. */
export interface IntrinsicParts {
  readonly walk: Walk;
  readonly refs: References;
  readonly conditionHolds: ConditionHolds;
  readonly importValue: ImportValue;
}

/** The intrinsic dispatch over `templates` (Fn::FindInMap reads their Mappings). */
export const createIntrinsic =
  (templates: Templates, { walk, refs, conditionHolds, importValue }: IntrinsicParts): Intrinsic =>
  (loc, fn, arg, path) => {
    const w = (v: unknown, sub: string) => walk(loc, v, `${path}${sub}`);
    switch (fn) {
      case 'Ref':
        return refs.refName(loc, path, arg);
      case 'Fn::GetAtt': {
        if (typeof arg === 'string') {
          const dot = arg.indexOf('.');
          return dot > 0
            ? refs.getAtt(loc, path, arg.slice(0, dot), arg.slice(dot + 1))
            : refs.getAtt(loc, path, arg, '');
        }
        const [id, attr] = argsOf(loc, path, fn, arg, 2);
        return refs.getAtt(loc, path, id, w(attr, '[1]'));
      }
      case 'Fn::Join': {
        const [delimiter, list] = argsOf(loc, path, fn, arg, 2);
        const items = listOf(loc, path, w(list, '[1]'));
        return items.map((v, i) => stringOf(loc, `${path}[1][${i}]`, v)).join(stringOf(loc, path, delimiter));
      }
      case 'Fn::Sub':
        return substitute(loc, path, arg, walk, refs);
      case 'Fn::Select': {
        const [index, list] = argsOf(loc, path, fn, arg, 2);
        const i = Number(w(index, '[0]'));
        const items = listOf(loc, path, w(list, '[1]'));
        if (!Number.isInteger(i) || i < 0 || i >= items.length) {
          return fail(loc, path, `Fn::Select index ${show(index)} is outside a list of ${items.length}`);
        }
        return items[i];
      }
      case 'Fn::Split': {
        const [delimiter, source] = argsOf(loc, path, fn, arg, 2);
        return stringOf(loc, path, w(source, '[1]')).split(stringOf(loc, path, delimiter));
      }
      case 'Fn::ImportValue':
        return importValue(loc, path, stringOf(loc, path, w(arg, '')));
      case 'Fn::If': {
        const [name, ifTrue, ifFalse] = argsOf(loc, path, fn, arg, 3);
        // Only the chosen branch is resolved: the other may refer to a resource the condition leaves out.
        return conditionHolds(loc, path, name) ? w(ifTrue, '[1]') : w(ifFalse, '[2]');
      }
      case 'Fn::FindInMap': {
        const keys = argsOf(loc, path, fn, arg, 3).map((v, i) => stringOf(loc, path, w(v, `[${i}]`)));
        const mappings = templateOf(templates, loc, path).Mappings;
        const value = keys.reduce<unknown>((m, key) => (isObject(m) ? m[key] : undefined), mappings);
        return value ?? fail(loc, path, `Fn::FindInMap: no ${keys.join('.')} in the Mappings`);
      }
      case 'Fn::Base64':
        return Buffer.from(stringOf(loc, path, w(arg, '')), 'utf8').toString('base64');
      default:
        return fail(loc, path, `unsupported intrinsic ${fn}`);
    }
  };
