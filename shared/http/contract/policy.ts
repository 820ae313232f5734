/**
 * The contract of a school's policy routes (functions/school-policy): the policy as the school stated it, and
 * replacing it. The policy is the school's, not a school year's: the path has no year.
 */
import '../../zod-locale.js';
import * as z from 'zod/mini';
import { schoolIdSchema } from '../../ids.js';
import { policyVersionSchema } from '../../policy/record.js';
import { policyRequestSchema, schoolPolicySchema } from '../../policy/schema.js';
import {
  apiError,
  authResponses,
  commonResponses,
  details,
  forbiddenResponse,
  gatewayError,
  schoolNotFoundBody,
} from './errors.js';
import { described, int, timestamp } from './records.js';
import type { ResponseContract, RouteContract } from './types.js';

const schoolPath = z.object({
  schoolId: described(schoolIdSchema, 'the school’s BRIN, optionally with its vestiging: `22KC` or `22KC00`'),
});

const json = (description: string, schema: z.ZodMiniType): ResponseContract => ({
  description,
  json: schema,
});

/** `GET` and `PUT …/policy`: the policy and who stated it when, with the versions before it. */
export const policyViewResponse = z.object({
  schoolId: schoolIdSchema,
  policy: described(
    z.nullable(schoolPolicySchema),
    '`null` when the school never stated one; a field left out was not stated (never filled in by msv)',
  ),
  version: described(int, 'the version to send back with a change (`version`); 0 when none is stored'),
  updatedAt: z.nullable(timestamp),
  updatedBy: described(z.nullable(z.string()), '`person:{sub}` or `role:tokenId` of who changed it last'),
  updatedByName: described(z.nullable(z.string()), 'the same in words: name, address and role, or the token'),
  history: described(z.array(policyVersionSchema), 'the versions before this one, newest first, at most 10'),
});

const forbidden = (what: string) =>
  forbiddenResponse(
    `The token is unknown or revoked (API Gateway’s \`Forbidden\`), or \`forbidden\`: the school is outside the caller’s scope (the same answer whether it exists or not)${what}.`,
  );

const notFound = json(
  '`school_not_found`: a school in the token’s scope that is not registered with msv.',
  schoolNotFoundBody,
);

export const policyContracts = {
  GetSchoolPolicy: {
    summary: 'The school’s safety policy: coordinator, safety plan, protocols, programmes',
    tag: 'policy',
    path: schoolPath,
    responses: {
      200: json('The policy (`policy: null` when none was stated).', policyViewResponse),
      400: json('`invalid_school_id`: a malformed school id.', apiError(['invalid_school_id'])),
      ...authResponses,
      403: forbidden('; or a vendor token, which does not see the policy'),
      404: notFound,
      ...commonResponses,
    },
  },
  PutSchoolPolicy: {
    summary: 'State the school’s safety policy (replaces the whole policy; every field optional)',
    description:
      'The school’s people who supply its data (schoolleider, medewerker), the board’s bestuurder, and the school’s and board’s tokens. Send `version` (from GET) to be told when someone else changed it meanwhile. The same policy again writes nothing.',
    tag: 'policy',
    path: schoolPath,
    body: { description: 'The policy.', json: policyRequestSchema },
    responses: {
      200: json('Changed, or unchanged (the same policy again).', policyViewResponse),
      201: json('The school’s first policy.', policyViewResponse),
      400: json(
        '`invalid_school_id`: a malformed school id; `invalid_json`: the body is not JSON.',
        apiError(['invalid_school_id', 'invalid_json']),
      ),
      ...authResponses,
      403: forbidden(
        '; or a caller who may see but not change the policy (a gebruikersbeheerder, a vendor token, the operator)',
      ),
      404: notFound,
      409: json(
        '`version_conflict`: the policy was changed after the `version` sent (`currentVersion`).',
        apiError(['version_conflict'], details.currentVersion),
      ),
      413: { description: 'Over API Gateway’s 10 MB payload limit (its own answer).', json: gatewayError },
      415: json(
        '`unsupported_media_type`: the body is not sent as `application/json`.',
        apiError(['unsupported_media_type'], details.contentType),
      ),
      422: json(
        '`invalid_request` with every bad field in `errors` (`field` like `coordinator.email` or `protocols.2`), each with a stable `code`: `unknown_field`, `invalid_type`, `empty`, `too_long`, `invalid_characters`, `invalid_email`, `invalid_date`, `date_too_early`, `date_in_future`, `unknown_protocol`, `duplicate_protocol`, `invalid_version`.',
        apiError(['invalid_request'], details.fieldIssues),
      ),
      ...commonResponses,
    },
  },
} as const satisfies Record<string, RouteContract>;
