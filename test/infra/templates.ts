/**
 * Queries on the synthesized templates that several infra tests share: both stacks' templates, the msv
 * functions by folder, and the IAM statements on a function's (or a role's) policy.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { functionId } from '../../infra/constructs/function-factory.js';
import {
  AUTHORIZER_FN,
  DELIVERY_WORKER_FN,
  DISPATCHER_FN,
  RECONCILE_FN,
  REMINDERS_FN,
  routeFunctions,
} from '../../shared/http/routes.js';
import { buildTestApp } from './synth.js';

/** Both templates of the app built without bundling; context as `-c key=value` would give it. */
export const synth = (context: Record<string, unknown> = {}, env: Record<string, string> = {}) => {
  // Validation (cdk-nag, CloudFormation) would run on every synth here; nag.test.ts runs it once.
  const { stateful, stateless } = buildTestApp(context, env, false);
  return { stateful: Template.fromStack(stateful), stateless: Template.fromStack(stateless) };
};

/** Every function folder the stack deploys. */
export const ALL_FUNCTIONS = [
  AUTHORIZER_FN,
  DISPATCHER_FN,
  DELIVERY_WORKER_FN,
  REMINDERS_FN,
  RECONCILE_FN,
  ...routeFunctions(),
];

/** An IAM policy statement as synthesized. */
export type Statement = { Action: string | string[]; Effect: string; Resource: unknown; Condition?: unknown };
export const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourcesOf = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

/** Every IAM statement on the role of the function (or role) whose logical id starts with `prefix`. */
export const statementsOf = (t: Template, prefix: string): Statement[] =>
  Object.entries(t.findResources('AWS::IAM::Policy'))
    .filter(([id]) => new RegExp(`^${prefix}(ServiceRole)?DefaultPolicy`).test(id))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
export const allActionsOf = (t: Template, prefix: string) => statementsOf(t, prefix).flatMap(actionsOf);
/** The statements that grant any action matching `action`. */
export const granting = (t: Template, prefix: string, action: RegExp) =>
  statementsOf(t, prefix).filter((s) => actionsOf(s).some((a) => action.test(a)));

/** A Lambda function's logical id: its folder's construct id and CDK's hash. */
export const functionLogicalId = (fn: string) => new RegExp(`^${functionId(fn)}[0-9A-F]{8}$`);

/** The Lambda functions of functions/ (not CDK's own, such as the BucketDeployment's), by logical id. */
export const msvFunctions = (t: Template) =>
  Object.fromEntries(
    Object.entries(t.findResources('AWS::Lambda::Function')).filter(([id]) =>
      ALL_FUNCTIONS.some((fn) => functionLogicalId(fn).test(id)),
    ),
  );

/** The environment variables of the function of folder `fn`. */
export const envOf = (t: Template, fn: string): Record<string, unknown> | undefined =>
  Object.entries(msvFunctions(t)).find(([id]) => functionLogicalId(fn).test(id))?.[1].Properties.Environment
    .Variables;
