/**
 * What follows an accepted export, on either upload route: the metric, the board's notice under a `latest`
 * consent (only for a new export: a retried upload finds it `unchanged` and mails nobody again), the log line,
 * and the answer's body for that school.
 */
import type { AcceptExportResult } from '../../shared/exports/accept-export.js';
import { noticeUpload } from '../../shared/exports/upload-notice.js';
import type { School } from '../../shared/model.js';
import { serviceLog } from '../lib/service-log.js';
import type { UploadExportDeps } from './upload-export.js';

export const acceptedAnswer = async (
  deps: UploadExportDeps,
  input: {
    school: School;
    schoolYear: string;
    result: Exclude<AcceptExportResult, { status: 'rejected' }>;
  },
) => {
  const { school, schoolYear, result } = input;
  deps.metrics?.count('ExportsAccepted');
  // New data under a `latest` consent: the board hears that this is what will be delivered.
  const notice =
    result.status === 'created'
      ? await noticeUpload(
          { store: deps.store, mailer: deps.mailer, clock: deps.clock, log: serviceLog(deps.logger) },
          {
            school,
            schoolYear,
            upload: result.record,
            summary: result.summary,
            aggregates: result.aggregates,
          },
        )
      : undefined;
  if (notice?.mail === 'failed') deps.metrics?.count('MailsFailed');
  deps.logger.info('export accepted', {
    schoolId: school.schoolId,
    schoolYear,
    exportId: result.record.exportId,
    status: result.status,
    ...(notice ? { deliveredOn: notice.deliveryDate, mail: notice.mail } : {}),
  });
  return {
    exportId: result.record.exportId,
    status: 'accepted' as const,
    unchanged: result.status === 'unchanged',
    respondents: result.record.respondents,
    acceptedAt: result.record.acceptedAt,
    summary: result.summary,
    delivery: notice ?? null,
  };
};
