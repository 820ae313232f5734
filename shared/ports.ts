/**
 * The ports through which handlers reach the world besides the table (whose stores, one per kind of data, are in
 * shared/store/). Domain code depends on these interfaces only; the AWS adapters live in functions/lib and are
 * wired once per Lambda module.
 */
import type { DeliveryJob } from './delivery/delivery-job.js';

/** One EventBridge Scheduler schedule per delivery date. */
export interface DeliveryScheduler {
  /** Creates the date's schedule; an existing one is fine (idempotent). */
  ensure(deliveryDate: string): Promise<void>;
  /** Deletes the date's schedule; a missing one is fine. */
  remove(deliveryDate: string): Promise<void>;
}

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export interface ObjectStore {
  /** Writes an object; the bucket's default KMS key encrypts it. Idempotent for identical bytes. */
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
}

/** Short-lived links to read objects, for downloads that should not pass through the API. */
export interface DownloadLinks {
  /** A link to read `key` for `seconds`, signed with the caller's own rights. */
  presignGet(key: string, seconds: number): Promise<string>;
}

/** One delivery job per school; the worker delivers it (see shared/delivery/deliver-school.ts). */
export type DeliveryJobMessage = DeliveryJob;

export interface DeliveryQueue {
  send(jobs: readonly DeliveryJobMessage[]): Promise<void>;
}

/** What a verified ID token says about the person who signed in (Cognito's claims, and the local provider's). */
export interface PersonClaims {
  /** The user pool's stable id of the person. */
  sub: string;
  /** Verified: a token whose email is not verified is refused. Lower-cased. */
  email: string;
  name: string;
  /** The BRIN a federated sign-in brought (`custom:homeOrg`, from `nlEduPersonHomeOrganizationId`). */
  homeOrg?: string;
}

/**
 * Verifies people's ID tokens: signature by the issuer's published keys (cached, refetched for an unknown key
 * id, so a rotation is followed), RS256 only, issuer, audience (the web app's client id), expiry and
 * `token_use: id`.
 */
export interface PeopleTokens {
  /** The person, or a {@link PersonTokenRejected}-style error for every token that does not verify. */
  verify(token: string): Promise<PersonClaims>;
}

/**
 * The user pool's accounts, as msv manages them: an invited address must be able to sign in (the pool has no
 * self sign-up), and a removed person's sessions end.
 */
export interface UserDirectory {
  /**
   * Makes sure the address can sign in with an email code: creates a passwordless user with that verified
   * address (no mail of Cognito's own: msv sends the invitation), or leaves an existing one as it is.
   */
  ensureUser(email: string, name: string): Promise<void>;
}

/** The log a domain service writes to (the function's Powertools logger behind it, functions/lib/service-log.ts). */
export interface ServiceLog {
  info(msg: string, extra?: object): void;
  error(msg: string, extra?: object): void;
}
