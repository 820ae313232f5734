/**
 * What an instrument definition says about how vendors write their exports — answers as words or 0-based codes,
 * their own column names, columns to skip, mixed classes — checked when a definition is read, and honoured by
 * ingestion: the same students give the same aggregates however the vendor spelled them.
 */

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ingestExport } from '../../shared/ingest/ingest.js';
import type { IngestOptions } from '../../shared/ingest/types.js';
import { withoutColumns } from '../../shared/ingest/without-columns.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import { type Instrument, instrumentSchema } from '../../shared/instruments/schema.js';
import { basisRows, type Cell, dateCell, formula, workbookBytes } from '../support/workbooks.js';

const basis = getInstrument('msv-basis') as Instrument;
const codes = basis.items.map((i) => i.code);
const vo: IngestOptions['school'] = { sector: 'vo', onderwijssoorten: ['vmbo-gt', 'havo', 'vwo'] };
const bytes = (text: string) => new TextEncoder().encode(text);
const ingest = (text: string | Uint8Array, instrument: Instrument = basis, school = vo) =>
  ingestExport(typeof text === 'string' ? bytes(text) : text, {
    instrument,
    school,
    minGroupSize: 1,
    maxRows: 1000,
  });
const okOf = (r: ReturnType<typeof ingest>) => {
  if (!r.ok) throw new Error(`expected it to be accepted: ${JSON.stringify(r.errors.slice(0, 3))}`);
  return r;
};

/** Ten respondents' answers as values 1..points, item by item, varied but deterministic. */
const values = (n: number) =>
  Array.from({ length: n }, (_, r) => basis.items.map((item, i) => 1 + ((r + i) % item.scale.points)));
