/**
 * `GET /me`: who the caller is and what it may act for, so that a client (the web app) can show each role only
 * what it may do. Also the service's `today` and school year in Europe/Amsterdam from the clock port, so that
 * clients compute allowed delivery dates and days left from the same clock as the API (MSV_NOW locally), never
 * from the browser's.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { mayAct, type SchoolAction } from '../../shared/auth/access.js';
import type { Clock } from '../../shared/clock.js';
import type { PersonPrincipal, Principal, School } from '../../shared/model.js';
import { schoolOfHomeOrg } from '../../shared/people/join-service.js';
import { seesSchool } from '../../shared/people/membership.js';
import type { StoreReads } from '../../shared/store/stores.js';
import { amsterdamDate, schoolYearOf } from '../../shared/time/amsterdam.js';
import { apiHandler } from '../lib/api-handler.js';
import { json, principalOf } from '../lib/http.js';

const ACTIONS: readonly SchoolAction[] = ['read', 'upload', 'consent'];

/** What `GET /me` says about one school in the caller's scope: the school, and what the caller may do there. */
export interface SchoolInScope {
  schoolId: string;
  name: string;
  sector: School['sector'];
  onderwijssoorten: School['onderwijssoorten'];
  boardId: string;
  may: SchoolAction[];
}

const inScope = (p: Principal, s: School): SchoolInScope => ({
  schoolId: s.schoolId,
  name: s.name,
  sector: s.sector,
  onderwijssoorten: s.onderwijssoorten,
  boardId: s.boardId,
  may: ACTIONS.filter((a) => mayAct(p, s, a)),
});

type MeStore = Pick<StoreReads, 'boards' | 'schools'> & {
  people: Pick<StoreReads['people'], 'joinRequest'>;
};

const boardRef = async (store: MeStore, boardId: string) => ({
  boardId,
  name: (await store.boards.get(boardId))?.name ?? null,
});

type BoardRef = { boardId: string; name: string | null };

/** The schools and boards in a token's view: a board's schools are those whose own record names the board. */
const tokenScope = async (
  p: Principal,
  store: MeStore,
): Promise<{ schools: School[]; boards: BoardRef[] }> => {
  if (p.role === 'board' && p.boardId) {
    const [board, schools] = await Promise.all([
      boardRef(store, p.boardId),
      store.schools.listOfBoard(p.boardId),
    ]);
    return { schools, boards: [board] };
  }
  if (p.role === 'school' || p.role === 'vendor') {
    // Only the ids the token lists; an id that is not registered (yet) is simply left out.
    const found = await Promise.all(p.schoolIds.map((id) => store.schools.get(id)));
    return { schools: found.filter((s): s is School => s !== undefined), boards: [] };
  }
  // An admin acts for every school: listing them all would be unbounded, so it is said instead.
  return { schools: [], boards: [] };
};

/**
 * A person's view: the schools of their boards and their own schools (each read once), the boards, and their
 * memberships named after those same records.
 */
const personScope = async (p: PersonPrincipal, store: MeStore) => {
  const boardIds = [...new Set(p.memberships.filter((m) => m.scope === 'board').map((m) => m.boardId))];
  const memberOf = p.memberships.flatMap((m) => (m.scope === 'school' ? [m.schoolId] : []));
  const [boards, ofBoards, own] = await Promise.all([
    Promise.all(boardIds.map((id) => boardRef(store, id))),
    Promise.all(boardIds.map((id) => store.schools.listOfBoard(id))),
    Promise.all(memberOf.map((id) => store.schools.get(id))),
  ]);
  const read = new Map<string, School>();
  for (const s of [...ofBoards.flat(), ...own]) if (s) read.set(s.schoolId, s);
  // A school counts only while it belongs to the membership's board (the access rule), as the routes say.
  const schools = [...read.values()].filter((s) => seesSchool(p.memberships, s));
  const boardNames = new Map(boards.map((b) => [b.boardId, b.name]));
  const memberships = p.memberships.map((m) => ({
    scope: m.scope,
    boardId: m.boardId,
    schoolId: m.scope === 'school' ? m.schoolId : null,
    role: m.role,
    name: m.scope === 'school' ? (read.get(m.schoolId)?.name ?? null) : (boardNames.get(m.boardId) ?? null),
  }));
  return { schools, boards, person: { sub: p.sub, email: p.email, name: p.name, memberships } };
};

/**
 * The school a person's federated sign-in names (`custom:homeOrg`) when they have no role there: the web app
 * offers to ask its board for one (`requested` once asked).
 */
const homeSchoolOf = async (p: PersonPrincipal, store: MeStore) => {
  const school = await schoolOfHomeOrg(store.schools, p.homeOrg);
  if (!school || seesSchool(p.memberships, school)) return null;
  const open = await store.people.joinRequest(p.sub, school.boardId);
  return {
    schoolId: school.schoolId,
    name: school.name,
    boardId: school.boardId,
    requested: open?.schoolId === school.schoolId,
  };
};

export const createMeHandler = (deps: { logger: Logger; clock: Clock; store: MeStore }) =>
  apiHandler(deps.logger, async (event) => {
    const principal = principalOf(event);
    const today = amsterdamDate(deps.clock.now());
    const [{ schools, boards, person }, homeSchool] = await Promise.all([
      principal.role === 'person'
        ? personScope(principal, deps.store)
        : tokenScope(principal, deps.store).then((scope) => ({ ...scope, person: null })),
      principal.role === 'person' ? homeSchoolOf(principal, deps.store) : null,
    ]);
    return json(200, {
      role: principal.role,
      tokenId: principal.role === 'person' ? null : principal.tokenId,
      label: principal.role === 'person' ? null : (principal.label ?? null),
      person: person ? { ...person, homeSchool } : null,
      allSchools: principal.role === 'admin',
      schools: schools.map((s) => inScope(principal, s)).sort((a, b) => a.schoolId.localeCompare(b.schoolId)),
      board: boards[0] ?? null,
      boards,
      today,
      schoolYear: schoolYearOf(today),
    });
  });
