/**
 * Who may see and who may state a school's policy, for a caller who already sees the school
 * (shared/auth/access.ts, schoolAccess). Pure: the handler loads the school and asks.
 *
 * - Reading: everyone who sees the school — its people (every role), the school's own and its board's tokens
 *   and   the operator — except vendor tokens. A vendor uploads survey exports; the policy names a person and
 *   their   address, which a vendor has no need for.
 * - Writing: the people who supply the school's data to msv (the `upload` right: schoolleider, medewerker,
 *   the   board's bestuurder) and the school's own and its board's tokens. Not a gebruikersbeheerder (they
 *   manage   people and see), not a vendor, and not the operator: the policy is the school's own statement,
 *   and is   delivered to the Inspectie as such. A schoolleider or bestuurder confirms it when giving
 *   consent.
 */
import { actingMembership, actorIdOf, tokenDisplayNl } from '../auth/access.js';
import type { Principal, School } from '../model.js';
import { ROLE_NL } from '../people/membership.js';
import type { PolicyRecord } from './record.js';

/** Who stated a policy: stored with it, and named in its history (as a consent names who gave it). */
export interface PolicyActor {
  /** `role:tokenId` or `person:{sub}`. */
  id: string;
  /** "Sanne Schoolleider (directie@…), schoolleider", or "schooltoken 8c2b391f0028 (Directie)". */
  display: string;
  /** The person, and the role that let them write; absent for a machine token. */
  person?: NonNullable<PolicyRecord['updatedByPerson']>;
}

/** Whether a caller who sees the school may read its policy. */
export const mayReadPolicy = (p: Principal): boolean => p.role !== 'vendor';

/**
 * The actor a write of the school's policy is recorded as, or undefined when the caller may not write it. A
 * person's board role is named before a school role: a bestuurder who is also on a school's staff acts as the
 * board, as with consent.
 */
export const policyWriterOf = (p: Principal, school: Pick<School, 'schoolId' | 'boardId'>) => {
  if (p.role !== 'person') {
    if (p.role !== 'school' && p.role !== 'board') return undefined;
    const actor: PolicyActor = { id: actorIdOf(p), display: tokenDisplayNl(p) };
    return actor;
  }
  const m = actingMembership(p.memberships, school, 'upload');
  if (!m) return undefined;
  const actor: PolicyActor = {
    id: actorIdOf(p),
    display: `${p.name} (${p.email}), ${ROLE_NL[m.role]}`,
    person: { sub: p.sub, name: p.name, email: p.email, role: m.role },
  };
  return actor;
};
