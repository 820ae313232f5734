/**
 * The consents port: a school year's consent of the board (one per school and year, versioned), and per delivery
 * date a reference to every active consent for it — the index the dispatcher and the reconciliation query.
 */
import type { Consent, ConsentAuditEntry } from '../model.js';
import { StoreConditionError } from './condition-error.js';

/**
 * The consent is no longer the version the caller read: someone else gave, changed or revoked it in between.
 * `currentVersion` is known when the conflict is seen before writing (a request naming a version that is not the
 * stored one), not when the write itself loses to another.
 */
export class ConsentVersionConflictError extends StoreConditionError {
  constructor(
    readonly schoolId: string,
    readonly schoolYear: string,
    readonly currentVersion?: number,
    options?: ErrorOptions,
  ) {
    super(`the consent of ${schoolId} ${schoolYear} was changed in the meantime`, options);
  }
}

/** A school year with an active consent for a delivery date, as its reference names it. */
export interface DeliveryReference {
  schoolId: string;
  schoolYear: string;
}

/** What functions read of consents. */
export interface ConsentReads {
  /** The school year's consent in any status, or undefined when none was ever given. */
  get(schoolId: string, schoolYear: string): Promise<Consent | undefined>;
  /**
   * The school years with an active consent for the date, through its references (no scan), read strongly
   * consistent: the re-check after deleting a date's schedule must see a consent committed a moment before.
   * A reference's ids are not checked here: a damaged one is the caller's to report, apart from the others.
   */
  listOn(deliveryDate: string): Promise<DeliveryReference[]>;
}

/** Consents as the consent route writes them. */
export interface ConsentStore extends ConsentReads {
  /**
   * Writes the consent, moves its delivery-date reference (an active consent has one, on its date) and appends
   * the audit entry, in one transaction — if the stored consent is still `previous` (by version; none when
   * `previous` is undefined), and, for an active consent, if the school year has no provider marker
   * (shared/provider). Otherwise it writes nothing and throws a {@link ConsentVersionConflictError}.
   */
  write(input: { consent: Consent; previous: Consent | undefined; audit: ConsentAuditEntry }): Promise<void>;
}
