import { describe, expect, it } from 'vitest';
import { mapHeaders } from '../../shared/ingest/headers.js';
import { normaliseOnderwijssoort, parseLeerjaar } from '../../shared/ingest/normalise.js';
import { getInstrument } from '../../shared/instruments/catalog.js';

const basis = getInstrument('msv-basis');
if (!basis) throw new Error('msv-basis missing');
const codes = basis.items.map((i) => i.code);
const vo = { sector: 'vo' as const, onderwijssoorten: ['havo', 'vwo'] as const };
const po = { sector: 'po' as const, onderwijssoorten: [] as const };

describe('normaliseOnderwijssoort', () => {
  it.each([
    ['vmbo-(g)t', 'vmbo-gt'],
    ['VMBO (G)T', 'vmbo-gt'],
    ['vmbo-t', 'vmbo-gt'],
    ['vmbo-g', 'vmbo-gt'],
    ['vmbo_tl', 'vmbo-gt'],
    ['mavo', 'vmbo-gt'],
    ['VMBO-BB', 'vmbo-b'],
    ['vmbo kbl', 'vmbo-k'],
    [' HAVO ', 'havo'],
    ['Gymnasium', 'vwo'],
    ['praktijkonderwijs', 'pro'],
  ])('%j → %s', (raw, expected) => {
    expect(normaliseOnderwijssoort(raw)).toBe(expected);
  });
  it.each([
    'mbo',
    'vmbo',
    'h/v',
    '',
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
    'vmbo-__proto__',
  ])('%j is not an onderwijssoort', (raw) => {
    expect(normaliseOnderwijssoort(raw)).toBeNull();
  });
});

describe('parseLeerjaar', () => {
  it('reads groep only for primary schools', () => {
    expect(parseLeerjaar('groep 7', 'po')).toBe(7);
    expect(parseLeerjaar('Gr. 5', 'so')).toBe(5);
    expect(parseLeerjaar('groep 7', 'vo')).toBeNull();
  });
  it('reads plain numbers and "leerjaar 3" for everyone', () => {
    expect(parseLeerjaar(' 3 ', 'vo')).toBe(3);
    expect(parseLeerjaar('Leerjaar 3', 'vo')).toBe(3);
    expect(parseLeerjaar('3a', 'vo')).toBeNull();
    expect(parseLeerjaar('', 'vo')).toBeNull();
  });
});

describe('mapHeaders', () => {
  it('matches names case-insensitively after trimming, with aliases', () => {
    const r = mapHeaders(
      [' Respondentnummer ', 'GROEP', ...codes.map((c) => ` ${c.toUpperCase()}`)],
      basis,
      po,
    );
    expect(r.ok && r.columns).toMatchObject({
      respondent: 0,
      leerjaar: 1,
      onderwijssoort: -1,
      items: codes.map((_, i) => i + 2),
    });
  });

  it('needs onderwijssoort only when the school has onderwijssoorten', () => {
    const r = mapHeaders(['respondent', 'leerjaar', ...codes], basis, vo);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      expect.objectContaining({ code: 'missing_column', field: 'onderwijssoort', line: 1 }),
    ]);
  });

  it('reports unknown, duplicate and missing columns together, with positions', () => {
    const r = mapHeaders(
      ['respondent', 'id', 'leerjaar', 'onderwijssoort', 'leerlingnummer', ...codes.slice(1)],
      basis,
      vo,
    );
    expect(!r.ok && r.errors.map((e) => [e.code, e.column, e.field])).toEqual([
      ['duplicate_column', 2, 'id'],
      ['unknown_column', 5, 'leerlingnummer'],
      ['missing_column', null, 'vb1'],
    ]);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'Constructor', ' __PROTO__ '])(
    'refuses a column named %j as unknown, like any other name',
    (name) => {
      const r = mapHeaders(['respondent', 'leerjaar', name, ...codes], basis, po);
      expect(!r.ok && r.errors.map((e) => [e.code, e.column, e.field])).toEqual([
        ['unknown_column', 3, name.trim()],
      ]);
    },
  );

  it('tells two columns named __proto__ apart from aliases: both unknown, the second a duplicate', () => {
    const r = mapHeaders(['respondent', 'leerjaar', '__proto__', '__proto__', ...codes], basis, po);
    expect(!r.ok && r.errors.map((e) => [e.code, e.column])).toEqual([
      ['unknown_column', 3],
      ['duplicate_column', 4],
    ]);
  });
});
