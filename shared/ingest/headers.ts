/**
 * Maps an export's header row onto our columns. Vendors name the fixed columns in several ways; item columns
 * must carry the instrument's item codes. Names are compared after trimming and lower-casing.
 */
import { isPrimarySector, type Onderwijssoort, type Sector } from '../ids.js';
import { type Instrument, normaliseSpelling } from '../instruments/schema.js';
import { ALIASES, type FixedColumn } from './fixed-columns.js';
import type { IngestError } from './types.js';

export const normaliseHeader = (raw: string): string =>
  raw
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim()
    .toLowerCase();

/** Whether a header, as written, names a column the instrument ignores (never read, never stored). */
export const ignoredHeaderTest = (instrument: Instrument): ((raw: string) => boolean) => {
  const names = new Set((instrument.ignoredColumns ?? []).map(normaliseSpelling));
  return (raw) => names.has(normaliseSpelling(normaliseHeader(raw)));
};

export interface ColumnMap {
  respondent: number;
  leerjaar: number;
  /** -1 when the file has no onderwijssoort column (allowed for primary schools). */
  onderwijssoort: number;
  /** Column index per instrument item, in instrument order. */
  items: number[];
  /** The columns the instrument ignores, in file order: never read, never stored. */
  ignored: number[];
  /** The headers as written, for error messages. */
  headers: string[];
}

export const mapHeaders = (
  headers: string[],
  instrument: Instrument,
  school: { sector: Sector; onderwijssoorten: readonly Onderwijssoort[] },
): { ok: true; columns: ColumnMap } | { ok: false; errors: IngestError[] } => {
  const errors: IngestError[] = [];
  const fixed = new Map<FixedColumn, number>();
  // An item's column goes by its code or by a name a vendor gives it; both say the same item.
  const itemIndex = new Map<string, number>();
  instrument.items.forEach((item, i) => {
    itemIndex.set(item.code, i);
    for (const name of item.columns ?? []) itemIndex.set(normaliseSpelling(name), i);
  });
  const isIgnored = ignoredHeaderTest(instrument);
  const items: number[] = instrument.items.map(() => -1);
  const ignored: number[] = [];
  const seen = new Map<string, number>();

  headers.forEach((raw, col) => {
    const name = normaliseHeader(raw);
    const column = col + 1;
    const spelled = normaliseSpelling(name);
    if (isIgnored(raw)) {
      ignored.push(col);
      return;
    }
    const alias = ALIASES.get(name);
    const item = alias ? undefined : itemIndex.get(spelled);
    // Two columns for one item (its code and a vendor's name for it) are one column twice.
    const canonical = alias ?? (item !== undefined ? `item:${item}` : name);
    const earlier = seen.get(canonical);
    if (earlier !== undefined) {
      errors.push({
        line: 1,
        column,
        field: raw.trim(),
        code: 'duplicate_column',
        message: `Column "${raw.trim()}" means the same as column ${earlier} ("${headers[earlier - 1]?.trim()}").`,
      });
      return;
    }
    seen.set(canonical, column);
    if (alias) {
      fixed.set(alias, col);
      return;
    }
    if (item !== undefined) {
      items[item] = col;
      return;
    }
    if (name === '') {
      errors.push({
        line: 1,
        column,
        field: null,
        code: 'unknown_column',
        message: `Column ${column} has no name.`,
      });
      return;
    }
    errors.push({
      line: 1,
      column,
      field: raw.trim(),
      code: 'unknown_column',
      message: `Column "${raw.trim()}" is neither respondent, leerjaar, onderwijssoort nor an item of instrument ${instrument.id}.`,
    });
  });

  const missing = (field: string, why: string) =>
    errors.push({
      line: 1,
      column: null,
      field,
      code: 'missing_column',
      message: `Column "${field}" is missing: ${why}.`,
    });
  if (!fixed.has('respondent')) missing('respondent', 'every row needs an anonymous respondent id');
  if (!fixed.has('leerjaar')) missing('leerjaar', 'every row needs the leerjaar (or groep)');
  if (!fixed.has('onderwijssoort') && !isPrimarySector(school.sector) && school.onderwijssoorten.length > 0) {
    missing('onderwijssoort', `the school offers ${school.onderwijssoorten.join(', ')}`);
  }
  instrument.items.forEach((item, i) => {
    if (items[i] === -1) missing(item.code, `it is an item of instrument ${instrument.id}`);
  });

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    columns: {
      respondent: fixed.get('respondent') as number,
      leerjaar: fixed.get('leerjaar') as number,
      onderwijssoort: fixed.get('onderwijssoort') ?? -1,
      items,
      ignored,
      headers,
    },
  };
};
