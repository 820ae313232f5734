/** `GET /schools/{schoolId}/years/{schoolYear}/exports`: every accepted export of the year, newest first. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Clock } from '../../shared/clock.js';
import type { StoreReads } from '../../shared/store/stores.js';
import { apiHandler } from '../lib/api-handler.js';
import { json } from '../lib/http.js';
import { resolveSchoolYear } from '../lib/school-scope.js';

export const createListExportsHandler = (deps: {
  logger: Logger;
  clock: Clock;
  store: Pick<StoreReads, 'schools' | 'exports'>;
}) =>
  apiHandler(deps.logger, async (event) => {
    const { school, schoolYear } = await resolveSchoolYear(event, deps);
    const [exports, current] = await Promise.all([
      deps.store.exports.list(school.schoolId, schoolYear),
      deps.store.exports.getCurrent(school.schoolId, schoolYear),
    ]);
    return json(200, {
      schoolId: school.schoolId,
      schoolYear,
      currentExportId: current?.record.exportId ?? null,
      exports: exports.map(({ record, summary }) => ({
        exportId: record.exportId,
        instrument: record.instrument,
        acceptedAt: record.acceptedAt,
        respondents: record.respondents,
        bytes: record.bytes,
        sha256: record.sha256,
        current: record.exportId === current?.record.exportId,
        summary,
      })),
    });
  });
