/**
 * The daily reminder run: decides from the date (Europe/Amsterdam, from the clock port) whether today is a digest
 * day, the missed-delivery mail's period or nothing; then, per board with reminders on, gathers each school's
 * facts, and mails the board when at least one school needs action.
 *
 * Exactly one mail per board and day (digest) or per board and year (missed), also when the schedule fires twice
 * or two runs overlap: the board's mail is claimed with a conditional put BEFORE sending, so of two concurrent
 * runs only one sends (at most once per day). When the mail still fails after its retries the claim is deleted,
 * so a later run sends it (at least once across days): a crash between claim and send loses that day's digest,
 * never duplicates it.
 *
 * In a catch-up window (shared/windows/catch-up-window.ts) the schools it covers are not missed: the July mail leaves
 * them out, and on the window's herstel days (calendar.ts `isHerstelDay`) the board gets a herstel digest of the
 * covered schools that still need action, for the window's school year (this one's or the previous one's).
 */

import type { Clock } from '../clock.js';
import { mapWithConcurrency } from '../concurrency.js';
import { sendWithRetry } from '../mail/send-with-retry.js';
import type { Board } from '../model.js';
import { type BoardMailReads, boardForMail } from '../people/board-mail.js';
import type { Mailer, ServiceLog } from '../ports.js';
import { type SchoolAction, schoolYearStatus } from '../school-year-status.js';
import {
  ReminderAlreadyClaimedError,
  type ReminderClaims,
  type ReminderOccasion,
} from '../store/reminders.js';
import type { StoreReads } from '../store/stores.js';
import { amsterdamDate, schoolYearOf, startOfDay } from '../time/amsterdam.js';
import {
  type CatchUpWindow,
  isInEffect,
  windowInEffect,
  windowsAfterDeadline,
} from '../windows/catch-up-window.js';
import { isHerstelDay, type ReminderDay, reminderDayOf } from './calendar.js';
import { digestMail, herstelMail, missedMail, noDataMail } from './reminder-mail.js';

/** What the monthly "nog geen gegevens" digest is about: schools with no data yet, consent or not. */
const NO_DATA_ACTIONS: ReadonlySet<SchoolAction> = new Set(['no_export', 'awaiting_data', 'new_date']);

export interface ReminderDeps {
  store: Pick<
    StoreReads,
    'boards' | 'schools' | 'exports' | 'consents' | 'deliveries' | 'windows' | 'providers'
  > & {
    /** Who of the board's people its mails go to (shared/people/board-mail.ts). */
    people: BoardMailReads;
    reminders: ReminderClaims;
  };
  mailer: Mailer;
  clock: Clock;
  log: ServiceLog;
  /** MM-DD of the first weekly digest (config `remindersStart`). */
  remindersStart: string;
  /** MM-DD of the first monthly "nog geen gegevens" digest (config `noDataRemindersStart`). */
  noDataRemindersStart: string;
  /** The web app's address for the overview link (config `appUrl`). */
  appUrl?: string;
  /** Boards handled at once. */
  concurrency?: number;
  /** Send attempts per mail (tests with a failing mailer lower it). */
  mailAttempts?: number;
}

export type BoardOutcome = 'sent' | 'nothing_to_do' | 'already_sent' | 'disabled' | 'failed';

export interface ReminderRun {
  date: string;
  kind: ReminderDay['kind'];
  schoolYear: string;
  /** One entry per board and mail; a herstel digest's names its school year in `herstel`. */
  boards: Array<{ boardId: string; outcome: BoardOutcome; schools: number; herstel?: string }>;
}

/** A school year with a herstel digest today: its windows, read once for every board. */
interface HerstelYear {
  schoolYear: string;
  windows: CatchUpWindow[];
}

/** Claims are kept until a year after the school year ends: long enough to say who was reminded when. */
const claimExpiry = (schoolYear: string): number =>
  Math.floor(startOfDay(`${Number(schoolYear.slice(5)) + 1}-08-01`).getTime() / 1000);

