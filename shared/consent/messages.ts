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
