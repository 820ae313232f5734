/**
 * Excel workbooks through ingestExport, each written by a real spreadsheet writer (test/support/workbooks.ts):
 * the same aggregates as the same data in CSV, numbers as Excel stores them, and every refusal with its row,
 * column letters and sheet: formulas, merged cells, dates, TRUE/FALSE, several sheets, a missing sheet, the caps
 * (a zip bomb included), an old .xls, a ZIP that is no workbook.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ingestExport } from '../../shared/ingest/ingest.js';
import type { IngestOptions } from '../../shared/ingest/types.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import { isDateFormat } from '../../shared/xlsx/workbook.js';
import { columnLetters } from '../../shared/xlsx/xml-text.js';
import { basisRows, type Cell, csvBytes, dateCell, formula, workbookBytes } from '../support/workbooks.js';

const basis = getInstrument('msv-basis');
if (!basis) throw new Error('msv-basis missing');

const ingest = (bytes: Uint8Array, opts: Partial<IngestOptions> = {}) =>
  ingestExport(bytes, {
    instrument: basis,
    school: { sector: 'vo', onderwijssoorten: ['havo', 'vwo'] },
    minGroupSize: 5,
    maxRows: 1000,
    ...opts,
  });

const errorsOf = (bytes: Uint8Array, opts: Partial<IngestOptions> = {}) => {
  const r = ingest(bytes, opts);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};

/** 30 respondents, with `change` applied to the rows (row 0 is the header, Excel row 1). */
const sheetRows = (change: (rows: Cell[][]) => void = () => {}): Cell[][] => {
  const rows: Cell[][] = basisRows(30);
  change(rows);
  return rows;
};
const one = (rows: Cell[][], name = 'Blad1') => workbookBytes({ name, rows });

describe('a workbook is read as its CSV file is', () => {
  it('gives the same summary and aggregates as the same data in CSV', () => {
    const rows = basisRows(300);
    const csv = ingest(csvBytes(rows));
    const xlsx = ingest(workbookBytes({ name: 'Resultaten', rows }));
    if (!csv.ok || !xlsx.ok) throw new Error('expected both accepted');
    expect(xlsx.aggregates).toEqual(csv.aggregates);
    expect(xlsx.summary).toEqual({ ...csv.summary, encoding: 'utf-8', delimiter: null, sheet: 'Resultaten' });
  });

  it('reads numbers as Excel stores them: 3 is "3", a computed 2.9999999999999996 too', () => {
    const r = ingest(
      one(
        sheetRows((rows) => {
          (rows[1] as Cell[])[3] = 2.9999999999999996;
          (rows[2] as Cell[])[0] = 100234; // a numeric respondent id
          (rows[3] as Cell[])[1] = '3'; // a number stored as text
        }),
      ),
    );
    expect(r.ok).toBe(true);
  });

  it('skips empty rows, and an empty answer cell is an empty answer', () => {
    const r = ingest(
      one(
        sheetRows((rows) => {
          rows.splice(5, 0, []);
          (rows[7] as Cell[])[5] = null;
        }),
      ),
    );
    expect(r.ok && r.summary.respondents).toBe(30);
  });

  it('reports problems by Excel row, column letters and sheet, with the same codes as CSV', () => {
    const errors = errorsOf(
      one(
        sheetRows((rows) => {
          (rows[4] as Cell[])[4] = 9; // E5
          (rows[6] as Cell[])[0] = 'R1'; // A7, a duplicate of A2
        }),
      ),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        line: 5,
        column: 5,
        columnLetter: 'E',
        sheet: 'Blad1',
        code: 'out_of_scale',
      }),
      expect.objectContaining({
        line: 7,
        column: 1,
        columnLetter: 'A',
        code: 'duplicate_respondent',
        message: 'Respondent "R1" already occurs on row 2.',
      }),
    ]);
  });

  it('refuses a value right of the header row', () => {
    const [error] = errorsOf(one(sheetRows((rows) => ((rows[3] as Cell[])[40] = 'x'))));
    expect(error).toMatchObject({ line: 4, columnLetter: columnLetters(41), code: 'field_count' });
  });
});

describe('what a workbook may not hold', () => {
  it('a formula', () => {
    const errors = errorsOf(one(sheetRows((rows) => ((rows[2] as Cell[])[5] = formula('1+2', 3)))));
    expect(errors).toEqual([
      expect.objectContaining({
        line: 3,
        column: 6,
        columnLetter: 'F',
        code: 'formula_cell',
        field: basis.items[2]?.code,
      }),
    ]);
    expect(errors[0]?.message).toContain('Cell F3 holds a formula');
  });

  it('merged cells', () => {
    const bytes = workbookBytes({ name: 'Blad1', rows: sheetRows(), merges: ['B3:B4'] });
    expect(errorsOf(bytes)).toEqual([
      expect.objectContaining({ line: 3, column: 2, columnLetter: 'B', code: 'merged_cells' }),
    ]);
  });

  it('a date where an answer (or anything else) belongs', () => {
    const errors = errorsOf(one(sheetRows((rows) => ((rows[9] as Cell[])[7] = dateCell(45720)))));
    expect(errors).toEqual([expect.objectContaining({ line: 10, columnLetter: 'H', code: 'date_cell' })]);
  });

  it('TRUE/FALSE and error values', () => {
    const errors = errorsOf(
      one(
        sheetRows((rows) => {
          (rows[1] as Cell[])[3] = true;
          (rows[2] as Cell[])[3] = { t: 'e', v: 0x2a };
        }),
      ),
    );
    expect(errors.map((e) => [e.line, e.columnLetter, e.code])).toEqual([
      [2, 'D', 'unsupported_cell'],
      [3, 'D', 'unsupported_cell'],
    ]);
  });

  it('a formula in the header row stops there', () => {
    const errors = errorsOf(one(sheetRows((rows) => ((rows[0] as Cell[])[0] = formula('1+1', 2)))));
    expect(errors.map((e) => e.code)).toEqual(['formula_cell']);
  });

  it('tells which date formats are dates', () => {
    for (const code of ['d-m-yyyy', 'dd/mm/yy', 'h:mm', '[h]:mm:ss', 'mmm yyyy', '[$-413]d mmmm yyyy']) {
      expect(isDateFormat(code), code).toBe(true);
    }
    for (const code of ['General', '0', '0.00', '#,##0', '0%', '@', '"dag"0', '[Red]0']) {
      expect(isDateFormat(code), code).toBe(false);
    }
  });
});

