/**
 * The ports through which handlers reach the world. Domain code depends on these interfaces only; the AWS adapters
 * live in functions/lib and are wired once per Lambda module.
 */
import type { DeliveryJob } from './delivery/delivery-job.js';
import type { Aggregates, ExportSummary } from './ingest/types.js';
import type {
  AuditEntry,
  Board,
  BoardInput,
  Consent,
  ConsentAuditEntry,
  DeliveryRecord,
  ExportRecord,
  School,
  TokenRecord,
} from './model.js';

export interface StoredExport {
  record: ExportRecord;
  summary: ExportSummary;
}

export interface CurrentExport extends StoredExport {
  aggregates: Aggregates;
}

export interface Store {
  getToken(tokenHash: string): Promise<TokenRecord | undefined>;
  putToken(token: TokenRecord): Promise<void>;
  listTokens(): Promise<TokenRecord[]>;
  revokeToken(tokenHash: string, at: string): Promise<boolean>;

  getBoard(boardId: string): Promise<Board | undefined>;
  /** Creates or replaces a board; `reminders` defaults to on. */
  putBoard(board: BoardInput): Promise<void>;
  /** Every board, through the BOARDS index partition (no scan), ordered by board id. */
  listBoards(): Promise<Board[]>;
  getSchool(schoolId: string): Promise<School | undefined>;
  putSchool(school: School): Promise<void>;
  listSchoolsOfBoard(boardId: string): Promise<School[]>;

  getExport(schoolId: string, schoolYear: string, exportId: string): Promise<StoredExport | undefined>;
  /**
   * Stores an accepted export, its aggregates, the current-export pointer and an audit entry in one transaction.
   * Returns false (and writes nothing) when an export with this id already exists.
   */
  saveAcceptedExport(input: StoredExport & { aggregates: Aggregates; audit: AuditEntry }): Promise<boolean>;
  listExports(schoolId: string, schoolYear: string): Promise<StoredExport[]>;
  getCurrentExport(schoolId: string, schoolYear: string): Promise<CurrentExport | undefined>;
  /** Only the id of the current export (one small read, no aggregates). */
  getCurrentExportId(schoolId: string, schoolYear: string): Promise<string | undefined>;
  getAggregates(schoolId: string, schoolYear: string, exportId: string): Promise<Aggregates | undefined>;
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(schoolId: string, schoolYear: string): Promise<Array<AuditEntry | ConsentAuditEntry>>;

  getConsent(schoolId: string, schoolYear: string): Promise<Consent | undefined>;
  /**
   * Writes a consent, its delivery-date reference and an audit entry in one transaction, if the stored version
   * is still `expectedVersion` (0: no consent yet). Throws a 409 `version_conflict` AppError otherwise.
   */
  writeConsent(input: {
    consent: Consent;
    previous: Consent | undefined;
    audit: ConsentAuditEntry;
  }): Promise<void>;
  /** Schools with an active consent for a delivery date, through the per-date references (no scan). */
  listConsentsOn(deliveryDate: string): Promise<Array<{ schoolId: string; schoolYear: string }>>;
  /**
   * Marks the consent delivered (only if it is still this active version) and writes the delivery record (only
   * if there is none) in one transaction. Returns false, writing nothing, when either condition fails.
   */
  markDelivered(consent: Consent, record: DeliveryRecord): Promise<boolean>;
  getDelivery(schoolId: string, schoolYear: string): Promise<DeliveryRecord | undefined>;
  markDeliveryMailSent(schoolId: string, schoolYear: string, at: string): Promise<void>;
  /** Records that the delivery dispatcher ran for a date. */
  recordDispatch(run: { deliveryDate: string; at: string; consents: number }): Promise<void>;
  /**
   * Claims a board's reminder mail for its occasion with a conditional put. Returns false, writing nothing, when
   * it was claimed before: the mail went (or is going) out already.
   */
  claimReminder(claim: ReminderClaim): Promise<boolean>;
  /** Gives a claim back after the mail could not be sent, so that a later run sends it. */
  releaseReminder(boardId: string, occasion: ReminderOccasion): Promise<void>;
  listDispatches(
    deliveryDate: string,
  ): Promise<Array<{ deliveryDate: string; at: string; consents: number }>>;
}

/** What a reminder mail is for: one day's digest, or one school year's missed-delivery mail. */
export type ReminderOccasion = { kind: 'digest'; date: string } | { kind: 'missed'; schoolYear: string };

/** A board's reminder for one day (or its missed-delivery mail for one year), claimed before it is sent. */
export interface ReminderClaim {
  boardId: string;
  occasion: ReminderOccasion;
  claimedAt: string;
  /** Epoch seconds after which DynamoDB's TTL removes the marker. */
  expiresAt: number;
  /** How many schools the mail lists. */
  schools: number;
}

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
