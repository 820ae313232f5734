import { afterEach, describe, expect, it, vi } from 'vitest';
import { PacedMailer, realPace, TokenBucket } from '../../shared/mail/paced-mailer.js';
import type { Mail, Mailer } from '../../shared/ports.js';

/**
 * Virtual time: vitest's fake timers drive `setTimeout` and `performance.now`, so the real pace runs with nothing
 * waiting for real; `run` lets every timer fire (the ones the senders set on the way too) until all is done.
 */
const virtualPace = () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
  const start = performance.now();
  return {
    pace: realPace,
    now: () => performance.now() - start,
    run: async <T>(work: Promise<T>): Promise<T> => {
      const settled = work.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      await vi.runAllTimersAsync();
      const out = (await settled) as { value?: T; error?: unknown };
      if ('error' in out) throw out.error;
      return out.value as T;
    },
  };
};
afterEach(() => {
  vi.useRealTimers();
});

const mail = (n: number): Mail => ({ to: [`b${n}@example.nl`], subject: `m${n}`, text: 't', html: 'h' });
const throttle = Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' });
const isThrottled = (err: unknown) => (err as Error).name === 'Throttling';

describe('TokenBucket', () => {
  it('gives `rate` tokens a second after the burst, to concurrent takers one at a time', async () => {
    const { pace, now, run } = virtualPace();
    const bucket = new TokenBucket(4, 1, pace);
    const times: number[] = [];
    await run(
      Promise.all(
        Array.from({ length: 9 }, async () => {
          await bucket.take();
          times.push(now());
        }),
      ),
    );
    // The first at once, then one every 250 ms: 9 tokens in 2 s.
    expect(times.length).toBe(9);
    expect(Math.max(...times)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...times)).toBeLessThan(2300);
    for (let s = 0; s < 2; s++) {
      expect(times.filter((t) => t >= s * 1000 && t < (s + 1) * 1000).length).toBeLessThanOrEqual(4);
    }
  });

  it('refuses a rate of 0 or a burst below 1', () => {
    expect(() => new TokenBucket(0, 1)).toThrow(RangeError);
    expect(() => new TokenBucket(1, 0)).toThrow(RangeError);
  });
});

describe('PacedMailer', () => {
  /** SES with a one-second window of `limit` sends, as the account's maximum send rate: over it, Throttling. */
  const ses = (clock: () => number, limit: number) => {
    const sent: Array<{ at: number; subject: string }> = [];
    let refused = 0;
    const mailer: Mailer = {
      send: async (m) => {
        const inWindow = sent.filter((s) => s.at > clock() - 1000).length;
        if (inWindow >= limit) {
          refused++;
          throw throttle;
        }
        sent.push({ at: clock(), subject: m.subject });
      },
    };
    return { mailer, sent, refused: () => refused };
  };

  it('sends a burst of 60 at the rate the account allows: every mail once, none throttled', async () => {
    const { pace, now, run } = virtualPace();
    const account = ses(now, 5);
    const paced = new PacedMailer(account.mailer, { ratePerSecond: 5, isThrottled, maxWaitMs: 30_000 }, pace);
    await run(Promise.all(Array.from({ length: 60 }, (_, i) => paced.send(mail(i)))));
    expect(account.sent.map((s) => s.subject).sort()).toEqual(
      Array.from({ length: 60 }, (_, i) => `m${i}`).sort(),
    );
    expect(account.refused()).toBe(0);
  });

  it('rides out throttles from senders it does not know of, with backoff, and still sends every mail once', async () => {
    const { pace, now, run } = virtualPace();
    // Another sender takes 3 of the account's 5 a second: the paced 5 a second are throttled now and then.
    const account = ses(now, 2);
    const paced = new PacedMailer(
      account.mailer,
      { ratePerSecond: 5, isThrottled, maxWaitMs: 60_000, random: () => 0.5 },
      pace,
    );
    await run(Promise.all(Array.from({ length: 30 }, (_, i) => paced.send(mail(i)))));
    expect(account.sent).toHaveLength(30);
    expect(new Set(account.sent.map((s) => s.subject)).size).toBe(30);
    expect(account.refused()).toBeGreaterThan(0);
  });

  it('throws a refusal at once, and a throttle that outlasts its wait', async () => {
    const { pace, run, now } = virtualPace();
    const refusing: Mailer = {
      send: async () => {
        throw Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' });
      },
    };
    let calls = 0;
    const counting: Mailer = {
      send: async (m) => {
        calls++;
        await refusing.send(m);
      },
    };
    await expect(
      run(
        new PacedMailer(counting, { ratePerSecond: 5, isThrottled, maxWaitMs: 30_000 }, pace).send(mail(1)),
      ),
    ).rejects.toThrow('not verified');
    expect(calls).toBe(1);
    const alwaysThrottled: Mailer = {
      send: async () => {
        throw throttle;
      },
    };
    const before = now();
    await expect(
      run(
        new PacedMailer(alwaysThrottled, { ratePerSecond: 5, isThrottled, maxWaitMs: 10_000 }, pace).send(
          mail(2),
        ),
      ),
    ).rejects.toThrow('Maximum sending rate');
    // It waited out throttles for a while, and gave up within its wait.
    expect(now() - before).toBeGreaterThan(3_000);
    expect(now() - before).toBeLessThanOrEqual(10_000);
  });
});
