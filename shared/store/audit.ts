/**
 * The audit port: a school year's append-only trail — exports accepted, refused or uploaded again, and every
 * consent given, changed or revoked with the consent before and after. It holds no personal data.
 */
import type { AuditEntry } from '../model.js';

/** What functions read of the audit trail. */
export interface AuditReads {
  /** The school year's entries, oldest first (two entries of one millisecond in no fixed order). */
  list(schoolId: string, schoolYear: string): Promise<AuditEntry[]>;
}

/** The audit trail as the upload appends to it (consents and accepted exports write theirs in their own commit). */
export interface AuditTrail extends AuditReads {
  /** Appends one entry; entries are never changed or removed. */
  append(entry: AuditEntry): Promise<void>;
}
