/**
 * The target of the recurring reconciliation schedule (and of nothing else): queues again every active consent
 * whose delivery date's schedule has passed without a delivery (shared/delivery/reconcile.ts). The time comes from
 * the clock, never from the event.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import '../../shared/zod-locale.js';
import * as z from 'zod/mini';
import type { Clock } from '../../shared/clock.js';
import type { Settings } from '../../shared/config.js';
import {
  type ReconcileDeps,
  type ReconcileRun,
  reconcileDeliveries,
} from '../../shared/delivery/reconcile.js';
import type { DeliveryQueue } from '../../shared/ports.js';

/** The schedule sends `{}`; anything else in it is ignored on purpose, but it must be an object. */
const eventSchema = z.looseObject({});

/** After a date's schedule time, this long belongs to the schedule and its worker before we step in. */
export const RECONCILE_GRACE_MINUTES = 60;

/**
 * After the valid jobs are queued: a reference that makes no valid job fails the run, so that its errors alarm
 * reaches a person (the item needs a look) instead of the school silently waiting.
 */
export const failOnInvalid = (logger: Logger, invalid: ReconcileRun['invalid']): void => {
  if (invalid.length === 0) return;
  logger.error('delivery references that make no valid job', { invalid });
  throw new Error(`${invalid.length} delivery reference(s) make no valid job; see the log`);
};

export interface ReconcileHandlerDeps {
  logger: Logger;
  clock: Clock;
  store: ReconcileDeps['store'];
  queue: DeliveryQueue;
  config: Pick<Settings<'deliveryTime'>, 'deliveryTime'>;
}

export const createReconcileHandler = (deps: ReconcileHandlerDeps) =>
  middy<unknown, ReconcileRun>()
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .handler(async (event, context: Context) => {
      eventSchema.parse(event ?? {});
      const run = await reconcileDeliveries(
        { store: deps.store, queue: deps.queue, clock: deps.clock, deliveryTime: deps.config.deliveryTime },
        { graceMinutes: RECONCILE_GRACE_MINUTES, correlationId: context.awsRequestId },
      );
      if (run.requeued.length > 0) deps.logger.warn('undelivered consents queued again', { ...run });
      else deps.logger.info('every due consent is delivered', { checked: run.checked });
      failOnInvalid(deps.logger, run.invalid);
      return run;
    });
