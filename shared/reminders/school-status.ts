/**
 * What a school still has to do for a school year, from the facts the reminder run reads. Pure: the run gathers
 * the facts through the Store port, these functions decide.
 */
import type { Consent, School } from '../model.js';

export interface SchoolFacts {
  school: School;
  /** The current accepted export, if any. */
  currentExportId: string | undefined;
  consent: Pick<Consent, 'status' | 'exportId' | 'deliveryDate'> | undefined;
  /** Whether a delivery record exists for the year. */
  delivered: boolean;
}

/**
 * - `no_consent`: an accepted export but no active consent ("nog geen toestemming");
 * - `no_export`: no accepted export for the year ("nog geen gegevens");
 * - `newer_export`: the consent pins an older export than the current one.
 */
export type SchoolAction = 'no_consent' | 'no_export' | 'newer_export';

/** The action a school needs before 1 July, or undefined when it is on track or delivered. */
export const actionFor = (facts: SchoolFacts): SchoolAction | undefined => {
  const { consent, currentExportId } = facts;
  if (facts.delivered || consent?.status === 'delivered') return undefined;
  if (consent?.status === 'active') {
    return currentExportId !== undefined && consent.exportId !== currentExportId ? 'newer_export' : undefined;
  }
  return currentExportId === undefined ? 'no_export' : 'no_consent';
};

/**
 * Whether the school missed the deadline: no delivery for the year, and no active consent still pending for the
 * last delivery date (a 1 July delivery that has not run yet is not missed).
 */
export const isMissed = (facts: SchoolFacts, lastDeliveryDate: string): boolean => {
  if (facts.delivered || facts.consent?.status === 'delivered') return false;
  return !(facts.consent?.status === 'active' && facts.consent.deliveryDate === lastDeliveryDate);
};
