/**
 * `GET /boards/{boardId}/years/{schoolYear}`: every school of the board with where it stands for the year:
 * no export, export without consent, consent scheduled (date and level), delivered, or deadline missed; past 1 July
 * the catch-up window in effect for each school, and the furthest of them for the board's notice.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import '../../shared/zod-locale.js';
import * as z from 'zod/mini';
import { boardAccess } from '../../shared/auth/access.js';
import type { Clock } from '../../shared/clock.js';
import { formatNl } from '../../shared/consent/messages.js';
import { yearWindow } from '../../shared/consent/rules.js';
import { forbidden } from '../../shared/errors.js';
import { boardIdSchema, schoolYearSchema } from '../../shared/ids.js';
import { SCHOOL_STATES } from '../../shared/model.js';
import { schoolYearStatus } from '../../shared/school-year-status.js';
import type { StoreReads } from '../../shared/store/stores.js';
import { amsterdamDate } from '../../shared/time/amsterdam.js';
import {
  type WindowInEffect,
  windowInEffect,
  windowsAfterDeadline,
} from '../../shared/windows/catch-up-window.js';
import { apiHandler } from '../lib/api-handler.js';
import { json, parsePath, principalOf } from '../lib/http.js';
import { assertSchoolYearInBounds } from '../lib/school-scope.js';

const path = z.object({ boardId: boardIdSchema, schoolYear: schoolYearSchema });

export const createBoardOverviewHandler = (deps: {
  logger: Logger;
  clock: Clock;
  store: Pick<StoreReads, 'boards' | 'schools' | 'exports' | 'consents' | 'windows' | 'providers'>;
}) =>
  apiHandler(deps.logger, async (event) => {
    const principal = principalOf(event);
    const { boardId, schoolYear } = parsePath(event, path);
    assertSchoolYearInBounds(schoolYear, deps.clock.now());
    // A board that is not the caller's gets the same 403 whether it exists or not.
    if (!boardAccess(principal, boardId)) throw forbidden();
    const board = await deps.store.boards.get(boardId);
    const schools = await deps.store.schools.listOfBoard(boardId);
    const now = deps.clock.now();
    const windows = await windowsAfterDeadline(deps.store.windows, schoolYear, now);

    const rows = await Promise.all(
      schools.map(async (school) => {
        // The current export's record only (its id, then the record): the overview needs no aggregates, the
        // largest items of a school year, and one odd aggregates item must not fail the whole board's overview.
        const [currentId, consent, provider] = await Promise.all([
          deps.store.exports.getCurrentId(school.schoolId, schoolYear),
          deps.store.consents.get(school.schoolId, schoolYear),
          deps.store.providers.get(school.schoolId, schoolYear),
        ]);
        const current = currentId
          ? await deps.store.exports.get(school.schoolId, schoolYear, currentId)
          : undefined;
        const catchUp = windowInEffect(windows, { schoolId: school.schoolId, schoolYear }, now);
        const status = schoolYearStatus(
          {
            schoolYear,
            currentExportId: current?.record.exportId,
            consent,
            catchUp,
            elsewhere: provider !== undefined,
          },
          now,
        );
        return {
          schoolId: school.schoolId,
          name: school.name,
          sector: school.sector,
          state: status.state,
          currentExportId: current?.record.exportId ?? null,
          respondents: current?.record.respondents ?? null,
          deliveryDate: status.consent?.deliveryDate ?? null,
          level: status.consent?.level ?? null,
          newerExportAvailable: status.newerExportAvailable,
          provider: status.state === 'elsewhere' && provider ? provider.name : null,
          window: status.catchUp && windowView(status.catchUp),
          ...(status.catchUp && status.action
            ? {
                advice: `Herstelperiode: geef uiterlijk ${formatNl(status.catchUp.lastConsentDay)} toestemming, met een leverdatum tot en met ${formatNl(status.catchUp.until)}; de levering is een nalevering.`,
              }
            : {}),
          ...(status.deadlineMissed
            ? {
                advice:
                  'Lever rechtstreeks aan bij de Inspectie: download het rapport (PDF) en upload het in het portaal van de Inspectie.',
              }
            : {}),
        };
      }),
    );
    const open = rows.flatMap((r) => (r.window ? [r.window] : []));
    const furthest = open.reduce<(typeof open)[number] | undefined>(
      (best, w) => (!best || w.until > best.until ? w : best),
      undefined,
    );
    const counts = Object.fromEntries(
      SCHOOL_STATES.map((s) => [s, rows.filter((r) => r.state === s).length]),
    );
    return json(200, {
      board: board ? { boardId, name: board.name } : { boardId, name: null },
      schoolYear,
      today: amsterdamDate(now),
      deadline: yearWindow(schoolYear).lastDeliveryDate,
      window: furthest ? { ...furthest, schools: open.length } : null,
      counts: { schools: rows.length, ...counts },
      schools: rows.sort((a, b) => a.schoolId.localeCompare(b.schoolId)),
    });
  });

/** A window as the overview shows it. */
const windowView = (w: WindowInEffect) => ({ until: w.until, lastConsentDay: w.lastConsentDay });
