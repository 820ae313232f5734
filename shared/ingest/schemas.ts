/**
 * The export summary and the aggregates as zod schemas, so that what the store reads back is checked against the
 * types ingestion writes (types.ts). Each schema is held to its type: a field the type has and the schema lacks
 * does not compile. Keys are in the order ingestion builds them, so a parsed record serialises as it did.
 */
import '../zod-locale.js';
import * as z from 'zod/mini';
import { onderwijssoortSchema } from '../ids.js';
import { domainSchema } from '../instruments/schema.js';
import type { Aggregates, ExportSummary } from './types.js';

const count = z.number().check(z.int(), z.nonnegative());

export const exportSummarySchema = z.object({
  instrument: z.string(),
  encoding: z.string(),
  delimiter: z.nullable(z.enum([';', ',', '\t'])),
  sheet: z.optional(z.string()),
  ignoredColumns: z.optional(z.array(z.string())),
  respondents: count,
  leerjaren: z.record(z.string(), count),
  onderwijssoorten: z.record(z.string(), count),
  groups: z.array(
    z.object({ onderwijssoort: z.nullable(onderwijssoortSchema), leerjaar: count, respondents: count }),
  ),
  source: z
    .optional(z.literal('vendor-aggregated'))
    .check(
      z.describe(
        "set when the export was a vendor's aggregates instead of respondent rows; absent for respondent rows",
      ),
    ),
}) satisfies z.ZodMiniType<ExportSummary>;

const answerShareSchema = z.object({
  value: z.number(),
  label: z.string(),
  count,
  percent: z.number(),
});

const itemAggregateSchema = z.object({
  code: z.string(),
  domain: domainSchema,
  n: count,
  suppressed: z.boolean(),
  mean: z.nullable(z.number()),
  mean100: z.nullable(z.number()),
  distribution: z.nullable(z.array(answerShareSchema)),
});

const domainAggregateSchema = z.object({
  domain: domainSchema,
  respondents: count,
  n: count,
  suppressed: z.boolean(),
  mean100: z.nullable(z.number()),
});

const levelAggregateSchema = z.object({
  level: z.enum(['school', 'onderwijssoort', 'leerjaar']),
  key: z.string(),
  respondents: count,
  suppressed: z.boolean(),
  domains: z.array(domainAggregateSchema),
  items: z.array(itemAggregateSchema),
});

export const aggregatesSchema = z.object({
  minGroupSize: count,
  levels: z.array(levelAggregateSchema),
}) satisfies z.ZodMiniType<Aggregates>;
