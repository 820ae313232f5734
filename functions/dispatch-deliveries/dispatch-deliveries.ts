/**
 * The target of a delivery date's schedule: `{ "deliveryDate": "YYYY-MM-DD" }`. For now it records that it ran
 * and how many consents it found for the date (through the per-date references, not a scan); the delivery
 * itself is the next step. A schedule that fires with nothing to deliver does nothing else.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod';
import type { Clock } from '../../shared/clock.js';
import type { Store } from '../../shared/ports.js';

const inputSchema = z.object({ deliveryDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

export const createDispatchHandler =
  (deps: { logger: Logger; clock: Clock; store: Store }) =>
  async (event: unknown): Promise<{ deliveryDate: string; consents: number }> => {
    const { deliveryDate } = inputSchema.parse(event);
    const consents = await deps.store.listConsentsOn(deliveryDate);
    await deps.store.recordDispatch({
      deliveryDate,
      at: deps.clock.now().toISOString(),
      consents: consents.length,
    });
    deps.logger.info('delivery dispatcher ran', { deliveryDate, consents: consents.length });
    return { deliveryDate, consents: consents.length };
  };