/** Each school of the board with its status for the year, now (with the year's windows, read once per run). */
const statusesOf = async (
  deps: ReminderDeps,
  board: Board,
  schoolYear: string,
  windows: readonly CatchUpWindow[],
) => {
  const { store } = deps;
  const schools = await store.schools.listOfBoard(board.boardId);
  const now = deps.clock.now();
  return Promise.all(
    schools.map(async (school) => {
      const [currentExportId, consent, delivery, provider] = await Promise.all([
        store.exports.getCurrentId(school.schoolId, schoolYear),
        store.consents.get(school.schoolId, schoolYear),
        store.deliveries.get(school.schoolId, schoolYear),
        store.providers.get(school.schoolId, schoolYear),
      ]);
      const catchUp = windowInEffect(windows, { schoolId: school.schoolId, schoolYear }, now);
      const status = schoolYearStatus(
        {
          schoolYear,
          currentExportId,
          consent,
          delivered: delivery !== undefined,
          catchUp,
          // Delivered through another provider: no reminder about it, ever.
          elsewhere: provider !== undefined,
        },
        now,
      );
      return { school, status };
    }),
  );
};

const remindBoard = async (
  deps: ReminderDeps,
  day: Exclude<ReminderDay, { kind: 'none' }>,
  board: Board,
  windows: readonly CatchUpWindow[],
): Promise<{ outcome: BoardOutcome; schools: number }> => {
  if (!board.reminders) return { outcome: 'disabled', schools: 0 };
  const schools = await statusesOf(deps, board, day.schoolYear, windows);
  let mail: ReturnType<typeof digestMail>;
  let count: number;
  if (day.kind === 'digest' || day.kind === 'no_data') {
    const wanted = (a: SchoolAction | undefined): a is SchoolAction =>
      a !== undefined && (day.kind === 'digest' || NO_DATA_ACTIONS.has(a));
    const items = schools.flatMap(({ school, status }) =>
      wanted(status.action) ? [{ school, action: status.action }] : [],
    );
    if (items.length === 0) return { outcome: 'nothing_to_do', schools: 0 };
    count = items.length;
    mail = (day.kind === 'digest' ? digestMail : noDataMail)({
      board: await boardForMail(deps.store.people, board),
      ...day,
      items,
      appUrl: deps.appUrl,
    });
  } else {
    const missed = schools.filter(({ status }) => status.deadlineMissed);
    if (missed.length === 0) return { outcome: 'nothing_to_do', schools: 0 };
    count = missed.length;
    mail = missedMail({
      board: await boardForMail(deps.store.people, board),
      ...day,
      schools: missed.map(({ school }) => school),
      appUrl: deps.appUrl,
    });
  }

  const occasion: ReminderOccasion =
    day.kind !== 'missed'
      ? { kind: 'digest', date: day.date }
      : { kind: 'missed', schoolYear: day.schoolYear };
  return claimAndSend(deps, board, occasion, mail, count, day.schoolYear);
};

/** The herstel digest of one school year for one board: the covered schools that can still act. */
const remindHerstel = async (
  deps: ReminderDeps,
  date: string,
  year: HerstelYear,
  board: Board,
): Promise<{ outcome: BoardOutcome; schools: number }> => {
  if (!board.reminders) return { outcome: 'disabled', schools: 0 };
  const schools = await statusesOf(deps, board, year.schoolYear, year.windows);
  const items = schools.flatMap(({ school, status }) =>
    status.catchUp && status.action
      ? [
          {
            school,
            action: status.action,
            until: status.catchUp.until,
            lastConsentDay: status.catchUp.lastConsentDay,
          },
        ]
      : [],
  );
  if (items.length === 0) return { outcome: 'nothing_to_do', schools: 0 };
  const mail = herstelMail({
    board: await boardForMail(deps.store.people, board),
    schoolYear: year.schoolYear,
    items,
    appUrl: deps.appUrl,
  });
  const occasion: ReminderOccasion = { kind: 'herstel', schoolYear: year.schoolYear, date };
  return claimAndSend(deps, board, occasion, mail, items.length, year.schoolYear);
};

