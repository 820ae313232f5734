/**
 * The target of a delivery date's schedule: `{ "deliveryDate": "YYYY-MM-DD" }`. Finds every active consent for
 * the date through the per-date references (no scan), puts one job per school on the delivery queue, and records
 * that it ran. Firing twice only queues the same jobs twice: the worker delivers each school once. A fire before
 * the date has begun (by hand) is refused; a date without consents does nothing. Then it reconciles the earlier
 * dates (shared/delivery/reconcile.ts): a date whose own dispatch was lost is caught up by the next one, and by the
 * recurring reconciliation in between.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import '../../shared/zod-locale.js';
import * as z from 'zod/mini';
import type { Clock } from '../../shared/clock.js';
import type { Settings } from '../../shared/config.js';
import { jobsFor } from '../../shared/delivery/delivery-job.js';
import {
  datesSincePreviousYear,
  type ReconcileRun,
  reconcileDeliveries,
} from '../../shared/delivery/reconcile.js';
import { AppError } from '../../shared/errors.js';
import type { DeliveryQueue } from '../../shared/ports.js';
import type { ConsentReads } from '../../shared/store/consents.js';
import type { DispatchLog } from '../../shared/store/dispatches.js';
import { addDays, isIsoDate, startOfDay } from '../../shared/time/amsterdam.js';
import { failOnInvalid, RECONCILE_GRACE_MINUTES } from '../reconcile-deliveries/reconcile-deliveries.js';

const inputSchema = z.object({
  deliveryDate: z.string().check(z.refine(isIsoDate, { message: 'must be a real date, YYYY-MM-DD' })),
});

export interface DispatchDeps {
  logger: Logger;
  clock: Clock;
  store: { consents: Pick<ConsentReads, 'listOn'>; dispatches: DispatchLog };
  queue: DeliveryQueue;
  config: Pick<Settings<'deliveryTime'>, 'deliveryTime'>;
}

export interface DispatchRun {
  deliveryDate: string;
  consents: number;
  /** Earlier dates with undelivered consents, queued again. */
  reconciled: ReconcileRun['requeued'];
}

export const createDispatchHandler = (deps: DispatchDeps) =>
  middy<unknown, DispatchRun>()
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .handler(async (event, context: Context) => {
      const { deliveryDate } = inputSchema.parse(event);
      const now = deps.clock.now();
      if (now.getTime() < startOfDay(deliveryDate).getTime()) {
        throw new AppError(
          409,
          'delivery_not_due',
          `Delivery date ${deliveryDate} has not begun (Europe/Amsterdam); nothing was queued.`,
        );
      }
      const correlationId = context.awsRequestId;
      const consents = await deps.store.consents.listOn(deliveryDate);
      // Built through the worker's own schema: a job the worker would refuse is never queued, and one damaged
      // reference does not hold up the others.
      const { jobs, invalid } = jobsFor(consents, deliveryDate, correlationId);
      await deps.queue.send(jobs);
      await deps.store.dispatches.record({ deliveryDate, at: now.toISOString(), consents: consents.length });
      deps.logger.info('delivery dispatcher ran', { deliveryDate, consents: consents.length });
      const reconciled = await reconcileDeliveries(
        { store: deps.store, queue: deps.queue, clock: deps.clock, deliveryTime: deps.config.deliveryTime },
        {
          graceMinutes: RECONCILE_GRACE_MINUTES,
          correlationId,
          dates: datesSincePreviousYear(addDays(deliveryDate, -1)),
        },
      );
      const { requeued } = reconciled;
      if (requeued.length > 0)
        deps.logger.warn('undelivered consents of earlier dates queued again', { requeued });
      // Earlier dates' damaged references are the hourly reconciliation's to fail on; failing here would retry
      // (and dead-letter) a dispatch of a date that is fine.
      if (reconciled.invalid.length > 0)
        deps.logger.error('earlier delivery references that make no valid job', {
          invalid: reconciled.invalid,
        });
      failOnInvalid(
        deps.logger,
        invalid.map((x) => ({ ...x, deliveryDate })),
      );
      return { deliveryDate, consents: consents.length, reconciled: requeued };
    });
