/**
 * The provider markers port ("levert via een andere aanbieder", shared/provider/provider.ts): one per school and
 * year, in the school year's partition, written only by the consent function, which also writes consents.
 */
import type { ProviderMarker } from '../provider/provider.js';
import { StoreConditionError } from './condition-error.js';

/** The marker was not written: the school year's consent is active or delivered (read it again to say which). */
export class ProviderBlockedError extends StoreConditionError {
  constructor(
    readonly schoolId: string,
    readonly schoolYear: string,
    options?: ErrorOptions,
  ) {
    super(`the school year ${schoolId} ${schoolYear} has an active or delivered consent`, options);
  }
}

/** What functions read of provider markers. */
export interface ProviderReads {
  /** The school year's marker, or undefined when msv is the school's provider (or nobody said otherwise). */
  get(schoolId: string, schoolYear: string): Promise<ProviderMarker | undefined>;
}

/** Markers as the consent function writes them. */
export interface ProviderStore extends ProviderReads {
  /**
   * Writes the marker (replacing one), only while the school year's consent is neither active nor delivered, in
   * one transaction with that check; otherwise writes nothing and throws a {@link ProviderBlockedError}.
   */
  put(marker: ProviderMarker): Promise<void>;
  /** Removes the marker; nothing when there is none. */
  remove(schoolId: string, schoolYear: string): Promise<void>;
}
