/**
 * Normalises the values that vendors and spreadsheets write in many ways: onderwijssoort and leerjaar.
 */
import { isPrimarySector, leerjaarRange, type Onderwijssoort, type Sector } from '../ids.js';

/** A Map, not an object literal: the cells are the uploader's, and an object would answer `constructor`. */
const ONDERWIJSSOORT_ALIASES: ReadonlyMap<string, Onderwijssoort> = new Map([
  ['pro', 'pro'],
  ['praktijkonderwijs', 'pro'],
  ['vmbo-b', 'vmbo-b'],
  ['vmbo-bb', 'vmbo-b'],
  ['vmbo-bbl', 'vmbo-b'],
  ['bb', 'vmbo-b'],
  ['bbl', 'vmbo-b'],
  ['basis', 'vmbo-b'],
  ['basisberoepsgericht', 'vmbo-b'],
  ['vmbo-basis', 'vmbo-b'],
  ['vmbo-k', 'vmbo-k'],
  ['vmbo-kb', 'vmbo-k'],
  ['vmbo-kbl', 'vmbo-k'],
  ['kb', 'vmbo-k'],
  ['kbl', 'vmbo-k'],
  ['kader', 'vmbo-k'],
  ['kaderberoepsgericht', 'vmbo-k'],
  ['vmbo-kader', 'vmbo-k'],
  ['vmbo-gt', 'vmbo-gt'],
  ['vmbo-(g)t', 'vmbo-gt'],
  ['vmbo-g(t)', 'vmbo-gt'],
  ['vmbo-g/t', 'vmbo-gt'],
  ['vmbo-t', 'vmbo-gt'],
  ['vmbo-g', 'vmbo-gt'],
  ['vmbo-tl', 'vmbo-gt'],
  ['vmbo-gl', 'vmbo-gt'],
  ['vmbo-gl/tl', 'vmbo-gt'],
  ['vmbo-mavo', 'vmbo-gt'],
  ['mavo', 'vmbo-gt'],
  ['gt', 'vmbo-gt'],
  ['(g)t', 'vmbo-gt'],
  ['tl', 'vmbo-gt'],
  ['gl', 'vmbo-gt'],
  ['havo', 'havo'],
  ['vwo', 'vwo'],
  ['atheneum', 'vwo'],
  ['gymnasium', 'vwo'],
]);

/** `VMBO (G)T`, `vmbo_t`, `Vmbo-GT` → `vmbo-gt`; null when it is not an onderwijssoort we know. */
export const normaliseOnderwijssoort = (raw: string): Onderwijssoort | null => {
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/^vmbo-?/, 'vmbo-')
    .replace(/-+/g, '-');
  return ONDERWIJSSOORT_ALIASES.get(key) ?? ONDERWIJSSOORT_ALIASES.get(key.replace(/-/g, '')) ?? null;
};

const PRIMARY_PREFIX = /^(?:groep|gr\.?)\s*(\d{1,2})$/;
const ANY_PREFIX = /^(?:leerjaar|lj\.?|jaar)\s*(\d{1,2})$/;

/**
 * `3`, `leerjaar 3`, and for primary sectors `groep 7` / `gr. 7` → the number; null when unreadable. The range
 * is checked separately (see leerjaarInRange) so the error can say what the range is.
 */
export const parseLeerjaar = (raw: string, sector: Sector): number | null => {
  const value = raw.trim().toLowerCase();
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const any = ANY_PREFIX.exec(value);
  if (any) return Number(any[1]);
  const primary = isPrimarySector(sector) ? PRIMARY_PREFIX.exec(value) : null;
  return primary ? Number(primary[1]) : null;
};

export const leerjaarInRange = (leerjaar: number, sector: Sector): boolean => {
  const { min, max } = leerjaarRange(sector);
  return leerjaar >= min && leerjaar <= max;
};
