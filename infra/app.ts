/**
 * The CDK app: the stateful stack (data, RETAIN) and the stateless stack (API and functions), with cdk-nag's
 * AwsSolutions rules checked on every synth. Settings: `-c key=value`, cdk.json context or MSV_* variables
 * (infra/deploy-config.ts); account and region from the CLI's CDK_DEFAULT_* (environment-agnostic offline).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { deployConfigFrom } from './deploy-config.js';
import { MsvStatefulStack } from './stateful-stack.js';
import { MsvStatelessStack } from './stateless-stack.js';

/** Options of buildApp; tests pass an empty `env` so the developer's shell cannot change their results. */
export interface BuildAppOptions {
  /** Where MSV_* settings and CDK_DEFAULT_ACCOUNT/REGION are read; default process.env. */
  readonly env?: Record<string, string | undefined>;
  /** Whether cdk-nag runs on synth; default true. Assertion tests turn it off and run it once, separately. */
  readonly nag?: boolean;
}

/** Adds both stacks and the cdk-nag plugin to `app`. */
export const buildApp = (app: App = new App(), options: BuildAppOptions = {}) => {
  const vars = options.env ?? process.env;
  const config = deployConfigFrom(app, vars);
  const env = { account: vars.CDK_DEFAULT_ACCOUNT, region: vars.CDK_DEFAULT_REGION };
  const stateful = new MsvStatefulStack(app, `${config.stackPrefix}Stateful`, {
    env,
    rawRetentionDays: config.rawRetentionDays,
    mailFrom: config.mailFrom,
    createDeliveryBucket: config.deliveryBucketName === undefined,
    alarmEmail: config.alarmEmail,
    signIn: {
      domainPrefix: config.signInDomainPrefix,
      mailFromSes: config.signInMailFromSes,
      identityProviders: config.identityProviders,
    },
    description: 'msv: table, buckets, keys, delivery schedules, mail identity and alarm topic (RETAIN)',
  });
  const stateless = new MsvStatelessStack(app, `${config.stackPrefix}Stateless`, {
    env,
    config,
    table: stateful.table,
    uploadBucket: stateful.uploadBucket,
    scheduleGroup: stateful.scheduleGroup,
    scheduleDeadLetterQueue: stateful.scheduleDeadLetterQueue,
    mailIdentity: stateful.mailIdentity,
    deliveryBucket: stateful.deliveryBucket,
    alarmTopic: stateful.alarmTopic.topic,
    users: stateful.users,
    description: 'msv: HTTP API, functions and delivery dispatcher',
  });
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, stateless, config };
};

// Synthesise only when run as the CDK app (cdk.json: `tsx infra/app.ts`), not when a test imports buildApp.
if (process.argv[1]?.endsWith('app.ts')) buildApp().app.synth();
