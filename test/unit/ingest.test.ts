import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestExport } from '../../shared/ingest/ingest.js';
import type { IngestOptions } from '../../shared/ingest/types.js';
import { getInstrument, instruments, toPublicInstrument } from '../../shared/instruments/catalog.js';

const basis = getInstrument('msv-basis');
const vijf = getInstrument('msv-vijfpunts');
if (!basis || !vijf) throw new Error('instruments missing');
const codes = basis.items.map((i) => i.code);
const vo: IngestOptions['school'] = { sector: 'vo', onderwijssoorten: ['havo', 'vwo'] };
const po: IngestOptions['school'] = { sector: 'po', onderwijssoorten: [] };

const ingest = (input: string | Uint8Array, opts: Partial<IngestOptions> = {}) =>
  ingestExport(typeof input === 'string' ? new TextEncoder().encode(input) : input, {
    instrument: basis,
    school: vo,
    minGroupSize: 5,
    maxRows: 1000,
    ...opts,
  });
const sample = (name: string) => readFileSync(new URL(`../../events/exports/${name}`, import.meta.url));

const header = `respondent;leerjaar;onderwijssoort;${codes.join(';')}`;
const answers = (v = '3') => codes.map((c) => (c === 'aa6' ? '1' : v)).join(';');
const row = (id: string, lj = '3', os = 'havo', a = answers()) => `${id};${lj};${os};${a}`;
const file = (...rows: string[]) => `${[header, ...rows].join('\n')}\n`;

const errorsOf = (input: string | Uint8Array, opts: Partial<IngestOptions> = {}) => {
  const r = ingest(input, opts);
  if (r.ok) throw new Error('expected errors');
  return r;
};

describe('ingestExport: the sample exports', () => {
  it.each([
    ['vo-excel-windows-1252.csv', vo, basis, 40, 'windows-1252', ';'],
    ['vo-utf8-bom-comma.csv', vo, basis, 30, 'utf-8', ','],
    ['po-utf16.csv', po, basis, 24, 'utf-16le', '\t'],
    ['vo-five-point.csv', vo, vijf, 20, 'utf-8', ';'],
  ] as const)('%s: %i respondents', (name, school, instrument, respondents, encoding, delimiter) => {
    const r = ingest(sample(name), { school, instrument });
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.summary).toMatchObject({ respondents, encoding, delimiter, instrument: instrument.id });
  });

  it('reads groep 5–8 of the primary sample as leerjaren', () => {
    const r = ingest(sample('po-utf16.csv'), { school: po });
    expect(r.ok && r.summary.leerjaren).toEqual({ 5: 6, 6: 6, 7: 6, 8: 6 });
    expect(r.ok && r.summary.onderwijssoorten).toEqual({});
  });

  it('normalises HAVO/VWO of the Excel sample and counts groups', () => {
    const r = ingest(sample('vo-excel-windows-1252.csv'));
    expect(r.ok && r.summary.onderwijssoorten).toEqual({ havo: 20, vwo: 20 });
    expect(r.ok && r.summary.groups).toContainEqual({ onderwijssoort: 'vwo', leerjaar: 4, respondents: 5 });
  });

  it('lists every problem of the wrong-answers sample with line and column', () => {
    const r = errorsOf(sample('vo-wrong-answers.csv'));
    expect(r.errors.map((e) => [e.code, e.line, e.column, e.field])).toEqual([
      ['out_of_scale', 3, 4, 'vb1'],
      ['out_of_scale', 5, 9, 'aa1'],
      ['duplicate_respondent', 6, 1, 'respondent'],
      ['invalid_leerjaar', 7, 2, 'leerjaar'],
    ]);
    expect(r.errors[2]?.message).toContain('line 2');
  });
});

