/**
 * The records the API answers with, as zod schemas: the stored ones are the store's own (shared/model.ts,
 * shared/ingest/schemas.ts); the others (an ingest error, representativeness, the public instrument, …) are
 * domain types written as schemas here, and a compile-time check at the end proves each schema's output is
 * exactly its domain type, so the contract cannot drift from what the code returns.
 */
import '../../zod-locale.js';
import * as z from 'zod/mini';
import type { Representativeness, Warning } from '../../consent/representativeness.js';
import { onderwijssoortSchema } from '../../ids.js';
import type { IngestError, IngestErrorCode } from '../../ingest/types.js';
import type { toPublicInstrument } from '../../instruments/catalog.js';
import { instrumentSchema, itemSchema } from '../../instruments/schema.js';
import { consentSchema, exportRecordSchema, LEVELS, schoolSchema } from '../../model.js';

/** The stored records the API answers with, as the store reads them. */
export { aggregatesSchema, exportSummarySchema } from '../../ingest/schemas.js';
export { consentSchema, deliveryRecordSchema } from '../../model.js';

/** `schema` with a description for the OpenAPI document. */
export const described = <S extends z.ZodMiniType>(schema: S, description: string): S =>
  schema.check(z.describe(description)) as S;

/** The primitives of the stored records, reused by name. */
export const isoDate = consentSchema.shape.deliveryDate;
export const timestamp = exportRecordSchema.shape.acceptedAt;
export const sha256 = exportRecordSchema.shape.sha256;
export const count = exportRecordSchema.shape.respondents;
export const int = z.number().check(z.int());
export const levelSchema = z.enum(LEVELS);

/** A school as the API names it: who it is, not when it was registered. */
export const schoolRefSchema = z.object({
  schoolId: schoolSchema.shape.schoolId,
  name: schoolSchema.shape.name,
  sector: schoolSchema.shape.sector,
  onderwijssoorten: schoolSchema.shape.onderwijssoorten,
  boardId: schoolSchema.shape.boardId,
});

/** `GET /instruments`: an instrument as a vendor maps an export to it. */
export const publicInstrumentSchema = z.object({
  id: instrumentSchema.shape.id,
  name: instrumentSchema.shape.name,
  version: instrumentSchema.shape.version,
  items: z.array(itemSchema),
  ignoredColumns: instrumentSchema.shape.ignoredColumns,
  onderwijssoorten: instrumentSchema.shape.onderwijssoorten,
});

const INGEST_ERROR_CODES = [
  ...['empty_file', 'binary_content', 'undecodable', 'unterminated_quote', 'missing_column'],
  ...['unknown_column', 'duplicate_column', 'field_count', 'missing_respondent', 'duplicate_respondent'],
  ...['invalid_leerjaar', 'unknown_onderwijssoort', 'onderwijssoort_not_offered', 'out_of_scale'],
  'too_many_rows',
  ...['unsupported_workbook', 'workbook_unreadable', 'workbook_too_large', 'sheet_not_found'],
  ...['several_sheets', 'merged_cells', 'formula_cell', 'date_cell', 'unsupported_cell'],
  ...['missing_school', 'invalid_school', 'too_many_schools'],
  // Aggregated imports (shared/ingest/aggregated/).
  ...['unknown_level', 'missing_value', 'unexpected_value', 'unknown_item', 'invalid_number'],
  ...['duplicate_row', 'missing_groups', 'level_without_groups', 'inconsistent_respondents'],
  ...['missing_item', 'n_exceeds_respondents', 'mean_out_of_scale', 'missing_mean'],
  ...['not_a_bullying_item', 'invalid_option', 'mixed_distribution', 'distribution_mismatch'],
  ...['missing_distribution', 'inconsistent_levels'],
] as const satisfies readonly IngestErrorCode[];

/**
 * One problem of a refused export, located by line and column (1-based; line 0 is the whole file). In a
 * workbook the line is the worksheet's row number, and `columnLetter` and `sheet` say where as Excel does.
 */
export const ingestErrorSchema = z.object({
  line: count,
  column: z.nullable(int),
  columnLetter: z.optional(z.string().check(z.regex(/^[A-Z]{1,3}$/))),
  sheet: z.optional(z.string()),
  field: z.nullable(z.string()),
  code: z.enum(INGEST_ERROR_CODES),
  message: z.string(),
});

const group = z.object({ onderwijssoort: z.nullable(onderwijssoortSchema), leerjaar: int });

/** A representativeness warning: never a refusal. */
export const warningSchema = z.object({
  code: z.enum(['single_leerjaar', 'low_response', 'group_not_surveyed', 'more_respondents_than_students']),
  message: z.string(),
  messageNl: z.string(),
  group: z.optional(group),
});

const responseRate = z.nullable(z.number()).check(z.describe('respondents as % of students, one decimal'));
export const representativenessSchema = z.object({
  groups: z.array(
    z.object({ ...group.shape, students: count, respondents: count, responseRate: responseRate }),
  ),
  total: z.object({ students: count, respondents: count, responseRate }),
  leerjarenSurveyed: z.array(int),
  warnings: z.array(warningSchema),
});

/** Whether two types are the same, down to every optional key (arrays' readonly-ness aside). */
type Plain<T> = T extends readonly (infer E)[]
  ? Plain<E>[]
  : T extends object
    ? { [K in keyof T]: Plain<T[K]> }
    : T;
type Same<A, B> =
  (<T>() => T extends Plain<A> ? 1 : 2) extends <T>() => T extends Plain<B> ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
/** Fails to compile when a schema above and the domain type it stands for say different things. */
export type RecordsMatchTheDomain = [
  Assert<Same<z.output<typeof publicInstrumentSchema>, ReturnType<typeof toPublicInstrument>>>,
  Assert<Same<z.output<typeof ingestErrorSchema>, IngestError>>,
  Assert<Same<z.output<typeof warningSchema>, Warning>>,
  Assert<Same<z.output<typeof representativenessSchema>, Representativeness>>,
];
