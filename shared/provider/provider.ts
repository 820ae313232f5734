/**
 * "Levert via een andere aanbieder": a school that delivers its Monitoring Sociale Veiligheid for a school year
 * through another provider (a board's schools may use KiVa or ZIEN! for some of them). msv then has nothing to
 * do for it that year: no reminders, counted apart in the board overview, and no consent until the marker is
 * removed — so the Inspectie never gets the same school's data from two providers. Pure: the marker's shape, its
 * request and the rules; the consent function enforces them (with a condition in its transactions, so a
 * consent and a marker can never both be written).
 */
import '../zod-locale.js';
import * as z from 'zod/mini';
import { ConsentError } from '../consent/messages.js';
import { schoolIdSchema, schoolYearSchema } from '../ids.js';

/** The longest provider name (after trimming); the web form's `maxlength` too. */
export const PROVIDER_NAME_MAX = 120;

/** A provider's name as a person types it: trimmed, one line, bounded. */
const providerName = z.string().check(
  z.trim(),
  z.minLength(1, { message: 'must name the provider' }),
  z.maxLength(PROVIDER_NAME_MAX),
  // No control character (C0 and C1), line or paragraph separator, or bidi override: the name is shown in
  // mails, the web app and a CSV, where any of them would break the line or disguise the text.
  z.refine((s) => !/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.test(s), {
    message: 'must be one line of text',
  }),
);

/** The body of `PUT …/years/{schoolYear}/provider`. */
export const providerRequestSchema = z.strictObject({ name: providerName });
export type ProviderRequest = z.infer<typeof providerRequestSchema>;

/** The stored marker: which provider, and who said so when. */
export const providerMarkerSchema = z.object({
  schoolId: schoolIdSchema,
  schoolYear: schoolYearSchema,
  name: z.string(),
  updatedAt: z.iso.datetime({ offset: true }),
  /** `role:tokenId` or `person:{sub}`. */
  updatedBy: z.string(),
  /** The same in words, as the consent names who acted. */
  updatedByName: z.string(),
});
export type ProviderMarker = z.infer<typeof providerMarkerSchema>;

/** Consent is refused while the school delivers elsewhere. */
export const deliversElsewhere = (m: Pick<ProviderMarker, 'name'>): ConsentError =>
  new ConsentError(
    409,
    'delivers_elsewhere',
    `This school delivers this school year through another provider (${m.name}); remove that first (DELETE …/provider) to give consent in msv.`,
    `Deze school levert dit schooljaar via een andere aanbieder (${m.name}). Verwijder dat eerst om in msv toestemming te geven.`,
  );

/** A marker is refused while a consent is active or the year is delivered: msv delivers it, or did. */
export const consentInTheWay = (status: 'active' | 'delivered'): ConsentError =>
  status === 'delivered'
    ? new ConsentError(
        409,
        'already_delivered',
        'msv has delivered this school year already; it cannot be marked as delivered elsewhere.',
        'msv heeft dit schooljaar al geleverd; het kan niet meer als levering via een andere aanbieder worden gemarkeerd.',
      )
    : new ConsentError(
        409,
        'consent_active',
        'There is an active consent for this school year: revoke it first, or msv would deliver it as well.',
        'Er is een actieve toestemming voor dit schooljaar: trek die eerst in, anders levert msv ook.',
      );
