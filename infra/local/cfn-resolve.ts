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
 */
import {
  type DefaultsContext,
  PARTITION,
  PSEUDO_PARAMETERS,
  TYPE_DEFAULTS,
  URL_SUFFIX,
} from './cfn-defaults.js';
import type { TemplateJson } from './synth.js';

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

export interface ResolverOptions {
  readonly account: string;
  readonly region: string;
  readonly physical?: PhysicalMap;
  /** The URL of a queue by name, for queues the physical map gives no Ref; default the AWS form. */
  readonly queueUrlBase?: (queueName: string) => string;
  /** Template parameter values by stack name; otherwise a parameter's Default is used. */
  readonly parameters?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

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

/** Where a value sits: the stack and the logical id of the resource (or output) it belongs to. */
interface Loc {
  readonly stackName: string;
  readonly logicalId: string;
}

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

const NO_VALUE = Symbol('AWS::NoValue');
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** The one entry of a one-key object (`{ Ref: … }`, `{ 'Fn::Join': … }`), else undefined. */
const single = (v: unknown): [string, unknown] | undefined => {
  const entries = isObject(v) ? Object.entries(v) : [];
  return entries.length === 1 ? entries[0] : undefined;
};
const show = (v: unknown) => JSON.stringify(v)?.slice(0, 200) ?? String(v);

export const createResolver = (
  templates: Readonly<Record<string, TemplateJson>>,
  options: ResolverOptions,
): Resolver => {
  const { account, region } = options;
  const IN_PROGRESS = Symbol('in progress');
  const memo = new Map<string, string | typeof IN_PROGRESS>();

  const fail = (loc: Loc, path: string, reason: string): never => {
    throw new CfnResolveError(loc.stackName, loc.logicalId, path, reason);
  };
  /** Runs `fn`, locating any error it throws at `loc`/`path` (nested resolutions keep their own location). */
  const at = <T>(loc: Loc, path: string, what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      return fail(loc, path, `${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
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
      memo.delete(key);
      throw err;
    }
  };

  const template = (loc: Loc, path: string): TemplateJson =>
    templates[loc.stackName] ?? fail(loc, path, `no template for stack ${loc.stackName}`);
  const resourceOf = (loc: Loc, path: string, logicalId: string) =>
    template(loc, path).Resources?.[logicalId] ??
    fail(loc, path, `no resource ${logicalId} in stack ${loc.stackName}`);

  const pseudo = (stackName: string, name: string): unknown =>
    name === 'AWS::NoValue' ? NO_VALUE : PSEUDO_PARAMETERS[name]?.({ stackName, account, region });

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
        const props = resourceOf(loc, path, logicalId).Properties ?? {};
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
      const resource = resourceOf(loc, path, loc.logicalId);
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
      const type = resourceOf(loc, path, loc.logicalId).Type;
      const defaults = TYPE_DEFAULTS[type];
      if (!defaults)
        return fail(loc, path, `no local default for Ref of ${type}: give it in the physical map`);
      return defaults.ref ? defaults.ref(contextOf(loc, path)) : nameOf(loc, path);
    });

  const attOf = (loc: Loc, path: string, attr: string): string =>
    once(`${loc.stackName}/${loc.logicalId}.${attr}`, loc, path, () => {
      const given = physicalOf(loc).attrs?.[attr];
      if (given !== undefined) return given;
      const type = resourceOf(loc, path, loc.logicalId).Type;
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

  /** Ref or `${Name}`: a pseudo parameter, a template parameter or a resource. */
  const refName = (loc: Loc, path: string, name: unknown): unknown => {
    if (typeof name !== 'string') return fail(loc, path, `Ref needs a name, got ${show(name)}`);
    const p = pseudo(loc.stackName, name);
    if (p !== undefined) return p;
    const t = template(loc, path);
    const param = t.Parameters?.[name] as { Type?: string; Default?: unknown } | undefined;
    if (param) return parameterValue(loc, path, name, param);
    if (t.Resources?.[name]) {
      return at(loc, path, `Ref ${name}`, () => refOf({ stackName: loc.stackName, logicalId: name }, path));
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
    if (!template(loc, path).Resources?.[logicalId]) {
      return fail(loc, path, `Fn::GetAtt ${logicalId}.${attr}: no such resource in stack ${loc.stackName}`);
    }
    return at(loc, path, `Fn::GetAtt ${logicalId}.${attr}`, () =>
      attOf({ stackName: loc.stackName, logicalId }, path, attr),
    );
  };

  const stringOf = (loc: Loc, path: string, v: unknown): string => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return fail(loc, path, `expected a string, got ${show(v)}`);
  };
  const listOf = (loc: Loc, path: string, v: unknown): unknown[] =>
    Array.isArray(v) ? v : fail(loc, path, `expected a list, got ${show(v)}`);
  const argsOf = (loc: Loc, path: string, fn: string, v: unknown, count: number): unknown[] =>
    Array.isArray(v) && v.length === count
      ? v
      : fail(loc, path, `${fn} needs ${count} arguments, got ${show(v)}`);

  /** Every export of every template by name: where its output is. */
  let exportIndex: Map<string, { stackName: string; outputId: string }> | undefined;
  const exportsByName = () => {
    if (exportIndex) return exportIndex;
    const index = new Map<string, { stackName: string; outputId: string }>();
    for (const [stackName, t] of Object.entries(templates)) {
      for (const [outputId, output] of Object.entries(t.Outputs ?? {})) {
        if (output.Export === undefined) continue;
        const loc = { stackName, logicalId: `Outputs.${outputId}` };
        const name = stringOf(loc, 'Export.Name', walk(loc, output.Export.Name, 'Export.Name'));
        const clash = index.get(name);
        if (clash) fail(loc, 'Export.Name', `export ${name} is also exported by ${clash.stackName}`);
        index.set(name, { stackName, outputId });
      }
    }
    exportIndex = index;
    return index;
  };
  const importValue = (loc: Loc, path: string, name: string): unknown => {
    const found =
      exportsByName().get(name) ?? fail(loc, path, `Fn::ImportValue ${name}: no stack exports it`);
    const output = templates[found.stackName]?.Outputs?.[found.outputId];
    const outLoc = { stackName: found.stackName, logicalId: `Outputs.${found.outputId}` };
    return at(loc, path, `Fn::ImportValue ${name}`, () => walk(outLoc, output?.Value, 'Value'));
  };

  const conditionMemo = new Map<string, boolean | 'pending'>();
  const conditionHolds = (loc: Loc, path: string, name: unknown): boolean => {
    if (typeof name !== 'string')
      return fail(loc, path, `a condition name must be a string, got ${show(name)}`);
    const key = `${loc.stackName}/${name}`;
    const known = conditionMemo.get(key);
    if (known === 'pending') return fail(loc, path, `condition ${name} refers to itself`);
    if (known !== undefined) return known;
    const conditions = template(loc, path).Conditions;
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

  const intrinsic = (loc: Loc, fn: string, arg: unknown, path: string): unknown => {
    const w = (v: unknown, sub: string) => walk(loc, v, `${path}${sub}`);
    switch (fn) {
      case 'Ref':
        return refName(loc, path, arg);
      case 'Fn::GetAtt': {
        if (typeof arg === 'string') {
          const dot = arg.indexOf('.');
          return dot > 0
            ? getAtt(loc, path, arg.slice(0, dot), arg.slice(dot + 1))
            : getAtt(loc, path, arg, '');
        }
        const [id, attr] = argsOf(loc, path, fn, arg, 2);
        return getAtt(loc, path, id, w(attr, '[1]'));
      }
      case 'Fn::Join': {
        const [delimiter, list] = argsOf(loc, path, fn, arg, 2);
        const items = listOf(loc, path, w(list, '[1]'));
        return items.map((v, i) => stringOf(loc, `${path}[1][${i}]`, v)).join(stringOf(loc, path, delimiter));
      }
      case 'Fn::Sub':
        return sub(loc, path, arg);
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
        return conditionHolds(loc, path, name) ? w(ifTrue, '[1]') : w(ifFalse, '[2]');
      }
      case 'Fn::FindInMap': {
        const keys = argsOf(loc, path, fn, arg, 3).map((v, i) => stringOf(loc, path, w(v, `[${i}]`)));
        const mappings = template(loc, path).Mappings;
        const value = keys.reduce<unknown>((m, key) => (isObject(m) ? m[key] : undefined), mappings);
        return value ?? fail(loc, path, `Fn::FindInMap: no ${keys.join('.')} in the Mappings`);
      }
      case 'Fn::Base64':
        return Buffer.from(stringOf(loc, path, w(arg, '')), 'utf8').toString('base64');
      default:
        return fail(loc, path, `unsupported intrinsic ${fn}`);
    }
  };

  /** Fn::Sub: `${Name}`, `${Res.Attr}`, `${AWS::Region}`, variables of the [string, vars] form, `${!Literal}`. */
  const sub = (loc: Loc, path: string, arg: unknown): string => {
    const [text, rawVars] = typeof arg === 'string' ? [arg, {}] : argsOf(loc, path, 'Fn::Sub', arg, 2);
    if (typeof text !== 'string' || !isObject(rawVars)) {
      return fail(loc, path, `Fn::Sub needs a string or [string, variables], got ${show(arg)}`);
    }
    const vars = walk(loc, rawVars, `${path}[1]`) as Record<string, unknown>;
    return text.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      if (name in vars) return stringOf(loc, `${path}[1].${name}`, vars[name]);
      const dot = name.indexOf('.');
      if (dot > 0 && !name.startsWith('AWS::'))
        return getAtt(loc, path, name.slice(0, dot), name.slice(dot + 1));
      const value = refName(loc, path, name);
      return value === NO_VALUE ? fail(loc, path, 'AWS::NoValue in Fn::Sub') : stringOf(loc, path, value);
    });
  };

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
      stringOf({ stackName, logicalId }, 'Ref', refName({ stackName, logicalId }, 'Ref', logicalId)),
    getAtt: (stackName, logicalId, attr) =>
      getAtt({ stackName, logicalId }, `Fn::GetAtt.${attr}`, logicalId, attr),
    exists(stackName, logicalId) {
      const loc = { stackName, logicalId };
      const condition = resourceOf(loc, 'Condition', logicalId).Condition;
      return condition === undefined || conditionHolds(loc, 'Condition', condition);
    },
  };
};
