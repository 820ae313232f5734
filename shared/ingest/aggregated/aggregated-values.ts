/**
 * The values of one cell of an aggregated export: numbers, the level, its keys (onderwijssoort, leerjaar) and a
 * distribution's answer option. Each is judged by the same rules as in respondent exports wherever both have the
 * value, so a school's onderwijssoort or leerjaar means the same in either format.
 */
import { isPrimarySector, leerjaarRange, type Sector } from '../../ids.js';
import {
  type Instrument,
  type Item,
  mixedClassKey,
  mixedOnderwijssoorten,
  normaliseSpelling,
} from '../../instruments/schema.js';
import { isRefusal, onderwijssoortJudge, quote, type Refusal } from '../cell-judgements.js';
import { leerjaarInRange, parseLeerjaar } from '../normalise.js';

export const LEVELS = ['school', 'onderwijssoort', 'leerjaar', 'group'] as const;
export type Level = (typeof LEVELS)[number];
const LEVEL_NAMES: ReadonlyMap<string, Level> = new Map(LEVELS.map((l) => [l, l]));

/** `School`, ` GROUP ` → the level; undefined when it is none of ours. */
export const parseLevel = (raw: string): Level | undefined => LEVEL_NAMES.get(raw.trim().toLowerCase());

/**
 * A count (respondents, n, count): digits only. No sign, no decimals, no thousands separators: `1.234` is
 * refused rather than guessed (a Dutch 1.234 is 1234, an English one 1.234). At most 9 digits, so every count is
 * exact and far beyond any school.
 */
export const parseCount = (raw: string): number | undefined =>
  /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;

/**
 * A decimal (mean, percent) with a decimal comma or point, as Dutch and English spreadsheets write it. Digits
 * before it are required (`,5` is refused), and no thousands separators: these are means and percentages, never
 * above 100.
 */
export const parseDecimal = (raw: string): number | undefined =>
  /^\d{1,9}(?:[.,]\d{1,20})?$/.test(raw) ? Number(raw.replace(',', '.')) : undefined;

/** The decimals a decimal cell is written with (`2,08` → 2, `2` → 0); of a value parseDecimal accepted. */
export const decimalsOf = (raw: string): number => {
  const at = raw.search(/[.,]/);
  return at < 0 ? 0 : raw.length - at - 1;
};

/**
 * The leerjaar of a leerjaar or group row, by the respondent rows' rule: `3`, `leerjaar 3`, and in primary
 * sectors `groep 7`, within the sector's range.
 */
export const judgeLeerjaar = (raw: string, sector: Sector): number | Refusal => {
  const leerjaar = parseLeerjaar(raw, sector);
  if (leerjaar !== null && leerjaarInRange(leerjaar, sector)) return leerjaar;
  const { min, max } = leerjaarRange(sector);
  const what = isPrimarySector(sector) ? 'groep' : 'leerjaar';
  return {
    code: 'invalid_leerjaar',
    message: `${quote(raw)} is not a valid ${what} for a ${sector} school; expected ${min}–${max}.`,
  };
};

/**
 * Which class of its onderwijssoort an accepted onderwijssoort cell names: `mixed:havo/vwo` for a mixed class
 * of the instrument's map (by {@link mixedClassKey}, so `HAVO / VWO` is the same class), `plain` for the
 * onderwijssoort itself in any spelling. Two rows of one key and different classes are two parts of it (the
 * havo/vwo class and the havo class of one leerjaar), not one row given twice.
 */
export const classJudge = (instrument: Instrument): ((raw: string) => string) => {
  const mixed = mixedOnderwijssoorten(instrument);
  return (raw) => {
    const key = mixedClassKey(raw);
    return mixed.has(key) ? `mixed:${key}` : 'plain';
  };
};

/**
 * Finds an item by its code or by a vendor's column name for it (`item.columns`), both compared as
 * {@link normaliseSpelling} does. A Map: the value is the uploader's, and an object would answer `constructor`.
 */
export const itemFinder = (instrument: Instrument): ((raw: string) => number | undefined) => {
  const index = new Map<string, number>();
  instrument.items.forEach((item, i) => {
    // Both sides normalised: a code with capitals or spaces must find itself (the schema keeps codes and
    // column names distinct under this normalisation, so no entry overwrites another).
    index.set(normaliseSpelling(item.code), i);
    for (const name of item.columns ?? []) index.set(normaliseSpelling(name), i);
  });
  return (raw) => index.get(normaliseSpelling(raw));
};

/**
 * A distribution row's option: the answer value 1..points, or the scale's label in any case and spacing. The
 * recode tables are not applied: they are spellings of a respondent's answer, and a 0-based table would make
 * `1` mean 2 here without the file saying so.
 */
export const optionFinder = (item: Item): ((raw: string) => number | undefined) => {
  const labels = new Map(item.scale.labels.map((label, i) => [normaliseSpelling(label), i + 1]));
  return (raw) => {
    if (/^\d{1,2}$/.test(raw)) {
      const v = Number(raw);
      return v >= 1 && v <= item.scale.points ? v : undefined;
    }
    return labels.get(normaliseSpelling(raw));
  };
};

export { isRefusal, onderwijssoortJudge, type Refusal };
