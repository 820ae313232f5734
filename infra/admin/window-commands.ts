/**
 * `window open | close | list`: the operator's catch-up windows (shared/windows/catch-up-window.ts). Only this
 * CLI writes them; the consent function, the status views and the reminders read them.
 */
import { randomBytes } from 'node:crypto';
import { yearWindow } from '../../shared/consent/rules.js';
import type { Stores } from '../../shared/store/stores.js';
import { WindowNotOpenError } from '../../shared/store/windows.js';
import { type CatchUpWindow, isInEffect, windowProblems } from '../../shared/windows/catch-up-window.js';
import { CommandError } from './run-command.js';
import type { WindowCommand } from './window-args.js';

/** Who opens and closes windows: the operator, as the people commands name them (run-command.ts `OPERATOR`). */
const OPERATOR_ID = 'operator';

/** Where a window stands at `now`, in the operator's words. */
const stateOf = (w: CatchUpWindow, now: Date): string => {
  if (w.closedAt !== null) return `closed ${w.closedAt} by ${w.closedBy ?? '?'}`;
  if (isInEffect(w, now)) return 'in effect';
  if (now.getTime() < yearWindow(w.schoolYear).deadline.getTime())
    return `open, in effect from ${yearWindow(w.schoolYear).lastDeliveryDate} 00:00`;
  if (Date.parse(w.openedAt) > now.getTime()) return 'open, not yet in effect';
  return `ended (its last delivery date was ${w.until})`;
};

const lineOf = (w: CatchUpWindow, now: Date): string =>
  [
    w.windowId,
    w.schoolYear,
    `until ${w.until}`,
    w.schoolIds === null ? 'every school' : w.schoolIds.join(','),
    `opened ${w.openedAt} by ${w.openedBy}`,
    stateOf(w, now),
    ...(w.note ? [w.note] : []),
  ].join('  ');

/** Runs a window command as the operator; a bad year, date or school is a bad argument (exit 2). */
export const runWindowCommand = async (
  store: Pick<Stores, 'windows' | 'schools'>,
  command: WindowCommand,
  now: Date,
): Promise<string[]> => {
  switch (command.cmd) {
    case 'window open': {
      const problems = windowProblems({ schoolYear: command.schoolYear, until: command.until, now });
      if (problems.length > 0) throw new CommandError(problems.join('; '));
      for (const id of command.schoolIds ?? []) {
        if (!(await store.schools.get(id))) throw new CommandError(`school ${id} does not exist`);
      }
      const window: CatchUpWindow = {
        windowId: `win_${randomBytes(6).toString('hex')}`,
        schoolYear: command.schoolYear,
        until: command.until,
        schoolIds: command.schoolIds,
        ...(command.note ? { note: command.note } : {}),
        openedBy: OPERATOR_ID,
        openedAt: now.toISOString(),
        closedAt: null,
        closedBy: null,
      };
      await store.windows.open(window);
      const { lastDeliveryDate } = yearWindow(window.schoolYear);
      return [
        `window ${window.windowId} opened for ${window.schoolYear}: consent with a delivery date up to ${window.until} (inclusive) for ${window.schoolIds === null ? 'every school' : window.schoolIds.join(', ')} without a delivery, delivered as nalevering`,
        `in effect from ${lastDeliveryDate} 00:00 (Europe/Amsterdam) until ${window.until} 00:00; the boards get a herstel digest from the next day's reminder run`,
      ];
    }
    case 'window close': {
      const open = (await store.windows.ofYear(command.schoolYear)).filter(
        (w) => w.closedAt === null && (command.windowId === undefined || w.windowId === command.windowId),
      );
      if (open.length === 0) {
        throw new CommandError(
          command.windowId
            ? `no open window ${command.windowId} for ${command.schoolYear}`
            : `no open window for ${command.schoolYear}`,
        );
      }
      const lines: string[] = [];
      for (const w of open) {
        try {
          await store.windows.close(w.schoolYear, w.windowId, { at: now.toISOString(), by: OPERATOR_ID });
        } catch (err) {
          // Closed meanwhile by another operator: it is closed, which is what was asked.
          if (!(err instanceof WindowNotOpenError)) throw err;
        }
        lines.push(
          `window ${w.windowId} of ${w.schoolYear} closed: no new consent in it; consents given in it stay valid and deliver`,
        );
      }
      return lines;
    }
    case 'window list': {
      const windows = command.schoolYear
        ? await store.windows.ofYear(command.schoolYear)
        : await store.windows.list();
      return windows.length === 0 ? ['no windows'] : windows.map((w) => lineOf(w, now));
    }
  }
};
