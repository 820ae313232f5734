/**
 * Identifiers of the Dutch education system, as zod schemas so that every edge validates them the same way.
 * See ../../shared/domain.md ("Identifiers").
 */
import './zod-locale.js';
import * as z from 'zod/mini';
import { amsterdamDate, schoolYearOf } from './time/amsterdam.js';

/** BRIN (2 digits + 2 capitals), optionally followed by a two-digit vestiging number: `22KC` or `22KC00`. */
export const schoolIdSchema = z
  .string()
  .check(
    z.regex(/^[0-9]{2}[A-Z]{2}([0-9]{2})?$/, { message: 'school id must be a BRIN such as 22KC or 22KC00' }),
  );
export type SchoolId = z.infer<typeof schoolIdSchema>;

/** Board (bevoegd gezag) number: 5 digits. */
export const boardIdSchema = z
  .string()
  .check(z.regex(/^[0-9]{5}$/, { message: 'board id must be 5 digits such as 41234' }));
export type BoardId = z.infer<typeof boardIdSchema>;

/** School year `YYYY-YYYY` with consecutive years, running 1 Aug – 31 Jul. */
export const schoolYearSchema = z.string().check(
  z.regex(/^[0-9]{4}-[0-9]{4}$/, { message: 'school year must look like 2025-2026' }),
  z.refine((s) => Number(s.slice(5)) === Number(s.slice(0, 4)) + 1, {
    message: 'school year must span two consecutive years, e.g. 2025-2026',
  }),
);
export type SchoolYear = z.infer<typeof schoolYearSchema>;

/** The first school year of the duty: it is in force since 1 August 2015. */
export const FIRST_SCHOOL_YEAR = '2015-2016';

/**
 * The school years a request may name at `now`: from the first year of the duty to the school year after the
 * current one (Amsterdam time), so that a school can prepare next year but nobody files data under 9998-9999.
 */
export const schoolYearBounds = (now: Date): { first: string; last: string } => {
  const next = Number(schoolYearOf(amsterdamDate(now)).slice(0, 4)) + 1;
  return { first: FIRST_SCHOOL_YEAR, last: `${next}-${next + 1}` };
};

/** Whether `schoolYear` (already well-formed: schoolYearSchema) lies within schoolYearBounds(now). */
export const isSchoolYearInBounds = (schoolYear: string, now: Date): boolean => {
  const { first, last } = schoolYearBounds(now);
  // Well-formed school years compare as strings the way their first years compare as numbers.
  return schoolYear >= first && schoolYear <= last;
};

export const SECTORS = ['po', 'so', 'vo', 'vso'] as const;
export const sectorSchema = z.enum(SECTORS);
export type Sector = z.infer<typeof sectorSchema>;

export const ONDERWIJSSOORTEN = ['pro', 'vmbo-b', 'vmbo-k', 'vmbo-gt', 'havo', 'vwo'] as const;
export const onderwijssoortSchema = z.enum(ONDERWIJSSOORTEN);
export type Onderwijssoort = z.infer<typeof onderwijssoortSchema>;

/** Sectors whose leerjaar is a groep (1–8) and that have no onderwijssoorten. */
export const isPrimarySector = (sector: Sector): boolean => sector === 'po' || sector === 'so';

/** Inclusive leerjaar range per sector: groep 1–8 in primary, leerjaar 1–6 in secondary. */
export const leerjaarRange = (sector: Sector): { min: number; max: number } =>
  isPrimarySector(sector) ? { min: 1, max: 8 } : { min: 1, max: 6 };
