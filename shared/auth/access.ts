/**
 * Who may act for which school. Pure: the handler loads the school and asks. A caller outside its scope gets
 * the same answer whether the school exists or not, so a 403 reveals nothing about other schools.
 *
 * Machine tokens are scoped by what the operator gave them (their schools, or their board); people by their
 * memberships (shared/people/membership.ts), read by the authorizer for every request.
 */
import type { Principal, Role, School, TokenPrincipal } from '../model.js';
import { type Membership, membershipFor, type SchoolAction } from '../people/membership.js';

export type { SchoolAction } from '../people/membership.js';

/**
 * Decides whether a school is in a principal's view (what `read` needs; the routes then ask {@link mayAct} for
 * more).
 * - `allowed`: go on (the school exists);
 * - `forbidden`: outside the caller's scope, or unknown to a caller who could not know it exists;
 * - `not_found`: within the caller's scope by id, but not registered (only said to callers who named it legitimately).
 */
export const schoolAccess = (
  principal: Principal,
  schoolId: string,
  school: School | undefined,
): 'allowed' | 'forbidden' | 'not_found' => {
  switch (principal.role) {
    case 'admin':
      return school ? 'allowed' : 'not_found';
    case 'school':
    case 'vendor':
      if (!principal.schoolIds.includes(schoolId)) return 'forbidden';
      return school ? 'allowed' : 'not_found';
    case 'board':
      // A board's scope is defined by the school's own record, so an unknown school is simply not its school.
      return school && principal.boardId !== null && school.boardId === principal.boardId
        ? 'allowed'
        : 'forbidden';
    case 'person':
      // Like a board's: a membership counts only for a school that (still) belongs to the membership's board.
      return school && membershipFor(principal.memberships, school, 'read') ? 'allowed' : 'forbidden';
  }
};

/**
 * Whether a principal, who may see the school, may also take `action` there. Machine tokens: only the school's
 * own and its board's give consent (the bevoegd gezag); every token in scope may read and upload. People: as
 * their role at the school or its board allows.
 */
export const mayAct = (
  principal: Principal,
  school: Pick<School, 'schoolId' | 'boardId'>,
  action: SchoolAction,
): boolean => {
  if (principal.role === 'person') return membershipFor(principal.memberships, school, action) !== undefined;
  if (action === 'consent') return principal.role === 'school' || principal.role === 'board';
  return true;
};

/** Board-level access (the board overview): an admin, the board's token, or a person with a role at the board. */
export const boardAccess = (principal: Principal, boardId: string): boolean => {
  switch (principal.role) {
    case 'admin':
      return true;
    case 'board':
      return principal.boardId === boardId;
    case 'person':
      return principal.memberships.some((m) => m.scope === 'board' && m.boardId === boardId);
    default:
      return false;
  }
};

/** Managing a board's people: the operator's admin token, or the board's own user administrator. */
export const mayManagePeople = (principal: Principal, boardId: string): boolean =>
  principal.role === 'admin' ||
  (principal.role === 'person' &&
    principal.memberships.some(
      (m) => m.scope === 'board' && m.boardId === boardId && m.role === 'gebruikersbeheerder',
    ));

/**
 * The membership a person acts in at a school for `action`: a board role before a school role, so that a
 * bestuurder who is also on a school's staff acts as the bevoegd gezag (consent, the school's policy).
 */
export const actingMembership = (
  memberships: readonly Membership[],
  school: { schoolId: string; boardId: string },
  action: SchoolAction,
): Membership | undefined =>
  membershipFor(
    memberships.filter((m) => m.scope === 'board'),
    school,
    action,
  ) ?? membershipFor(memberships, school, action);

const TOKEN_NL: Record<Role, string> = {
  school: 'schooltoken',
  board: 'bestuurstoken',
  vendor: 'leverancierstoken',
  admin: 'beheerderstoken',
};

/** A machine token in words, as a record or a mail names who acted: "bestuurstoken 8c2b391f0028 (Directie)". */
export const tokenDisplayNl = (p: TokenPrincipal): string =>
  `${TOKEN_NL[p.role]} ${p.tokenId}${p.label ? ` (${p.label})` : ''}`;

/** Who acted, as stored with a consent, an export, an audit entry and a people-log entry: `role:tokenId` or `person:{sub}`. */
export const actorIdOf = (p: Principal): string =>
  p.role === 'person' ? `person:${p.sub}` : `${p.role}:${p.tokenId}`;
