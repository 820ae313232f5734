/**
 * Catch-up windows ("herstelperiode"): after a school year's deadline (1 July 00:00, Europe/Amsterdam) the
 * operator may open a window for that year, for every school or for named ones, in which the board can still give
 * consent with a delivery date up to the window's last day. Such a delivery is a *nalevering*. The Inspectie sends a
 * herstelopdracht after 1 July (one month) and the delivery still goes "via de aanbieder"; Vensters once opened
 * one until 31 January 2020 for 2018-2019 (../../shared/domain.md, "Consent, late delivery and other providers").
 *
 * Pure: the consent rules and the school-year status both ask {@link windowInEffect}, so what the board is told
 * and what the consent function accepts cannot differ. Only the admin CLI writes windows (shared/store/windows.ts).
 */
import '../zod-locale.js';
import * as z from 'zod/mini';
import { yearWindow } from '../consent/rules.js';
import { FIRST_SCHOOL_YEAR, schoolIdSchema, schoolYearSchema } from '../ids.js';
import type { WindowReads } from '../store/windows.js';
import { addDays, amsterdamDate, isIsoDate, schoolYearOf, startOfDay } from '../time/amsterdam.js';

const isoDate = z.string().check(z.refine(isIsoDate, { message: 'must be a real date, YYYY-MM-DD' }));
const timestamp = z.iso.datetime({ offset: true });

/** A window as stored: written when opened, and once more when closed. */
export const catchUpWindowSchema = z.object({
  /** `win_` and 12 hex characters, unique across years. */
  windowId: z.string().check(z.regex(/^win_[0-9a-f]{12}$/)),
  schoolYear: schoolYearSchema,
  /** The last delivery date the window accepts (inclusive): consent up to the day before. */
  until: isoDate,
  /** The schools it covers; null: every school. */
  schoolIds: z.nullable(z.array(schoolIdSchema).check(z.minLength(1))),
  /** Why, in the operator's words (e.g. "herstelopdracht Inspectie"); shown in `window list` only. */
  note: z.optional(z.string().check(z.maxLength(200))),
  openedBy: z.string(),
  openedAt: timestamp,
  /** Set once closed: no new consent from then on; consents given within it stay valid and deliver. */
  closedAt: z.nullable(timestamp),
  closedBy: z.nullable(z.string()),
});
export type CatchUpWindow = z.infer<typeof catchUpWindowSchema>;

/** What a window in effect means for one school: the last delivery date and the last day to give consent. */
export interface WindowInEffect {
  windowId: string;
  until: string;
  /** The day before `until`: consent (and a change) needs a delivery date from tomorrow on. */
  lastConsentDay: string;
}

/** The window's `until` as a window in effect. */
const inEffect = (w: Pick<CatchUpWindow, 'windowId' | 'until'>): WindowInEffect => ({
  windowId: w.windowId,
  until: w.until,
  lastConsentDay: addDays(w.until, -1),
});

/** Whether the window covers the school: every school, or it is named. */
export const covers = (w: Pick<CatchUpWindow, 'schoolIds'>, schoolId: string): boolean =>
  w.schoolIds === null || w.schoolIds.includes(schoolId);

/**
 * Whether the window is in effect now, for the schools it covers: open (not closed, opened by now), from its year's
 * deadline on (before it the regular rules hold: no board plans a late delivery while an on-time one is still
 * possible), until 00:00 on its last day (a delivery date must be tomorrow or later).
 */
export const isInEffect = (
  w: Pick<CatchUpWindow, 'schoolYear' | 'until' | 'openedAt' | 'closedAt'>,
  now: Date,
): boolean =>
  w.closedAt === null &&
  Date.parse(w.openedAt) <= now.getTime() &&
  now.getTime() >= yearWindow(w.schoolYear).deadline.getTime() &&
  now.getTime() < startOfDay(w.until).getTime();

/**
 * The window that lets this school's board still give consent for the year now, if any: one of the year's in
 * effect ({@link isInEffect}) that covers the school; of several, the one that reaches furthest.
 */
