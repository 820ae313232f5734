/**
 * The JSON bodies of the routes' successful answers. The web app's types are these schemas' outputs
 * (web/src/types.ts), the OpenAPI document is generated from them (shared/http/openapi.ts), and the local
 * gateway checks every answer against them in the tests.
 */
import '../../zod-locale.js';
import * as z from 'zod/mini';
import { boardIdSchema, schoolYearSchema } from '../../ids.js';
import {
  consentAuditEntrySchema,
  consentSchema,
  EXPORT_POLICIES,
  ROLES,
  SCHOOL_STATES,
} from '../../model.js';
import { BOARD_ROLES, SCHOOL_ROLES } from '../../people/membership.js';
import {
  aggregatesSchema,
  count,
  deliveryRecordSchema,
  described,
  exportSummarySchema,
  ingestErrorSchema,
  int,
  isoDate,
  levelSchema,
  publicInstrumentSchema,
  representativenessSchema,
  schoolRefSchema,
  sha256,
  timestamp,
  warningSchema,
} from './records.js';

export const healthResponse = z.object({ status: z.literal('ok'), service: z.literal('msv') });

const boardRef = z.object({ boardId: boardIdSchema, name: z.nullable(z.string()) });

/** One membership of the signed-in person, with the name of the school or board it is of. */
const membershipView = z.object({
  scope: z.enum(['school', 'board']),
  boardId: boardIdSchema,
  schoolId: z.nullable(z.string()),
  role: z.enum([...SCHOOL_ROLES, ...BOARD_ROLES]),
  name: described(z.nullable(z.string()), 'the school’s or board’s name; null when it is not registered'),
});

export const meResponse = z.object({
  role: described(z.enum([...ROLES, 'person']), 'a machine token’s role, or `person` for someone signed in'),
  tokenId: described(z.nullable(z.string()), 'a machine token’s public id; null for a person'),
  label: z.nullable(z.string()),
  person: described(
    z.nullable(
      z.object({
        sub: z.string(),
        email: z.string(),
        name: z.string(),
        memberships: z.array(membershipView),
        homeSchool: described(
          z.nullable(
            z.object({
              schoolId: z.string(),
              name: z.string(),
              boardId: boardIdSchema,
              requested: described(z.boolean(), 'a join request is open (POST /join-requests)'),
            }),
          ),
          'the school a federated sign-in names, when the person has no role there yet',
        ),
      }),
    ),
    'who is signed in, with their memberships; null for a machine token',
  ),
  allSchools: described(z.boolean(), 'an admin token acts for every school, which are then not listed'),
  schools: z.array(
    z.object({
      ...schoolRefSchema.shape,
      may: described(
        z.array(z.enum(['read', 'upload', 'consent'])),
        'what the caller may do at this school: see it, upload exports, give consent',
      ),
    }),
  ),
  board: described(z.nullable(boardRef), 'a board token’s board, or the first board a person has a role at'),
  boards: described(z.array(boardRef), 'every board whose overview the caller may see'),
  today: described(isoDate, 'the service’s day in Europe/Amsterdam'),
  schoolYear: schoolYearSchema,
});

export const instrumentsResponse = z.array(publicInstrumentSchema);

export const uploadResponse = z.object({
  exportId: z.string(),
  status: z.literal('accepted'),
  unchanged: described(z.boolean(), 'the same bytes were uploaded before: the same export, nothing stored'),
  respondents: count,
  acceptedAt: timestamp,
  summary: exportSummarySchema,
  delivery: described(
    z.nullable(z.object({ deliveryDate: isoDate, mail: z.enum(['sent', 'failed']) })),
    'a new export under a "latest" consent: the date it will be delivered on, and the mail telling the board',
  ),
});

/** One school's part of a file for several schools: accepted (as a school's own upload answers), or not. */
const schoolPartResponse = z.union([
  z.object({ schoolId: z.string(), ...uploadResponse.shape }),
  z.object({
    schoolId: z.string(),
    status: z.literal('rejected'),
    code: z.literal('invalid_export'),
    errorCount: count,
    errors: z.array(ingestErrorSchema).check(z.maxLength(100)),
  }),
  z.object({
    schoolId: z.string(),
    status: z.literal('refused'),
    code: described(
      z.enum(['forbidden', 'school_not_found']),
      '`forbidden`: not a school the token may upload for (a school unknown to msv answers the same, unless the token names it in its scope: then `school_not_found`)',
    ),
  }),
]);

export const schoolsFileResponse = z.object({
  schoolYear: schoolYearSchema,
  instrument: z.string(),
  accepted: count,
  rejected: count,
  refused: count,
  schools: described(
    z.array(schoolPartResponse),
    'every school the file names, in the order it first names them',
  ),
});

export const exportsResponse = z.object({
  schoolId: z.string(),
  schoolYear: schoolYearSchema,
  currentExportId: z.nullable(z.string()),
  exports: z.array(
    z.object({
      exportId: z.string(),
      instrument: z.string(),
      acceptedAt: timestamp,
      respondents: count,
      bytes: count,
      sha256,
      current: z.boolean(),
      summary: exportSummarySchema,
    }),
  ),
});

