/**
 * Mail at the rate SES allows. SES refuses what goes over the account's maximum send rate (14 a second for a new
 * production account, 1 in the sandbox) with `Throttling: Maximum sending rate exceeded`; a delivery day sends
 * thousands of confirmations and June's digests go to every board, so a sender that only retried would fail in
 * bursts. A {@link PacedMailer} waits for room in its {@link SendWindow} before each send, so a function's
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

/**
 * SES's own rule, kept on our side: at most `perSecond` recipients in any second. Each send is remembered for a
 * second and a tenth (SES counts from when requests arrive, which the network moves by a few milliseconds; the
 * tenth keeps a send made a second after another from arriving inside that one's second). A mail to more
 * recipients than a second allows goes out alone and holds the window for as many seconds as it needs.
 */
export class SendWindow {
  private sent: Array<{ count: number; until: number }> = [];

  constructor(
    private readonly perSecond: number,
    private readonly pace: Pace = realPace,
  ) {
    if (!(perSecond > 0)) throw new RangeError('a send window needs a rate above 0');
  }

  /** Waits until `count` more recipients fit in the window, then counts them in it. */
  async take(count = 1): Promise<void> {
    for (;;) {
      const now = this.pace.nowMs();
      this.sent = this.sent.filter((s) => s.until > now);
      const used = this.sent.reduce((sum, s) => sum + s.count, 0);
      // Check and count happen between two awaits, so concurrent senders of one process never share room.
      if (used === 0 || used + count <= this.perSecond) {
        this.sent.push({ count, until: now + WINDOW_MS * Math.max(1, count / this.perSecond) });
        return;
      }
      const next = Math.min(...this.sent.map((s) => s.until));
      await this.pace.sleep(Math.max(1, next - now));
    }
  }
}

/** How long a send counts: SES's second, and a tenth for the network (see {@link SendWindow}). */
const WINDOW_MS = 1100;

export interface PacedMailerOptions {
  /** Recipients a second this sender may send to: its share of the account's rate, over its containers. */
  ratePerSecond: number;
  /** Whether an error is the service's throttle (retried here) rather than a refusal (thrown at once). */
  isThrottled: (err: unknown) => boolean;
  /** How long one send may keep waiting out throttles before it gives up and throws. */
  maxWaitMs: number;
  /** Jitter source, 0 ≤ x < 1 (tests fix it). */
  random?: () => number;
}

/**
 * Sends through `inner` at `ratePerSecond` recipients a second: SES's rate counts recipients, not messages
 * (a board's mail to three addresses is three). The inner mailer must not retry throttles itself, or its retries
 * would go out past the window.
 */
export class PacedMailer implements Mailer {
  private readonly window: SendWindow;
  private readonly random: () => number;

  constructor(
    private readonly inner: Mailer,
    private readonly opts: PacedMailerOptions,
    private readonly pace: Pace = realPace,
  ) {
    this.window = new SendWindow(opts.ratePerSecond, pace);
    this.random = opts.random ?? Math.random;
  }

  async send(mail: Mail): Promise<void> {
    const started = this.pace.nowMs();
    // Past SES's one-second window at first, doubling; jittered, so that throttled senders spread out again.
    let backoff = 1000;
    for (;;) {
      await this.window.take(Math.max(1, mail.to.length));
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
