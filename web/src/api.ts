/**
 * The API client: fetch with the signed-in person's ID token as the bearer, JSON in and out, and one error type for everything that can
 * go wrong (an API error body, a 5xx, a network failure), so that no failure can pass unnoticed.
 */

/** One located problem in an uploaded export or a request body. */
export interface FieldError {
  line?: number;
  column?: number | null;
  field?: string | null;
  code: string;
  message: string;
}

/** A failed call. `status` 0 means the server was not reached at all. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageNl?: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The field the API named as the cause (e.g. `deliveryDate`), if any. */
  get field(): string | undefined {
    return typeof this.details.field === 'string' ? this.details.field : undefined;
  }

  /** Row- or field-level errors of a 422. */
  get errors(): FieldError[] {
    return Array.isArray(this.details.errors) ? (this.details.errors as FieldError[]) : [];
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Record<string, string>;
  json?: unknown;
  /** Raw bytes, sent as application/octet-stream so API Gateway passes them on byte for byte. */
  bytes?: ArrayBuffer;
}

/** Whether the API refused the token itself (not the caller's rights): API Gateway's 401, or its bare 403. */
export const tokenRefused = (err: ApiError): boolean =>
  err.status === 401 || (err.status === 403 && err.code === 'http_403');

/**
 * Calls the API at `apiUrl` (empty = this page's origin). `token` answers the bearer for each call (refreshed
 * when it is about to expire); `onRefused` hears of a token the API refused, before the error is thrown.
 */
export class Api {
  constructor(
    private readonly apiUrl: string,
    private readonly token: () => Promise<string>,
    private readonly onRefused: (err: ApiError) => void = () => undefined,
  ) {}

  private url(path: string, query?: Record<string, string>): string {
    const url = new URL(path.replace(/^\//, ''), `${this.apiUrl || location.origin}/`);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    return url.toString();
  }

  /** Sends the request and returns the raw response when it is a 2xx; throws ApiError otherwise. */
  async raw(path: string, opts: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.token()}` };
    let body: BodyInit | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.bytes) {
      headers['content-type'] = 'application/octet-stream';
      body = opts.bytes;
    }
    let res: Response;
    try {
      res = await fetch(this.url(path, opts.query), { method: opts.method ?? 'GET', headers, body });
    } catch {
      throw new ApiError(0, 'network_error', 'The server could not be reached.');
    }
    if (res.ok) return res;
    let parsed: Record<string, unknown> = {};
    try {
      parsed = (await res.json()) as Record<string, unknown>;
    } catch {
      // A body that is not JSON (a proxy's HTML page): the status alone has to tell the story.
    }
    const { code, message, messageNl, ...details } = parsed;
    const err = new ApiError(
      res.status,
      typeof code === 'string' ? code : `http_${res.status}`,
      typeof message === 'string' ? message : res.statusText,
      typeof messageNl === 'string' ? messageNl : undefined,
      details,
    );
    if (tokenRefused(err)) this.onRefused(err);
    throw err;
  }

  /** The JSON answer of a 2xx. */
  async json<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.raw(path, opts);
    try {
      return (await res.json()) as T;
    } catch {
      throw new ApiError(res.status, 'invalid_response', 'The server sent an answer that is not JSON.');
    }
  }
}
