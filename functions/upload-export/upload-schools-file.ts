/**
 * `POST /exports?schoolYear=…&instrument=…[&sheet=…]`: one export file for several schools — a board's or a
 * vendor's, with a BRIN column — split per school and each part accepted on its own as that school's upload
 * (shared/exports/accept-schools-file.ts). 200 when every school's part was accepted; 207 when any was
 * rejected or refused (each school's outcome is in `schools`); 422 when the file itself is unusable, and then
 * nothing was stored.
 */
import '../../shared/zod-locale.js';
import { badRequest } from '../../shared/errors.js';
import { acceptSchoolsFile, type SchoolOutcome } from '../../shared/exports/accept-schools-file.js';
import { schoolYearSchema } from '../../shared/ids.js';
import { type ApiEvent, json, principalOf } from '../lib/http.js';
import { actorOf, assertSchoolYearInBounds } from '../lib/school-scope.js';
import { acceptedAnswer } from './accepted-answer.js';
import type { UploadExportDeps } from './upload-export.js';
import { uploadRequestOf } from './upload-request.js';

/** The route key API Gateway gives this route's events (shared/http/routes.ts: UploadSchoolsFile). */
export const SCHOOLS_FILE_ROUTE = 'POST /exports';

const schoolYearOf = (event: ApiEvent, deps: UploadExportDeps): string => {
  const parsed = schoolYearSchema.safeParse(event.queryStringParameters?.schoolYear ?? '');
  if (!parsed.success) {
    throw badRequest('invalid_school_year', 'Name the school year: ?schoolYear=2025-2026', {
      field: 'schoolYear',
    });
  }
  assertSchoolYearInBounds(parsed.data, deps.clock.now());
  return parsed.data;
};

export const uploadSchoolsFile = async (deps: UploadExportDeps, event: ApiEvent) => {
  const principal = principalOf(event);
  const schoolYear = schoolYearOf(event, deps);
  const { instrument, sheet, format, bytes } = await uploadRequestOf(event, deps);
  if (format === 'aggregated') {
    // A vendor's aggregates are one school's figures: there is no row to say which school each belongs to.
    throw badRequest(
      'invalid_format',
      "An aggregated import is one school's: upload it to /schools/{schoolId}/years/{schoolYear}/exports?format=aggregated",
      { field: 'format' },
    );
  }
  const result = await acceptSchoolsFile(
    deps,
    {
      principal,
      schoolYear,
      instrument,
      bytes,
      ...(sheet ? { sheet } : {}),
      actor: actorOf(principal),
      minGroupSize: deps.config.minGroupSize,
      maxRows: deps.config.maxRows,
      maxSchools: deps.config.maxSchoolsPerUpload,
    },
    (outcome) => answerOf(deps, schoolYear, outcome),
  );
  if (result.status === 'rejected') {
    deps.metrics?.count('ExportsRejected');
    deps.logger.info('schools file rejected', { schoolYear, errorCount: result.errorCount });
    return json(422, {
      code: 'invalid_export',
      message: `The file has ${result.errorCount} problem(s); nothing was stored for any school. Fix them and upload again.`,
      errorCount: result.errorCount,
      errors: result.errors,
    });
  }
  const schools = withinErrorBudget(result.results);
  const count = (status: SchoolAnswer['status']) => schools.filter((a) => a.status === status).length;
  const accepted = count('accepted');
  deps.logger.info('schools file split', {
    schoolYear,
    schools: schools.length,
    accepted,
    rejected: count('rejected'),
    refused: count('refused'),
  });
  return json(accepted === schools.length ? 200 : 207, {
    schoolYear,
    instrument: instrument.id,
    accepted,
    rejected: count('rejected'),
    refused: count('refused'),
    schools,
  });
};

/**
 * Errors listed in one answer, over all rejected schools: 200 schools with 100 errors each, with long headers,
 * would pass Lambda's 6 MB answer. Each rejected school still lists its first few, and counts all.
 */
const ERRORS_LISTED = 1000;
const ERRORS_LISTED_PER_SCHOOL = 100;

export const withinErrorBudget = (answers: SchoolAnswer[]): SchoolAnswer[] => {
  const rejected = answers.filter((a) => a.status === 'rejected').length;
  const each = Math.min(
    ERRORS_LISTED_PER_SCHOOL,
    Math.max(3, Math.floor(ERRORS_LISTED / Math.max(rejected, 1))),
  );
  return answers.map((a) => (a.status === 'rejected' ? { ...a, errors: a.errors.slice(0, each) } : a));
};

export type SchoolAnswer = Awaited<ReturnType<typeof answerOf>>;

const answerOf = async (deps: UploadExportDeps, schoolYear: string, outcome: SchoolOutcome) => {
  switch (outcome.status) {
    case 'accepted':
      return {
        schoolId: outcome.schoolId,
        ...(await acceptedAnswer(deps, { school: outcome.school, schoolYear, result: outcome.result })),
      };
    case 'rejected':
      deps.metrics?.count('ExportsRejected');
      return {
        schoolId: outcome.schoolId,
        status: 'rejected' as const,
        code: 'invalid_export' as const,
        errorCount: outcome.errorCount,
        errors: outcome.errors,
      };
    case 'refused':
      return { schoolId: outcome.schoolId, status: 'refused' as const, code: outcome.code };
  }
};
