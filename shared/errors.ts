/**
 * The one error type that crosses from domain to edge. `code` is stable API; `status` is the HTTP status the
 * edge answers with; `details` is safe to show to the caller (never a stack, never another school's data).
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(400, code, message, details);
export const forbidden = () => new AppError(403, 'forbidden', 'You may not access this resource');
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);

/** One bad field of a request: its dotted path (`administration.period.to`), a stable code and what is wrong. */
export interface FieldIssue {
  field: string;
  code: string;
  message: string;
}

/** The 422 for a request with bad fields, every one named, as the JSON body parser and the domain checks say it. */
export const invalidFields = (errors: readonly FieldIssue[]) =>
  new AppError(422, 'invalid_request', 'The request has invalid fields; see errors.', {
    messageNl: 'Het verzoek bevat ongeldige velden; zie errors.',
    errors: errors.slice(0, 100),
  });
