/** The deliveries port: what was delivered to the Inspectie per school and year, written exactly once. */
import type { Consent, ConsentAuditEntry, DeliveryRecord } from '../model.js';
import { StoreConditionError } from './condition-error.js';

/** The delivery was not committed: another attempt delivered this consent first, or it changed since it was read. */
export class DeliveryConflictError extends StoreConditionError {
  constructor(
    readonly schoolId: string,
    readonly schoolYear: string,
    options?: ErrorOptions,
  ) {
    super(`the delivery of ${schoolId} ${schoolYear} lost to another attempt or a changed consent`, options);
  }
}

/** There is no delivery record for the school year. */
export class DeliveryNotFoundError extends StoreConditionError {
  constructor(
    readonly schoolId: string,
    readonly schoolYear: string,
    options?: ErrorOptions,
  ) {
    super(`no delivery record for ${schoolId} ${schoolYear}`, options);
  }
}

/** The confirmation mail is not this attempt's to send: it was sent, or another attempt holds its claim. */
export class MailClaimedError extends StoreConditionError {
  constructor(
    readonly schoolId: string,
    readonly schoolYear: string,
    options?: ErrorOptions,
  ) {
    super(
      `the confirmation of ${schoolId} ${schoolYear} was sent or is being sent by another attempt`,
      options,
    );
  }
}

/** An attempt's claim on the confirmation mail: its own token, and until when it holds (ISO instants). */
export interface MailClaim {
  token: string;
  now: string;
  until: string;
}

/** What functions read of deliveries. */
export interface DeliveryReads {
  /** The school year's delivery record, or undefined before it is delivered. */
  get(schoolId: string, schoolYear: string): Promise<DeliveryRecord | undefined>;
}

/** Deliveries as the delivery worker writes them. */
export interface DeliveryStore extends DeliveryReads {
  /**
   * Marks the consent delivered (only if it is still this active version for this date), writes the delivery
   * record (only if there is none) and deletes the consent's delivery-date reference, in one transaction.
   * When either condition fails — another attempt won, or the consent changed — it writes nothing and throws a
   * {@link DeliveryConflictError}.
   */
  markDelivered(consent: Consent, record: DeliveryRecord): Promise<void>;
  /**
   * Claims the board's confirmation for one attempt, so that of two attempts at once (a schedule fired twice)
   * only one sends it: only if it was not sent and no other attempt's claim still holds at `claim.now`; otherwise
   * a {@link MailClaimedError}. A claim ends with the mark, with its release, or at `claim.until`, after which a
   * later attempt (the job back from the queue after a crash) may claim it.
   */
  claimMail(schoolId: string, schoolYear: string, claim: MailClaim): Promise<void>;
  /** Gives up this attempt's claim (its send failed), so that its retry may claim at once; no-op if not held. */
  releaseMail(schoolId: string, schoolYear: string, token: string): Promise<void>;
  /** Records that the board's confirmation mail went out at `at`; a {@link DeliveryNotFoundError} without a record. */
  markMailSent(schoolId: string, schoolYear: string, at: string): Promise<void>;
  /**
   * A `latest` consent's date came without data: records `noData` on the consent (only if it is still this active
   * version for this date, and no attempt chose an export or recorded no data for the date before), appends
   * `audit` to the consent's history and deletes its delivery-date reference, so that no run queues it again, in
   * one transaction. Otherwise it writes nothing and throws a {@link DeliveryConflictError}.
   */
  markNoData(
    consent: Consent,
    noData: NonNullable<Consent['noData']>,
    audit: ConsentAuditEntry,
  ): Promise<void>;
  /**
   * A `latest` consent's delivery: records the export it delivers (`deliveringExportId`) on the consent, only if
   * it is still this active version for this date and no attempt chose one or recorded no data before; otherwise
   * writes nothing and throws a {@link DeliveryConflictError}.
   */
  chooseExport(consent: Consent, exportId: string): Promise<void>;
  /** Records that the board was told nothing was delivered on the consent's date (`noData.mailSentAt`). */
  markNoDataMailSent(consent: Consent, at: string): Promise<void>;
}
