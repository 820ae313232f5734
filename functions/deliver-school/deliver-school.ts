/**
 * The delivery worker: an SQS batch of jobs, one school each. Reports partial batch failures, so one failing
 * school is retried (and ends in the dead-letter queue after the redrive limit) without redoing the others.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Clock } from '../../shared/clock.js';
import type { Settings } from '../../shared/config.js';
import { deliverSchool } from '../../shared/delivery/deliver-school.js';
import { deliveryJobSchema } from '../../shared/delivery/delivery-job.js';
import { AppError } from '../../shared/errors.js';
import type { Mailer, ObjectStore, Store } from '../../shared/ports.js';

export interface DeliverSchoolDeps {
  config: Settings<'lowResponsePercent' | 'deliveryPrefix' | 'deliveryBucket'>;
  logger: Logger;
  clock: Clock;
  store: Store;
  deliveries: ObjectStore;
  mailer: Mailer;
}

export const createDeliverSchoolHandler =
  (deps: DeliverSchoolDeps) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        const job = deliveryJobSchema.parse(JSON.parse(record.body));
        const out = await deliverSchool(
          {
            store: deps.store,
            deliveries: deps.deliveries,
            deliveryBucket: deps.config.deliveryBucket,
            deliveryPrefix: deps.config.deliveryPrefix,
            mailer: deps.mailer,
            clock: deps.clock,
            lowResponsePercent: deps.config.lowResponsePercent,
          },
          job,
        );
        deps.logger.info('delivery job done', { ...job, ...out });
      } catch (err) {
        if (err instanceof AppError && err.code === 'delivery_not_due') {
          // Not an error to retry: the job came too early (a manual fire). Its schedule will come.
          deps.logger.warn('delivery job before its date', { messageId: record.messageId });
          continue;
        }
        deps.logger.error('delivery job failed', { messageId: record.messageId, error: err as Error });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
