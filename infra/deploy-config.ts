/**
 * Deploy-time settings, from CDK context (`-c key=value` or cdk.json) or else the environment, validated with
 * zod. Runtime settings that the functions need are handed on as MSV_* variables through shared/config.ts, so
 * both read the same schema and a value means the same at synth time and at run time.
 */
import type { App } from 'aws-cdk-lib';
import '../shared/zod-locale.js';
import * as z from 'zod/mini';
import { configSchema, ENV_NAMES } from '../shared/config.js';
import { identityProvidersSchema } from './identity-providers.js';

const runtime = configSchema.shape;

/** Every setting the CDK app reads; keys are the context keys. */
export const deployConfigSchema = z.object({
  /** Prefix of the stack names; change it to deploy a second copy into the same account. */
  stackPrefix: z._default(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9-]*$/), z.maxLength(20)), 'Msv'),
  /** Days before a raw export is deleted from S3. */
  rawRetentionDays: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(3650)), 90),
  /** Days the functions' and the API's logs are kept (rounded up to a value CloudWatch offers). */
  logRetentionDays: z._default(z.coerce.number().check(z.int(), z.minimum(1)), 365),
  minGroupSize: runtime.minGroupSize,
  maxRows: runtime.maxRows,
  maxSchoolsPerUpload: runtime.maxSchoolsPerUpload,
  maxUploadBytes: runtime.maxUploadBytes,
  lowResponsePercent: runtime.lowResponsePercent,
  /** Sender of the board emails; the stateful stack creates its SES identity (verify it once after deploy). */
  mailFrom: runtime.mailFrom,
  mailReplyTo: runtime.mailReplyTo,
  /** The SES account's maximum send rate (mails a second); raise it with the quota AWS grants. */
  mailSendRate: runtime.mailSendRate,
  /** Delivery workers at once (bench/out/capacity.md says how many a national day needs at the SES rate). */
  deliveryConcurrency: runtime.deliveryConcurrency,
  deliveryTime: runtime.deliveryTime,
  /** Reminder digests: first weekly day (MM-DD) and the Amsterdam time of the daily run (the cron). */
  remindersStart: runtime.remindersStart,
  noDataRemindersStart: runtime.noDataRemindersStart,
  reminderTime: runtime.reminderTime,
  /** The web app's address, for the link to the board overview in reminder emails. */
  appUrl: runtime.appUrl,
  /**
   * The Inspectie's delivery bucket, when it is not ours (it may be in another account: see the README for the
   * bucket policy it needs). Without it the stateful stack creates a delivery bucket.
   */
  deliveryBucketName: z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/))),
  deliveryPrefix: runtime.deliveryPrefix,
  logLevel: runtime.logLevel,
  /**
   * Who hears the alarms and the budget: subscribed by email to the alarm topic (AWS sends a confirmation link
   * first). Without it the stacks still synthesize and deploy, with a warning on every synth: offline synth, the
   * tests and `npm start` need no address, and the topic is there for a subscription added later.
   */
  alarmEmail: z.optional(z.email()),
  /** Monthly cost budget of the account in US dollars (AWS Budgets counts in USD); alerts at 80 % and 100 %. */
  monthlyBudget: z._default(z.coerce.number().check(z.positive(), z.maximum(1_000_000)), 20),
  /**
   * Reserve concurrency for the delivery worker (infra/constructs/delivery-pipeline.ts says why). Off for an account whose
   * concurrency quota is too low to reserve any (new accounts may start at 10; reserving needs 100 left over).
   */
  reservedConcurrency: z._default(z.union([z.boolean(), z.stringbool()]), true),
  /**
   * Prefix of the sign-in domain (`https://{prefix}.auth.{region}.amazoncognito.com`), unique in the region;
   * default `msv-{account id}`. Cognito refuses prefixes with "aws", "amazon" or "cognito" in them.
   */
  signInDomainPrefix: z.optional(
    z.string().check(
      z.regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/),
      z.refine((p) => !/aws|amazon|cognito/.test(p), 'must not contain aws, amazon or cognito'),
    ),
  ),
  /**
   * Send the sign-in codes from `mailFrom` through SES. Turn on once the SES identity is verified (Cognito refuses
   * an unverified one); until then Cognito's own sender sends them, 50 a day per user pool.
   */
  signInMailFromSes: z._default(z.union([z.boolean(), z.stringbool()]), false),
  /** Federated sign-in (Entree Federatie, SURFconext, eduID): a JSON array, see infra/identity-providers.ts. */
  identityProviders: z._default(identityProvidersSchema, []),
});
/** The validated deploy configuration. */
export type DeployConfig = z.infer<typeof deployConfigSchema>;

/**
 * The environment variable for a key: the runtime name from shared/config.ts where there is one (so
 * `MSV_MIN_GROUP_SIZE` means the same to the CDK app and to a function), else `MSV_` + the key in capitals.
 */
export const deployEnvName = (key: keyof DeployConfig): string =>
  (ENV_NAMES as Record<string, string>)[key] ?? `MSV_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/**
 * Reads every known key from the app's context, then from `env`; unknown context keys are ignored, malformed
 * values fail the synth with their name.
 */
export const deployConfigFrom = (
  app: App,
  env: Record<string, string | undefined> = process.env,
): DeployConfig => {
  const raw = Object.fromEntries(
    (Object.keys(deployConfigSchema.shape) as Array<keyof DeployConfig>)
      .map((key) => [key, app.node.tryGetContext(key) ?? (env[deployEnvName(key)] || undefined)])
      .filter(([, v]) => v !== undefined),
  );
  const parsed = deployConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `Invalid deploy configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
};
