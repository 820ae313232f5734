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

/** Names every plain object answers through its prototype: a look-up by user input must not find them. */
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

describe('ingestExport: names that an object inherits are ordinary unknown names', () => {
  it.each(['naam', ...PROTOTYPE_NAMES])(
    'a column named %j is refused as unknown, with its position',
    (name) => {
      const text = `respondent;leerjaar;onderwijssoort;${name};${codes.join(';')}\nr1;3;havo;Jan;${answers()}\n`;
      expect(errorsOf(text).errors).toEqual([
        {
          line: 1,
          column: 4,
          field: name,
          code: 'unknown_column',
          message: `Column "${name}" is neither respondent, leerjaar, onderwijssoort nor an item of instrument msv-basis.`,
        },
      ]);
    },
  );

  it.each(['mbo', ...PROTOTYPE_NAMES])('an onderwijssoort %j is unknown', (value) => {
    expect(errorsOf(file(row('r1', '3', value))).errors).toEqual([
      expect.objectContaining({
        code: 'unknown_onderwijssoort',
        line: 2,
        column: 3,
        message: `${JSON.stringify(value)} is not an onderwijssoort; expected one of havo, vwo.`,
      }),
    ]);
  });

  it.each(PROTOTYPE_NAMES)('respondent id %j is an id like any other', (id) => {
    expect(ingest(file(row(id), row('r2'))).ok).toBe(true);
    expect(errorsOf(file(row(id), row(id))).errors).toEqual([
      expect.objectContaining({ code: 'duplicate_respondent', line: 3 }),
    ]);
  });
});

