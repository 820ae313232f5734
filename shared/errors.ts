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
