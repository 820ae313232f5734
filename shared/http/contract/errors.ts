/**
 * The error bodies. msv's own (functions/lib/http.ts's error handler, from shared/errors.ts's AppError): `code`,
 * stable API, an English `message`, where a person reads it a Dutch `messageNl`, the `field` that caused it,
 * and details that are safe to show. API Gateway's own answers (no token, the authorizer said no, throttled,
 * too large, a timeout) carry only `message`; the local gateway answers the same.
 */
import '../../zod-locale.js';
import * as z from 'zod/mini';
import { count, ingestErrorSchema, int, isoDate } from './records.js';
import type { ResponseContract } from './types.js';

/** What every msv error body may carry; each kind of error names which of its details it adds. */
const errorFields = {
  message: z.string().check(z.describe('what is wrong and what to do, in English')),
  messageNl: z.optional(z.string().check(z.describe('the same in Dutch, for the people at a school'))),
  field: z.optional(z.string().check(z.describe('the parameter or body field that caused it'))),
};

type Shape = Record<string, z.ZodMiniType>;

/** An msv error body whose `code` is one of `codes`, with the details `extra` (all optional unless said). */
export const apiError = <const C extends readonly [string, ...string[]]>(codes: C, extra: Shape = {}) =>
  z.strictObject({ code: z.enum(codes), ...errorFields, ...extra });

/** API Gateway's own answer, e.g. `{"message":"Unauthorized"}`. */
export const gatewayError = z.strictObject({ message: z.string() });

/** One bad field of a JSON body, as zod or the domain checks name it. */
export const fieldIssueSchema = z.strictObject({
  field: z.string().check(z.describe('its dotted path, e.g. `administration.studentCounts.1`')),
  code: z.string(),
  message: z.string(),
});

/** The details some errors add. */
export const details = {
  /** A school year outside the duty's years: the range that is allowed. */
  yearRange: {
    first: z.optional(z.string().check(z.describe('the first school year of the duty, 2015-2016'))),
    last: z.optional(z.string().check(z.describe('the school year after the current one'))),
  },
  contentType: { contentType: z.optional(z.nullable(z.string())) },
  /** 422 `invalid_request`: every bad field. */
  fieldIssues: { errors: z.optional(z.array(fieldIssueSchema).check(z.maxLength(100))) },
  /** 422 `invalid_export`: every problem of the file (the first 100 listed) and how many there are. */
  exportErrors: { errorCount: count, errors: z.array(ingestErrorSchema).check(z.maxLength(100)) },
  knownInstruments: { known: z.optional(z.array(z.string())) },
  sizeLimit: { limit: z.optional(int), size: z.optional(int) },
  dateRange: { earliest: z.optional(isoDate), latest: z.optional(isoDate) },
  currentVersion: { currentVersion: z.optional(int) },
  /** 422 `small_school_confirmation_required`: the whole school's respondents and the threshold. */
  smallSchool: { respondents: z.optional(count), minGroupSize: z.optional(count) },
} satisfies Record<string, Shape>;

/** The codes of a malformed path parameter or a school year outside the duty's. */
export const SCHOOL_PATH_CODES = ['invalid_school_id', 'invalid_school_year'] as const;
export const BOARD_PATH_CODES = ['invalid_board_id', 'invalid_school_year'] as const;

/** 400 for a malformed school id or school year, or a school year outside 2015-2016 … next year. */
export const schoolPathErrorBody = apiError(SCHOOL_PATH_CODES, details.yearRange);

/** 404 for a school in the token's scope that msv does not know. */
export const schoolNotFoundBody = apiError(['school_not_found']);

/** 500: msv's `internal_error`, or API Gateway's own when the function failed. */
export const internalErrorBody = z.union([
  apiError(['internal_error'], { requestId: z.string() }),
  gatewayError,
]);

/** 403: the authorizer refused the token (`{"message":"Forbidden"}`), or `forbidden`: outside its scope. */
export const forbiddenBody = z.union([apiError(['forbidden']), gatewayError]);

/** What every route may answer without reaching msv's code: throttling, failures and timeouts. */
export const commonResponses = {
  429: { description: 'Throttled by the API stage (50 requests/s, bursts of 100).', json: gatewayError },
  500: {
    description:
      'An unexpected failure: `internal_error` with the `requestId` under which the cause is logged, or API Gateway’s own answer when the function itself failed.',
    json: internalErrorBody,
  },
  503: { description: 'The function did not answer in time (API Gateway’s answer).', json: gatewayError },
} as const satisfies Record<number, ResponseContract>;

/** What a route behind the Lambda authorizer answers before the route's function is called. */
export const authResponses = {
  401: {
    description: 'No `Authorization` header (API Gateway answers without calling the authorizer).',
    json: gatewayError,
  },
} as const satisfies Record<number, ResponseContract>;

/** 403, with what it means on the route. */
export const forbiddenResponse = (
  description = 'The token is unknown, revoked or sent twice (API Gateway’s `Forbidden`), or `forbidden`: the school or board is outside the token’s scope — the same answer whether it exists or not.',
): ResponseContract => ({ description, json: forbiddenBody });
