/**
 * Mail at the account's rate, against the local SES answering as SES does over a maximum send rate (`400
 * Throttling: Maximum sending rate exceeded.`, parsed by the real SDK client): a burst sent straight through is
 * throttled; the same burst through the paced mailer, at the rate, is sent whole with no throttle; paced above
 * the rate (another sender takes part of it), every mail still goes out once, riding out the throttles.
 */
import { SESClient } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSesThrottle, SesMailer } from '../../functions/lib/ses-mailer.js';
import { freePort } from '../../infra/local/ports.js';
import { type LocalSes, startSes } from '../../infra/local/ses.js';
import { PacedMailer } from '../../shared/mail/paced-mailer.js';
import type { Mail } from '../../shared/ports.js';

const RATE = 5;
let ses: LocalSes;

beforeAll(async () => {
  ses = await startSes({ port: await freePort(), maxSendRate: RATE });
});
afterAll(async () => {
  await ses?.stop();
});

const client = (maxAttempts: number) =>
  new SESClient({
    endpoint: ses.url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts,
  });
const burst = (tag: string, n: number): Mail[] =>
  Array.from({ length: n }, (_, i) => ({
    to: [`bestuur-${tag}-${i}@example.nl`],
    subject: `${tag} ${i}`,
    text: 'Geleverd.',
    html: '<p>Geleverd.</p>',
  }));
const delivered = async (tag: string) => {
  const store = (await (await fetch(`${ses.url}/store`)).json()) as { emails: Array<{ subject: string }> };
  return store.emails.filter((m) => m.subject.startsWith(`${tag} `)).map((m) => m.subject);
};
/** Waits until SES's one-second window is empty again, so each case starts with the whole rate. */
const quiet = () => new Promise((r) => setTimeout(r, 1100));
/** A client's first request opens its connection: sent (and its second passed) before a timed burst. */
const warm = async (mailer: SesMailer) => {
  await mailer.send(burst('warm', 1)[0] as Mail);
  await quiet();
};

describe('mail at the rate SES allows', () => {
  it('a burst sent straight through is throttled, as SES answers it', async () => {
    await quiet();
    const plain = new SesMailer(client(1), 'msv@msv.test', undefined);
    const results = await Promise.allSettled(burst('plain', 12).map((m) => plain.send(m)));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => isSesThrottle((r as PromiseRejectedResult).reason))).toBe(true);
    expect((await delivered('plain')).length).toBe(12 - refused.length);
  });

  /** After a quiet second: a warmed SES client paced at the local SES's rate, and its throttle count so far. */
  const pacedAtRate = async () => {
    await quiet();
    const ses1 = new SesMailer(client(1), 'msv@msv.test', undefined);
    await warm(ses1);
    const before = ses.throttled();
    const paced = new PacedMailer(ses1, {
      ratePerSecond: RATE,
      isThrottled: isSesThrottle,
      maxWaitMs: 20_000,
    });
    return { paced, before };
  };

  it('paced at the rate: the whole burst sent, every mail once, none throttled', async () => {
    const { paced, before } = await pacedAtRate();
    await Promise.all(burst('paced', 15).map((m) => paced.send(m)));
    expect((await delivered('paced')).sort()).toEqual(
      burst('paced', 15)
        .map((m) => m.subject)
        .sort(),
    );
    expect(ses.throttled()).toBe(before);
  }, 30_000);

  it('counts recipients, as SES does: a mail to three addresses is three of the rate', async () => {
    const { paced, before } = await pacedAtRate();
    const three = burst('three', 6).map((m, i) => ({
      ...m,
      to: [0, 1, 2].map((k) => `bestuur-${i}-${k}@example.nl`),
    }));
    await Promise.all(three.map((m) => paced.send(m)));
    expect((await delivered('three')).length).toBe(6);
    expect(ses.throttled()).toBe(before);
    // Straight through, three mails of three recipients are over a rate of five at once.
    const plain = new SesMailer(client(1), 'msv@msv.test', undefined);
    await quiet();
    const straight = await Promise.allSettled(
      three.slice(0, 3).map((m) => plain.send({ ...m, subject: `x${m.subject}` })),
    );
    expect(straight.filter((r) => r.status === 'rejected').length).toBeGreaterThan(0);
  }, 30_000);

  it('paced above the rate: throttled now and then, and still every mail sent once', async () => {
    await quiet();
    const before = ses.throttled();
    const eager = new PacedMailer(new SesMailer(client(1), 'msv@msv.test', undefined), {
      ratePerSecond: RATE * 3,
      isThrottled: isSesThrottle,
      maxWaitMs: 20_000,
    });
    await Promise.all(burst('eager', 15).map((m) => eager.send(m)));
    expect((await delivered('eager')).sort()).toEqual(
      burst('eager', 15)
        .map((m) => m.subject)
        .sort(),
    );
    expect(ses.throttled()).toBeGreaterThan(before);
  }, 30_000);

  it('tells the daily quota from the rate: only the rate is waited out', () => {
    const daily = Object.assign(new Error('Daily message quota exceeded.'), { name: 'Throttling' });
    const rate = Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' });
    expect(isSesThrottle(rate)).toBe(true);
    expect(isSesThrottle(daily)).toBe(false);
    expect(isSesThrottle(new Error('Email address is not verified.'))).toBe(false);
  });
});