const field = (v: string) => (/[;"\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const csv = (rows: string[][]) => `${rows.map((r) => r.map(field).join(';')).join('\n')}\n`;

/** A vendor's variant of msv-basis: answers 0-based on every 4-point scale, its own column names for two items. */
const vendor = (): Instrument =>
  instrumentSchema.parse({
    ...basis,
    id: 'vendor-basis',
    items: basis.items.map((item, i) => ({
      ...item,
      scale:
        item.scale.points === 4 ? { ...item.scale, recode: { '0': 1, '1': 2, '2': 3, '3': 4 } } : item.scale,
      ...(i === 0 ? { columns: ['Ik voel me veilig op school'] } : {}),
      ...(i === 1 ? { columns: ['V02'], recode: { soms: 2, '-': 'nvt' } } : {}),
    })),
  });

describe('instrument definitions: validated whole', () => {
  const issuesOf = (definition: unknown) => {
    const r = instrumentSchema.safeParse(definition);
    expect(r.success).toBe(false);
    return (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('names every problem of a definition’s fields with its path', () => {
    const bad = {
      ...basis,
      items: basis.items.map((item, i) =>
        i === 0
          ? { ...item, recode: { soms: 0 } }
          : i === 1
            ? { ...item, scale: { ...item.scale, recode: {} } }
            : item,
      ),
      onderwijssoorten: { 'havo/vwo': 'gymnasium' },
    };
    expect(issuesOf(bad)).toEqual([
      expect.stringMatching(/^items\.0\.recode\.soms: /),
      expect.stringMatching(/^onderwijssoorten\.havo\/vwo: /),
    ]);
    // JSON.parse makes `__proto__` an own key, as a definition file would: zod leaves it out, prototype untouched.
    const json = JSON.parse(
      JSON.stringify(basis).replace('"notApplicable":[]', '"recode":{"__proto__":2},"notApplicable":[]'),
    );
    const parsed = instrumentSchema.parse(json);
    expect(parsed.items[0]?.recode).toEqual({});
    expect(Object.getPrototypeOf(parsed.items[0]?.recode)).toBe(Object.prototype);
  });

  it('then every problem between them: spellings twice, answers off the scale, a column that means two things', () => {
    const bad = {
      ...basis,
      items: basis.items.map((item, i) =>
        i === 0
          ? { ...item, recode: { soms: 5, ' Soms': 2 } }
          : i === 1
            ? { ...item, columns: ['Klas', 'VB1'] }
            : item,
      ),
      ignoredColumns: ['klas'],
    };
    expect(issuesOf(bad)).toEqual([
      'items.0.recode.soms: 5 is outside the 4-point scale',
      'items.0.recode. Soms: " Soms" is spelled twice',
      'items.1.columns.1: column "VB1" is already item vb1',
      'ignoredColumns.0: column "klas" is already item vb2',
    ]);
  });

  it("refuses a recode that sends a scale's own label elsewhere, and two labels that differ only in case or spacing", () => {
    const first = basis.items[0];
    if (!first) throw new Error('no item');
    const [one = '', two = ''] = first.scale.labels;
    const bad = {
      ...basis,
      items: basis.items.map((item, i) =>
        i === 0
          ? // The label of point 1, meant as itself (allowed, if needless), and the label of point 2 sent to 3.
            { ...item, recode: { [one.toUpperCase()]: 1, [` ${two} `]: 3 } }
          : i === 1
            ? {
                ...item,
                scale: {
                  ...item.scale,
                  labels: item.scale.labels.map((l, j) =>
                    j === 1 ? l.toUpperCase() : j === 0 ? item.scale.labels[1] : l,
                  ),
                },
              }
            : item,
      ),
    };
    expect(issuesOf(bad)).toEqual([
      expect.stringMatching(/^items\.1\.scale\.labels\.1: ".*" is label 1 again/),
      `items.0.recode. ${two} : " ${two} " is the scale's label of point 2; it cannot mean 3`,
    ]);
  });

  it('refuses a misspelled field, a fixed column taken or ignored, and a mixed class that is an onderwijssoort', () => {
    const bad = {
      ...basis,
      ignoredColumn: ['klas'],
      items: basis.items.map((item, i) => (i === 0 ? { ...item, columns: ['Groep'], recodes: {} } : item)),
      ignoredColumns: ['niveau'],
      onderwijssoorten: { havo: 'vwo', 'havo/vwo': 'havo', 'HAVO / VWO': 'havo' },
    };
    expect(issuesOf(bad)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^: Unrecognized key: "ignoredColumn"/),
        expect.stringMatching(/^items\.0: Unrecognized key: "recodes"/),
      ]),
    );
    const { ignoredColumn: _, ...fieldsRight } = bad;
    const fields = {
      ...fieldsRight,
      items: basis.items.map((item, i) => (i === 0 ? { ...item, columns: ['Groep'] } : item)),
    };
    expect(issuesOf({ ...basis, ignoredColumns: ['Vestiging', 'brinnummer'] })).toEqual([
      'ignoredColumns.0: column "Vestiging" is already a school column',
      'ignoredColumns.1: column "brinnummer" is already a school column',
    ]);
    expect(issuesOf(fields)).toEqual([
      'items.0.columns.0: column "Groep" is already the fixed column leerjaar',
      'ignoredColumns.0: column "niveau" is already the fixed column onderwijssoort',
      'onderwijssoorten.havo: "havo" is an onderwijssoort itself, not a mixed class',
      'onderwijssoorten.HAVO / VWO: "HAVO / VWO" is spelled twice',
    ]);
  });

  it('pins the shipped files: a change to one must become a new version through the store, not a deploy', () => {
    // Version 1 of a shipped id is its file, for every export pinned to it: editing the file would change what
    // those exports mean. Put the changed definition with `instrument put` (version 2) instead.
    // Hashed as the schema reads the file, so that formatting the JSON changes nothing.
    const digest = (id: string) =>
      createHash('sha256')
        .update(JSON.stringify(getInstrument(id)))
        .digest('hex')
        .slice(0, 16);
    expect({ basis: digest('msv-basis'), vijf: digest('msv-vijfpunts') }).toEqual({
      basis: 'e30077295c0a9e49',
      vijf: '4a142d6c2f58cd29',
    });
  });

  it('ships both instruments as data that skips harmless columns and maps mixed brugklassen', () => {
    for (const id of ['msv-basis', 'msv-vijfpunts']) {
      const inst = getInstrument(id) as Instrument;
      expect(inst.version).toBe(1);
      expect(inst.ignoredColumns).toEqual(['klas', 'afnamedatum', 'datum', 'geslacht', 'opmerking']);
      expect(inst.onderwijssoorten).toMatchObject({ 'havo/vwo': 'havo', 'vmbo-gt/havo': 'vmbo-gt' });
    }
  });
});

describe('ingestion by the definition', () => {
  const rows = values(10);
  const asCodes = csv([
    ['respondent', 'leerjaar', 'onderwijssoort', ...codes],
    ...rows.map((v, r) => [`r${r}`, '1', 'havo', ...v.map(String)]),
  ]);

  it('takes the scale labels as answers, in any case and spacing, as the codes they stand for', () => {
    const asLabels = csv([
      ['respondent', 'leerjaar', 'onderwijssoort', ...codes],
      ...rows.map((v, r) => [
        `r${r}`,
        '1',
        'havo',
        ...v.map((x, i) => {
          const label = basis.items[i]?.scale.labels[x - 1] as string;
          return r % 2 ? ` ${label.toUpperCase().replace(' ', '   ')} ` : label;
        }),
      ]),
    ]);
    expect(okOf(ingest(asLabels)).aggregates).toEqual(okOf(ingest(asCodes)).aggregates);
  });

  it('reads 0-based codes, a vendor’s words and column names by the recode tables', () => {
    const inst = vendor();
    const header = [
      'respondent',
      'leerjaar',
      'onderwijssoort',
      'Ik voel me veilig op school',
      'V02',
      ...codes.slice(2),
    ];
    const zeroBased = csv([
      header,
      ...rows.map((v, r) => [
        `r${r}`,
        '1',
        'havo',
        ...v.map((x, i) => {
          if (i === 1 && x === 2) return 'Soms';
          return String(basis.items[i]?.scale.points === 4 ? x - 1 : x);
        }),
      ]),
    ]);
    expect(okOf(ingest(zeroBased, inst)).aggregates).toEqual(okOf(ingest(asCodes)).aggregates);
    // "4" is no answer on a 0-based 4-point scale, and says what is expected.
    const four = zeroBased.replace(/\nr0;1;havo;\d/, '\nr0;1;havo;4');
    const r = ingest(four, inst);
    expect(!r.ok && r.errors[0]).toMatchObject({ line: 2, column: 4, code: 'out_of_scale' });
    expect(!r.ok && r.errors[0]?.message).toContain('a label of the scale ("helemaal niet waar" …)');
    // An answer named like an Object.prototype member is no answer, not a lookup into it.
    for (const word of ['constructor', '__proto__', 'toString']) {
      const odd = ingest(zeroBased.replace(/\nr0;1;havo;\d/, `\nr0;1;havo;${word}`), inst);
      expect(!odd.ok && odd.errors.map((e) => e.code)).toEqual(['out_of_scale']);
    }
    // "-" is not applicable for V02 only: left out of n, not an error.
    const dash = zeroBased.replace(/\nr0;1;havo;(\d);[^;]+;/, '\nr0;1;havo;$1;-;');
    const counted = okOf(ingest(dash, inst)).aggregates.levels[0]?.items[1]?.n;
    expect(counted).toBe(9);
  });

  it('skips ignored columns unread, names them in the summary, and keeps a copy without them', () => {
    const withExtras = csv([
      ['Klas', 'respondent', 'Geslacht', 'leerjaar', 'onderwijssoort', ...codes, 'opmerking'],
      ...rows.map((v, r) => [
        '2B',
        `r${r}`,
        r % 2 ? 'm' : 'v',
        '1',
        'havo',
        ...v.map(String),
        'Ik word "gepest"; help',
      ]),
    ]);
    const accepted = okOf(ingest(withExtras));
    expect(accepted.summary.ignoredColumns).toEqual(['Klas', 'Geslacht', 'opmerking']);
    expect(accepted.aggregates).toEqual(okOf(ingest(asCodes)).aggregates);
    const opts = { instrument: basis, school: vo, minGroupSize: 1, maxRows: 1000 };
    const copy = new TextDecoder().decode(withoutColumns(bytes(withExtras), opts, accepted.ignored));
    expect(copy).not.toMatch(/2B|gepest|Geslacht|Klas|;m;|;v;/);
    expect(copy.split('\r\n')[0]).toBe(['respondent', 'leerjaar', 'onderwijssoort', ...codes].join(';'));
    // The copy re-processes to the same aggregates, with nothing left to ignore.
    const again = okOf(ingest(copy));
    expect(again.aggregates).toEqual(accepted.aggregates);
    expect(again.summary.ignoredColumns).toBeUndefined();
    // Without the definition's say-so a column like klas is still refused.
    const strict = instrumentSchema.parse({ ...basis, ignoredColumns: undefined });
    const refused = ingest(withExtras, strict);
    expect(!refused.ok && refused.errors.map((e) => [e.code, e.field])).toContainEqual([
      'unknown_column',
      'Klas',
    ]);
  });

  it('leaves digits a table does not remap as they are: 9 as nvt keeps 1–4', () => {
    const inst = instrumentSchema.parse({
      ...basis,
      items: basis.items.map((item) => ({ ...item, recode: { '9': 'nvt', '0': 'nvt' } })),
    });
    expect(okOf(ingest(asCodes, inst)).aggregates).toEqual(okOf(ingest(asCodes)).aggregates);
  });

  it('never reads an ignored workbook column: a date or a formula there is no problem, and the copy is CSV', () => {
    const rows: Cell[][] = basisRows(12);
    (rows[0] as Cell[]).push('afnamedatum', 'opmerking');
    for (const [n, row] of rows.slice(1).entries()) row.push(dateCell(45720 + n), formula('1+1', 2));
    const book = workbookBytes({ name: 'Export', rows });
    const accepted = okOf(ingest(book, basis, { sector: 'vo', onderwijssoorten: ['havo', 'vwo'] }));
    expect(accepted.summary.ignoredColumns).toEqual(['afnamedatum', 'opmerking']);
    // A question's text with commas as a vendor's column name still reads back from the copy.
    const opts = { instrument: basis, school: vo, minGroupSize: 1, maxRows: 1000 };
    const copy = new TextDecoder().decode(withoutColumns(book, opts, accepted.ignored));
    expect(copy.startsWith('respondent;')).toBe(true);
    expect(copy).not.toContain('45720');
  });

  it('quotes commas and tabs in the copy, so that a header with commas reads back with the same delimiter', () => {
    const inst = instrumentSchema.parse({
      ...basis,
      items: basis.items.map((item, i) =>
        i === 0 ? { ...item, columns: ['Ik voel me veilig, ook op het plein'] } : item,
      ),
    });
    const text = csv([
      [
        'respondent',
        'leerjaar',
        'onderwijssoort',
        'Ik voel me veilig, ook op het plein',
        ...codes.slice(1),
        'klas',
      ],
      ...rows.map((v, r) => [`r${r}`, '1', 'havo', ...v.map(String), '2B']),
    ]);
    const accepted = okOf(ingest(text, inst));
    const opts = { instrument: inst, school: vo, minGroupSize: 1, maxRows: 1000 };
    const copy = withoutColumns(bytes(text), opts, accepted.ignored);
    expect(okOf(ingest(copy, inst)).aggregates).toEqual(accepted.aggregates);
  });

  it('counts a mixed brugklas at the onderwijssoort its map names, and only where the school offers it', () => {
    const mixed = csv([
      ['respondent', 'leerjaar', 'onderwijssoort', ...codes],
      ...rows.map((v, r) => [
        `r${r}`,
        '1',
        ['havo/vwo', 'HAVO / VWO', 'vmbo-gt/havo', 'vwo'][r % 4] as string,
        ...v.map(String),
      ]),
    ]);
    const accepted = okOf(ingest(mixed));
    // At the lower onderwijssoort; `HAVO / VWO` is `havo/vwo` whatever its spacing.
    expect(accepted.summary.onderwijssoorten).toEqual({ havo: 6, 'vmbo-gt': 2, vwo: 2 });
    const noMavo = ingest(mixed, basis, { sector: 'vo', onderwijssoorten: ['havo', 'vwo'] });
    expect(!noMavo.ok && noMavo.errors.map((e) => [e.line, e.code])).toEqual([
      [4, 'onderwijssoort_not_offered'],
      [8, 'onderwijssoort_not_offered'],
    ]);
  });
});
