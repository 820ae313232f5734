/**
 * `GET /schools/{schoolId}/years/{schoolYear}`: the year's overview. For now the school and its current export's
 * aggregates; consent and delivery state join it later.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Clock } from '../../shared/clock.js';
import { exportOfConsent, exportPolicyOf } from '../../shared/consent/export-policy.js';
import { formatNl } from '../../shared/consent/messages.js';
import { representativeness } from '../../shared/consent/representativeness.js';
import { schoolYearStatus } from '../../shared/school-year-status.js';
import type { StoreReads } from '../../shared/store/stores.js';
import { catchUpFor } from '../../shared/windows/catch-up-window.js';
import { apiHandler } from '../lib/api-handler.js';
import { json } from '../lib/http.js';
import { resolveSchoolYear } from '../lib/school-scope.js';

export const createGetSchoolYearHandler = (deps: {
  logger: Logger;
  store: Pick<StoreReads, 'schools' | 'exports' | 'consents' | 'windows' | 'providers'>;
  clock: Clock;
  config: { lowResponsePercent: number };
}) =>
  apiHandler(deps.logger, async (event) => {
    const { school, schoolYear } = await resolveSchoolYear(event, deps);
    const now = deps.clock.now();
    const [current, consent, catchUp, provider] = await Promise.all([
      deps.store.exports.getCurrent(school.schoolId, schoolYear),
      deps.store.consents.get(school.schoolId, schoolYear),
      catchUpFor(deps.store.windows, { schoolId: school.schoolId, schoolYear }, now),
      deps.store.providers.get(school.schoolId, schoolYear),
    ]);
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
    const counted = status.consent;
    // Warnings are about what will be delivered: a pinned consent's own export, not necessarily the newest.
    const deliveredId = counted ? exportOfConsent(counted, current?.record.exportId) : undefined;
    const pinned = deliveredId
      ? await deps.store.exports.get(school.schoolId, schoolYear, deliveredId)
      : undefined;
    return json(200, {
      school: {
        schoolId: school.schoolId,
        name: school.name,
        boardId: school.boardId,
        sector: school.sector,
        onderwijssoorten: school.onderwijssoorten,
      },
      schoolYear,
      currentExport: current
        ? {
            exportId: current.record.exportId,
            instrument: current.record.instrument,
            acceptedAt: current.record.acceptedAt,
            respondents: current.record.respondents,
            summary: current.summary,
            aggregates: current.aggregates,
          }
        : null,
      state: status.state,
      provider: provider
        ? { name: provider.name, updatedAt: provider.updatedAt, updatedByName: provider.updatedByName }
        : null,
      daysLeft: status.daysLeft,
      // Past 1 July without a delivery or a consent: the school can still deliver itself, with the report's PDF.
      deadlineMissed: status.deadlineMissed
        ? {
            message:
              'The deadline has passed. Download the report (GET …/report) and upload it in the Inspectie’s own portal.',
            messageNl:
              'De uiterste leverdatum is verstreken. Download het rapport (PDF) en upload het in het portaal van de Inspectie.',
          }
        : null,
      // Past 1 July in a catch-up window: consent for a nalevering can still be given, until the window's last day.
      window: status.catchUp
        ? {
            until: status.catchUp.until,
            lastConsentDay: status.catchUp.lastConsentDay,
            messageNl: `De uiterste leverdatum is verstreken, maar er is een herstelperiode: geef uiterlijk ${formatNl(status.catchUp.lastConsentDay)} toestemming, met een leverdatum tot en met ${formatNl(status.catchUp.until)}. De levering is dan een nalevering.`,
          }
        : null,
      consent: counted
        ? {
            status: counted.status,
            level: counted.level,
            deliveryDate: counted.deliveryDate,
            exportPolicy: exportPolicyOf(counted),
            exportId: deliveredId ?? null,
            lastChangeDay: status.lastChangeDay,
            locked: status.locked,
            newerExportAvailable: status.newerExportAvailable,
            warnings: pinned
              ? representativeness(
                  counted.administration.studentCounts,
                  pinned.summary,
                  deps.config.lowResponsePercent,
                ).warnings
              : [],
          }
        : null,
    });
  });