describe('ingestExport: every error code', () => {
  it.each([
    ['empty file', '', 'empty_file', 0, null],
    ['header only', `${header}\n`, 'empty_file', 0, null],
    ['unterminated quote', file(row('"r1')), 'unterminated_quote', 2, null],
    ['field count', file(row('r1'), 'r2;3;havo;1'), 'field_count', 3, null],
    ['missing respondent', file(row('')), 'missing_respondent', 2, 1],
    ['leerjaar out of range', file(row('r1', '7')), 'invalid_leerjaar', 2, 2],
    ['groep in a VO school', file(row('r1', 'groep 7')), 'invalid_leerjaar', 2, 2],
    ['unknown onderwijssoort', file(row('r1', '3', 'mbo')), 'unknown_onderwijssoort', 2, 3],
    ['empty onderwijssoort', file(row('r1', '3', '')), 'unknown_onderwijssoort', 2, 3],
    ['not offered', file(row('r1', '3', 'vmbo-(g)t')), 'onderwijssoort_not_offered', 2, 3],
    ['answer 0', file(row('r1', '3', 'havo', answers('0'))), 'out_of_scale', 2, 4],
    ['answer 3.5', file(row('r1', '3', 'havo', answers('3.5'))), 'out_of_scale', 2, 4],
  ])('%s → %s', (_, text, code, line, column) => {
    const r = errorsOf(text);
    expect(r.errors[0]).toMatchObject({ code, line, column });
  });

  it('refuses an onderwijssoort for a primary school', () => {
    const text = `respondent;groep;onderwijssoort;${codes.join(';')}\n1;groep 6;havo;${answers()}\n`;
    expect(errorsOf(text, { school: po }).errors[0]).toMatchObject({
      code: 'unknown_onderwijssoort',
      line: 2,
      column: 3,
    });
  });

  it('accepts empty and not-applicable answers, and trailing empty fields', () => {
    const a = codes.map((c) =>
      c === 'vb3' ? 'NVT' : c === 'vb5' ? '9' : c === 'wb1' ? '' : c === 'aa6' ? '3' : '2',
    );
    const r = ingest(file(`${row('r1', '3', 'havo', a.join(';'))};;`));
    expect(r.ok).toBe(true);
  });

  it('lists at most 100 errors but counts them all', () => {
    const rows = Array.from({ length: 150 }, (_, i) => row(`r${i}`, '9'));
    const r = errorsOf(file(...rows));
    expect(r.errors).toHaveLength(100);
    expect(r.errorCount).toBe(150);
    expect(r.errors[99]?.line).toBe(101);
  });

  it('stops at maxRows with too_many_rows', () => {
    const rows = Array.from({ length: 6 }, (_, i) => row(`r${i}`));
    const r = errorsOf(file(...rows), { maxRows: 5 });
    expect(r.errors).toEqual([expect.objectContaining({ code: 'too_many_rows', line: 7 })]);
  });

  it('never quotes long values back in full', () => {
    const long = 'x'.repeat(200);
    const r = errorsOf(file(row('r1', '3', 'havo', codes.map(() => long).join(';'))));
    expect(r.errors[0]?.message.length).toBeLessThan(160);
  });
});

describe('instrument catalog', () => {
  it('holds a 4-point and a 5-point instrument covering the three domains with bullying items', () => {
    expect(instruments.map((i) => i.id)).toEqual(['msv-basis', 'msv-vijfpunts']);
    for (const inst of instruments) {
      expect(new Set(inst.items.map((i) => i.domain))).toEqual(
        new Set(['veiligheidsbeleving', 'aantasting', 'welbevinden']),
      );
      expect(inst.items.some((i) => i.bullying)).toBe(true);
      expect(inst.items.some((i) => i.reversed)).toBe(true);
    }
    expect(basis.items.filter((i) => i.inAverage).every((i) => i.scale.points === 4)).toBe(true);
    expect(vijf.items.every((i) => i.scale.points === 5)).toBe(true);
    expect(basis.items.some((i) => !i.inAverage)).toBe(true);
  });

  it('publishes exactly the documented shape', () => {
    const pub = toPublicInstrument(basis);
    expect(Object.keys(pub)).toEqual(['id', 'name', 'items']);
    expect(Object.keys(pub.items[0] ?? {})).toEqual([
      'code',
      'text',
      'domain',
      'scale',
      'reversed',
      'inAverage',
      'notApplicable',
      'bullying',
    ]);
  });
});
