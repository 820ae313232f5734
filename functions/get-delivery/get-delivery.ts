/**
 * `GET /schools/{schoolId}/years/{schoolYear}/delivery`: the delivery record (what went to the Inspectie, when,
 * with the SHA-256 of every file) and a five-minute link to the delivered PDF.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { mayReadPolicy } from '../../shared/policy/access.js';
import type { DownloadLinks } from '../../shared/ports.js';
import type { StoreReads } from '../../shared/store/stores.js';
import { apiHandler } from '../lib/api-handler.js';
import { json } from '../lib/http.js';
import { resolveSchoolYear } from '../lib/school-scope.js';

const LINK_SECONDS = 300;

export const createGetDeliveryHandler = (deps: {
  logger: Logger;
  clock: Clock;
  store: Pick<StoreReads, 'schools' | 'deliveries'>;
  deliveryLinks: DownloadLinks;
}) =>
  apiHandler(deps.logger, async (event) => {
    const { principal, school, schoolYear } = await resolveSchoolYear(event, deps);
    const record = await deps.store.deliveries.get(school.schoolId, schoolYear);
    if (!record) {
      throw new AppError(404, 'not_delivered', 'Nothing has been delivered for this school year yet.', {
        messageNl: 'Voor dit schooljaar is nog niets geleverd.',
      });
    }
    const pdf = record.files.find((f) => f.name === 'report.pdf');
    // The delivered PDF names the school's anti-bullying coordinator and their address ("Beleid"): not for a
    // vendor, who may read the record (that it went, when) as it reads no school's policy (shared/policy/access.ts).
    const reportUrl =
      pdf && mayReadPolicy(principal) ? await deps.deliveryLinks.presignGet(pdf.key, LINK_SECONDS) : null;
    return json(200, {
      delivery: record,
      reportUrl,
      reportUrlExpiresInSeconds: reportUrl ? LINK_SECONDS : null,
    });
  });
