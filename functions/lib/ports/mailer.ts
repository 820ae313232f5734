/** The mailer's port factories: plain, for the mails people cause one at a time, and paced, for bulk senders. */
import { SESClient } from '@aws-sdk/client-ses';
import type { Settings } from '../../../shared/config.js';
import { containerRate } from '../../../shared/mail/mail-rate.js';
import { PacedMailer } from '../../../shared/mail/paced-mailer.js';
import type { Mailer } from '../../../shared/ports.js';
import { isSesThrottle, SesMailer } from '../ses-mailer.js';

// Short timeouts: a slow SES must not hold a consent request for long (the mail is retried and logged).
const sesClient = (maxAttempts: number) =>
  new SESClient({ maxAttempts, requestHandler: { requestTimeout: 5000, connectionTimeout: 2000 } });

export const sesMailer = (s: Settings<'mailFrom' | 'mailReplyTo'>): SesMailer =>
  new SesMailer(sesClient(3), s.mailFrom, s.mailReplyTo);

/**
 * A mailer paced to `share` of the account's send rate, divided over the `containers` that send at once
 * (shared/mail/mail-rate.ts); it waits out SES's throttles for up to `maxWaitMs` a mail, then fails as any
 * mail does (the caller's retry takes over).
 */
export const pacedSesMailer =
  (opts: { share: number; containers: number; maxWaitMs: number }) =>
  (s: Settings<'mailFrom' | 'mailReplyTo' | 'mailSendRate'>): Mailer =>
    paced(s, containerRate(s.mailSendRate, opts.share, opts.containers), opts.maxWaitMs);

/** The delivery worker's: its share over the containers it is deployed to run at once (`deliveryConcurrency`). */
export const deliveryMailer =
  (opts: { share: number; maxWaitMs: number }) =>
  (s: Settings<'mailFrom' | 'mailReplyTo' | 'mailSendRate' | 'deliveryConcurrency'>): Mailer =>
    paced(s, containerRate(s.mailSendRate, opts.share, s.deliveryConcurrency), opts.maxWaitMs);

const paced = (s: Settings<'mailFrom' | 'mailReplyTo'>, ratePerSecond: number, maxWaitMs: number) =>
  // No retries in the client: a retried throttle would go out past the send window (PacedMailer waits them out).
  new PacedMailer(new SesMailer(sesClient(1), s.mailFrom, s.mailReplyTo), {
    ratePerSecond,
    isThrottled: isSesThrottle,
    maxWaitMs,
  });
