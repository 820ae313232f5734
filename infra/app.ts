/**
 * The CDK app: the stateful stack (data, RETAIN) and the stateless stack (API and functions), with cdk-nag's
 * AwsSolutions rules checked on every synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { deployConfigFrom } from './deploy-config.js';
import { MsvStatefulStack } from './stateful-stack.js';
import { MsvStatelessStack } from './stateless-stack.js';

export const buildApp = (app: App = new App()) => {
  const config = deployConfigFrom(app);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const stateful = new MsvStatefulStack(app, `${config.stackPrefix}Stateful`, {
    env,
    rawRetentionDays: config.rawRetentionDays,
    description: 'msv: table, buckets and keys (RETAIN)',
  });
  const stateless = new MsvStatelessStack(app, `${config.stackPrefix}Stateless`, {
    env,
    config,
    table: stateful.table,
    uploadBucket: stateful.uploadBucket,
    description: 'msv: HTTP API and functions',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, stateless, config };
};

// Synthesise only when run as the CDK app, not when a test imports buildApp.
if (process.argv[1]?.endsWith('app.ts')) buildApp().app.synth();
