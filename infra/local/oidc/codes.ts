/**
 * One-time sign-in codes, one per sign-in attempt (an oidc-provider interaction). Only an HMAC of each code is
 * kept, bound to the interaction and the address, so a code works nowhere else; it expires, can be used once,
 * and dies after a few wrong tries. Six digits are few, which is why the tries are counted, not why it is hashed:
 * the hash keeps the codes out of any dump of this process's state, as a real user pool would.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** How long a code stays valid (Cognito's email OTP codes are short-lived too). */
export const CODE_TTL_MS = 10 * 60 * 1000;
/** Wrong tries per code before it is thrown away and a new one must be requested. */
export const MAX_ATTEMPTS = 5;
/** Codes one sign-in attempt may request, so that tries cannot be multiplied by asking for new codes. */
export const MAX_CODES_PER_INTERACTION = 5;
// As long as oidc-provider keeps an interaction (its default `ttl.Interaction`): the counter must outlive it.
const INTERACTION_TTL_MS = 60 * 60 * 1000;

interface PendingCode {
  email: string;
  hash: Buffer;
  expiresAt: number;
  attemptsLeft: number;
}

/** Why a code was not accepted. `exhausted`, `expired` and `missing` all ask for a new code. */
export type CodeRejection =
  | { reason: 'wrong'; attemptsLeft: number }
  | { reason: 'exhausted' }
  | { reason: 'expired' }
  | { reason: 'missing' };

export type CodeCheck = { ok: true; email: string } | ({ ok: false } & CodeRejection);

export class OneTimeCodes {
  // A key of this process only: a restart invalidates every pending code, as it ends every interaction too.
  private readonly key = randomBytes(32);
  private readonly pending = new Map<string, PendingCode>();
  private readonly issued = new Map<string, { count: number; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new six-digit code for an interaction and address; replaces an earlier one. Undefined past the limit. */
  issue(uid: string, email: string): string | undefined {
    this.sweep();
    const issued = this.issued.get(uid) ?? { count: 0, expiresAt: this.now() + INTERACTION_TTL_MS };
    if (issued.count >= MAX_CODES_PER_INTERACTION) return undefined;
    issued.count += 1;
    this.issued.set(uid, issued);
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    this.pending.set(uid, {
      email,
      hash: this.hash(uid, email, code),
      expiresAt: this.now() + CODE_TTL_MS,
      attemptsLeft: MAX_ATTEMPTS,
    });
    return code;
  }

  /** The address a code was sent to in this interaction (for the code page), if one is pending. */
  emailFor(uid: string): string | undefined {
    return this.pending.get(uid)?.email;
  }

  /** Checks a submitted code; a correct one is consumed, so it never works twice. */
  check(uid: string, submitted: string): CodeCheck {
    const entry = this.pending.get(uid);
    if (!entry) return { ok: false, reason: 'missing' };
    if (this.now() >= entry.expiresAt) {
      this.pending.delete(uid);
      return { ok: false, reason: 'expired' };
    }
    // Hash whatever was typed (also a non-numeric or wrong-length value), so that every check costs the same.
    const matches = timingSafeEqual(this.hash(uid, entry.email, submitted.trim()), entry.hash);
    if (matches) {
      this.pending.delete(uid);
      this.issued.delete(uid);
      return { ok: true, email: entry.email };
    }
    entry.attemptsLeft -= 1;
    if (entry.attemptsLeft <= 0) {
      this.pending.delete(uid);
      return { ok: false, reason: 'exhausted' };
    }
    return { ok: false, reason: 'wrong', attemptsLeft: entry.attemptsLeft };
  }

  private hash(uid: string, email: string, code: string): Buffer {
    return createHmac('sha256', this.key).update(`${uid}\0${email}\0${code}`, 'utf8').digest();
  }

  /** Drops expired codes and the counters of interactions that have ended, so memory stays small. */
  private sweep(): void {
    const now = this.now();
    for (const [uid, entry] of this.pending) if (now >= entry.expiresAt) this.pending.delete(uid);
    for (const [uid, entry] of this.issued) if (now >= entry.expiresAt) this.issued.delete(uid);
  }
}
