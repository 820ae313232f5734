/**
 * Where a school stands for a school year: the one rule behind the school page, the board overview, the consent
 * GET and the reminders. Pure: callers gather the facts through the stores, this decides.
 *
 * The rule, in order:
 * - delivered: a delivery record exists, or the consent says delivered;
 * - scheduled: an active consent with data to deliver, whatever its date: also on 1 July itself, the last
 *   delivery date, when it delivers that very morning. One whose date passed without a delivery stays scheduled:
 *   the pipeline delivers it still (reconciliation re-queues it hourly, and an alarm tells the operator), so no
 *   view may tell the board to deliver it by hand as well, which would send the Inspectie the data twice;
 * - awaiting data: an active `latest` consent before its date, with no accepted export yet;
 * - deadline missed: from 00:00 on 1 July without either, unless a catch-up window is in effect for the school
 *   (shared/windows/catch-up-window.ts): then the year stands as before the deadline — no export, export without
 *   consent, awaiting data — with the same actions, and `catchUp` says until when consent can be given;
 * - otherwise export without consent, or no export. A `latest` consent whose date came without data counts as
 *   no consent here (nothing is planned), and its action asks for a new date.
 */
import { exportPolicyOf, waitsForNewDate } from './consent/export-policy.js';
import { isLocked, lastChangeDay, yearWindow } from './consent/rules.js';
import type { Consent, SchoolState } from './model.js';
import { amsterdamDate, daysBetween } from './time/amsterdam.js';
import type { WindowInEffect } from './windows/catch-up-window.js';

/** The consent fields the status reads. */
export type ConsentFacts = Pick<
  Consent,
  'status' | 'exportId' | 'exportPolicy' | 'deliveryDate' | 'level' | 'noData'
>;

/** What the status is computed from; `C` is whatever consent object the caller holds (given back as is). */
export interface SchoolYearFacts<C extends ConsentFacts = ConsentFacts> {
  schoolYear: string;
  /** The current accepted export, if any. */
  currentExportId: string | undefined;
  consent: C | undefined;
  /**
   * Whether a delivery record exists for the year. Left out, the consent says it: it is marked delivered in the
   * transaction that writes the record, so only a reader that holds the record anyway (the reminders) passes it.
   */
  delivered?: boolean;
  /**
   * The catch-up window in effect for the school now, from `windowInEffect` (the same the consent rules ask); left
   * out, none.
   */
  catchUp?: WindowInEffect;
  /**
   * The school delivers the year through another provider ("levert via een andere aanbieder", shared/provider):
   * msv has nothing to do for it — no action, never missed. Left out, no.
   */
  elsewhere?: boolean;
}

/**
 * What the board must still do, for the reminders: `no_export` ("nog geen gegevens"), `no_consent` (an accepted
 * export, "nog geen toestemming"), `newer_export` (the consent pins an older export than the current one),
 * `awaiting_data` (a `latest` consent waiting for its data: "toestemming gegeven, nog geen gegevens"), `new_date`
 * (a `latest` consent's date came without data: nothing was delivered, choose a new date).
 */
export type SchoolAction = 'no_consent' | 'no_export' | 'newer_export' | 'awaiting_data' | 'new_date';

/** The status of a school for a school year at one moment. */
export interface SchoolYearStatus<C extends ConsentFacts = ConsentFacts> {
  state: SchoolState;
  /** The consent that still counts: active or delivered (a revoked one does not). */
  consent: C | undefined;
  /** An active consent pins an export older than the current one: the newer one is not delivered unless re-given. */
  newerExportAvailable: boolean;
  deadlineMissed: boolean;
  /** The year's last delivery date (1 July) and the days until it in Amsterdam: 0 on the day, negative after. */
  lastDeliveryDate: string;
  daysLeft: number;
  /** For an active consent, the last day it can be changed. */
  lastChangeDay: string | null;
  /** Whether the consent can no longer be changed: delivered, or active from 00:00 on its delivery date. */
  locked: boolean;
  /** What the board must do; undefined when nothing (delivered, or scheduled with the current export). */
  action: SchoolAction | undefined;
  /** Past the deadline and not delivered: the catch-up window in which consent can still be given, if any. */
  catchUp: WindowInEffect | null;
}

export const schoolYearStatus = <C extends ConsentFacts>(
  facts: SchoolYearFacts<C>,
  now: Date,
): SchoolYearStatus<C> => {
  const { consent, currentExportId } = facts;
  const window = yearWindow(facts.schoolYear);
  const delivered = facts.delivered === true || consent?.status === 'delivered';
  const open = !delivered && consent?.status === 'active' ? consent : undefined;
  // A consent whose date came without data plans nothing: the year stands as if it had none, but for its action.
  const emptied = open !== undefined && waitsForNewDate(open);
  const active = emptied ? undefined : open;
  const latest = active !== undefined && exportPolicyOf(active) === 'latest';
  const pastDeadline = now.getTime() >= window.deadline.getTime();
  // A window in effect keeps the year open for consent: the deadline counts as missed only without one.
  const catchUp = pastDeadline && !delivered ? facts.catchUp : undefined;
  const missed = pastDeadline && catchUp === undefined;
  const today = amsterdamDate(now);
  const locked = delivered || (active !== undefined && isLocked(active, now));
  const awaitingData = latest && currentExportId === undefined;
  const state: SchoolState = delivered
    ? 'delivered'
    : active
      ? awaitingData
        ? missed
          ? 'deadline_missed'
          : 'awaiting_data'
        : 'scheduled'
      : missed
        ? 'deadline_missed'
        : currentExportId !== undefined
          ? 'export_without_consent'
          : 'no_export';
  const newerExportAvailable = Boolean(
    active && !latest && currentExportId !== undefined && active.exportId !== currentExportId,
  );
  const withoutConsent: SchoolAction = currentExportId === undefined ? 'no_export' : 'no_consent';
  const action: SchoolAction | undefined = delivered
    ? undefined
    : emptied
      ? missed
        ? withoutConsent
        : 'new_date'
      : active
        ? // A locked consent (its day has come) can no longer be given again: nothing left for the board to do.
          locked
          ? undefined
          : awaitingData
            ? 'awaiting_data'
            : newerExportAvailable
              ? 'newer_export'
              : undefined
        : withoutConsent;
  // Another provider delivers it: there is no consent beside the marker (each write checks the other).
  const elsewhere = facts.elsewhere === true && !delivered && open === undefined;
  return {
    state: elsewhere ? 'elsewhere' : state,
    consent: consent?.status === 'revoked' ? undefined : consent,
    newerExportAvailable,
    deadlineMissed: !elsewhere && state === 'deadline_missed',
    lastDeliveryDate: window.lastDeliveryDate,
    daysLeft: daysBetween(today, window.lastDeliveryDate),
    lastChangeDay: active ? lastChangeDay(active.deliveryDate) : null,
    locked,
    action: elsewhere ? undefined : action,
    // A window is for schools that still deliver through msv: one marked elsewhere is not counted in it.
    catchUp: elsewhere ? null : (catchUp ?? null),
  };
};
