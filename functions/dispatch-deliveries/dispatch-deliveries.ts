/**
 * The target of a delivery date's schedule: `{ "deliveryDate": "YYYY-MM-DD" }`. Finds every active consent for
 * the date through the per-date references (no scan), puts one job per school on the delivery queue, and records
 * that it ran. Firing twice only queues the same jobs twice: the worker delivers each school once. A fire before
 * the date has begun (by hand) is refused; a date without consents does nothing.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod';
import type { Clock } from '../../shared/clock.js';
import { deliveryJobSchema } from '../../shared/delivery/delivery-job.js';
import { AppError } from '../../shared/errors.js';
import type { DeliveryQueue, Store } from '../../shared/ports.js';
import { startOfDay } from '../../shared/time/amsterdam.js';

const inputSchema = z.object({ deliveryDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

export const createDispatchHandler =
  (deps: { logger: Logger; clock: Clock; store: Store; queue: DeliveryQueue }) =>
  async (event: unknown): Promise<{ deliveryDate: string; consents: number }> => {
    const { deliveryDate } = inputSchema.parse(event);
    const now = deps.clock.now();
    if (now.getTime() < startOfDay(deliveryDate).getTime()) {
      throw new AppError(
        409,
        'delivery_not_due',
        `Delivery date ${deliveryDate} has not begun (Europe/Amsterdam); nothing was queued.`,
      );
    }
    const consents = await deps.store.listConsentsOn(deliveryDate);
    // Built through the worker's own schema: a job the worker would refuse is never queued.
    await deps.queue.send(consents.map((c) => deliveryJobSchema.parse({ ...c, deliveryDate })));
    await deps.store.recordDispatch({ deliveryDate, at: now.toISOString(), consents: consents.length });
    deps.logger.info('delivery dispatcher ran', { deliveryDate, consents: consents.length });
    return { deliveryDate, consents: consents.length };
  };
