/** Builds the CDK app as `npx cdk synth` would (cdk.json's context), minus bundling, for fast assertions. */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../infra/app.js';

const cdkJsonContext = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/**
 * The app with `context` on top of cdk.json's, bundling skipped, and `env` instead of process.env: MSV_*
 * variables of the shell (or of `npm start`) must not change what the tests see. `validate: false` skips
 * cdk-nag and CDK's built-in CloudFormation validation (about 2.5 s per synth); nag.test.ts runs both once.
 */
export const buildTestApp = (
  context: Record<string, unknown> = {},
  env: Record<string, string> = {},
  validate = true,
) =>
  buildApp(
    new App({
      context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [], ...context },
      builtinCloudFormationValidation: validate,
    }),
    { env, nag: validate },
  );
