/**
 * The delivery worker: an SQS batch of jobs, one school each. Reports partial batch failures, so one failing
 * school is retried (and ends in the dead-letter queue after the redrive limit) without redoing the others.
 * Every log line of a job carries the worker's own request id and, as `correlation_id`, the request id of the run
 * that queued it (the dispatcher, the reconciliation), so one search finds both sides.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Clock } from '../../shared/clock.js';
import type { Settings } from '../../shared/config.js';
import { type DeliveryDeps, deliverSchool } from '../../shared/delivery/deliver-school.js';
import { deliveryJobSchema } from '../../shared/delivery/delivery-job.js';
import { AppError } from '../../shared/errors.js';
import type { Mailer, ObjectStore } from '../../shared/ports.js';
import { eventHandler } from '../lib/event-handler.js';
import type { FunctionMetrics } from '../lib/metrics.js';

export interface DeliverSchoolDeps {
  config: Settings<'lowResponsePercent' | 'deliveryPrefix' | 'deliveryBucket'>;
  logger: Logger;
  clock: Clock;
  store: DeliveryDeps['store'];
  deliveries: ObjectStore;
  mailer: Mailer;
  /** Given by the wiring (needs.ts declares them); a direct call (tests, the bench) may leave it out. */
  metrics?: FunctionMetrics<'Deliveries' | 'MailsFailed'>;
}

export const createDeliverSchoolHandler = (deps: DeliverSchoolDeps) =>
  eventHandler<SQSEvent, SQSBatchResponse>(
    deps.logger,
    async (event) => {
      const failures: SQSBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        // One logger per job: its lines name the message and the run that queued the job, and no other job's.
        const log = deps.logger.createChild();
        log.appendKeys({ messageId: record.messageId });
        try {
          const job = deliveryJobSchema.parse(JSON.parse(record.body));
          if (job.correlationId) log.setCorrelationId(job.correlationId);
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
          if (out.outcome === 'delivered') deps.metrics?.count('Deliveries');
          const { correlationId: _, ...what } = job;
          log.info('delivery job done', { ...what, ...out });
          if ('mailError' in out && out.mailError)
            log.error('delivery confirmation', { ...what, error: out.mailError });
          if ('mail' in out && out.mail === 'failed') {
            // Delivered, but the board has not heard: the job comes back after the visibility timeout and sends
            // only the mail (the delivery is already committed); after five tries the dead-letter alarm fires.
            deps.metrics?.count('MailsFailed');
            failures.push({ itemIdentifier: record.messageId });
          } else if ('mail' in out && out.mail === 'claimed') {
            // Another attempt still holds the confirmation: back to the queue, to find it sent (or send it).
            failures.push({ itemIdentifier: record.messageId });
          }
        } catch (err) {
          if (err instanceof AppError && err.code === 'delivery_not_due') {
            // Not an error to retry: the job came too early (a manual fire). Its schedule will come.
            log.warn('delivery job before its date');
            continue;
          }
          log.error('delivery job failed', { error: err as Error });
          failures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures: failures };
    },
    deps.metrics,
  );
