/**
 * The upload routes, one function (the same settings and access):
 * - `POST /schools/{schoolId}/years/{schoolYear}/exports?instrument=…`: one school's survey export (a CSV file
 *   or an Excel workbook) as the raw request body. 201 for a new export, 200 for the same bytes again, 422 with
 *   located errors for a bad file.
 * - `POST /exports?schoolYear=…&instrument=…`: one file for several schools (upload-schools-file.ts).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { mayAct } from '../../shared/auth/access.js';
import type { Clock } from '../../shared/clock.js';
import type { Config } from '../../shared/config.js';
import { AppError } from '../../shared/errors.js';
import { type AcceptExportDeps, acceptExport } from '../../shared/exports/accept-export.js';
import type { UploadNoticeDeps } from '../../shared/exports/upload-notice.js';
import type { Mailer, ObjectStore } from '../../shared/ports.js';
import type { StoreReads } from '../../shared/store/stores.js';
import { apiHandler } from '../lib/api-handler.js';
import { type ApiEvent, json } from '../lib/http.js';
import type { FunctionMetrics } from '../lib/metrics.js';
import { actorOf, resolveSchoolYear } from '../lib/school-scope.js';
import { acceptedAnswer } from './accepted-answer.js';
import { uploadRequestOf } from './upload-request.js';
import { SCHOOLS_FILE_ROUTE, uploadSchoolsFile } from './upload-schools-file.js';

export interface UploadExportDeps {
  config: Pick<Config, 'minGroupSize' | 'maxRows' | 'maxUploadBytes' | 'maxSchoolsPerUpload'>;
  logger: Logger;
  clock: Clock;
  store: AcceptExportDeps['store'] & UploadNoticeDeps['store'] & Pick<StoreReads, 'schools' | 'instruments'>;
  objects: ObjectStore;
  mailer: Mailer;
  /** Given by the wiring (needs.ts declares them); a direct call (tests) may leave it out. */
  metrics?: FunctionMetrics<'ExportsAccepted' | 'ExportsRejected' | 'MailsFailed'>;
}

const uploadForSchool = async (deps: UploadExportDeps, event: ApiEvent) => {
  const { principal, school, schoolYear } = await resolveSchoolYear(event, deps);
  if (!mayAct(principal, school, 'upload')) {
    throw new AppError(403, 'forbidden', 'Your role at this school does not include uploading exports.', {
      messageNl: 'Met uw rol bij deze school kunt u geen exports uploaden.',
    });
  }
  const { instrument, sheet, format, bytes } = await uploadRequestOf(event, deps);
  const result = await acceptExport(deps, {
    school,
    schoolYear,
    instrument,
    bytes,
    ...(sheet ? { sheet } : {}),
    format,
    actor: actorOf(principal),
    minGroupSize: deps.config.minGroupSize,
    maxRows: deps.config.maxRows,
  });
  if (result.status === 'rejected') {
    deps.metrics?.count('ExportsRejected');
    deps.logger.info('export rejected', {
      schoolId: school.schoolId,
      schoolYear,
      errorCount: result.errorCount,
    });
    return json(422, {
      code: 'invalid_export',
      message: `The export has ${result.errorCount} problem(s); nothing was stored. Fix them and upload again.`,
      errorCount: result.errorCount,
      errors: result.errors,
    });
  }
  const answer = await acceptedAnswer(deps, { school, schoolYear, result });
  return json(result.status === 'created' ? 201 : 200, answer);
};

export const createUploadExportHandler = (deps: UploadExportDeps) =>
  apiHandler(deps, async (event) =>
    event.routeKey === SCHOOLS_FILE_ROUTE ? uploadSchoolsFile(deps, event) : uploadForSchool(deps, event),
  );
