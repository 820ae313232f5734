/**
 * Mail at the rate SES allows. SES refuses what goes over the account's maximum send rate (14 a second for a new
 * production account, 1 in the sandbox) with `Throttling: Maximum sending rate exceeded`; a delivery day sends
 * thousands of confirmations and June's digests go to every board, so a sender that only retried would fail in
 * bursts. A {@link PacedMailer} takes a token from its {@link TokenBucket} before each send, so a function's
 * containers together stay under their share of the rate, and rides out a throttle that happens anyway (another
 * sender, a quota lowered) with backoff, up to a deadline after which the caller's own retry takes over.
 */
import type { Mail, Mailer } from '../ports.js';

/** Real time, apart from the domain clock (which `MSV_NOW` shifts): pacing is about seconds as they pass. */
export interface Pace {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export const realPace: Pace = {
  nowMs: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** `rate` tokens a second, at most `burst` saved up; {@link take} waits until one is there. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly pace: Pace = realPace,
  ) {
    if (!(rate > 0) || !(burst >= 1)) throw new RangeError('a token bucket needs a rate > 0 and a burst ≥ 1');
    this.tokens = burst;
    this.last = pace.nowMs();
  }

  async take(): Promise<void> {
    for (;;) {
      const now = this.pace.nowMs();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
      this.last = now;
      // Refill, check and take happen between two awaits, so concurrent senders of one process never share a token.
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.pace.sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000));
    }
  }
}

export interface PacedMailerOptions {
  /** Mails a second this sender may send: its share of the account's rate, divided over its containers. */
  ratePerSecond: number;
  /** Whether an error is the service's throttle (retried here) rather than a refusal (thrown at once). */
  isThrottled: (err: unknown) => boolean;
  /** How long one send may keep waiting out throttles before it gives up and throws. */
  maxWaitMs: number;
  /** Jitter source, 0 ≤ x < 1 (tests fix it). */
  random?: () => number;
}

export class PacedMailer implements Mailer {
  private readonly bucket: TokenBucket;
  private readonly random: () => number;

  constructor(
    private readonly inner: Mailer,
    private readonly opts: PacedMailerOptions,
    private readonly pace: Pace = realPace,
  ) {
    // A burst of one: SES counts per second, so saving up tokens would only make the next second's burst.
    this.bucket = new TokenBucket(opts.ratePerSecond, 1, pace);
    this.random = opts.random ?? Math.random;
  }

  async send(mail: Mail): Promise<void> {
    const started = this.pace.nowMs();
    // Past SES's one-second window at first, doubling; jittered, so that throttled senders spread out again.
    let backoff = 1000;
    for (;;) {
      await this.bucket.take();
      try {
        await this.inner.send(mail);
        return;
      } catch (err) {
        const wait = backoff * (0.5 + this.random() / 2);
        if (!this.opts.isThrottled(err) || this.pace.nowMs() - started + wait > this.opts.maxWaitMs)
          throw err;
        await this.pace.sleep(wait);
        backoff = Math.min(backoff * 2, 8000);
      }
    }
  }
}
