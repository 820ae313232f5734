/** What every page gets: the API client for the signed-in token and what the API said about the caller. */
import type { Api } from './api.js';
import { managesPeople } from './people.js';
import type { Me } from './types.js';

export interface AppContext {
  api: Api;
  me: Me;
  /** Re-renders the current route (after a change), keeping the status message. */
  rerender: () => Promise<void>;
  /** Asks `GET /me` again (after accepting an invitation): what the next render shows. */
  refreshMe: () => Promise<Me>;
  /** Signs out here and at the provider. */
  signOut: () => Promise<void>;
}

/**
 * Whether the caller manages the people of `boardId`: a gebruikersbeheerder of that board (or the operator's
 * admin token), as the API decides (shared/auth/access.ts, mayManagePeople).
 */
export const mayManagePeople = (me: Me, boardId: string): boolean =>
  me.role === 'admin' || (me.person !== null && managesPeople(me.person.memberships, boardId));

/** The boards whose people the signed-in person manages, with their names. */
export const managedBoards = (me: Me): Array<{ boardId: string; name: string | null }> =>
  (me.person?.memberships ?? [])
    .filter((m) => m.scope === 'board' && m.role === 'gebruikersbeheerder')
    .map((m) => ({ boardId: m.boardId, name: m.name }));

/**
 * Whether the caller may give, change and revoke consent at `schoolId`: what `GET /me` lists for that school
 * (a person's memberships decide: a schoolleider, or the board's bestuurder; a token's role: the school itself
 * or its board, the bevoegd gezag).
 */
export const mayConsent = (me: Me, schoolId: string): boolean =>
  me.schools.find((s) => s.schoolId === schoolId)?.may.includes('consent') ??
  (me.role === 'school' || me.role === 'board');

/**
 * Whether the caller gives consent at `school` as the school's own person (a schoolleider), not as the bevoegd
 * gezag: then they must confirm "met toestemming van het bevoegd gezag". A token, and a person who is the
 * board's bestuurder, is the bevoegd gezag itself (as the API decides, functions/consent/consent.ts).
 */
export const actsForSchoolOnly = (me: Me, school: { boardId: string }): boolean =>
  me.person !== null &&
  !me.person.memberships.some(
    (m) => m.scope === 'board' && m.boardId === school.boardId && m.role === 'bestuurder',
  );
