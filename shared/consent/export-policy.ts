/**
 * Which export a consent delivers, the one rule behind the delivery, the preview, the school-year status and the
 * reminders: a `pinned` consent its own export, a `latest` one whatever export is current (on the delivery date,
 * when the worker asks). See `EXPORT_POLICIES` in ../model.ts.
 */
import type { Consent, ExportPolicy } from '../model.js';

/** The consent's policy; consents stored before the choice existed are pinned. */
export const exportPolicyOf = (consent: Pick<Consent, 'exportPolicy'>): ExportPolicy =>
  consent.exportPolicy ?? 'pinned';

/**
 * The export the consent delivers now: its own when pinned; when `latest`, the one the delivery already chose
 * (`deliveringExportId`: every retry delivers that one, whatever was uploaded since), else the current one (maybe
 * none yet). A delivered consent names the export that was delivered (the worker's commit sets it), whatever its
 * policy.
 */
export const exportOfConsent = (
  consent: Pick<Consent, 'status' | 'exportPolicy' | 'exportId' | 'deliveringExportId'>,
  currentExportId: string | undefined,
): string | undefined =>
  consent.status !== 'delivered' && exportPolicyOf(consent) === 'latest'
    ? (consent.deliveringExportId ?? currentExportId)
    : consent.exportId;

/**
 * Whether an export can be delivered at the consent's level: per onderwijssoort needs an onderwijssoort per
 * respondent. The worker's rule (else it records `level_not_available`), and the upload notice's.
 */
export const deliversAtLevel = (
  level: Consent['level'],
  summary: { onderwijssoorten: Record<string, number> },
): boolean => level !== 'onderwijssoort' || Object.keys(summary.onderwijssoorten).length > 0;

/** The consent with the export it delivers now (see exportOfConsent), for the report's builder. */
export const withExportToDeliver = <
  C extends Pick<Consent, 'status' | 'exportPolicy' | 'exportId' | 'deliveringExportId'>,
>(
  consent: C,
  currentExportId: string | undefined,
): C => {
  const exportId = exportOfConsent(consent, currentExportId);
  return exportId === undefined ? consent : { ...consent, exportId };
};

/**
 * Whether the consent's delivery date came without data: nothing was delivered and it waits for a new date. It is
 * then not locked (its date has passed, but nothing is under way), and no schedule or reconciliation delivers it.
 */
export const waitsForNewDate = (consent: {
  deliveryDate: string;
  noData?: { deliveryDate: string } | undefined;
}): boolean => consent.noData?.deliveryDate === consent.deliveryDate;
