/**
 * The API contract: for every route of shared/http/routes.ts (which refers to these by route id), what it takes
 * and every status it answers, with the body of each in zod schemas. Defined once: the OpenAPI document
 * (shared/http/openapi.ts) and the web app's types (web/src/types.ts) are derived from it, and the tests' local
 * gateway checks every answer against it.
 */
import '../../zod-locale.js';
import * as z from 'zod/mini';
import { EXPORT_FORMATS } from '../../exports/accept-export.js';
import { EXPORT_MEDIA_TYPES } from '../../exports/media-types.js';
import { boardIdSchema, schoolIdSchema, schoolYearSchema } from '../../ids.js';
import { consentRequestSchema } from '../../model.js';
import { providerMarkerSchema, providerRequestSchema } from '../../provider/provider.js';
import { SHEET_NAME_MAX } from '../../xlsx/limits.js';
import {
  apiError,
  authResponses,
  BOARD_PATH_CODES,
  commonResponses,
  details,
  forbiddenResponse,
  gatewayError,
  SCHOOL_PATH_CODES,
  schoolNotFoundBody,
  schoolPathErrorBody,
} from './errors.js';
import { peopleContracts } from './people.js';
import { policyContracts } from './policy.js';
import { described, levelSchema } from './records.js';
import {
  boardYearResponse,
  consentRevokedResponse,
  consentSavedResponse,
  consentViewResponse,
  deliveryResponse,
  exportsResponse,
  healthResponse,
  instrumentsResponse,
  meResponse,
  openApiResponse,
  schoolsFileResponse,
  schoolYearResponse,
  uploadResponse,
} from './responses.js';
import type { ResponseContract, RouteContract } from './types.js';

export type { ResponseContract, RouteContract } from './types.js';

const schoolYear = described(
  schoolYearSchema,
  'e.g. `2025-2026`: from 2015-2016, the first year of the duty, to the school year after the current one',
);
const schoolPath = z.object({
  schoolId: described(schoolIdSchema, 'the school’s BRIN, optionally with its vestiging: `22KC` or `22KC00`'),
  schoolYear,
});
const boardPath = z.object({
  boardId: described(boardIdSchema, 'the board’s (bevoegd gezag’s) number: five digits'),
  schoolYear,
});

const PATH_TEXT =
  'a malformed school id or school year, or a school year outside 2015-2016 to next school year (`first`/`last` say which)';

/** 400: the path's codes, and `codes` for the route's own bad parameters. */
const badSchoolPath = (codes: readonly string[] = [], extra = {}): ResponseContract => ({
  description: `${[...SCHOOL_PATH_CODES, ...codes].map((c) => `\`${c}\``).join(', ')}: ${PATH_TEXT}${codes.length ? '; or a bad parameter (`field` names it)' : ''}.`,
  json:
    codes.length === 0
      ? schoolPathErrorBody
      : apiError([...SCHOOL_PATH_CODES, ...codes] as [string, ...string[]], {
          ...details.yearRange,
          ...extra,
        }),
});

const schoolNotFound = (codes: readonly string[] = [], what = ''): ResponseContract => ({
  description: `\`school_not_found\`: a school in the token's scope that is not registered with msv${what}.`,
  json: codes.length === 0 ? schoolNotFoundBody : apiError(['school_not_found', ...codes]),
});

/** What every route of one school and year answers besides its own statuses. */
const schoolRoute = (
  responses: Record<number, ResponseContract>,
): Readonly<Record<number, ResponseContract>> => ({
  400: badSchoolPath(),
  ...authResponses,
  403: forbiddenResponse(),
  404: schoolNotFound(),
  ...commonResponses,
  ...responses,
});

const json = (description: string, schema: z.ZodMiniType): ResponseContract => ({
  description,
  json: schema,
});

const tooLargeForGateway = {
  description: 'Over API Gateway’s 10 MB payload limit (its own answer).',
  json: gatewayError,
};

/** The answer of the provider routes: the marker, or null once removed. */
const providerResponse = z.object({ provider: z.nullable(providerMarkerSchema) });

const consentForbidden = forbiddenResponse(
  'The token is unknown or revoked (API Gateway’s `Forbidden`), or `forbidden`: the school is outside the token’s scope, or the token is neither the school’s own nor its board’s (only they see or give consent).',
);

