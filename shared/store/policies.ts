/**
 * The school policies port: one record per school, its earlier versions inside it (shared/policy/record.ts).
 * Written only by the school-policy function, through a conditional put on the version it replaces.
 */
import type { PolicyRecord } from '../policy/record.js';
import { StoreConditionError } from './condition-error.js';

/** The school's policy was written by someone else after the version the writer replaced. */
export class PolicyVersionConflictError extends StoreConditionError {
  constructor(
    readonly schoolId: string,
    readonly expectedVersion: number,
    options?: ErrorOptions,
  ) {
    super(`the policy of school ${schoolId} is no longer at version ${expectedVersion}`, options);
  }
}

/** What functions read of school policies. */
export interface PolicyReads {
  /** The school's policy, read strongly consistent; undefined when the school never stated one. */
  get(schoolId: string): Promise<PolicyRecord | undefined>;
}

/** School policies as the school-policy function states them. */
export interface PolicyStore extends PolicyReads {
  /**
   * Writes `record` (version n) if the stored version is still n − 1 (none for version 1); otherwise writes
   * nothing and throws a {@link PolicyVersionConflictError}.
   */
  put(record: PolicyRecord): Promise<void>;
}
