/**
 * The CDK app as `npx cdk synth` builds it (cdk.json's context, `buildApp` of infra/app.ts), minus asset
 * bundling, for the local runtime and the infra tests. Without validation (the default) no cdk-nag and no
 * built-in CloudFormation validation run: a synth takes one to two seconds (plus loading aws-cdk-lib).
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../app.js';

/** A CloudFormation template as JSON. */
export type TemplateJson = {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; [k: string]: unknown }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown }; [k: string]: unknown }>;
  Conditions?: Record<string, unknown>;
  Parameters?: Record<string, unknown>;
  [k: string]: unknown;
};

export interface SynthAppOptions {
  /** Context on top of cdk.json's (as `-c key=value` would give it). */
  readonly context?: Record<string, unknown>;
  /**
   * Where MSV_* settings and CDK_DEFAULT_ACCOUNT/REGION are read; default `{}`, not process.env: the shell (and
   * `npm start`, which sets MSV_* for its handlers) changes nothing, and the stacks stay environment-agnostic
   * (`AWS::Region`, `AWS::AccountId`), which the resolver turns into the local account and region.
   */
  readonly env?: Record<string, string | undefined>;
  /** Run cdk-nag and CDK's built-in CloudFormation validation on synth; default false. */
  readonly validate?: boolean;
}

/** cdk.json's context, read once. */
let cdkJsonContext: Record<string, unknown> | undefined;
const cdkContext = (): Record<string, unknown> => {
  cdkJsonContext ??= (
    JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
      context: Record<string, unknown>;
    }
  ).context;
  return cdkJsonContext;
};

/**
 * Builds the app; `templates` (keyed by stack name: `MsvStateful`, …) synthesizes it on first access. The
 * assembly is cached by the app, so Template.fromStack and a later `app.synth()` reuse it; until then nothing
 * is synthesized, so with `validate: true` a caller can run `app.synth()` itself and catch its findings.
 */
export const synthApp = (opts: SynthAppOptions = {}) => {
  const validate = opts.validate ?? false;
  const built = buildApp(
    new App({
      context: { ...cdkContext(), 'aws:cdk:bundling-stacks': [], ...opts.context },
      builtinCloudFormationValidation: validate,
    }),
    { env: opts.env ?? {}, nag: validate },
  );
  const { app, stateful, stateless, config } = built;
  let templates: Record<string, TemplateJson> | undefined;
  return {
    app,
    stateful,
    stateless,
    config,
    /** Every stack's template by stack name; synthesized on first use (cheap after that). */
    get templates(): Record<string, TemplateJson> {
      // The assembly is cached by the app: Template.fromStack in a test and this share one synthesis.
      templates ??= Object.fromEntries(
        app.synth().stacks.map((s) => [s.stackName, s.template as TemplateJson]),
      );
      return templates;
    },
  };
};