export { EXPORT_MEDIA_TYPES };

/** What both upload routes take and answer alike. */
const instrumentQuery = {
  schema: z.string(),
  required: true,
  description: 'the instrument the export was made with (`GET /instruments`)',
};
const sheetSchema = z.string().check(z.minLength(1), z.maxLength(SHEET_NAME_MAX));
// Made per route: the document names each route's answers as its own components (UploadExport413, …).
const uploadTooLarge = (): ResponseContract => ({
  description: '`payload_too_large`: over 5 MB (`limit`, `size`); or over API Gateway’s 10 MB.',
  json: z.union([apiError(['payload_too_large'], details.sizeLimit), gatewayError]),
});
const uploadMediaType = (): ResponseContract =>
  json(
    '`unsupported_media_type`: not one of the CSV or workbook media types.',
    apiError(['unsupported_media_type'], details.contentType),
  );

export const contracts = {
  Health: {
    summary: 'Liveness: the API and a function answer',
    tag: 'service',
    responses: { 200: json('Up.', healthResponse), ...commonResponses },
  },
  OpenApi: {
    summary: 'This document: the API as OpenAPI 3.1',
    tag: 'service',
    responses: { 200: json('The OpenAPI 3.1 document.', openApiResponse), ...commonResponses },
  },
  Me: {
    summary: 'Who the token is, what it may act for, and the service’s today',
    tag: 'token',
    responses: {
      200: json('The token.', meResponse),
      ...authResponses,
      403: forbiddenResponse(),
      ...commonResponses,
    },
  },
  ListInstruments: {
    summary: 'The instrument catalog, to map an export’s columns',
    tag: 'instruments',
    responses: {
      200: json('Every instrument.', instrumentsResponse),
      ...authResponses,
      403: forbiddenResponse(),
      ...commonResponses,
    },
  },
  UploadExport: {
    summary: 'Upload a survey export (the body is the CSV file or Excel workbook)',
    description:
      'Validated line by line (a workbook’s worksheet row by row); only aggregates are kept. What the file is, is told from its bytes. Send files that are not UTF-8 (Excel’s Windows-1252, UTF-16) and workbooks (`.xlsx`) as `application/octet-stream`, so that they arrive byte for byte.',
    tag: 'exports',
    path: schoolPath,
    query: {
      instrument: instrumentQuery,
      sheet: {
        schema: sheetSchema,
        required: false,
        description:
          'a workbook’s worksheet to read, by name (case-insensitive); without it the one visible worksheet that holds values. Ignored for a CSV file.',
      },
      format: {
        schema: z.enum(EXPORT_FORMATS),
        required: false,
        description:
          '`rows` (the default): one row per respondent. `aggregated`: a vendor’s own figures per level, for vendors that export no respondent rows (see the README’s aggregated imports); marked so in the report and the delivery.',
      },
    },
    body: { description: 'The CSV export or Excel workbook, at most 5 MB.', mediaTypes: EXPORT_MEDIA_TYPES },
    responses: schoolRoute({
      200: json('The same bytes again: the export accepted before (`unchanged: true`).', uploadResponse),
      201: json('A new export, accepted and current.', uploadResponse),
      400: badSchoolPath(
        ['missing_instrument', 'unknown_instrument', 'invalid_sheet', 'invalid_format'],
        details.knownInstruments,
      ),
      413: uploadTooLarge(),
      415: uploadMediaType(),
      422: json(
        '`invalid_export`: every problem by line and column (a workbook’s by row, column letters and sheet); nothing was stored.',
        apiError(['invalid_export'], details.exportErrors),
      ),
    }),
  },
  UploadSchoolsFile: {
    summary: 'Upload one export file for several schools (a BRIN column says whose each row is)',
    description:
      'The file is split by its school column (`brin`: a BRIN with its vestiging such as `22KC00`, or a BRIN with a `vestiging` column beside it), and each school’s part is accepted on its own, exactly as that school’s own upload would be: the same checks, records, raw copy and board notice. A school the token may not upload for is `refused`, and its rows are stored nowhere. Errors are placed in the uploaded file (its lines or rows, its columns).',
    tag: 'exports',
    query: {
      schoolYear: {
        schema: schoolYearSchema,
        required: true,
        description: 'the school year every row is for, e.g. `2025-2026`',
      },
      instrument: instrumentQuery,
      sheet: {
        schema: sheetSchema,
        required: false,
        description: 'a workbook’s worksheet to read, by name (case-insensitive). Ignored for a CSV file.',
      },
      format: {
        schema: z.enum(EXPORT_FORMATS),
        required: false,
        description: 'only `rows`: an aggregated import is one school’s (`invalid_format`)',
      },
    },
    body: {
      description: 'The CSV export or Excel workbook, at most 5 MB, with a school column.',
      mediaTypes: EXPORT_MEDIA_TYPES,
    },
    responses: {
      200: json('Every school’s part was accepted (each new, or `unchanged`).', schoolsFileResponse),
      207: json(
        'Some school’s part was rejected or refused: `schools` says what became of each; the accepted ones are stored.',
        schoolsFileResponse,
      ),
      400: {
        description:
          '`invalid_school_year` (missing, malformed, or outside the duty’s years), `missing_instrument`, `unknown_instrument`, `invalid_sheet`, `invalid_format`.',
        json: apiError(
          [
            'invalid_school_year',
            'missing_instrument',
            'unknown_instrument',
            'invalid_sheet',
            'invalid_format',
          ],
          {
            ...details.yearRange,
            ...details.knownInstruments,
          },
        ),
      },
      ...authResponses,
      403: forbiddenResponse(),
      413: uploadTooLarge(),
      415: uploadMediaType(),
      422: json(
        '`invalid_export`: the file itself is unusable (it does not open, its header does not fit the instrument, a row names no school or not a well-formed one, too many schools); nothing was stored for any school.',
        apiError(['invalid_export'], details.exportErrors),
      ),
      ...commonResponses,
    },
  },
  ListExports: {
    summary: 'The year’s exports, newest first, and which one is current',
    tag: 'exports',
    path: schoolPath,
    responses: schoolRoute({ 200: json('The exports.', exportsResponse) }),
  },
  GetSchoolYear: {
    summary: 'The year’s overview: school, current export’s aggregates, consent, deadline',
    tag: 'school years',
    path: schoolPath,
    responses: schoolRoute({ 200: json('The overview.', schoolYearResponse) }),
  },
  GetConsent: {
    summary: 'The consent and its history',
    tag: 'consent',
    path: schoolPath,
    responses: schoolRoute({
      200: json('The consent (`null` when none).', consentViewResponse),
      403: consentForbidden,
    }),
  },
  PutConsent: {
    summary: 'Give or change consent to deliver, with the delivery date and the survey’s administration',
    tag: 'consent',
    path: schoolPath,
    body: { description: 'The consent.', json: consentRequestSchema },
    responses: schoolRoute({
      200: json('Changed.', consentSavedResponse),
      201: json('Given.', consentSavedResponse),
      400: badSchoolPath(['invalid_json']),
      403: consentForbidden,
      409: json(
        'A rule of the school year refuses it now: `version_conflict` (written meanwhile; `currentVersion`), `already_delivered`, `consent_locked` (the delivery date has begun), `school_year_not_started`, `deadline_passed`, `no_export` (upload one first), `delivers_elsewhere` (the school delivers this year through another provider: DELETE …/provider first).',
        apiError(
          [
            'version_conflict',
            'already_delivered',
            'consent_locked',
            'school_year_not_started',
            'deadline_passed',
            'no_export',
            'delivers_elsewhere',
          ],
          details.currentVersion,
        ),
      ),
      413: tooLargeForGateway,
      415: json(
        '`unsupported_media_type`: the body is not sent as `application/json`.',
        apiError(['unsupported_media_type'], details.contentType),
      ),
      422: json(
        '`invalid_request` with every bad field in `errors`; `invalid_delivery_date`, `delivery_date_too_early` (`earliest`), `delivery_date_too_late` (`latest`), `level_not_available`; `board_consent_required`: a school’s own person (schoolleider) must confirm the bevoegd gezag agreed (`withBoardConsent: true`); `small_school_confirmation_required`: the export’s whole school is below the anonymity threshold, so no score is delivered (`respondents`, `minGroupSize`): confirm with `confirmSmallSchool: true`.',
        apiError(
          [
            'invalid_request',
            'invalid_delivery_date',
            'delivery_date_too_early',
            'delivery_date_too_late',
            'level_not_available',
            'board_consent_required',
            'small_school_confirmation_required',
          ],
          { ...details.fieldIssues, ...details.dateRange, ...details.smallSchool },
        ),
      ),
    }),
  },
  DeleteConsent: {
    summary: 'Revoke consent (until the day before the delivery date)',
    tag: 'consent',
    path: schoolPath,
    responses: schoolRoute({
      200: json('Revoked.', consentRevokedResponse),
      403: consentForbidden,
      404: schoolNotFound(['no_consent'], '; `no_consent`: there is no active consent to revoke'),
      409: json(
        '`already_delivered`, `consent_locked` (the delivery date has begun), or `version_conflict` (written meanwhile).',
        apiError(['already_delivered', 'consent_locked', 'version_conflict']),
      ),
    }),
  },
  GetReport: {
    summary: 'The report PDF as it would be delivered, marked CONCEPT',
    tag: 'report',
    path: schoolPath,
    query: {
      level: {
        schema: levelSchema,
        required: false,
        description: 'the consent’s level when left out, else `school`',
      },
    },
    responses: schoolRoute({
      200: {
        description: 'The PDF.',
        media: {
          type: 'application/pdf',
          description:
            'The PDF’s bytes. The function answers them base64-encoded (`isBase64Encoded`), which API Gateway decodes: clients receive the bytes themselves.',
        },
        headers: {
          'x-msv-data-sha256': { description: 'SHA-256 of the data the report shows', required: true },
          'content-disposition': { description: '`inline; filename="msv-{school}-{year}-{level}.pdf"`' },
        },
      },
      400: badSchoolPath(['invalid_level']),
      404: schoolNotFound(['no_export'], '; `no_export`: no accepted export for the year yet'),
      422: json(
        '`level_not_available`: level onderwijssoort for a school without onderwijssoorten.',
        apiError(['level_not_available']),
      ),
    }),
  },
  GetDelivery: {
    summary: 'The delivery record and a five-minute link to the delivered PDF',
    tag: 'delivery',
    path: schoolPath,
    responses: schoolRoute({
      200: json('Delivered.', deliveryResponse),
      404: schoolNotFound(['not_delivered'], '; `not_delivered`: nothing delivered for the year yet'),
    }),
  },
  GetBoardYear: {
    summary: 'Every school of the board and where it stands for the year',
    tag: 'boards',
    path: boardPath,
    responses: {
      200: json('The overview.', boardYearResponse),
      400: json(
        '`invalid_board_id`, `invalid_school_year`: a malformed board id or school year, or a school year outside 2015-2016 to next school year (`first`/`last` say which).',
        apiError(BOARD_PATH_CODES, details.yearRange),
      ),
      ...authResponses,
      403: forbiddenResponse(
        'The token is unknown or revoked, or `forbidden`: not this board’s token (the same answer whether the board exists or not).',
      ),
      ...commonResponses,
    },
  },
  PutProvider: {
    summary:
      'Record that the school delivers this school year through another provider ("levert via een andere aanbieder")',
    description:
      'No reminders for the school that year, counted apart in the board overview, and no consent in msv until the marker is removed.',
    tag: 'consent',
    path: schoolPath,
    body: { description: 'The other provider.', json: providerRequestSchema },
    responses: schoolRoute({
      200: json('Replaced.', providerResponse),
      201: json('Recorded.', providerResponse),
      400: badSchoolPath(['invalid_json']),
      403: consentForbidden,
      409: json(
        '`consent_active`: revoke the consent first, or msv would deliver too; `already_delivered`: msv has delivered the year.',
        apiError(['consent_active', 'already_delivered']),
      ),
      413: tooLargeForGateway,
      415: json(
        '`unsupported_media_type`: the body is not sent as `application/json`.',
        apiError(['unsupported_media_type'], details.contentType),
      ),
      422: json(
        '`invalid_request`: the name is missing, too long or not one line.',
        apiError(['invalid_request'], details.fieldIssues),
      ),
    }),
  },
  DeleteProvider: {
    summary: 'Remove the "another provider" marker: msv delivers the school year again',
    tag: 'consent',
    path: schoolPath,
    responses: schoolRoute({
      200: json('Removed (also when there was none).', providerResponse),
      403: consentForbidden,
    }),
  },
  ...peopleContracts,
  ...policyContracts,
} as const satisfies Record<string, RouteContract>;

export type RouteId = keyof typeof contracts;
