/**
 * The consent rules, as pure functions of "now" (from the clock port) and the facts involved. All dates are
 * Europe/Amsterdam calendar dates. See ../../../shared/domain.md ("The delivery flow", "Calendar").
 */
import { addDays, amsterdamDate, isIsoDate, startOfDay } from '../time/amsterdam.js';
import type { WindowInEffect } from '../windows/catch-up-window.js';
import { waitsForNewDate } from './export-policy.js';
import { ConsentError, formatNl } from './messages.js';

export interface YearWindow {
  /** First day consent can be given: 1 August of the first calendar year. */
  opens: string;
  /** Last possible delivery date: 1 July of the second calendar year (the Inspectie's deadline). */
  lastDeliveryDate: string;
  /** Consent must be given before this instant: 1 July 00:00 in Amsterdam. */
  deadline: Date;
}

export const yearWindow = (schoolYear: string): YearWindow => {
  const first = Number(schoolYear.slice(0, 4));
  const lastDeliveryDate = `${first + 1}-07-01`;
  return { opens: `${first}-08-01`, lastDeliveryDate, deadline: startOfDay(lastDeliveryDate) };
};

/** The state of an existing consent that the rules need. */
export interface ConsentFacts {
  status: 'active' | 'revoked' | 'delivered';
  deliveryDate: string;
  /** Set when a `latest` consent's date came without data (see export-policy.ts). */
  noData?: { deliveryDate: string };
}

/** The last day on which a consent for `deliveryDate` can still be changed or revoked. */
export const lastChangeDay = (deliveryDate: string): string => addDays(deliveryDate, -1);

/**
 * Whether an active consent is locked: from 00:00 on its delivery date in Amsterdam; no longer once that date
 * came without data to deliver, so that the board can choose a new one.
 */
export const isLocked = (consent: ConsentFacts, now: Date): boolean =>
  !waitsForNewDate(consent) && now.getTime() >= startOfDay(consent.deliveryDate).getTime();

const assertChangeable = (existing: ConsentFacts | undefined, now: Date) => {
  if (!existing || existing.status === 'revoked') return;
  if (existing.status === 'delivered') {
    throw new ConsentError(
      409,
      'already_delivered',
      `The data were delivered to the Inspectie on ${existing.deliveryDate}; this consent can no longer be changed.`,
      `De gegevens zijn op ${formatNl(existing.deliveryDate)} aan de Inspectie geleverd; deze toestemming kan niet meer worden gewijzigd.`,
    );
  }
  if (isLocked(existing, now)) {
    throw new ConsentError(
      409,
      'consent_locked',
      `The delivery on ${existing.deliveryDate} has begun; changes were possible until the end of ${lastChangeDay(existing.deliveryDate)}.`,
      `De levering van ${formatNl(existing.deliveryDate)} is begonnen; wijzigen kon tot en met ${formatNl(lastChangeDay(existing.deliveryDate))}.`,
    );
  }
};

/**
 * Checks that consent for `deliveryDate` may be given or changed now. Returns the last day it can still be
 * changed. Throws a ConsentError naming the rule otherwise.
 *
 * From the year's deadline on (and for every earlier year) only a catch-up window lets a write through:
 * `catchUp`, the window in effect for this school now (`windowInEffect` in shared/windows/catch-up-window.ts, the
 * same the status asks), with a delivery date from tomorrow up to its `until`. A delivered consent stays refused
 * (`already_delivered`): a window is for schools without a delivery.
 */
export const checkConsentWrite = (input: {
  now: Date;
  schoolYear: string;
  deliveryDate: string;
  existing?: ConsentFacts;
  catchUp?: WindowInEffect;
}): { lastChangeDay: string } => {
  const { now, schoolYear, deliveryDate, existing } = input;
  const window = yearWindow(schoolYear);
  const today = amsterdamDate(now);

  assertChangeable(existing, now);
  if (today < window.opens) {
    throw new ConsentError(
      409,
      'school_year_not_started',
      `Consent for ${schoolYear} can be given from ${window.opens}.`,
      `Toestemming voor schooljaar ${schoolYear} kan vanaf ${formatNl(window.opens)} worden gegeven.`,
    );
  }
  const late = now.getTime() >= window.deadline.getTime();
  const catchUp = late ? input.catchUp : undefined;
  if (late && !catchUp) {
    throw new ConsentError(
      409,
      'deadline_passed',
      `The deadline for ${schoolYear} (1 July) has passed. Deliver directly to the Inspectie: download the report PDF from the report endpoint and upload it in the Inspectie's portal. After a herstelopdracht of the Inspectie you may also ask the msv operator for a catch-up window, in which consent for a late delivery (nalevering) can still be given.`,
      `De uiterste leverdatum voor ${schoolYear} (1 juli) is verstreken. Lever rechtstreeks aan bij de Inspectie: download het rapport (PDF) en upload het in het portaal van de Inspectie. Heeft de Inspectie een herstelopdracht gegeven, dan kunt u de beheerder van msv ook om een herstelperiode vragen: daarin kunt u alsnog toestemming geven voor een nalevering.`,
    );
  }
  if (!isIsoDate(deliveryDate)) {
    throw new ConsentError(
      422,
      'invalid_delivery_date',
      'deliveryDate must be a date written as YYYY-MM-DD.',
      'De leverdatum moet een datum zijn in de vorm JJJJ-MM-DD.',
      {
        field: 'deliveryDate',
      },
    );
  }
  const tomorrow = addDays(today, 1);
  if (deliveryDate < tomorrow) {
    throw new ConsentError(
      422,
      'delivery_date_too_early',
      `The delivery date must be tomorrow (${tomorrow}) or later, so that consent can still be changed the day before.`,
      `De leverdatum moet morgen (${formatNl(tomorrow)}) of later zijn, zodat de toestemming de dag ervoor nog kan worden gewijzigd.`,
      { field: 'deliveryDate', earliest: tomorrow },
    );
  }
  if (catchUp && deliveryDate > catchUp.until) {
    throw new ConsentError(
      422,
      'delivery_date_too_late',
      `In the catch-up window the delivery date can be ${catchUp.until} at the latest.`,
      `In de herstelperiode kan de leverdatum uiterlijk ${formatNl(catchUp.until)} zijn.`,
      { field: 'deliveryDate', latest: catchUp.until },
    );
  }
  if (!catchUp && deliveryDate > window.lastDeliveryDate) {
    throw new ConsentError(
      422,
      'delivery_date_too_late',
      `The delivery date can be ${window.lastDeliveryDate} at the latest: the Inspectie must have the data by 1 July.`,
      `De leverdatum kan uiterlijk ${formatNl(window.lastDeliveryDate)} zijn: de Inspectie moet de gegevens uiterlijk 1 juli hebben.`,
      { field: 'deliveryDate', latest: window.lastDeliveryDate },
    );
  }
  return { lastChangeDay: lastChangeDay(deliveryDate) };
};

/** Checks that an existing consent may be revoked now. */
export const checkConsentRevoke = (input: { now: Date; existing?: ConsentFacts }): void => {
  const { existing, now } = input;
  if (!existing || existing.status === 'revoked') {
    throw new ConsentError(
      404,
      'no_consent',
      'There is no active consent to revoke.',
      'Er is geen actieve toestemming om in te trekken.',
    );
  }
  assertChangeable(existing, now);
};
