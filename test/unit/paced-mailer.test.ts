import { afterEach, describe, expect, it, vi } from 'vitest';
import { PacedMailer, realPace, SendWindow } from '../../shared/mail/paced-mailer.js';
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

describe('SendWindow', () => {
  it('lets at most `perSecond` recipients into any second (and a tenth), to concurrent takers one at a time', async () => {
    const { pace, now, run } = virtualPace();
    const window = new SendWindow(4, pace);
    const times: number[] = [];
    await run(
      Promise.all(
        Array.from({ length: 9 }, async () => {
          await window.take();
          times.push(now());
        }),
      ),
    );
    expect(times.length).toBe(9);
    // Every 1.1 s window holds at most 4.
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 1100).length).toBeLessThanOrEqual(4);
    expect(Math.max(...times)).toBeLessThan(2300);
  });

  it('counts recipients: a mail to three takes three, one to more than a second allows goes out alone', async () => {
    const { pace, now, run } = virtualPace();
    const window = new SendWindow(5, pace);
    const times: Array<[number, number]> = [];
    await run(
      Promise.all(
        [3, 3, 3, 8, 1].map(async (n) => {
          await window.take(n);
          times.push([now(), n]);
        }),
      ),
    );
    for (const [t] of times) {
      const inWindow = times.filter(([u]) => u >= t && u < t + 1100).reduce((sum, [, n]) => sum + n, 0);
      const alone = times.find(([u, n]) => u === t && n > 5);
      expect(alone ? 8 : inWindow).toBeLessThanOrEqual(alone ? 8 : 5);
    }
    // The mail to eight went out alone and held the window for 8/5 of its span.
    const [eightAt] = times.find(([, n]) => n === 8) ?? [0];
    expect(times.filter(([u, n]) => n !== 8 && u >= eightAt && u < eightAt + 1760)).toEqual([]);
  });

  it('refuses a rate of 0', () => {
    expect(() => new SendWindow(0)).toThrow(RangeError);
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
