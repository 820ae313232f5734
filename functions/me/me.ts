/**
 * `GET /me`: who the caller is and what it may act for, so that a client (the web app) can show each role only
 * what it may do. Also the service's `today` and school year in Europe/Amsterdam from the clock port, so that
 * clients compute allowed delivery dates and days left from the same clock as the API (MSV_NOW locally), never
 * from the browser's.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Clock } from '../../shared/clock.js';
import type { School } from '../../shared/model.js';
import type { StoreReads } from '../../shared/store/stores.js';
import { amsterdamDate, schoolYearOf } from '../../shared/time/amsterdam.js';
import { apiHandler } from '../lib/api-handler.js';
import { json, principalOf } from '../lib/http.js';

/** What `GET /me` says about one school in the caller's scope. */
export interface SchoolInScope {
  schoolId: string;
  name: string;
  sector: School['sector'];
  onderwijssoorten: School['onderwijssoorten'];
  boardId: string;
}

const inScope = (s: School): SchoolInScope => ({
  schoolId: s.schoolId,
  name: s.name,
  sector: s.sector,
  onderwijssoorten: s.onderwijssoorten,
  boardId: s.boardId,
});

export const createMeHandler = (deps: {
  logger: Logger;
  clock: Clock;
  store: Pick<StoreReads, 'boards' | 'schools'>;
}) =>
  apiHandler(deps.logger, async (event) => {
    const principal = principalOf(event);
    const today = amsterdamDate(deps.clock.now());
    let schools: School[] = [];
    let board: { boardId: string; name: string | null } | null = null;
    if (principal.role === 'board' && principal.boardId) {
      // A board's scope is the schools whose own record names the board, as the access rule says.
      const [record, ofBoard] = await Promise.all([
        deps.store.boards.get(principal.boardId),
        deps.store.schools.listOfBoard(principal.boardId),
      ]);
      board = { boardId: principal.boardId, name: record?.name ?? null };
      schools = ofBoard;
    } else if (principal.role === 'school' || principal.role === 'vendor') {
      // Only the ids the token lists; an id that is not registered (yet) is simply left out.
      const found = await Promise.all(principal.schoolIds.map((id) => deps.store.schools.get(id)));
      schools = found.filter((s): s is School => s !== undefined);
    }
    // An admin acts for every school: listing them all would be unbounded, so it is said instead.
    return json(200, {
      role: principal.role,
      tokenId: principal.tokenId,
      label: principal.label ?? null,
      allSchools: principal.role === 'admin',
      schools: schools.map(inScope).sort((a, b) => a.schoolId.localeCompare(b.schoolId)),
      board,
      today,
      schoolYear: schoolYearOf(today),
    });
  });
