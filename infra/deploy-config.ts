/**
 * Deploy-time settings, from CDK context (`-c key=value` or cdk.json) validated with zod. Runtime settings that
 * the functions need are handed on as MSV_* variables through shared/config.ts, so both read the same schema.
 */
import type { App } from 'aws-cdk-lib';
import * as z from 'zod';
import { configSchema } from '../shared/config.js';

const runtime = configSchema;

export const deployConfigSchema = z.object({
  /** Prefix of the stack names; change it to deploy a second copy into the same account. */
  stackPrefix: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]*$/)
    .default('Msv'),
  /** Days before a raw export is deleted from S3. */
  rawRetentionDays: z.coerce.number().int().min(1).max(3650).default(90),
  /** Days the functions' and the API's logs are kept. */
  logRetentionDays: z.coerce.number().int().min(1).default(365),
  minGroupSize: runtime.shape.minGroupSize,
  maxRows: runtime.shape.maxRows,
  logLevel: runtime.shape.logLevel,
});
export type DeployConfig = z.infer<typeof deployConfigSchema>;

/** Reads every known key from the app's context; unknown or malformed values fail the synth with their name. */
export const deployConfigFrom = (app: App): DeployConfig => {
  const raw = Object.fromEntries(
    Object.keys(deployConfigSchema.shape)
      .map((key) => [key, app.node.tryGetContext(key)])
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
