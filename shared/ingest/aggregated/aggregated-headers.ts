/**
 * The header row of an aggregated export: which of our ten columns is where. Names are compared trimmed and
 * lower-cased (a BOM and surrounding quotes dropped, as for respondent exports); the columns may come in any
 * order. A column we do not know is refused: in a file of aggregates it could as well be a column of figures we
 * would silently drop.
 */
import { isPrimarySector, type Onderwijssoort, type Sector } from '../../ids.js';
import type { Instrument } from '../../instruments/schema.js';
import { normaliseHeader } from '../headers.js';
import type { IngestError } from '../types.js';

/** The columns of the long format, in the order the README lists them. */
export const AGGREGATED_COLUMNS = [
  'level',
  'onderwijssoort',
  'leerjaar',
  'item',
  'respondents',
  'n',
  'mean',
  'option',
  'count',
  'percent',
] as const;
export type AggregatedColumn = (typeof AGGREGATED_COLUMNS)[number];

const KNOWN: ReadonlyMap<string, AggregatedColumn> = new Map(AGGREGATED_COLUMNS.map((c) => [c, c]));

/** Where each column is, and the header as written (for error messages). */
export class AggregatedColumns {
  constructor(
    /** 0-based place of each column the file has. */
    private readonly at: ReadonlyMap<AggregatedColumn, number>,
    readonly headers: readonly string[],
  ) {}

  /** The 0-based place of a column, or -1 when the file does not have it. */
  index(column: AggregatedColumn): number {
    return this.at.get(column) ?? -1;
  }

  /** The trimmed value of a column in a row; empty when the file has no such column. */
  value(fields: readonly string[], column: AggregatedColumn): string {
    const i = this.index(column);
    return i < 0 ? '' : (fields[i] ?? '').trim();
  }

  /** The column's header as written, or its canonical name when the file lacks it. */
  field(column: AggregatedColumn): string {
    const i = this.index(column);
    return i < 0 ? column : (this.headers[i] ?? column).trim();
  }
}

/**
 * Maps the header row. Required: `level`, `leerjaar`, `item`, `respondents`, `n` and `mean`; `onderwijssoort`
 * unless the school has none (primary schools, as for respondent exports); `option` and one of `count` /
 * `percent` when the instrument has bullying items (their distributions need them).
 */
export const mapAggregatedHeaders = (
  headers: string[],
  instrument: Instrument,
  school: { sector: Sector; onderwijssoorten: readonly Onderwijssoort[] },
): { ok: true; columns: AggregatedColumns } | { ok: false; errors: IngestError[] } => {
  const errors: IngestError[] = [];
  const at = new Map<AggregatedColumn, number>();
  headers.forEach((raw, col) => {
    const name = normaliseHeader(raw);
    const column = col + 1;
    const known = KNOWN.get(name);
    if (known === undefined) {
      errors.push({
        line: 1,
        column,
        field: name === '' ? null : raw.trim(),
        code: 'unknown_column',
        message:
          name === ''
            ? `Column ${column} has no name.`
            : `Column "${raw.trim()}" is not a column of an aggregated export; expected ${AGGREGATED_COLUMNS.join(', ')}.`,
      });
      return;
    }
    const earlier = at.get(known);
    if (earlier !== undefined) {
      errors.push({
        line: 1,
        column,
        field: raw.trim(),
        code: 'duplicate_column',
        message: `Column "${raw.trim()}" occurs twice (also column ${earlier + 1}).`,
      });
      return;
    }
    at.set(known, col);
  });

  const missing = (field: string, why: string) =>
    errors.push({
      line: 1,
      column: null,
      field,
      code: 'missing_column',
      message: `Column "${field}" is missing: ${why}.`,
    });
  if (!at.has('level'))
    missing('level', 'every row says its level (school, onderwijssoort, leerjaar or group)');
  if (!at.has('onderwijssoort') && !isPrimarySector(school.sector) && school.onderwijssoorten.length > 0) {
    missing('onderwijssoort', `the school offers ${school.onderwijssoorten.join(', ')}`);
  }
  if (!at.has('leerjaar')) missing('leerjaar', 'groups and leerjaar rows need the leerjaar (or groep)');
  if (!at.has('item')) missing('item', 'item rows name their item (and respondents rows leave it empty)');
  if (!at.has('respondents')) missing('respondents', 'every group needs its number of respondents');
  if (!at.has('n')) missing('n', 'every item row needs the number of answers counted');
  if (!at.has('mean')) missing('mean', 'every item row needs its mean');
  const bullying = instrument.items.filter((i) => i.bullying).map((i) => i.code);
  if (bullying.length > 0) {
    const why = `the bullying items of instrument ${instrument.id} (${bullying.join(', ')}) need their distribution`;
    if (!at.has('option')) missing('option', why);
    if (!at.has('count') && !at.has('percent')) missing('count', `${why} as counts (or a percent column)`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, columns: new AggregatedColumns(at, headers) };
};
