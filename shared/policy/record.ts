/**
 * A school's policy as stored: one record per school (the policy is the school's, not a school year's; a
 * consent snapshots it when given), its version, who changed it last and when, and the versions before it, so
 * that a school can see who changed the coordinator or the adoption date and what it said before.
 */
import '../zod-locale.js';
import * as z from 'zod/mini';
import { schoolIdSchema } from '../ids.js';
import { BOARD_ROLES, SCHOOL_ROLES } from '../people/membership.js';
import type { PolicyActor } from './access.js';
import { canonicalPolicy, type SchoolPolicy, schoolPolicySchema } from './schema.js';

/** How many earlier versions a record keeps (newest first): a few years of changes, one small item. */
export const POLICY_HISTORY_LIMIT = 10;

const timestamp = z.iso.datetime({ offset: true });

/** One version of a school's policy: what it said, and who stated it when. */
export const policyVersionSchema = z.object({
  version: z.number().check(z.int(), z.minimum(1)),
  policy: schoolPolicySchema,
  updatedAt: timestamp,
  /** `role:tokenId` or `person:{sub}` (shared/auth/access.ts, actorIdOf). */
  updatedBy: z.string(),
  /** The same in words, as the consent names who acted: "Sanne Schoolleider (directie@…), schoolleider". */
  updatedByName: z.string(),
});
export type PolicyVersion = z.infer<typeof policyVersionSchema>;

export const policyRecordSchema = z.object({
  schoolId: schoolIdSchema,
  ...policyVersionSchema.shape,
  /** The person who changed it last, and in which role; absent when a machine token did. */
  updatedByPerson: z.optional(
    z.object({
      sub: z.string(),
      name: z.string(),
      email: z.string(),
      role: z.enum([...SCHOOL_ROLES, ...BOARD_ROLES]),
    }),
  ),
  /** The versions before this one, newest first, at most {@link POLICY_HISTORY_LIMIT}. */
  history: z.array(policyVersionSchema).check(z.maxLength(POLICY_HISTORY_LIMIT)),
});
export type PolicyRecord = z.infer<typeof policyRecordSchema>;

/** The version a stored record is, without its person and history. */
const versionOf = (r: PolicyRecord): PolicyVersion => ({
  version: r.version,
  policy: r.policy,
  updatedAt: r.updatedAt,
  updatedBy: r.updatedBy,
  updatedByName: r.updatedByName,
});

/**
 * The record that replaces `current` with `policy`, or undefined when `policy` says exactly what is stored: a
 * repeated save (a retry, the form sent twice) changes nothing and adds no version to the history.
 */
export const nextPolicyRecord = (
  current: PolicyRecord | undefined,
  change: { schoolId: string; policy: SchoolPolicy; actor: PolicyActor; at: string },
): PolicyRecord | undefined => {
  if (current && canonicalPolicy(current.policy) === canonicalPolicy(change.policy)) return undefined;
  return {
    schoolId: change.schoolId,
    version: (current?.version ?? 0) + 1,
    policy: change.policy,
    updatedAt: change.at,
    updatedBy: change.actor.id,
    updatedByName: change.actor.display,
    ...(change.actor.person ? { updatedByPerson: change.actor.person } : {}),
    history: current ? [versionOf(current), ...current.history].slice(0, POLICY_HISTORY_LIMIT) : [],
  };
};

/**
 * Whether a request that names `requested` (the version it read; 0 for none stored) may replace `current`. A
 * request that names none replaces whatever is stored.
 */
export const versionMatches = (current: PolicyRecord | undefined, requested: number | undefined): boolean =>
  requested === undefined || requested === (current?.version ?? 0);
