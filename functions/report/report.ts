/**
 * `GET /schools/{schoolId}/years/{schoolYear}/report?level=school|onderwijssoort`: the PDF that would be
 * delivered — the export the consent pinned (or else the current one), at the consent's level unless another
 * is asked for — marked "concept"; past 1 July without a consent, unmarked, for the school to upload in the
 * Inspectie's portal itself. The bytes come back directly (application/pdf, base64 through API Gateway):
 * rendering takes well under a second, far below the API's 29 s.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import '../../shared/zod-locale.js';
import * as z from 'zod/mini';
import type { Clock } from '../../shared/clock.js';
import type { Config } from '../../shared/config.js';
import { withExportToDeliver } from '../../shared/consent/export-policy.js';
import { AppError, badRequest } from '../../shared/errors.js';
import { mayReadPolicy } from '../../shared/policy/access.js';
import { renderReportPdf } from '../../shared/report/render-pdf.js';
import { reportInputFor } from '../../shared/report/report-input.js';
import { buildReportModel, withCoordinatorWithheld } from '../../shared/report/report-model.js';
import { schoolYearStatus } from '../../shared/school-year-status.js';
import type { StoreReads } from '../../shared/store/stores.js';
import { catchUpFor } from '../../shared/windows/catch-up-window.js';
import { apiHandler } from '../lib/api-handler.js';
import { resolveSchoolYear } from '../lib/school-scope.js';

const levelSchema = z.enum(['school', 'onderwijssoort']);

export const createReportHandler = (deps: {
  logger: Logger;
  clock: Clock;
  store: Pick<
    StoreReads,
    'schools' | 'consents' | 'exports' | 'boards' | 'policies' | 'windows' | 'instruments'
  >;
  config: Pick<Config, 'lowResponsePercent'>;
}) =>
  apiHandler(deps.logger, async (event) => {
    const { principal, school, schoolYear } = await resolveSchoolYear(event, deps);
    const now = deps.clock.now();
    const [consentRecord, current, catchUp] = await Promise.all([
      deps.store.consents.get(school.schoolId, schoolYear),
      deps.store.exports.getCurrentId(school.schoolId, schoolYear),
      // In a catch-up window the year is open for consent again: its report is a concept, not the school's own.
      catchUpFor(deps.store.windows, { schoolId: school.schoolId, schoolYear }, now),
    ]);
    // The consent that counts (active or delivered), by the one school-year rule.
    const { consent, deadlineMissed } = schoolYearStatus(
      { schoolYear, currentExportId: current, consent: consentRecord, catchUp },
      now,
    );
    const requested = event.queryStringParameters?.level;
    const parsedLevel = levelSchema.safeParse(requested ?? consent?.level ?? 'school');
    if (!parsedLevel.success) {
      throw badRequest('invalid_level', 'level must be "school" or "onderwijssoort"', { field: 'level' });
    }
    const level = parsedLevel.data;
    if (level === 'onderwijssoort' && school.onderwijssoorten.length === 0) {
      throw new AppError(
        422,
        'level_not_available',
        'This school has no onderwijssoorten; use level=school.',
        {
          messageNl: 'Deze school heeft geen onderwijssoorten; gebruik het niveau "hele school".',
          field: 'level',
        },
      );
    }
    if (!current) {
      throw new AppError(404, 'no_export', 'There is no accepted export for this school year yet.', {
        messageNl: 'Er is voor dit schooljaar nog geen goedgekeurde export.',
      });
    }
    // What would be delivered, from the same builder as the delivery: the export the consent pinned (not
    // necessarily the newest upload), or without consent the current one.
    const model = buildReportModel(
      await reportInputFor(deps.store, {
        school,
        schoolYear,
        // A `latest` consent shows the newest export: what would be delivered now.
        consent: consent && withExportToDeliver(consent, current),
        exportId: current,
        level,
        // Past 1 July without a consent the school delivers this PDF itself in the Inspectie's portal (the
        // missed-deadline mail says so): then it is the report, not a concept.
        preview: !deadlineMissed,
        lowResponsePercent: deps.config.lowResponsePercent,
      }),
    );
    // A vendor checks the results of its upload, but reads no school's policy, which names a person
    // (shared/policy/access.ts): its copy withholds the coordinator; the data hash stays the delivery's.
    const pdf = await renderReportPdf(mayReadPolicy(principal) ? model : withCoordinatorWithheld(model));
    return {
      statusCode: 200,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="msv-${school.schoolId}-${schoolYear}-${level}.pdf"`,
        'cache-control': 'no-store',
        'x-msv-data-sha256': model.dataHash,
      },
      isBase64Encoded: true,
      body: Buffer.from(pdf).toString('base64'),
    };
  });
