/**
 * Sending one mail with a few retries. SES throttles and hiccups now and then; a short backoff rides that out,
 * and whoever calls decides what a final failure means (it never undoes the state change the mail reports).
 */
import type { Mail, Mailer } from '../ports.js';

export interface SendLog {
  error(msg: string, extra?: object): void;
}

/**
 * Tries `attempts` times with exponential backoff (400 ms, 800 ms, …), logging each failure with `context`.
 * Returns 'sent' or, after the last attempt, 'failed'; it never throws.
 */
export const sendWithRetry = async (
  mailer: Mailer,
  mail: Mail,
  log: SendLog,
  context: { what: string } & Record<string, unknown>,
  attempts = 3,
): Promise<'sent' | 'failed'> => {
  const { what, ...extra } = context;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await mailer.send(mail);
      return 'sent';
    } catch (err) {
      log.error(`${what} failed`, { attempt, ...extra, error: (err as Error).message });
      if (attempt < attempts) await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
  return 'failed';
};
