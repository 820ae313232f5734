/**
 * `GET /schools/{schoolId}/years/{schoolYear}`: the year's overview. For now the school and its current export's
 * aggregates; consent and delivery state join it later.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Clock } from '../../shared/clock.js';
import { representativeness } from '../../shared/consent/representativeness.js';
import { isLocked, lastChangeDay, yearWindow } from '../../shared/consent/rules.js';
import type { Store } from '../../shared/ports.js';
import { apiHandler } from '../lib/api-handler.js';
import { json } from '../lib/http.js';
import { resolveSchoolYear } from '../lib/school-scope.js';

export const createGetSchoolYearHandler = (deps: {
  logger: Logger;
  store: Store;
  clock: Clock;
  config: { lowResponsePercent: number };
}) =>
  apiHandler(deps.logger, async (event) => {
    const { school, schoolYear } = await resolveSchoolYear(event, deps);
    const [current, consent] = await Promise.all([
      deps.store.getCurrentExport(school.schoolId, schoolYear),
      deps.store.getConsent(school.schoolId, schoolYear),
    ]);
    const active = consent && consent.status !== 'revoked' ? consent : undefined;
    // Warnings are about what will be delivered: the export the consent pinned, not necessarily the newest.
    const pinned = active
      ? await deps.store.getExport(school.schoolId, schoolYear, active.exportId)
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
      // Past 1 July without a delivery: the school can still deliver itself, with the PDF of the report endpoint.
      deadlineMissed:
        deps.clock.now().getTime() >= yearWindow(schoolYear).deadline.getTime() &&
        consent?.status !== 'delivered'
          ? {
              message:
                'The deadline has passed. Download the report (GET …/report) and upload it in the Inspectie’s own portal.',
              messageNl:
                'De uiterste leverdatum is verstreken. Download het rapport (PDF) en upload het in het portaal van de Inspectie.',
            }
          : null,
      consent: active
        ? {
            status: active.status,
            level: active.level,
            deliveryDate: active.deliveryDate,
            exportId: active.exportId,
            lastChangeDay: active.status === 'active' ? lastChangeDay(active.deliveryDate) : null,
            locked: active.status === 'active' ? isLocked(active, deps.clock.now()) : true,
            newerExportAvailable: Boolean(current && current.record.exportId !== active.exportId),
            warnings: pinned
              ? representativeness(
                  active.administration.studentCounts,
                  pinned.summary,
                  deps.config.lowResponsePercent,
                ).warnings
              : [],
          }
        : null,
    });
  });