describe('which worksheet', () => {
  const notes = { name: 'Toelichting', rows: [['Gemaakt met de export van 3 maart']] };

  it('reads the one sheet with values; empty and hidden sheets do not count', () => {
    const bytes = workbookBytes(
      { name: 'Leeg', rows: [] },
      { name: 'Antwoorden', rows: sheetRows() },
      { name: 'Lijsten', rows: [['havo'], ['vwo']], hidden: true },
    );
    const r = ingest(bytes);
    expect(r.ok && r.summary.sheet).toBe('Antwoorden');
  });

  it('refuses values on several sheets without a name, and reads the named one', () => {
    const bytes = workbookBytes({ name: 'Antwoorden', rows: sheetRows() }, notes);
    expect(errorsOf(bytes)).toEqual([
      expect.objectContaining({
        line: 0,
        code: 'several_sheets',
        message: expect.stringContaining('"Toelichting"'),
      }),
    ]);
    const r = ingest(bytes, { sheet: 'antwoorden' });
    expect(r.ok && r.summary).toMatchObject({ sheet: 'Antwoorden', respondents: 30 });
  });

  it('refuses a named sheet that is not there, naming the ones that are', () => {
    const bytes = workbookBytes({ name: 'Antwoorden', rows: sheetRows() }, notes);
    expect(errorsOf(bytes, { sheet: 'Blad9' })).toEqual([
      expect.objectContaining({
        code: 'sheet_not_found',
        message: expect.stringContaining('"Antwoorden", "Toelichting"'),
      }),
    ]);
  });

  it('finds an empty workbook empty', () => {
    expect(errorsOf(workbookBytes({ name: 'Blad1', rows: [] })).map((e) => e.code)).toEqual(['empty_file']);
  });
});

describe('the caps', () => {
  it('too many rows', () => {
    const errors = errorsOf(one(sheetRows()), { maxRows: 10 });
    expect(errors).toEqual([expect.objectContaining({ line: 12, code: 'too_many_rows' })]);
  });

  it('a sheet that inflates past its cap, and all parts past the total', () => {
    const bytes = one(sheetRows());
    expect(errorsOf(bytes, { workbookLimits: { sheetBytes: 4096 } })[0]?.code).toBe('workbook_too_large');
    expect(errorsOf(bytes, { workbookLimits: { totalBytes: 8192 } })[0]?.code).toBe('workbook_too_large');
  });

  it('more cells than the cap, and a value right of the last column read', () => {
    expect(errorsOf(one(sheetRows()), { workbookLimits: { cells: 500 } })[0]?.code).toBe(
      'workbook_too_large',
    );
    expect(errorsOf(one(sheetRows()), { workbookLimits: { columns: 10 } })[0]?.code).toBe(
      'workbook_too_large',
    );
  });

  it('a zip bomb: a part that says it is small and inflates to 64 MiB stops at the cap', () => {
    const bomb = zipOf(
      [
        ['[Content_Types].xml', new TextEncoder().encode('<Types/>')],
        ['xl/workbook.xml', new Uint8Array(64 * 1024 * 1024)],
      ],
      { lieAboutSize: true },
    );
    expect(bomb.byteLength).toBeLessThan(200 * 1024);
    const errors = errorsOf(bomb);
    expect(errors.map((e) => e.code)).toEqual(['workbook_too_large']);
  });

  it('a damaged part: its size or checksum does not match', () => {
    const bytes = one(sheetRows());
    const broken = bytes.slice();
    const at = Math.floor(broken.length / 2);
    broken[at] = (broken[at] as number) ^ 0xff;
    expect(['workbook_unreadable', 'workbook_too_large']).toContain(errorsOf(broken)[0]?.code);
  });
});

describe('files that are no workbook to read', () => {
  it('an old .xls (or password-protected workbook) by its compound-file signature', () => {
    const xls = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(errorsOf(xls)).toEqual([expect.objectContaining({ line: 0, code: 'unsupported_workbook' })]);
  });

  it('a ZIP that is not a workbook, and a cut-off one', () => {
    const zip = zipOf([['notes.txt', new TextEncoder().encode('hallo')]]);
    expect(errorsOf(zip)[0]).toMatchObject({
      code: 'unsupported_workbook',
      message: expect.stringContaining('ZIP archive'),
    });
    expect(errorsOf(one(sheetRows()).subarray(0, 2000))[0]?.code).toBe('workbook_unreadable');
  });
});

/** A ZIP of deflated parts, for what no spreadsheet writer makes; `lieAboutSize` declares every part 1 KiB. */
function zipOf(parts: Array<[string, Uint8Array]>, opts: { lieAboutSize?: boolean } = {}): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of parts) {
    const packed = deflateRawSync(data, { level: 9 });
    const nameBytes = Buffer.from(name);
    const size = opts.lieAboutSize ? 1024 : data.byteLength;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.byteLength, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.byteLength, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.byteLength, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.byteLength, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.byteLength + packed.byteLength;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}