describe('ingestExport: answers and duplicates on the fast paths', () => {
  const vb1Of = (r: ReturnType<typeof ingest>) =>
    r.ok ? r.aggregates.levels[0]?.items.find((i) => i.code === 'vb1') : undefined;

  // vb1 has no not-applicable codes, vb3 has 9 and nvt. Single digits take a fast path, everything else the
  // full check: both must keep accepting and refusing exactly what they did.
  it.each([
    ['3', 3],
    ['4', 4],
    [' 3', 3],
    ['3 ', 3],
    ['03', 3],
    ['', null],
    ['  ', null],
  ])('vb1 %j is accepted as %s', (cell, value) => {
    const r = ingest(
      file(
        row('r1', '3', 'havo', codes.map((c) => (c === 'vb1' ? cell : c === 'aa6' ? '1' : '2')).join(';')),
      ),
      {
        minGroupSize: 1,
      },
    );
    expect(r.ok).toBe(true);
    expect(vb1Of(r)).toMatchObject(value === null ? { n: 0, mean: null } : { n: 1, mean: value });
  });

  it.each(['0', '5', '9', 'nvt', '2.5', '+3', '3a', 'x', '\u0663', '1e0', '-1'])(
    'vb1 %j is out of scale',
    (cell) => {
      const r = errorsOf(
        file(
          row('r1', '3', 'havo', codes.map((c) => (c === 'vb1' ? cell : c === 'aa6' ? '1' : '2')).join(';')),
        ),
      );
      expect(r.errors).toEqual([
        expect.objectContaining({ code: 'out_of_scale', line: 2, column: 4, field: 'vb1' }),
      ]);
    },
  );

  it.each(['9', 'nvt', ' NVT '])('vb3 %j is not applicable: not counted', (cell) => {
    const r = ingest(
      file(
        row('r1', '3', 'havo', codes.map((c) => (c === 'vb3' ? cell : c === 'aa6' ? '1' : '2')).join(';')),
      ),
      {
        minGroupSize: 1,
      },
    );
    expect(r.ok && r.aggregates.levels[0]?.items.find((i) => i.code === 'vb3')).toMatchObject({ n: 0 });
  });

  it('counts answers per domain only for averaged items answered', () => {
    // aa6 (not averaged) answered, every averaged aantasting item empty: the row does not count for aantasting.
    const a = codes.map((c) => (c === 'aa6' ? '1' : c.startsWith('aa') ? '' : '2')).join(';');
    const r = ingest(file(row('r1', '3', 'havo', a), row('r2')), { minGroupSize: 1 });
    const school = r.ok ? r.aggregates.levels[0] : undefined;
    expect(school?.domains.map((d) => [d.domain, d.respondents])).toEqual([
      ['veiligheidsbeleving', 2],
      ['aantasting', 1],
      ['welbevinden', 2],
    ]);
  });

  // Duplicates are looked up in batches of rows: these files are long enough to span several batches.
  const many = (n: number, edit: (i: number) => string | undefined = () => undefined) =>
    Array.from({ length: n }, (_, i) => edit(i) ?? row(`r${i}`));

  it('keeps errors in file order around duplicates found in later batches', () => {
    const rows = many(600, (i) => {
      if (i === 250) return row('r250', '3', 'havo', answers('7')); // line 252: all but aa6 out of scale
      if (i === 300) return row('r5', '9'); // line 302: duplicate of line 7, and a bad leerjaar
      if (i === 301) return row(' r6 '); // line 303: duplicate of line 8 (ids are trimmed)
      if (i === 590) return row('r299'); // line 592: duplicate of line 301
      return undefined;
    });
    const r = errorsOf(file(...rows));
    const out = r.errors.filter((e) => e.code !== 'out_of_scale' || e.column === 4);
    expect(out.map((e) => [e.code, e.line, e.column])).toEqual([
      ['out_of_scale', 252, 4],
      ['duplicate_respondent', 302, 1],
      ['invalid_leerjaar', 302, 2],
      ['duplicate_respondent', 303, 1],
      ['duplicate_respondent', 592, 1],
    ]);
    const outOfScale = codes.length - 1;
    expect(r.errorCount).toBe(outOfScale + 4);
    expect(r.errors.slice(outOfScale).map((e) => e.message)).toEqual([
      'Respondent "r5" already occurs on line 7.',
      expect.stringContaining('"9" is not a valid leerjaar'),
      'Respondent "r6" already occurs on line 8.',
      'Respondent "r299" already occurs on line 301.',
    ]);
  });

  it('reports a duplicate in the last rows of a file that has no other error', () => {
    const r = errorsOf(file(...many(300, (i) => (i === 299 ? row('r0') : undefined))));
    expect(r.errors).toEqual([
      {
        line: 301,
        column: 1,
        field: 'respondent',
        code: 'duplicate_respondent',
        message: 'Respondent "r0" already occurs on line 2.',
      },
    ]);
  });

  it('lists the first 100 errors in file order when duplicates and other errors alternate', () => {
    // Every even row repeats r0, every odd row has a bad leerjaar: 299 errors.
    const rows = many(300, (i) => (i === 0 ? undefined : i % 2 === 0 ? row('r0') : row(`r${i}`, '9')));
    const r = errorsOf(file(...rows));
    expect(r.errorCount).toBe(299);
    expect(r.errors).toHaveLength(100);
    expect(r.errors.map((e) => e.line)).toEqual(Array.from({ length: 100 }, (_, i) => i + 3));
    expect(r.errors.map((e) => e.code)).toEqual(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 'invalid_leerjaar' : 'duplicate_respondent')),
    );
  });

  it('reports duplicates before an unterminated quote or too many rows that come after them', () => {
    const quoted = errorsOf(`${file(...many(200, (i) => (i === 150 ? row('r1') : undefined)))}"open;`);
    expect(quoted.errors.map((e) => [e.code, e.line])).toEqual([
      ['duplicate_respondent', 152],
      ['unterminated_quote', 202],
    ]);
    const tooMany = errorsOf(file(...many(200, (i) => (i === 150 ? row('r1') : undefined))), {
      maxRows: 199,
    });
    expect(tooMany.errors.map((e) => [e.code, e.line])).toEqual([
      ['duplicate_respondent', 152],
      ['too_many_rows', 201],
    ]);
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
    expect(Object.keys(pub)).toEqual([
      'id',
      'name',
      'version',
      'items',
      'ignoredColumns',
      'onderwijssoorten',
    ]);
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
