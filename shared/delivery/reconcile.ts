/**
 * Every due consent is delivered, whatever crashed. An active consent keeps its per-date reference until the
 * worker's commit deletes it (shared/table-design.ts), so a reference on a date whose schedule should have run is a
 * delivery that did not happen: the dispatcher never ran (its schedule dead-lettered), its jobs were lost, or the
 * worker gave up. The reconciliation finds those references, date by date (a query each, never a scan), and
 * queues their jobs again. The worker delivers each school at most once, so queueing a job twice — a job still in
 * flight, or a second run — costs one read and no second delivery.
 */
import type { Clock } from '../clock.js';
import { mapWithConcurrency } from '../concurrency.js';
import type { DeliveryQueue } from '../ports.js';
import type { ConsentReads } from '../store/consents.js';
import { addDays, amsterdamDate, instantOf, schoolYearOf } from '../time/amsterdam.js';
import { jobsFor } from './delivery-job.js';

export interface ReconcileDeps {
  store: { consents: Pick<ConsentReads, 'listOn'> };
  queue: DeliveryQueue;
  clock: Clock;
  /** Amsterdam time (HH:MM:SS) at which a date's schedule fires. */
  deliveryTime: string;
}

export interface ReconcileOptions {
  /**
   * How long after a date's schedule time its deliveries belong to the schedule; only then does the
   * reconciliation step in. Keeps it from racing the schedule on the morning itself.
   */
  graceMinutes: number;
  /** Travels in each job, so the worker's log lines name the run that queued them. */
  correlationId?: string;
  /** Check only these dates (an operator's redispatch); by default every date since the previous school year. */
  dates?: readonly string[];
}

export interface ReconcileRun {
  /** The dates looked at. */
  checked: number;
  /** Per date with undelivered consents: how many jobs were queued again. */
  requeued: Array<{ deliveryDate: string; schools: number }>;
  /** References that make no valid job (damaged items): never queued, for the caller to fail loudly about. */
  invalid: Array<{ deliveryDate: string; schoolId: string; schoolYear: string; problem: string }>;
}

/** Every date from 1 August of the previous school year to `today`, oldest first. */
export const datesSincePreviousYear = (today: string): string[] => {
  const first = Number(schoolYearOf(today).slice(0, 4)) - 1;
  const dates: string[] = [];
  for (let d = `${first}-08-01`; d <= today; d = addDays(d, 1)) dates.push(d);
  return dates;
};

/** Queues the jobs of every active consent whose delivery date's schedule is more than the grace period past. */
export const reconcileDeliveries = async (
  deps: ReconcileDeps,
  opts: ReconcileOptions,
): Promise<ReconcileRun> => {
  const now = deps.clock.now();
  const due = (date: string) =>
    instantOf(date, deps.deliveryTime).getTime() + opts.graceMinutes * 60_000 <= now.getTime();
  const dates = (opts.dates ?? datesSincePreviousYear(amsterdamDate(now))).filter(due);
  // One small query per date: about 700 for two school years, a few at a time.
  const found = await mapWithConcurrency(dates, 8, async (deliveryDate) => ({
    deliveryDate,
    consents: await deps.store.consents.listOn(deliveryDate),
  }));
  const requeued: ReconcileRun['requeued'] = [];
  const invalid: ReconcileRun['invalid'] = [];
  for (const { deliveryDate, consents } of found) {
    if (consents.length === 0) continue;
    const built = jobsFor(consents, deliveryDate, opts.correlationId);
    if (built.jobs.length > 0) await deps.queue.send(built.jobs);
    requeued.push({ deliveryDate, schools: built.jobs.length });
    invalid.push(...built.invalid.map((i) => ({ ...i, deliveryDate })));
  }
  return { checked: dates.length, requeued, invalid };
};
