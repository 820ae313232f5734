/** What every page gets: the API client for the signed-in token and what the API said about the caller. */
import type { Api } from './api.js';
import type { Me } from './types.js';

export interface AppContext {
  api: Api;
  me: Me;
  /** Re-renders the current route (after a change), keeping the status message. */
  rerender: () => Promise<void>;
}

/**
 * Whether the caller may give, change and revoke consent at `schoolId`: what `GET /me` lists for that school
 * (a person's memberships decide: a schoolleider or the board's bestuurder), else by a token's role (the
 * bevoegd gezag: the school itself or its board).
 */
export const mayConsent = (me: Me, schoolId: string): boolean => {
  const schools = me.schools as ReadonlyArray<{ schoolId: string; may?: readonly string[] }>;
  const may = schools.find((s) => s.schoolId === schoolId)?.may;
  if (may) return may.includes('consent');
  return me.role === 'school' || me.role === 'board';
};

/** A membership as `GET /me` lists it for a person (read loosely, so that a token's answer passes too). */
interface MembershipView {
  scope: string;
  boardId: string;
  role: string;
}

/**
 * Whether the caller gives consent at `school` as the school's own person (a schoolleider), not as the bevoegd
 * gezag: then they must confirm "met toestemming van het bevoegd gezag". A token, and a person who is the
 * board's bestuurder, is the bevoegd gezag itself.
 */
export const actsForSchoolOnly = (me: Me, school: { boardId: string }): boolean => {
  const person = (me as { person?: { memberships?: readonly MembershipView[] } | null }).person;
  if (!person?.memberships) return false;
  return !person.memberships.some(
    (m) => m.scope === 'board' && m.boardId === school.boardId && m.role === 'bestuurder',
  );
};
