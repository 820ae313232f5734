/**
 * The sign-in code mail. It goes out through the project's own SesMailer (SES v1 SendEmail with the AWS SDK),
 * so locally it lands in the SES stand-in's store and mail page like every other mail msv sends.
 */
import { SESClient } from '@aws-sdk/client-ses';
import { SesMailer } from '../../../functions/lib/ses-mailer.js';
import type { Mail, Mailer } from '../../../shared/ports.js';
import { CODE_TTL_MS } from './codes.js';
import { esc } from './pages.js';

/** The mail with a sign-in code, in Dutch, as text and as HTML (every value escaped). */
export const codeMail = (to: string, code: string): Mail => {
  const minutes = CODE_TTL_MS / 60_000;
  return {
    to: [to],
    subject: 'Uw inlogcode voor msv',
    text: [
      'Uw inlogcode voor msv is:',
      '',
      code,
      '',
      `De code is ${minutes} minuten geldig en werkt één keer.`,
      'Heeft u niet geprobeerd in te loggen? Dan kunt u deze e-mail negeren.',
    ].join('\n'),
    html: [
      '<p>Uw inlogcode voor msv is:</p>',
      `<p style="font-size:1.5em;font-weight:bold;letter-spacing:.2em">${esc(code)}</p>`,
      `<p>De code is ${minutes} minuten geldig en werkt één keer.</p>`,
      '<p>Heeft u niet geprobeerd in te loggen? Dan kunt u deze e-mail negeren.</p>',
    ].join('\n'),
  };
};

/**
 * A Mailer on an SES endpoint (the local stand-in). The stand-in accepts any credentials; the timeouts are there
 * because it never answers some actions, and a sign-in page should fail rather than hang.
 */
export const sesMailer = (endpoint: string, from: string): Mailer =>
  new SesMailer(
    new SESClient({
      endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
      maxAttempts: 1,
    }),
    from,
    undefined,
  );
