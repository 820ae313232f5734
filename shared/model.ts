/**
 * The records msv keeps, as zod schemas: the types are inferred from them, so that what the admin CLI writes and
 * what the handlers read can never drift apart.
 */
import './zod-locale.js';
import * as z from 'zod/mini';
import {
  boardIdSchema,
  onderwijssoortSchema,
  schoolIdSchema,
  schoolYearSchema,
  sectorSchema,
} from './ids.js';
import { BOARD_ROLES, type Membership, SCHOOL_ROLES } from './people/membership.js';
import { storedPolicySchema } from './policy/schema.js';
import { isIsoDate } from './time/amsterdam.js';

/** A name as a person types it: trimmed, not empty, at most 200 characters. */
const nameSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
const timestamp = z.iso.datetime({ offset: true });
const sha256 = z.string().check(z.regex(/^[0-9a-f]{64}$/));
const nonNegativeInt = z.number().check(z.int(), z.nonnegative());

export const boardSchema = z.object({
  boardId: boardIdSchema,
  name: nameSchema,
  /** The board's user administrators: they receive consent and reminder emails. */
  emails: z.array(z.email()).check(z.minLength(1), z.maxLength(20)),
  /** Whether the board receives deadline reminders (shared/reminders); boards stored before this field have them. */
  reminders: z._default(z.boolean(), true),
  createdAt: timestamp,
});
export type Board = z.infer<typeof boardSchema>;
/** A board as written: `reminders` may be left out (on). */
export type BoardInput = z.input<typeof boardSchema>;

export const schoolSchema = z
  .object({
    schoolId: schoolIdSchema,
    boardId: boardIdSchema,
    name: nameSchema,
    sector: sectorSchema,
    /** Empty for primary and special-primary schools. */
    onderwijssoorten: z.array(onderwijssoortSchema),
    createdAt: timestamp,
  })
  .check(
    z.refine((s) => !['po', 'so'].includes(s.sector) || s.onderwijssoorten.length === 0, {
      message: 'primary schools (po, so) have no onderwijssoorten',
      path: ['onderwijssoorten'],
    }),
  );
export type School = z.infer<typeof schoolSchema>;

export const ROLES = ['school', 'board', 'vendor', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** A token as stored: never the token itself, only its SHA-256. */
export const tokenRecordSchema = z.object({
  tokenHash: sha256,
  /** Short public id (first 12 hex chars of the hash) used to name a token in the CLI and the audit trail. */
  tokenId: z.string().check(z.regex(/^[0-9a-f]{12}$/)),
  role: roleSchema,
  /** role school: its own schools; role vendor: the schools it may upload for. */
  schoolIds: z.array(schoolIdSchema),
  /** role board: the board whose schools it may act for. */
  boardId: z.nullable(boardIdSchema),
  label: z.string().check(z.maxLength(200)),
  createdAt: timestamp,
  revokedAt: z.nullable(timestamp),
});
export type TokenRecord = z.infer<typeof tokenRecordSchema>;

/** A caller with a machine token: a vendor's upload script, the operator, or a school's or board's script. */
export interface TokenPrincipal {
  tokenId: string;
  role: Role;
  schoolIds: readonly string[];
  boardId: string | null;
  label?: string;
}

/** A person signed in with the user pool: who they are, and their memberships as read for this request. */
export interface PersonPrincipal {
  role: 'person';
  sub: string;
  email: string;
  name: string;
  memberships: readonly Membership[];
  /** The BRIN their federated sign-in named (`custom:homeOrg`), if any. */
  homeOrg?: string;
}

/** Who is calling, as established by the authorizer. */
export type Principal = TokenPrincipal | PersonPrincipal;

export const exportRecordSchema = z.object({
  exportId: z.string(),
  schoolId: schoolIdSchema,
  schoolYear: schoolYearSchema,
  instrument: z.string(),
  /** The definition's version the export was checked and counted under; absent on exports from before versions: 1. */
  instrumentVersion: z.optional(z.number().check(z.int(), z.minimum(1))),
  sha256,
  bytes: nonNegativeInt,
  rawKey: z.string(),
  respondents: nonNegativeInt,
  acceptedAt: timestamp,
  uploadedBy: z.string(),
  /** One school's part of a file for several schools: the whole file's hash (`sha256` is the part's). */
  sourceSha256: z.optional(sha256),
});
export type ExportRecord = z.infer<typeof exportRecordSchema>;

export const LEVELS = ['school', 'onderwijssoort'] as const;

/** Where a school stands for a school year, as the board overview says it (and the web app shows it). */
export const SCHOOL_STATES = [
  'no_export',
  'export_without_consent',
  /** A `latest` consent waiting for its data: given before any upload. */
  'awaiting_data',
  'scheduled',
  'delivered',
  'deadline_missed',
  /** Delivered through another provider this year ("levert via een andere aanbieder"): nothing for msv to do. */
  'elsewhere',
] as const;
export type SchoolState = (typeof SCHOOL_STATES)[number];

const isoDate = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written as YYYY-MM-DD' }));
/** A leerjaar or groep: 1 to 8. */
const leerjaar = z.number().check(z.int(), z.minimum(1), z.maximum(8));

/** The answers about who took the survey and how (afnamegroep, afnamecondities), as stored with a consent. */
export const administrationSchema = z.strictObject({
  surveyedLeerjaren: z.array(leerjaar).check(z.minLength(1), z.maxLength(8)),
  period: z.strictObject({ from: isoDate, to: isoDate }).check(
    z.refine((p) => p.from <= p.to, {
      message: 'period.from must not be after period.to',
      path: ['to'],
    }),
  ),
  mode: z.enum(['online', 'papier', 'gemengd']),
  anonymous: z.boolean(),
  supervision: z.enum(['leerkracht', 'mentor', 'anders', 'geen']),
  studentCounts: z
    .array(
      // Strict like the rest of the body: a misspelt optional key ("onderwijsoort") must be refused, not
      // dropped, or the count would silently become a school-wide group.
      z.strictObject({
        onderwijssoort: z.optional(onderwijssoortSchema),
        leerjaar,
        students: z.number().check(z.int(), z.minimum(0), z.maximum(10_000)),
      }),
    )
    .check(z.minLength(1), z.maxLength(100)),
  remarks: z.optional(z.string().check(z.maxLength(2000))),
});
export type Administration = z.infer<typeof administrationSchema>;

/** Adds an issue at `path` + index for every element whose key was seen before in the array. */
const flagDuplicates = <T>(
  ctx: z.core.$RefinementCtx,
  path: string,
  items: readonly T[],
  key: (item: T) => string,
  what: string,
) => {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k))
      ctx.addIssue({ code: 'custom', path: [path, i], message: `${what} appears more than once` });
    seen.add(k);
  });
};

