/**
 * Excel workbooks written at test time by a real spreadsheet writer (SheetJS, `@e965/xlsx`, a devDependency),
 * never hand-made XML: the same data as a CSV file, or with what the reader must refuse (formulas, merged cells,
 * dates, TRUE/FALSE, several sheets).
 */
import * as XLSX from '@e965/xlsx';
import { getInstrument } from '../../shared/instruments/catalog.js';

export type Cell = string | number | boolean | XLSX.CellObject | null;

export interface SheetSpec {
  name: string;
  rows: Cell[][];
  /** Cell ranges to merge, as Excel writes them: `B2:C2`. */
  merges?: string[];
  hidden?: boolean;
}

/** An `.xlsx` of these sheets, in order, as SheetJS writes it (deflated, shared strings as Excel does). */
export const workbookBytes = (...sheets: SheetSpec[]): Uint8Array => {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(s.rows.map((r) => r.map((c) => (c === null ? undefined : c))));
    if (s.merges) ws['!merges'] = s.merges.map((m) => XLSX.utils.decode_range(m));
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  wb.Workbook = { Sheets: sheets.map((s) => ({ Hidden: s.hidden ? 1 : 0 })) };
  const out = XLSX.write(wb, {
    type: 'buffer',
    bookType: 'xlsx',
    compression: true,
    bookSST: true,
  }) as Buffer;
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
};

/** A formula cell, with the value Excel would have cached. */
export const formula = (f: string, v: number): XLSX.CellObject => ({ t: 'n', f, v });

/** A number shown as a date (what Excel makes of `3-4` typed into a cell). */
export const dateCell = (serial: number): XLSX.CellObject => ({ t: 'n', v: serial, z: 'd-m-yyyy' });

/**
 * `n` respondents of msv-basis at a VO school with havo and vwo, as rows (the header first) from a seeded
 * generator, so a CSV file and a workbook of the same rows can be compared.
 */
export const basisRows = (n: number): Array<Array<string | number>> => {
  const basis = getInstrument('msv-basis');
  if (!basis) throw new Error('msv-basis missing');
  let seed = 7;
  const next = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const rows: Array<Array<string | number>> = [
    ['respondent', 'leerjaar', 'onderwijssoort', ...basis.items.map((i) => i.code)],
  ];
  for (let r = 1; r <= n; r++) {
    rows.push([
      `R${r}`,
      1 + (r % 6),
      r % 3 === 0 ? 'vwo' : 'havo',
      ...basis.items.map((i) => (next() < 0.03 ? '' : 1 + Math.floor(next() * i.scale.points))),
    ]);
  }
  return rows;
};

/** The same rows as a Dutch Excel CSV file: semicolons, CRLF. */
export const csvBytes = (rows: Array<Array<string | number>>): Uint8Array =>
  new TextEncoder().encode(`${rows.map((r) => r.join(';')).join('\r\n')}\r\n`);
