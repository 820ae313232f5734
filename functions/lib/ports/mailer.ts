/** The mailer's port factory. */
import { SESClient } from '@aws-sdk/client-ses';
import type { Settings } from '../../../shared/config.js';
import { SesMailer } from '../ses-mailer.js';

export const sesMailer = (s: Settings<'mailFrom' | 'mailReplyTo'>): SesMailer =>
  // Short timeouts: a slow SES must not hold a consent request for long (the mail is retried and logged).
  new SesMailer(
    new SESClient({ maxAttempts: 3, requestHandler: { requestTimeout: 5000, connectionTimeout: 2000 } }),
    s.mailFrom,
    s.mailReplyTo,
  );
