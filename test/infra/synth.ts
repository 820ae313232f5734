/** Builds the CDK app as `npx cdk synth` would (cdk.json's context), minus bundling, for fast assertions. */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../infra/app.js';

const cdkJsonContext = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

export const buildTestApp = (context: Record<string, unknown> = {}) =>
  buildApp(new App({ context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [], ...context } }));
