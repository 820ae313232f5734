import { describe, expect, it } from 'vitest';
import { ingestExport } from '../../shared/ingest/ingest.js';
import { type SplitOptions, splitBySchool } from '../../shared/ingest/split-schools.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import { formula, workbookBytes } from '../support/workbooks.js';

const basis = getInstrument('msv-basis');
if (!basis) throw new Error('msv-basis missing');
const codes = basis.items.map((i) => i.code);
const answers = (v = '3') => codes.map((c) => (c === 'aa6' ? '1' : v));

const split = (text: string | Uint8Array, opts: Partial<SplitOptions> = {}) =>
  splitBySchool(typeof text === 'string' ? new TextEncoder().encode(text) : text, {
    instrument: basis,
    maxSchools: 10,
    maxRows: 1000,
    ...opts,
  });
const parts = (text: string, opts: Partial<SplitOptions> = {}) => {
  const r = split(text, opts);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
};
const errorsOf = (text: string | Uint8Array, opts: Partial<SplitOptions> = {}) => {
  const r = split(text, opts);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

// The school column in the middle, as a board's export puts it after the respondent.
const header = ['respondent', 'BRIN', 'leerjaar', 'onderwijssoort', ...codes].join(';');
const row = (id: string, school: string, a = answers()) => [id, school, '3', 'havo', ...a].join(';');

describe('splitBySchool', () => {
  it('splits by the school column, in the order the file first names each school, without the column', () => {
    const r = parts([header, row('r1', '22KC00'), row('r2', '33ab 01'), row('r3', '22kc-00')].join('\r\n'));
    expect(r.format).toEqual({ encoding: 'utf-8', delimiter: ';' });
    expect(r.parts.map((p) => [p.schoolId, p.rows])).toEqual([
      ['22KC00', 2],
      ['33AB01', 1],
    ]);
    const lines = decode(r.parts[0]?.bytes as Uint8Array).split('\r\n');
    expect(lines[0]).toBe(['respondent', 'leerjaar', 'onderwijssoort', ...codes].join(';'));
    expect(lines[1]).toBe(['r1', '3', 'havo', ...answers()].join(';'));
    expect(lines[2]?.startsWith('r3;3;havo;')).toBe(true);
    // Each part is an export as a school's own upload is: it ingests.
    const ingested = ingestExport(r.parts[0]?.bytes as Uint8Array, {
      instrument: basis,
      school: { sector: 'vo', onderwijssoorten: ['havo'] },
      minGroupSize: 5,
      maxRows: 100,
    });
    expect(ingested.ok && ingested.summary.respondents).toBe(2);
  });

  it('reads a BRIN and a vestiging column together: 22KC + 1 is 22KC01, no vestiging is the BRIN alone', () => {
    const head = ['brinnummer', 'Vestiging', 'respondent', 'leerjaar', 'onderwijssoort', ...codes].join(';');
    const line = (brin: string, ves: string, id: string) =>
      [brin, ves, id, '3', 'havo', ...answers()].join(';');
    const r = parts(
      [head, line('22KC', '1', 'a'), line('22kc', '', 'b'), line('22KC', '01', 'c')].join('\n'),
    );
    expect(r.parts.map((p) => [p.schoolId, p.rows])).toEqual([
      ['22KC01', 2],
      ['22KC', 1],
    ]);
    expect(
      decode(r.parts[0]?.bytes as Uint8Array)
        .split('\r\n')[0]
        ?.startsWith('respondent;leerjaar;'),
    ).toBe(true);
  });

  it('refuses the whole file for what only the file can get wrong, by line, column and field', () => {
    expect(errorsOf([header.replace('BRIN', 'klas'), row('r1', '22KC00')].join('\n'))).toEqual([
      expect.objectContaining({ line: 1, column: null, field: 'brin', code: 'missing_column' }),
    ]);
    expect(
      errorsOf(
        [header, row('r1', '22KC00'), row('r2', ''), row('r3', '22K'), row('r4', '__proto__')].join('\n'),
      ),
    ).toEqual([
      expect.objectContaining({ line: 3, column: 2, field: 'BRIN', code: 'missing_school' }),
      expect.objectContaining({ line: 4, column: 2, field: 'BRIN', code: 'invalid_school' }),
      expect.objectContaining({ line: 5, column: 2, field: 'BRIN', code: 'invalid_school' }),
    ]);
    const withVestiging = ['brin', 'vestiging', 'respondent', 'leerjaar', 'onderwijssoort', ...codes].join(
      ';',
    );
    const v = (brin: string, ves: string) => [brin, ves, 'x', '3', 'havo', ...answers()].join(';');
    expect(errorsOf([withVestiging, v('22KC00', '1'), v('22KC', '123')].join('\n'))).toEqual([
      expect.objectContaining({ line: 2, column: 1, code: 'invalid_school' }),
      expect.objectContaining({ line: 3, column: 2, field: 'vestiging', code: 'invalid_school' }),
    ]);
    expect(errorsOf([`${header};school`, `${row('r1', '22KC00')};22KC00`].join('\n'))).toEqual([
      expect.objectContaining({ line: 1, column: 3 + codes.length + 2, code: 'duplicate_column' }),
    ]);
    // The header's other columns, checked once for the file, placed in the file's own columns.
    expect(errorsOf([`${header};geheim`, `${row('r1', '22KC00')};x`].join('\n'))).toEqual([
      expect.objectContaining({
        line: 1,
        column: 4 + codes.length + 1,
        field: 'geheim',
        code: 'unknown_column',
      }),
    ]);
    expect(errorsOf(`${header}\n`)).toEqual([expect.objectContaining({ code: 'empty_file' })]);
  });

  it('refuses more schools than allowed, naming the row of the first one too many', () => {
    const rows = ['10AA', '11AA', '12AA'].map((s, i) => row(`r${i}`, s));
    expect(errorsOf([header, ...rows].join('\n'), { maxSchools: 2 })).toEqual([
      expect.objectContaining({ line: 4, column: 2, code: 'too_many_schools' }),
    ]);
    expect(parts([header, ...rows].join('\n'), { maxSchools: 3 }).parts).toHaveLength(3);
  });

  it("places a part's errors in the uploaded file: its line (past multi-line fields) and its column", () => {
    // `opmerking` is ignored by msv-basis, and a quoted note spans two lines.
    const head = `${header};opmerking`;
    const r = parts(
      [
        head,
        `${row('r1', '22KC00')};"eerste regel\r\ntweede regel"`,
        `${row('r2', '33AB00')};`,
        `${row('r3', '22KC00', answers('9'))};`,
      ].join('\r\n'),
    );
    const [first] = r.parts;
    if (!first) throw new Error('no part');
    const result = ingestExport(first.bytes, {
      instrument: basis,
      school: { sector: 'vo', onderwijssoorten: ['havo'] },
      minGroupSize: 5,
      maxRows: 100,
    });
    if (result.ok) throw new Error('expected errors');
    const located = result.errors.map((e) => first.locate(e));
    // r3 starts on line 5 of the file (the note took two); its first answer is column 5 (after BRIN).
    expect(located[0]).toMatchObject({ line: 5, column: 5, field: codes[0], code: 'out_of_scale' });
    expect(located.every((e) => e.line === 5)).toBe(true);
  });

  it("keeps a row's every field but the school's, so a shifted row is refused, in the file's own words", () => {
    const r = parts(
      [header, row('r1', '22KC00'), `${row('r2', '22KC00')};extra`, row('r1', '22KC00')].join('\n'),
    );
    expect(r.parts.map((p) => p.schoolId)).toEqual(['22KC00']);
    const part = r.parts[0];
    if (!part) throw new Error('no part');
    const result = ingestExport(part.bytes, {
      instrument: basis,
      school: { sector: 'vo', onderwijssoorten: ['havo'] },
      minGroupSize: 5,
      maxRows: 100,
    });
    if (result.ok) throw new Error('expected errors');
    const located = result.errors.map((e) => part.locate(e));
    const width = 4 + codes.length;
    expect(located).toEqual([
      expect.objectContaining({
        line: 3,
        code: 'field_count',
        message: expect.stringContaining(`has ${width + 1} fields where the header has ${width}`),
      }),
      expect.objectContaining({
        line: 4,
        code: 'duplicate_respondent',
        message: expect.stringContaining('already occurs on line 2'),
      }),
    ]);
  });

  it('refuses the school written with letters that only upper-case to A–Z, and more rows than a file may have', () => {
    // `22kı00` (a dotless i) is no school, not the school 22KI00.
    expect(errorsOf([header, row('r1', '22kı00')].join('\n'))).toEqual([
      expect.objectContaining({ line: 2, column: 2, code: 'invalid_school' }),
    ]);
    const rows = Array.from({ length: 6 }, (_, i) => row(`r${i}`, i % 2 ? '22KC00' : '33AB00'));
    expect(errorsOf([header, ...rows].join('\n'), { maxRows: 5 })).toEqual([
      expect.objectContaining({ line: 7, code: 'too_many_rows' }),
    ]);
  });

  it('reads a workbook: cell problems refuse the file by row, letters and sheet, except in ignored columns', () => {
    const head = ['respondent', 'brin', 'leerjaar', 'onderwijssoort', 'klas', ...codes];
    const good = (id: string, school: string) => [id, school, 3, 'havo', '3a', ...answers().map(Number)];
    const bytes = workbookBytes({ name: 'Scholen', rows: [head, good('a', '22KC00'), good('b', '33AB00')] });
    const ok = split(bytes);
    expect(ok.ok && ok.format).toEqual({ encoding: 'utf-8', delimiter: null, sheet: 'Scholen' });
    expect(ok.ok && ok.parts.map((p) => p.schoolId)).toEqual(['22KC00', '33AB00']);

    const withFormulas = [head, good('a', '22KC00'), good('b', '33AB00')];
    (withFormulas[1] as unknown[])[4] = formula('1+1', 2); // klas: ignored, never read
    (withFormulas[2] as unknown[])[6] = formula('2+1', 3); // an answer
    expect(errorsOf(workbookBytes({ name: 'Scholen', rows: withFormulas as never }))).toEqual([
      expect.objectContaining({
        line: 3,
        column: 7,
        columnLetter: 'G',
        sheet: 'Scholen',
        code: 'formula_cell',
      }),
    ]);
  });
});
