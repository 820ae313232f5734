/**
 * The Mailer port on SES (v1 SendEmail: structured subject and bodies, so no header can be injected).
 */
import { type SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { Mail, Mailer } from '../../shared/ports.js';

/**
 * SES's answer over the account's maximum send rate: `Throttling`, "Maximum sending rate exceeded". Worth
 * waiting out; the daily quota, refused with the same code, is not (it lasts until the next day).
 */
export const isSesThrottle = (err: unknown): boolean => {
  const { name, message } = (err ?? {}) as { name?: unknown; message?: unknown };
  return name === 'Throttling' && !/daily message quota/i.test(String(message ?? ''));
};

export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESClient,
    private readonly from: string,
    private readonly replyTo: string | undefined,
  ) {}

  async send(mail: Mail): Promise<void> {
    await this.client.send(
      new SendEmailCommand({
        Source: this.from,
        ReplyToAddresses: this.replyTo ? [this.replyTo] : undefined,
        Destination: { ToAddresses: mail.to },
        Message: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
        },
      }),
    );
  }
}
