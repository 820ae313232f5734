/** Builds the CDK app as `npx cdk synth` would (cdk.json's context), minus bundling, for fast assertions. */
import { synthApp } from '../../infra/local/synth.js';

/**
 * The app with `context` on top of cdk.json's, bundling skipped, and `env` instead of process.env: MSV_*
 * variables of the shell (or of `npm start`) must not change what the tests see. `validate: false` skips
 * cdk-nag and CDK's built-in CloudFormation validation (about 2.5 s per synth); nag.test.ts runs both once.
 */
export const buildTestApp = (
  context: Record<string, unknown> = {},
  env: Record<string, string> = {},
  validate = true,
) => synthApp({ context, env, validate });
