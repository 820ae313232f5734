/**
 * What a cell's value is judged to be, for every reader of exports: the value, or a {@link Refusal} with the
 * code and message of its error. The onderwijssoort is judged once for respondent rows (row-validator.ts) and a
 * vendor's aggregates (aggregated/) alike.
 */
import { isPrimarySector, type Onderwijssoort, type Sector } from '../ids.js';
import { type Instrument, mixedClassKey, mixedOnderwijssoorten } from '../instruments/schema.js';
import { normaliseOnderwijssoort } from './normalise.js';
import type { IngestErrorCode } from './types.js';

const QUOTE_MAX = 20;

/** A value quoted back in an error message, cut short. */
export const quote = (value: string) =>
  JSON.stringify(value.length > QUOTE_MAX ? `${value.slice(0, QUOTE_MAX)}…` : value);

/** A value that is not what its cell must hold: the code and message of its error. */
export interface Refusal {
  code: IngestErrorCode;
  message: string;
}

export const isRefusal = (v: unknown): v is Refusal =>
  typeof v === 'object' && v !== null && 'code' in v && 'message' in v;

/**
 * Judges a non-empty onderwijssoort as respondent rows do: the instrument's mixed classes first (`havo/vwo` →
 * havo), then the onderwijssoorten and their spellings; it must be one the school offers.
 */
export const onderwijssoortJudge = (
  instrument: Instrument,
  school: { sector: Sector; onderwijssoorten: readonly Onderwijssoort[] },
): ((raw: string) => Onderwijssoort | Refusal) => {
  const mixed = mixedOnderwijssoorten(instrument);
  const offered = school.onderwijssoorten;
  return (raw) => {
    if (isPrimarySector(school.sector) || offered.length === 0) {
      return {
        code: 'unknown_onderwijssoort',
        message: `This school has no onderwijssoorten; leave the column empty (found ${quote(raw)}).`,
      };
    }
    // A mixed class by the instrument's map first: `vmbo-gt/havo` must not read as vmbo-gt by accident.
    const os = mixed.get(mixedClassKey(raw)) ?? normaliseOnderwijssoort(raw);
    if (os === null) {
      return {
        code: 'unknown_onderwijssoort',
        message: `${quote(raw)} is not an onderwijssoort; expected one of ${offered.join(', ')}.`,
      };
    }
    if (!offered.includes(os)) {
      return {
        code: 'onderwijssoort_not_offered',
        message: `The school does not offer ${os}; it offers ${offered.join(', ')}.`,
      };
    }
    return os;
  };
};
