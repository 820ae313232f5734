/** The deliveries port: what was delivered to the Inspectie per school and year, written exactly once. */
import type { Consent, DeliveryRecord } from '../model.js';

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
   * Returns false, writing nothing, when either condition fails: another attempt won, or the consent changed.
   */
  markDelivered(consent: Consent, record: DeliveryRecord): Promise<boolean>;
  /** Records that the board's confirmation mail went out at `at`; the record must exist. */
  markMailSent(schoolId: string, schoolYear: string, at: string): Promise<void>;
}
