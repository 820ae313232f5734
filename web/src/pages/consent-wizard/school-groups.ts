/**
 * The leerjaren and groups of a school as the school itself has them, for a consent given before any upload
 * (exportPolicy `latest`): there is no export summary to take them from, so the board enters the DUO counts
 * of the groups the school has. No DOM.
 *
 * The leerjaar range is the API's own (leerjaarRange in shared/ids.ts: groep 1–8 in po and so, leerjaar 1–6 in
 * vo and vso), so no group offered here is one the API refuses.
 */
import { isPrimarySector, leerjaarRange, type Onderwijssoort } from '../../../../shared/ids.js';
import type { SchoolRef } from '../../types.js';

/**
 * The last leerjaar of each onderwijssoort: vmbo takes four years, havo five, vwo six. Praktijkonderwijs has no
 * fixed length (students stay until about 18), so it gets the whole range (assumed). Without this, a vmbo group
 * "leerjaar 6" would ask the board for a count that cannot exist.
 */
const LAST_LEERJAAR: Record<Onderwijssoort, number> = {
  pro: 6,
  'vmbo-b': 4,
  'vmbo-k': 4,
  'vmbo-gt': 4,
  havo: 5,
  vwo: 6,
};

/** Primary surveys usually ask groep 5–8 (and the coming law starts at groep 5): the groepen suggested. */
const FIRST_SUGGESTED_GROEP = 5;

const range = (min: number, max: number): number[] =>
  Array.from({ length: Math.max(0, max - min + 1) }, (_, i) => min + i);

/** The last leerjaar any of the school's onderwijssoorten has (the sector's last without onderwijssoorten). */
const lastLeerjaar = (school: SchoolRef): number => {
  const { max } = leerjaarRange(school.sector);
  if (school.onderwijssoorten.length === 0) return max;
  return Math.min(max, Math.max(...school.onderwijssoorten.map((s) => LAST_LEERJAAR[s])));
};

/** The leerjaren (groepen) the school has: the choices of "which were surveyed" without an export. */
export const schoolLeerjaren = (school: SchoolRef): number[] =>
  range(leerjaarRange(school.sector).min, lastLeerjaar(school));

/**
 * The leerjaren ticked to begin with: groep 5–8 in primary, every leerjaar in secondary (guidance: survey every
 * leerjaar). The board unticks what it will not survey.
 */
export const suggestedLeerjaren = (school: SchoolRef): number[] =>
  isPrimarySector(school.sector)
    ? schoolLeerjaren(school).filter((l) => l >= FIRST_SUGGESTED_GROEP)
    : schoolLeerjaren(school);

export interface SchoolGroup {
  onderwijssoort: Onderwijssoort | null;
  leerjaar: number;
}

/** The school's groups in `leerjaren`: each onderwijssoort that has that leerjaar, or one group without. */
export const schoolGroups = (school: SchoolRef, leerjaren: readonly number[]): SchoolGroup[] =>
  leerjaren.flatMap((leerjaar): SchoolGroup[] =>
    school.onderwijssoorten.length === 0
      ? [{ onderwijssoort: null, leerjaar }]
      : school.onderwijssoorten
          .filter((s) => leerjaar <= LAST_LEERJAAR[s])
          .map((onderwijssoort) => ({ onderwijssoort, leerjaar })),
  );
