/**
 * The template's Conditions: whether a named condition holds (for Fn::If and a resource's Condition), with
 * Fn::Equals, Fn::And, Fn::Or, Fn::Not and Condition. `Condition` is an intrinsic only here: in IAM statements
 * it is data, which is why condition expressions are evaluated apart from the intrinsic dispatch.
 */
import {
  argsOf,
  at,
  fail,
  type Loc,
  listOf,
  show,
  single,
  type Templates,
  templateOf,
  type Walk,
} from './cfn-values.js';

/** Whether condition `name` of the stack `loc` is in holds. */
export type ConditionHolds = (loc: Loc, path: string, name: unknown) => boolean;

/** Condition evaluation over `templates`, memoized per stack and name; `walk` resolves Fn::Equals operands. */
export const createConditions = (templates: Templates, walk: Walk): ConditionHolds => {
  const conditionMemo = new Map<string, boolean | 'pending'>();

  const conditionHolds: ConditionHolds = (loc, path, name) => {
    if (typeof name !== 'string')
      return fail(loc, path, `a condition name must be a string, got ${show(name)}`);
    const key = `${loc.stackName}/${name}`;
    const known = conditionMemo.get(key);
    if (known === 'pending') return fail(loc, path, `condition ${name} refers to itself`);
    if (known !== undefined) return known;
    const conditions = templateOf(templates, loc, path).Conditions;
    if (!conditions || !(name in conditions)) {
      return fail(loc, path, `condition ${name} is not defined in the Conditions of stack ${loc.stackName}`);
    }
    const condLoc = { stackName: loc.stackName, logicalId: `Conditions.${name}` };
    conditionMemo.set(key, 'pending');
    try {
      const value = at(loc, path, `condition ${name}`, () =>
        evaluateCondition(condLoc, conditions[name], ''),
      );
      conditionMemo.set(key, value);
      return value;
    } catch (err) {
      conditionMemo.delete(key);
      throw err;
    }
  };

  const evaluateCondition = (loc: Loc, expr: unknown, path: string): boolean => {
    const [fn, arg] = single(expr) ?? [];
    const sub = (v: unknown, i: number) => evaluateCondition(loc, v, `${path}.${fn}[${i}]`);
    switch (fn) {
      case 'Condition':
        return conditionHolds(loc, path, arg);
      case 'Fn::Equals': {
        const [a, b] = argsOf(loc, path, fn, arg, 2).map((v, i) => walk(loc, v, `${path}.${fn}[${i}]`));
        return JSON.stringify(a) === JSON.stringify(b);
      }
      case 'Fn::And':
        return listOf(loc, path, arg).every(sub);
      case 'Fn::Or':
        return listOf(loc, path, arg).some(sub);
      case 'Fn::Not':
        return !sub(argsOf(loc, path, fn, arg, 1)[0], 0);
      default:
        return fail(loc, path, `not a condition expression: ${show(expr)}`);
    }
  };

  return conditionHolds;
};
