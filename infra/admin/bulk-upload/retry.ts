/**
 * Retry with exponential backoff and full jitter for HTTP calls: 429 and 5xx answers and network errors are
 * retried, anything else is the answer. A `Retry-After` header (seconds or an HTTP date) is honoured.
 */

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** The first backoff ceiling; doubles per retry. */
  baseMs: number;
  /** The largest wait, also for a Retry-After. */
  maxMs: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Called before each wait, e.g. to count retries. */
  onRetry?: (info: { attempt: number; waitMs: number; reason: string }) => void;
}

export const isRetryableStatus = (status: number): boolean => status === 429 || status >= 500;

/** Full jitter: a random wait between 0 and min(maxMs, baseMs · 2^retry). */
export const backoffMs = (retry: number, opts: Pick<RetryOptions, 'baseMs' | 'maxMs' | 'random'>): number =>
  Math.floor((opts.random ?? Math.random)() * Math.min(opts.maxMs, opts.baseMs * 2 ** retry));

/** A Retry-After header in milliseconds from `now`, or undefined when absent or unreadable. */
export const retryAfterMs = (header: string | null | undefined, now: number): number | undefined => {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
};

/** Calls `attempt` until it answers with a status that is not retryable, or the retries are used up. */
export const fetchWithRetry = async (
  attempt: () => Promise<Response>,
  opts: RetryOptions,
): Promise<Response> => {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? Date.now;
  for (let retry = 0; ; retry++) {
    let response: Response | undefined;
    let error: unknown;
    try {
      response = await attempt();
    } catch (err) {
      error = err;
    }
    const retryable = response === undefined || isRetryableStatus(response.status);
    if (!retryable || retry >= opts.retries) {
      if (response) return response;
      throw error;
    }
    const hinted = retryAfterMs(response?.headers.get('retry-after'), now());
    const waitMs = Math.min(opts.maxMs, hinted ?? backoffMs(retry, opts));
    // Drain the body so that the connection can be reused.
    await response?.arrayBuffer().catch(() => undefined);
    opts.onRetry?.({
      attempt: retry + 1,
      waitMs,
      reason: response ? `HTTP ${response.status}` : String((error as Error)?.message ?? error),
    });
    await sleep(waitMs);
  }
};
