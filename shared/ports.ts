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