/**
 * The administration answers as a request may give them: on top of the stored shape, dates that exist (the
 * pattern alone lets 2026-02-31 through) and no leerjaar or group twice (a group counted twice would double
 * its students in the school's total response rate). Only new requests are held to this, so that a consent
 * stored before these checks can still be read and delivered.
 */
const administrationRequestSchema = administrationSchema.check(
  z.superRefine((a, ctx) => {
    for (const end of ['from', 'to'] as const) {
      if (!isIsoDate(a.period[end])) {
        ctx.addIssue({ code: 'custom', path: ['period', end], message: 'must be a date that exists' });
      }
    }
    flagDuplicates(ctx, 'surveyedLeerjaren', a.surveyedLeerjaren, String, 'leerjaar');
    flagDuplicates(
      ctx,
      'studentCounts',
      a.studentCounts,
      (c) => `${c.onderwijssoort ?? ''}|${c.leerjaar}`,
      'group',
    );
  }),
);

/**
 * Which export a consent delivers. `pinned`: the export current when consent is given, exactly as the board
 * checked it (a newer upload needs the consent given again). `latest`: the newest accepted export as it is on the
 * delivery date, so a board can consent before the survey has even run (the Inspectie accepts consent "vooraf of
 * na het sluiten van het instrument"); a date that comes without accepted data delivers nothing.
 */
export const EXPORT_POLICIES = ['pinned', 'latest'] as const;
export type ExportPolicy = (typeof EXPORT_POLICIES)[number];

/** The body of `PUT …/consent`. `version`, when given, must match the stored consent (optimistic locking). */
export const consentRequestSchema = z.strictObject({
  level: z.enum(LEVELS),
  deliveryDate: isoDate,
  /** Absent: `pinned`, as before the choice existed. */
  exportPolicy: z.optional(z.enum(EXPORT_POLICIES)),
  administration: administrationRequestSchema,
  version: z.optional(z.number().check(z.int(), z.minimum(0))),
  /**
   * A school's own person (schoolleider) confirms that the bevoegd gezag agreed ("met toestemming van het
   * bevoegd gezag"); required from them, recorded with the consent. A board's person is the bevoegd gezag.
   */
  withBoardConsent: z.optional(z.boolean()),
  /**
   * The whole school is below the anonymity threshold, so no score is delivered: the board confirms it knows
   * (shared/consent/small-school.ts). Required only then.
   */
  confirmSmallSchool: z.optional(z.boolean()),
});
export type ConsentRequest = z.infer<typeof consentRequestSchema>;

