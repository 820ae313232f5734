/**
 * Dutch formatting and the calendar facts the app shows. "Today" always comes from the API (`GET /me`), never
 * from the browser's clock, so the app and the service agree on which delivery dates are allowed.
 */
import { formatNl } from '../../shared/consent/messages.js';
import { yearWindow } from '../../shared/consent/rules.js';
import { addDays } from '../../shared/time/amsterdam.js';

/** `2026-05-12` → `12 mei 2026`: the same wording as the API's Dutch messages. */
export const dateNl = formatNl;

const dateTime = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  dateStyle: 'long',
  timeStyle: 'short',
});

/** An ISO instant as Amsterdam wall time in Dutch. */
export const dateTimeNl = (iso: string): string => dateTime.format(new Date(iso));

/**
 * The delivery dates the API accepts on `today`: tomorrow up to and including 1 July of the school year, or past
 * 1 July in a catch-up window (the school year's `window`) up to and including the window's last day
 * (checkConsentWrite in shared/consent/rules.ts holds the same rule).
 */
export const allowedDeliveryDates = (
  today: string,
  schoolYear: string,
  window: { until: string } | null = null,
): { min: string; max: string } => ({
  min: addDays(today, 1),
  max: window ? window.until : yearWindow(schoolYear).lastDeliveryDate,
});

/** Primary and special-primary schools: groepen instead of leerjaren, and no onderwijssoorten. */
export const isPrimary = (sector: string): boolean => sector === 'po' || sector === 'so';

/** Leerjaar or groep, as schools say it. */
export const leerjaarNl = (sector: string, leerjaar: number): string =>
  isPrimary(sector) ? `groep ${leerjaar}` : `leerjaar ${leerjaar}`;

export const LEVEL_NL: Record<string, string> = {
  school: 'hele school',
  onderwijssoort: 'per onderwijssoort',
};

/**
 * Which export a consent delivers (`exportPolicy`), in the words of the board's consent mail, so the wizard, the
 * school's page and the mail say the same.
 */
export { DATA_NL } from '../../shared/consent/consent-mail.js';

export const STATE_NL: Record<string, string> = {
  no_export: 'Geen gegevens',
  export_without_consent: 'Gegevens, geen toestemming',
  awaiting_data: 'Toestemming, nog geen gegevens',
  scheduled: 'Levering gepland',
  delivered: 'Geleverd',
  deadline_missed: 'Leverdatum verstreken',
  elsewhere: 'Levert via een andere aanbieder',
};

/** The school year before or after `schoolYear` (`2025-2026` → `2024-2025` for -1). */
export const shiftYear = (schoolYear: string, by: number): string => {
  const first = Number(schoolYear.slice(0, 4)) + by;
  return `${first}-${first + 1}`;
};