const schoolState = z.enum(SCHOOL_STATES);
/** A catch-up window in effect for a school (shared/windows/catch-up-window.ts). */
const catchUpWindow = z.object({
  until: described(isoDate, 'the last delivery date the window accepts'),
  lastConsentDay: described(isoDate, 'the last day consent can be given in it (the day before until)'),
});
const lastChangeDay = described(z.nullable(isoDate), 'the last day an active consent can be changed');

export const schoolYearResponse = z.object({
  school: schoolRefSchema,
  schoolYear: schoolYearSchema,
  currentExport: z.nullable(
    z.object({
      exportId: z.string(),
      instrument: z.string(),
      acceptedAt: timestamp,
      respondents: count,
      summary: exportSummarySchema,
      aggregates: aggregatesSchema,
    }),
  ),
  state: schoolState,
  daysLeft: described(int, 'days until 1 July in Europe/Amsterdam: 0 on the day, negative after'),
  deadlineMissed: described(
    z.nullable(z.object({ message: z.string(), messageNl: z.string() })),
    'past 1 July without a delivery or a catch-up window: how to deliver directly',
  ),
  window: described(
    z.nullable(z.object({ ...catchUpWindow.shape, messageNl: z.string() })),
    'past 1 July without a delivery: the catch-up window in which consent for a nalevering can still be given',
  ),
  provider: described(
    z.nullable(z.object({ name: z.string(), updatedAt: timestamp, updatedByName: z.string() })),
    'the school delivers this year through another provider (state `elsewhere`); PUT/DELETE …/provider',
  ),
  consent: z.nullable(
    z.object({
      status: z.enum(['active', 'delivered']),
      level: levelSchema,
      deliveryDate: isoDate,
      exportPolicy: z.enum(EXPORT_POLICIES),
      exportId: described(
        z.nullable(z.string()),
        'the export that is delivered: a pinned one, or for "latest" the current one (null before any upload)',
      ),
      lastChangeDay,
      locked: z.boolean(),
      newerExportAvailable: z.boolean(),
      warnings: z.array(warningSchema),
    }),
  ),
});

/** One entry of the consent's history: its audit entry, the consent before and after. */
const audit = consentAuditEntrySchema.shape;
export const consentHistoryEntry = z.object({
  at: audit.at,
  actor: audit.actor,
  action: audit.action,
  before: audit.detail.shape.before,
  after: audit.detail.shape.after,
});

export const consentViewResponse = z.object({
  consent: z.nullable(consentSchema),
  lastChangeDay,
  locked: z.boolean(),
  currentExportId: z.nullable(z.string()),
  newerExportAvailable: described(
    z.boolean(),
    'a newer upload is delivered only once consent is given again',
  ),
  history: z.array(consentHistoryEntry),
});

const mail = described(z.enum(['sent', 'failed']), 'the mail to the board’s administrators');

export const consentSavedResponse = z.object({
  consent: consentSchema,
  lastChangeDay: isoDate,
  representativeness: described(
    z.nullable(representativenessSchema),
    'null for a "latest" consent given before any upload',
  ),
  warnings: z.array(warningSchema),
  smallSchool: described(
    z.nullable(z.object({ respondents: count, minGroupSize: count, messageNl: z.string() })),
    'the whole school is below the anonymity threshold: no score is delivered (confirmed with confirmSmallSchool)',
  ),
  mail,
});

export const consentRevokedResponse = z.object({ consent: consentSchema, mail });

export const deliveryResponse = z.object({
  delivery: deliveryRecordSchema,
  reportUrl: described(z.nullable(z.string()), 'a link to the delivered PDF, valid for five minutes'),
  reportUrlExpiresInSeconds: z.nullable(int),
});

export const boardYearResponse = z.object({
  board: boardRef,
  schoolYear: schoolYearSchema,
  today: isoDate,
  deadline: described(isoDate, 'the last delivery date, 1 July'),
  window: described(
    z.nullable(z.object({ ...catchUpWindow.shape, schools: count })),
    'past 1 July: the furthest catch-up window in effect for any of the board’s schools, and how many it covers',
  ),
  counts: z.object({
    schools: count,
    ...Object.fromEntries(SCHOOL_STATES.map((s) => [s, count])),
  } as Record<'schools' | (typeof SCHOOL_STATES)[number], typeof count>),
  schools: z.array(
    z.object({
      schoolId: z.string(),
      name: z.string(),
      sector: schoolRefSchema.shape.sector,
      state: schoolState,
      currentExportId: z.nullable(z.string()),
      respondents: z.nullable(count),
      deliveryDate: z.nullable(isoDate),
      level: z.nullable(levelSchema),
      newerExportAvailable: z.boolean(),
      provider: described(
        z.nullable(z.string()),
        'state `elsewhere`: the provider the school delivers through this year',
      ),
      window: described(z.nullable(catchUpWindow), 'the catch-up window in effect for this school, or null'),
      advice: z.optional(
        z
          .string()
          .check(
            z.describe('past 1 July without a delivery: deliver directly, or give consent in the window'),
          ),
      ),
    }),
  ),
});

/** The document `GET /openapi.json` answers with: an OpenAPI 3.1 description of this API. */
export const openApiResponse = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.looseObject({})),
});