export const consentSchema = z.object({
  schoolId: schoolIdSchema,
  schoolYear: schoolYearSchema,
  status: z.enum(['active', 'revoked', 'delivered']),
  level: z.enum(LEVELS),
  deliveryDate: isoDate,
  /** Absent on consents stored before the choice: `pinned`. Read it with `exportPolicyOf`. */
  exportPolicy: z.optional(z.enum(EXPORT_POLICIES)),
  /**
   * `pinned`: the export that will be delivered, fixed when consent is given (always set). `latest`: the export
   * that was current when consent was given, if there was one, for the history only; the delivery takes the
   * newest on its date (shared/consent/export-policy.ts).
   */
  exportId: z.optional(z.string()),
  /**
   * A `latest` consent whose delivery date came without data it could deliver: nothing was delivered (no
   * accepted export, or none with the onderwijssoorten its level needs). The consent stays active and can be
   * given again with a new date; `mailSentAt` is set once the board was told.
   */
  /**
   * A `latest` consent's delivery under way: the export its first attempt chose, so that every retry delivers
   * the same one (shared/delivery/deliver-school.ts).
   */
  deliveringExportId: z.optional(z.string()),
  noData: z.optional(
    z.object({
      deliveryDate: isoDate,
      reason: z.enum(['no_export', 'level_not_available', 'small_school_unconfirmed']),
      at: timestamp,
      mailSentAt: z.nullable(timestamp),
    }),
  ),
  /**
   * Given in a catch-up window after the year's deadline (shared/windows/catch-up-window.ts): a late delivery,
   * marked as such in the report, data.json, the delivery record and the mails. `catchUpWindowId` names the window.
   */
  nalevering: z.optional(z.boolean()),
  catchUpWindowId: z.optional(z.string()),
  administration: administrationSchema,
  /** `role:tokenId` of who last gave, changed or revoked it. */
  updatedBy: z.string(),
  /**
   * The same in words: a person's name, email and role (e.g. "Sanne Schoolleider (directie@…), schoolleider, met
   * toestemming van het bevoegd gezag"), or a token with its label (e.g. "bestuurstoken 8c2b391f0028 (Directie)");
   * absent on old records.
   */
  updatedByName: z.optional(z.string()),
  /** The person who last gave, changed or revoked it, and in which role; absent when a machine token did. */
  updatedByPerson: z.optional(
    z.object({
      sub: z.string(),
      name: z.string(),
      email: z.string(),
      role: z.enum([...SCHOOL_ROLES, ...BOARD_ROLES]),
    }),
  ),
  /** Whether a school's own person confirmed the bevoegd gezag's agreement when giving or changing it. */
  withBoardConsent: z.optional(z.boolean()),
  /** Set when consent was given for an export whose whole school is below the anonymity threshold. */
  smallSchoolConfirmed: z.optional(z.boolean()),
  /**
   * The school's safety policy as it stood when consent was given (the report's "Beleid"), so that the delivery
   * does not change when the policy is edited later; null when the school had stated none; absent on consents
   * stored before the policy existed.
   */
  policy: z.optional(
    z.nullable(z.object({ version: z.number(), updatedAt: timestamp, policy: storedPolicySchema })),
  ),
  updatedAt: timestamp,
  givenAt: timestamp,
  /** Increases by one on every write; the optimistic lock. */
  version: z.number().check(z.int(), z.minimum(1)),
});
export type Consent = z.infer<typeof consentSchema>;

/** What every audit entry says: whose school year, when, and who acted (`role:tokenId`). */
const auditEntryBase = {
  schoolId: schoolIdSchema,
  schoolYear: schoolYearSchema,
  at: timestamp,
  actor: z.string(),
};

/** An export accepted, refused or uploaded again. `detail` holds no personal data (hashes, counts, codes). */
export const exportAuditEntrySchema = z.object({
  ...auditEntryBase,
  action: z.enum(['export_accepted', 'export_rejected', 'export_unchanged']),
  detail: z.record(z.string(), z.unknown()),
});

/**
 * One entry of a consent's append-only history: the consent before and after. `consent_no_data` is the delivery
 * worker's (actor {@link NO_DATA_ACTOR}): the date of a consent for the newest upload came without data, nothing was
 * delivered, and `after` carries the `noData` record (same version: the consent itself was not changed).
 */
export const consentAuditEntrySchema = z.object({
  ...auditEntryBase,
  action: z.enum(['consent_given', 'consent_changed', 'consent_revoked', 'consent_no_data']),
  detail: z.object({ before: z.nullable(consentSchema), after: consentSchema }),
});
export type ConsentAuditEntry = z.infer<typeof consentAuditEntrySchema>;

/** Who records a date that came without data: the delivery worker, not a person. */
export const NO_DATA_ACTOR = 'system:deliver-school';

/** An entry of a school year's append-only audit trail. */
export const auditEntrySchema = z.discriminatedUnion('action', [
  exportAuditEntrySchema,
  consentAuditEntrySchema,
]);
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** What was delivered to the Inspectie for one school and year: written once, with the consent marked delivered. */
export const deliveryRecordSchema = z.object({
  deliveryId: z.string(),
  schoolId: schoolIdSchema,
  schoolYear: schoolYearSchema,
  deliveryDate: isoDate,
  level: z.enum(LEVELS),
  exportId: z.string(),
  consentVersion: z.number().check(z.int(), z.minimum(1)),
  bucket: z.string(),
  prefix: z.string(),
  files: z.array(z.object({ name: z.string(), key: z.string(), sha256, bytes: nonNegativeInt })),
  /** A late delivery: its date after the year's 1 July, in a catch-up window. Absent on older records: not. */
  nalevering: z.optional(z.boolean()),
  deliveredAt: timestamp,
  /** Set once the board's confirmation mail went out (mail is at-least-once). */
  mailSentAt: z.nullable(timestamp),
});
export type DeliveryRecord = z.infer<typeof deliveryRecordSchema>;
