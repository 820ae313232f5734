/**
 * Every consent rule violation as a stable code with an HTTP status and a Dutch and an English message that
 * says what to do. School staff read the Dutch; vendors and logs the English.
 */
import { AppError } from '../errors.js';

export class ConsentError extends AppError {
  constructor(
    status: 409 | 422 | 404,
    code: string,
    en: string,
    nl: string,
    details: Record<string, unknown> = {},
  ) {
    super(status, code, en, { messageNl: nl, ...details });
  }
}

/** A number in Dutch notation (decimal comma), with `digits` decimals or as short as it is: 12.5 → "12,5". */
export const decimalNl = (x: number, digits?: number): string =>
  (digits === undefined ? String(x) : x.toFixed(digits)).replace('.', ',');

// Made on first use, like the formats of time/amsterdam.ts: not every importer formats a time.
let dateTimeNl: Intl.DateTimeFormat | undefined;

/** An instant as Dutch words in Amsterdam time: "10 maart 2026 om 10:00". */
export const amsterdamTimeNl = (iso: string): string => {
  dateTimeNl ??= new Intl.DateTimeFormat('nl-NL', {
    timeZone: 'Europe/Amsterdam',
    dateStyle: 'long',
    timeStyle: 'short',
  });
  return dateTimeNl.format(new Date(iso));
};

/** A `YYYY-MM-DD` date as Dutch words: "12 mei 2026". */
export const formatNl = (date: string): string => {
  const [y, m, d] = date.split('-').map(Number);
  const months = [
    'januari',
    'februari',
    'maart',
    'april',
    'mei',
    'juni',
    'juli',
    'augustus',
    'september',
    'oktober',
    'november',
    'december',
  ];
  return `${d} ${months[(m ?? 1) - 1]} ${y}`;
};
