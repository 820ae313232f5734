/**
 * Which day is a reminder day. All dates are Europe/Amsterdam calendar dates (`YYYY-MM-DD`); the school year in
 * question is the one that contains the date.
 *
 * - From `noDataRemindersStart` (MM-DD, default 03-01) until `remindersStart`: a "nog geen gegevens" digest on
 *   the first Monday of each month (in the start month the first Monday on or after the start), while the survey
 *   can still be run (the common windows close on 30 April).
 * - From `remindersStart` (MM-DD, default 05-01) to 16 June: a digest on Mondays only.
 * - The last 14 days before 1 July, 17 to 30 June: a digest every day.
 * - 1 to 31 July: the missed-delivery mail, sent once per board and year on the first run of that period, so a
 *   failed 1 July run is caught up the next day.
 * - Any other day: nothing.
 *
 * Apart from these, a catch-up window in effect (shared/windows/catch-up-window.ts) has its herstel digest days
 * (`isHerstelDay`), for its own school year, whichever that is.
 */
import { yearWindow } from '../consent/rules.js';
import { addDays, amsterdamDate, daysBetween, schoolYearOf } from '../time/amsterdam.js';
import type { CatchUpWindow } from '../windows/catch-up-window.js';

/** The first day of the daily digests: 14 days before 1 July. */
export const DAILY_FROM = '06-17';

export type ReminderDay =
  | {
      kind: 'digest';
      date: string;
      schoolYear: string;
      /** Days until 1 July, today included: 1 on 30 June, the last day to give consent. */
      daysLeft: number;
      /** The last day on which consent can be given (30 June). */
      lastConsentDay: string;
      cadence: 'weekly' | 'daily';
    }
  | {
      /** Only the schools without data: those with no export, and `latest` consents waiting for theirs. */
      kind: 'no_data';
      date: string;
      schoolYear: string;
      daysLeft: number;
      lastConsentDay: string;
    }
  | { kind: 'missed'; date: string; schoolYear: string; deadline: string }
  | { kind: 'none'; date: string; schoolYear: string };

/** Whether `date` is a Monday (the weekday of a calendar date does not depend on the time zone). */
export const isMonday = (date: string): boolean => new Date(`${date}T12:00:00Z`).getUTCDay() === 1;

/** The first Monday of a period that starts on `from`: a Monday whose week before lies outside it or its month. */
const firstMondayFrom = (date: string, from: string): boolean => {
  if (!isMonday(date) || date < from) return false;
  const weekBefore = addDays(date, -7);
  return weekBefore < from || weekBefore.slice(0, 7) !== date.slice(0, 7);
};

/** What the reminder run does on `date` (Amsterdam), for the school year containing it; see the module doc. */
export const reminderDayOf = (
  date: string,
  remindersStart = '05-01',
  noDataRemindersStart = '03-01',
): ReminderDay => {
  const schoolYear = schoolYearOf(date);
  const { lastDeliveryDate } = yearWindow(schoolYear);
  const secondYear = lastDeliveryDate.slice(0, 4);
  const lastConsentDay = addDays(lastDeliveryDate, -1);
  if (date >= lastDeliveryDate) return { kind: 'missed', date, schoolYear, deadline: lastDeliveryDate };
  const inPeriod = date >= `${secondYear}-${remindersStart}` && date <= lastConsentDay;
  const daily = date >= `${secondYear}-${DAILY_FROM}`;
  if (inPeriod && (daily || isMonday(date))) {
    return {
      kind: 'digest',
      date,
      schoolYear,
      daysLeft: daysBetween(date, lastDeliveryDate),
      lastConsentDay,
      cadence: daily ? 'daily' : 'weekly',
    };
  }
  const noDataFrom = `${secondYear}-${noDataRemindersStart}`;
  if (date < `${secondYear}-${remindersStart}` && firstMondayFrom(date, noDataFrom)) {
    return {
      kind: 'no_data',
      date,
      schoolYear,
      daysLeft: daysBetween(date, lastDeliveryDate),
      lastConsentDay,
    };
  }
  return { kind: 'none', date, schoolYear };
};

/** How many days before a window's last delivery date the herstel digest goes out daily. */
export const HERSTEL_DAILY_DAYS = 7;

/**
 * Whether `date` is a herstel digest day of an open window: its first day — the day after it was opened, or the
 * year's 1 July for one opened before (the day the missed-delivery mail would go) — then Mondays, and every day of
 * the last week up to its last consent day (the day before `until`). Never outside the window.
 */
export const isHerstelDay = (
  date: string,
  w: Pick<CatchUpWindow, 'schoolYear' | 'until' | 'openedAt'>,
): boolean => {
  const { lastDeliveryDate } = yearWindow(w.schoolYear);
  const dayAfterOpening = addDays(amsterdamDate(new Date(w.openedAt)), 1);
  // Dates as YYYY-MM-DD strings compare as dates; the later of the two.
  const first = [dayAfterOpening, lastDeliveryDate].sort()[1] as string;
  if (date < first || date >= w.until) return false;
  return date === first || isMonday(date) || date >= addDays(w.until, -HERSTEL_DAILY_DAYS);
};
