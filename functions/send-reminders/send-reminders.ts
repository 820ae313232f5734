/**
 * The target of the daily reminder schedule (EventBridge Scheduler, cron at `reminderTime` in Europe/Amsterdam).
 * The day comes from the clock, never from the event, so a schedule cannot send another day's reminders. Throws
 * after the run when a board's mail failed: Scheduler and Lambda then retry, and the claims make a retry send
 * only what is still missing.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import '../../shared/zod-locale.js';
import * as z from 'zod/mini';
import type { Clock } from '../../shared/clock.js';
import type { Settings } from '../../shared/config.js';
import type { Mailer } from '../../shared/ports.js';
import { type ReminderDeps, type ReminderRun, runReminders } from '../../shared/reminders/run-reminders.js';
import { eventHandler } from '../lib/event-handler.js';
import type { FunctionMetrics } from '../lib/metrics.js';
import { serviceLog } from '../lib/service-log.js';

/** The schedule sends `{}`; anything else in it is ignored on purpose, but it must be an object. */
const eventSchema = z.looseObject({});

export interface SendRemindersDeps {
  logger: Logger;
  clock: Clock;
  store: ReminderDeps['store'];
  mailer: Mailer;
  config: Pick<
    Settings<'remindersStart' | 'noDataRemindersStart' | 'appUrl'>,
    'remindersStart' | 'noDataRemindersStart' | 'appUrl'
  >;
  /** Given by the wiring (needs.ts declares them); a direct call (tests) may leave it out. */
  metrics?: FunctionMetrics<'RemindersSent' | 'MailsFailed'>;
}

/** The scheduled handler: one reminder run for the clock's day; returns the outcome per board. */
export const createSendRemindersHandler = (deps: SendRemindersDeps) =>
  eventHandler<unknown, ReminderRun>(
    deps.logger,
    async (event) => {
      eventSchema.parse(event ?? {});
      const run = await runReminders({
        store: deps.store,
        mailer: deps.mailer,
        clock: deps.clock,
        log: serviceLog(deps.logger),
        remindersStart: deps.config.remindersStart,
        noDataRemindersStart: deps.config.noDataRemindersStart,
        appUrl: deps.config.appUrl,
      });
      const failed = run.boards.filter((b) => b.outcome === 'failed').map((b) => b.boardId);
      deps.metrics?.count('RemindersSent', run.boards.filter((b) => b.outcome === 'sent').length);
      // A board left without its reminder: its mail failed after the retries (or reading its schools did).
      if (failed.length > 0) deps.metrics?.count('MailsFailed', failed.length);
      if (failed.length > 0) throw new Error(`reminders failed for boards ${failed.join(', ')}`);
      return run;
    },
    deps.metrics,
  );