/** Claims the board's mail for its occasion, then sends it; a mail that fails gives the claim back. */
const claimAndSend = async (
  deps: ReminderDeps,
  board: Board,
  occasion: ReminderOccasion,
  mail: ReturnType<typeof digestMail>,
  count: number,
  schoolYear: string,
): Promise<{ outcome: BoardOutcome; schools: number }> => {
  try {
    await deps.store.reminders.claim({
      boardId: board.boardId,
      occasion,
      claimedAt: deps.clock.now().toISOString(),
      expiresAt: claimExpiry(schoolYear),
      schools: count,
    });
  } catch (err) {
    if (err instanceof ReminderAlreadyClaimedError) return { outcome: 'already_sent', schools: count };
    throw err;
  }
  const sent = await sendWithRetry(
    deps.mailer,
    mail,
    deps.log,
    { what: 'reminder mail', boardId: board.boardId, ...occasion },
    deps.mailAttempts,
  );
  if (sent === 'failed') {
    await deps.store.reminders.release(board.boardId, occasion);
    deps.log.error('reminder mail not sent; claim released for a later run', {
      boardId: board.boardId,
      ...occasion,
    });
    return { outcome: 'failed', schools: count };
  }
  return { outcome: 'sent', schools: count };
};

/**
 * The school years with a herstel digest today: this year and the previous one (a window reaches at most a year
 * past its year's 1 July, shared/windows/catch-up-window.ts `latestUntil`), each with a window in effect for which
 * today is a herstel day.
 */
const herstelYearsOn = async (deps: ReminderDeps, date: string, now: Date): Promise<HerstelYear[]> => {
  const current = schoolYearOf(date);
  const first = Number(current.slice(0, 4));
  const years = [`${first - 1}-${first}`, current];
  const found = await Promise.all(
    years.map(async (schoolYear) => ({
      schoolYear,
      windows: await windowsAfterDeadline(deps.store.windows, schoolYear, now),
    })),
  );
  return found.filter(({ schoolYear, windows }) =>
    windows.some((w) => w.schoolYear === schoolYear && isInEffect(w, now) && isHerstelDay(date, w)),
  );
};

/** Runs one board's mails of the day; one failing read or mail does not keep the others from theirs. */
const guarded = async (
  deps: ReminderDeps,
  board: Board,
  herstel: string | undefined,
  send: () => Promise<{ outcome: BoardOutcome; schools: number }>,
): Promise<ReminderRun['boards'][number]> => {
  const tag = herstel ? { herstel } : {};
  try {
    return { boardId: board.boardId, ...(await send()), ...tag };
  } catch (err) {
    deps.log.error('reminders for a board failed', {
      boardId: board.boardId,
      ...tag,
      error: (err as Error).message,
    });
    return { boardId: board.boardId, outcome: 'failed', schools: 0, ...tag };
  }
};

/** Runs the reminders of the day the clock says; returns what happened per board. */
export const runReminders = async (deps: ReminderDeps): Promise<ReminderRun> => {
  const now = deps.clock.now();
  const date = amsterdamDate(now);
  const day = reminderDayOf(date, deps.remindersStart, deps.noDataRemindersStart);
  const run: ReminderRun = { date, kind: day.kind, schoolYear: day.schoolYear, boards: [] };
  const herstel = await herstelYearsOn(deps, date, now);
  if (day.kind === 'none' && herstel.length === 0) {
    deps.log.info('no reminders today', { date });
    return run;
  }
  // The day's own school year's windows: its covered schools are not missed in July.
  const ownWindows = await windowsAfterDeadline(deps.store.windows, day.schoolYear, now);
  const boards = await deps.store.boards.list();
  const perBoard = await mapWithConcurrency(boards, deps.concurrency ?? 4, async (board) => [
    ...(day.kind === 'none'
      ? []
      : [await guarded(deps, board, undefined, () => remindBoard(deps, day, board, ownWindows))]),
    ...(await Promise.all(
      herstel.map((year) =>
        guarded(deps, board, year.schoolYear, () => remindHerstel(deps, date, year, board)),
      ),
    )),
  ]);
  run.boards = perBoard.flat();
  const count = (o: BoardOutcome) => run.boards.filter((b) => b.outcome === o).length;
  deps.log.info('reminders ran', {
    date,
    kind: day.kind,
    boards: boards.length,
    sent: count('sent'),
    alreadySent: count('already_sent'),
    failed: count('failed'),
  });
  return run;
};
