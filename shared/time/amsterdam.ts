/**
 * Calendar arithmetic in Europe/Amsterdam, where every msv date and deadline lives. Dates are plain
 * `YYYY-MM-DD` strings; instants are Dates. Daylight saving time is handled by asking Intl for the offset
 * instead of assuming +01:00 or +02:00.
 */

export const TIME_ZONE = 'Europe/Amsterdam';

// Made on first use: the process's first Intl.DateTimeFormat loads ICU's data, ~25 ms that every function's
// cold start paid at import, used or not (bench/bundles.ts).
let dateFormat: Intl.DateTimeFormat | undefined;
const dateFormatter = (): Intl.DateTimeFormat => {
  dateFormat ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return dateFormat;
};

let partsFormat: Intl.DateTimeFormat | undefined;
const partsFormatter = (): Intl.DateTimeFormat => {
  partsFormat ??= new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return partsFormat;
};

/** The calendar date in Amsterdam at `instant`. */
export const amsterdamDate = (instant: Date): string => dateFormatter().format(instant);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a real calendar date written as YYYY-MM-DD. */
export const isIsoDate = (s: string): boolean => {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
};

/** `date` plus `days` calendar days. */
export const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** Calendar days from `from` to `to` (both `YYYY-MM-DD`): negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Offset of Amsterdam from UTC at `instant`, in minutes (60 in winter, 120 in summer). */
const offsetMinutes = (instant: Date): number => {
  const p = Object.fromEntries(
    partsFormatter()
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
};

/** The instant at which `date` begins in Amsterdam (00:00 local time). */
export const startOfDay = (date: string): Date => {
  const utcMidnight = new Date(`${date}T00:00:00Z`);
  // Midnight is never inside a DST gap in Amsterdam (changes happen at 02:00/03:00), so one correction suffices.
  return new Date(utcMidnight.getTime() - offsetMinutes(utcMidnight) * 60_000);
};

/** The instant at which the Amsterdam wall clock shows `date` `time` (HH:MM:SS), daylight saving included. */
export const instantOf = (date: string, time: string): Date => {
  const asUtc = Date.parse(`${date}T${time}Z`);
  let instant = asUtc - offsetMinutes(new Date(asUtc)) * 60_000;
  // The offset at the guess may differ from the offset at the answer on a DST day: correct once.
  instant = asUtc - offsetMinutes(new Date(instant)) * 60_000;
  return new Date(instant);
};

/** Local wall time `date` `time` in Amsterdam, as EventBridge Scheduler's `at()` wants it: no offset, no Z. */
export const wallTime = (date: string, time: string): string => `${date}T${time}`;

/** The school year (`2025-2026`) that contains the Amsterdam date `date`; school years run 1 Aug – 31 Jul. */
export const schoolYearOf = (date: string): string => {
  const year = Number(date.slice(0, 4));
  const first = date.slice(5) >= '08-01' ? year : year - 1;
  return `${first}-${first + 1}`;
};