export const windowInEffect = (
  windows: readonly CatchUpWindow[],
  of: { schoolId: string; schoolYear: string },
  now: Date,
): WindowInEffect | undefined => {
  let best: CatchUpWindow | undefined;
  for (const w of windows) {
    if (w.schoolYear !== of.schoolYear || !covers(w, of.schoolId) || !isInEffect(w, now)) continue;
    if (!best || w.until > best.until) best = w;
  }
  return best ? inEffect(best) : undefined;
};

/**
 * {@link windowInEffect} read from the store: only from the year's deadline on, so that a consent before 1 July
 * (nearly all of them) costs no extra read.
 */
export const catchUpFor = async (
  windows: Pick<WindowReads, 'ofYear'>,
  of: { schoolId: string; schoolYear: string },
  now: Date,
): Promise<WindowInEffect | undefined> =>
  now.getTime() < yearWindow(of.schoolYear).deadline.getTime()
    ? undefined
    : windowInEffect(await windows.ofYear(of.schoolYear), of, now);

/**
 * The year's windows for a view of many schools (the board overview, the reminders): read once, and only from the
 * year's deadline on (before it none is in effect); ask {@link windowInEffect} per school.
 */
export const windowsAfterDeadline = async (
  windows: Pick<WindowReads, 'ofYear'>,
  schoolYear: string,
  now: Date,
): Promise<CatchUpWindow[]> =>
  now.getTime() < yearWindow(schoolYear).deadline.getTime() ? [] : windows.ofYear(schoolYear);

/** What a late delivery is, in the board's and the report's words. */
export const NALEVERING_NL = 'ja: geleverd na de uiterste leverdatum van 1 juli, in een herstelperiode';

/** Whether a delivery on `deliveryDate` for the year is a nalevering: after the year's last delivery date. */
export const isNalevering = (schoolYear: string, deliveryDate: string): boolean =>
  deliveryDate > yearWindow(schoolYear).lastDeliveryDate;

/**
 * The furthest a window may reach: a year after the year's 1 July. By then the next year's data are due, the
 * Inspectie's herstelopdracht (one month) is long past, and every date in the window stays within the dates the
 * reconciliation looks at (from 1 August of the previous school year), so a failed delivery is still retried.
 */
export const latestUntil = (schoolYear: string): string => {
  const first = Number(schoolYear.slice(0, 4));
  return `${first + 2}-07-01`;
};

/**
 * Why a window for `schoolYear` until `until` cannot be opened now, in the operator's (English) words; empty when
 * it can. A year from the first of the duty to the current one; `until` a real date after the year's 1 July, from
 * tomorrow on (a window must allow at least one delivery date), and at most {@link latestUntil}.
 */
export const windowProblems = (input: { schoolYear: string; until: string; now: Date }): string[] => {
  const { schoolYear, until, now } = input;
  if (!schoolYearSchema.safeParse(schoolYear).success)
    return ['--year must be a school year such as 2025-2026'];
  const today = amsterdamDate(now);
  const current = schoolYearOf(today);
  if (schoolYear < FIRST_SCHOOL_YEAR || schoolYear > current) {
    return [`--year must be a school year from ${FIRST_SCHOOL_YEAR} to the current one, ${current}`];
  }
  if (!isIsoDate(until)) return ['--until must be a real date written as YYYY-MM-DD'];
  const problems: string[] = [];
  const { lastDeliveryDate } = yearWindow(schoolYear);
  if (until <= lastDeliveryDate) {
    problems.push(`--until must be after ${lastDeliveryDate}, the year's last regular delivery date`);
  }
  const tomorrow = addDays(today, 1);
  if (until < tomorrow)
    problems.push(`--until must be ${tomorrow} or later: a delivery date must be tomorrow or later`);
  const latest = latestUntil(schoolYear);
  if (until > latest) problems.push(`--until can be ${latest} at the latest: a year after the year's 1 July`);
  return problems;
};
