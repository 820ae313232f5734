/**
 * `GET /schools/{schoolId}/years/{schoolYear}`: the year's overview. For now the school and its current export's
 * aggregates; consent and delivery state join it later.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Store } from '../../shared/ports.js';
import { apiHandler } from '../lib/api-handler.js';
import { json } from '../lib/http.js';
import { resolveSchoolYear } from '../lib/school-scope.js';

export const createGetSchoolYearHandler = (deps: { logger: Logger; store: Store }) =>
  apiHandler(deps.logger, async (event) => {
    const { school, schoolYear } = await resolveSchoolYear(event, deps.store);
    const current = await deps.store.getCurrentExport(school.schoolId, schoolYear);
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
    });
  });
