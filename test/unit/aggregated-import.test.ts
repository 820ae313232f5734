/**
 * Aggregated imports (shared/ingest/aggregated/): a vendor's aggregates in the long format give exactly the
 * Aggregates and summary that ingestExport gives for the respondent rows behind them — written out by a helper
 * here and read back — and every bad row or sum is refused with its line, column and code, in CSV and in a
 * workbook written by a real spreadsheet writer.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestAggregated } from '../../shared/ingest/aggregated/aggregated-ingest.js';
import { hamiltonCounts } from '../../shared/ingest/aggregated/aggregated-levels.js';
import { ingestExport } from '../../shared/ingest/ingest.js';
import type {
  Aggregates,
  ExportSummary,
  IngestError,
  IngestOptions,
  IngestResult,
} from '../../shared/ingest/types.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import { type Instrument, instrumentSchema } from '../../shared/instruments/schema.js';
import { type Cell, dateCell, formula, workbookBytes } from '../support/workbooks.js';

const basisOrNone = getInstrument('msv-basis');
if (!basisOrNone) throw new Error('msv-basis missing');
const basis: Instrument = basisOrNone;

const COLUMNS = [
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
type Column = (typeof COLUMNS)[number];
type Row = Partial<Record<Column, string | number>>;
/** The 1-based column of a field in files written by csvOf. */
const col = (c: Column) => COLUMNS.indexOf(c) + 1;

const encode = (s: string) => new TextEncoder().encode(s);
const csvOf = (rows: Row[], delimiter = ';'): Uint8Array =>
  encode(
    `${[COLUMNS.join(delimiter), ...rows.map((r) => COLUMNS.map((c) => String(r[c] ?? '')).join(delimiter))].join('\n')}\n`,
  );

const VO: IngestOptions['school'] = { sector: 'vo', onderwijssoorten: ['vmbo-gt', 'havo', 'vwo'] };
const PO: IngestOptions['school'] = { sector: 'po', onderwijssoorten: [] };
const options = (o: Partial<IngestOptions> = {}): IngestOptions => ({
  instrument: basis,
  school: VO,
  minGroupSize: 5,
  maxRows: 10_000,
  ...o,
});
const accepted = (r: IngestResult) => {
  if (!r.ok) throw new Error(`expected accepted, got ${JSON.stringify(r.errors.slice(0, 5), null, 1)}`);
  return r;
};
const refused = (r: IngestResult) => {
  if (r.ok) throw new Error('expected errors');
  return r;
};

// ---------------------------------------------------------------------------------------------------------
// Respondent rows, and their aggregates written out in the long format

interface Respondent {
  os: string | null;
  lj: number;
  answers: Array<number | null>;
}

/**
 * Seeded respondents in the given groups. With `fullDomains`, every respondent answers the first averaged item
 * of each domain: then "who answered any item of the domain" equals the largest item n, the one figure of
 * respondent rows an aggregate cannot carry (see aggregated-levels.ts).
 */
const respondents = (
  instrument: Instrument,
  groups: Array<{ os: string | null; lj: number; size: number }>,
  fullDomains = true,
): Respondent[] => {
  let seed = 11;
  const next = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const always = new Set(
    fullDomains
      ? [...new Set(instrument.items.map((i) => i.domain))].map((d) =>
          instrument.items.findIndex((i) => i.domain === d && i.inAverage),
        )
      : [],
  );
  return groups.flatMap((g) =>
    Array.from({ length: g.size }, () => ({
      os: g.os,
      lj: g.lj,
      answers: instrument.items.map((item, i) =>
        !always.has(i) && next() < 0.06 ? null : 1 + Math.floor(next() * item.scale.points),
      ),
    })),
  );
};

const respondentCsv = (instrument: Instrument, rs: Respondent[], withOs: boolean): Uint8Array => {
  const header = [
    'respondent',
    'leerjaar',
    ...(withOs ? ['onderwijssoort'] : []),
    ...instrument.items.map((i) => i.code),
  ];
  const lines = rs.map((r, k) =>
    [`R${k + 1}`, r.lj, ...(withOs ? [r.os ?? ''] : []), ...r.answers.map((a) => a ?? '')].join(';'),
  );
  return encode(`${[header.join(';'), ...lines].join('\n')}\n`);
};

/** Each level key's exact (unrounded) item means, as a vendor computes them: `school|school|vb1` → 3.1428… */
const exactMeans = (instrument: Instrument, rs: Respondent[]): Map<string, number> => {
  const sums = new Map<string, { n: number; sum: number }>();
  for (const r of rs) {
    const keys = ['school|school', `leerjaar|${r.lj}`, ...(r.os ? [`onderwijssoort|${r.os}`] : [])];
    r.answers.forEach((a, i) => {
      if (a === null) return;
      for (const k of keys) {
        const id = `${k}|${instrument.items[i]?.code}`;
        const s = sums.get(id) ?? { n: 0, sum: 0 };
        s.n++;
        s.sum += a;
        sums.set(id, s);
      }
    });
  }
  return new Map([...sums].map(([k, s]) => [k, s.sum / s.n]));
};

interface LongFormat {
  distribution: 'count' | 'percent' | 'whole-percent';
  /** Exact means by `level|key|code`; without, the aggregates' rounded ones. */
  means?: Map<string, number>;
  decimalComma?: boolean;
  /** Options by label (in odd case and spacing) instead of by value. */
  labels?: boolean;
  /** Leave out the item and distribution rows of suppressed levels (they are optional). */
  skipSuppressed?: boolean;
  /** Spell onderwijssoorten as a vendor might. */
  spell?: (os: string) => string;
}

/** Whole percents that add up to 100, by largest remainder, as vendors who round so do. */
const wholePercents = (percents: number[]): number[] => {
  const floors = percents.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = percents.map((p, i) => [p - Math.floor(p), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) if (left-- > 0) floors[i] = (floors[i] as number) + 1;
  return floors;
};

/** Writes Aggregates and the summary's groups in the long format: the test's stand-in for a vendor. */
const toLongFormat = (
  aggregates: Aggregates,
  summary: ExportSummary,
  instrument: Instrument,
  how: LongFormat,
): Row[] => {
  const num = (x: number) => (how.decimalComma ? String(x).replace('.', ',') : String(x));
  const spell = how.spell ?? ((os: string) => os);
  const rows: Row[] = summary.groups.map((g) => ({
    level: 'group',
    onderwijssoort: g.onderwijssoort ? spell(g.onderwijssoort) : '',
    leerjaar: g.leerjaar,
    respondents: g.respondents,
  }));
  for (const level of aggregates.levels) {
    const key: Row =
      level.level === 'school'
        ? { level: 'school' }
        : level.level === 'onderwijssoort'
          ? { level: 'onderwijssoort', onderwijssoort: spell(level.key) }
          : { level: 'leerjaar', leerjaar: level.key };
    rows.push({ ...key, respondents: level.respondents });
    if (how.skipSuppressed && level.suppressed) continue;
    for (const item of level.items) {
      const def = instrument.items.find((i) => i.code === item.code);
      const exact = how.means?.get(`${level.level}|${level.key}|${item.code}`);
      const mean =
        item.n === 0 ? '' : exact !== undefined ? num(exact) : item.mean === null ? '' : num(item.mean);
      rows.push({ ...key, item: item.code, n: item.n, mean });
      if (!item.distribution || !def) continue;
      const whole = wholePercents(item.distribution.map((s) => s.percent));
      item.distribution.forEach((share, v) => {
        const option = how.labels ? `  ${share.label.toUpperCase()} ` : share.value;
        if (how.distribution === 'count') rows.push({ ...key, item: item.code, option, count: share.count });
        else if (how.distribution === 'percent')
          rows.push({ ...key, item: item.code, option, percent: num(share.percent) });
        else rows.push({ ...key, item: item.code, option, percent: whole[v] as number });
      });
    }
  }
  return rows;
};

/**
 * The aggregates with every 0–100 figure that lies exactly on a tie (x.x5) replaced by `tie`. Respondent rows
 * score a tie by summing floating-point scores (aggregate.ts), which may land just below it (43.749999… → 43.7);
 * an aggregate gives only the mean (2.3125 → 43.75 → 43.8). No file of means can tell which way the sum would
 * have fallen, so at a tie the two may differ by 0.1 — and only there: `markTies` checks that too.
 */
const markTies = (ours: Aggregates, theirs: Aggregates, means: Map<string, number>) => {
  const isTie = (x: number) => Math.abs(Math.abs((x * 10) % 1) - 0.5) < 1e-6;
  const score = (code: string, mean: number) => {
    const item = basis.items.find((i) => i.code === code);
    if (!item) throw new Error(code);
    const s = ((mean - 1) / (item.scale.points - 1)) * 100;
    return item.reversed ? 100 - s : s;
  };
  const mark = (a: Aggregates) => ({
    ...a,
    levels: a.levels.map((l) => {
      const exact = (code: string) => means.get(`${l.level}|${l.key}|${code}`);
      const items = l.items.map((i) => {
        const m = exact(i.code);
        return i.mean100 !== null && m !== undefined && isTie(score(i.code, m))
          ? { ...i, mean100: 'tie' }
          : i;
      });
      const domains = l.domains.map((d) => {
        const pooled = l.items.filter(
          (i) => i.domain === d.domain && basis.items.find((x) => x.code === i.code)?.inAverage && i.n > 0,
        );
        const n = pooled.reduce((t, i) => t + i.n, 0);
        const sum = pooled.reduce((t, i) => t + i.n * score(i.code, exact(i.code) ?? Number.NaN), 0);
        return d.mean100 !== null && isTie(sum / n) ? { ...d, mean100: 'tie' } : d;
      });
      return { ...l, items, domains };
    }),
  });
  // Where they differ, it is by 0.1 at most.
  ours.levels.forEach((l, li) => {
    l.items.forEach((i, ii) => {
      const t = theirs.levels[li]?.items[ii]?.mean100;
      if (i.mean100 !== null && t !== null && t !== undefined)
        expect(Math.abs(i.mean100 - t)).toBeLessThan(0.1 + 1e-9);
    });
  });
  return [mark(ours), mark(theirs)] as const;
};

/** The summary without what differs by format and source. */
const comparable = (s: ExportSummary) => {
  const { source: _source, encoding: _encoding, delimiter: _delimiter, ...rest } = s;
  return rest;
};

type GroupSpec = { os: string | null; lj: number; size: number };
const VO_GROUPS: GroupSpec[] = [
  ...[1, 2, 3, 4].map((lj) => ({ os: 'havo', lj, size: 11 + lj })),
  ...[1, 2, 3, 4, 5].map((lj) => ({ os: 'vwo', lj, size: 9 + lj })),
  { os: 'vwo', lj: 6, size: 4 }, // leerjaar 6 is only these four: suppressed
  { os: 'vmbo-gt', lj: 3, size: 3 }, // vmbo-gt is only these three: suppressed
];
const PO_GROUPS: GroupSpec[] = [
  { os: null, lj: 5, size: 3 }, // groep 5: suppressed
  { os: null, lj: 6, size: 14 },
  { os: null, lj: 7, size: 17 },
  { os: null, lj: 8, size: 12 },
];

const fromRespondents = (school: IngestOptions['school'], groups: GroupSpec[], fullDomains = true) => {
  const rs = respondents(basis, groups, fullDomains);
  const primary = school.sector === 'po';
  const direct = accepted(ingestExport(respondentCsv(basis, rs, !primary), options({ school })));
  return { rs, direct, means: exactMeans(basis, rs) };
};

describe('ingestAggregated: the same aggregates as the respondent rows behind them', () => {
  it('a VO school with several onderwijssoorten and leerjaren and suppressed groups, counts', () => {
    const { direct, means } = fromRespondents(VO, VO_GROUPS);
    // The data has what the test is about: a suppressed onderwijssoort and leerjaar, bullying distributions.
    expect(direct.aggregates.levels.filter((l) => l.suppressed).map((l) => l.key)).toEqual(['vmbo-gt', '6']);
    const rows = toLongFormat(direct.aggregates, direct.summary, basis, { distribution: 'count', means });
    const r = accepted(ingestAggregated(csvOf(rows), options()));
    const [ours, theirs] = markTies(r.aggregates, direct.aggregates, means);
    expect(ours).toEqual(theirs);
    // Ties are rare (this data has one: wb1 at the school, 148/64 = 2.3125 → 43.75): nearly every figure is compared.
    expect(JSON.stringify(ours).match(/"tie"/g)).toHaveLength(1);
    expect(comparable(r.summary)).toEqual(comparable(direct.summary));
    expect(r.summary).toMatchObject({ source: 'vendor-aggregated', encoding: 'utf-8', delimiter: ';' });
    expect(r.ignored).toEqual([]);
  });

  it('a PO school (groepen, no onderwijssoort), with a comma delimiter and decimal commas in quotes', () => {
    const { direct, means } = fromRespondents(PO, PO_GROUPS);
    const rows = toLongFormat(direct.aggregates, direct.summary, basis, { distribution: 'count', means });
    const text = [
      COLUMNS.join(','),
      ...rows.map((r) => COLUMNS.map((c) => `"${String(r[c] ?? '').replace('.', ',')}"`).join(',')),
    ].join('\r\n');
    const r = accepted(ingestAggregated(encode(text), options({ school: PO })));
    const [ours, theirs] = markTies(r.aggregates, direct.aggregates, means);
    expect(ours).toEqual(theirs);
    expect(comparable(r.summary)).toEqual(comparable(direct.summary));
    expect(r.summary.delimiter).toBe(',');
  });

  it('percentages to one decimal: the same, counts included (n < 1000 recovers every count)', () => {
    const { direct, means } = fromRespondents(VO, VO_GROUPS);
    const rows = toLongFormat(direct.aggregates, direct.summary, basis, {
      distribution: 'percent',
      means,
      decimalComma: true,
      labels: true,
      spell: (os) => (os === 'vmbo-gt' ? 'VMBO (G)T' : os.toUpperCase()),
    });
    const r = accepted(ingestAggregated(csvOf(rows), options()));
    const [ours, theirs] = markTies(r.aggregates, direct.aggregates, means);
    expect(ours).toEqual(theirs);
  });

  it('whole percentages: means, n, domains and suppression the same; counts and percents within rounding', () => {
    const { direct, means } = fromRespondents(VO, VO_GROUPS);
    const rows = toLongFormat(direct.aggregates, direct.summary, basis, {
      distribution: 'whole-percent',
      means,
    });
    const r = accepted(ingestAggregated(csvOf(rows), options()));
    const strip = (a: Aggregates) => ({
      ...a,
      levels: a.levels.map((l) => ({
        ...l,
        items: l.items.map((i) => ({ ...i, distribution: i.distribution?.length ?? null })),
      })),
    });
    const [ours, theirs] = markTies(r.aggregates, direct.aggregates, means);
    expect(strip(ours as Aggregates)).toEqual(strip(theirs as Aggregates));
    r.aggregates.levels.forEach((level, li) => {
      level.items.forEach((item, ii) => {
        const theirs = direct.aggregates.levels[li]?.items[ii]?.distribution;
        item.distribution?.forEach((share, v) => {
          const truth = theirs?.[v] as { count: number; percent: number };
          expect(Math.abs(share.percent - truth.percent)).toBeLessThanOrEqual(1);
          expect(Math.abs(share.count - truth.count)).toBeLessThanOrEqual(Math.ceil(item.n / 100) + 0.5);
        });
      });
    });
  });

  it('suppressed levels may leave out their item rows: their items have n 0 and no figures', () => {
    const { direct, means } = fromRespondents(VO, VO_GROUPS);
    const rows = toLongFormat(direct.aggregates, direct.summary, basis, {
      distribution: 'count',
      means,
      skipSuppressed: true,
    });
    const r = accepted(ingestAggregated(csvOf(rows), options()));
    const vmbo = r.aggregates.levels.find((l) => l.key === 'vmbo-gt');
    expect(vmbo).toMatchObject({ respondents: 3, suppressed: true });
    expect(vmbo?.items.every((i) => i.n === 0 && i.suppressed && i.mean === null)).toBe(true);
    expect(vmbo?.domains.every((d) => d.suppressed && d.mean100 === null && d.respondents === 0)).toBe(true);
    // Every level that is shown is as before.
    const [ours, theirs] = markTies(r.aggregates, direct.aggregates, means);
    expect(ours.levels.filter((l) => !l.suppressed)).toEqual(theirs.levels.filter((l) => !l.suppressed));
  });

  it("when respondents skip the first items of a domain, only a domain's respondents differ: the largest item n, a lower bound", () => {
    const { direct, means } = fromRespondents(VO, VO_GROUPS, false);
    const rows = toLongFormat(direct.aggregates, direct.summary, basis, { distribution: 'count', means });
    const r = accepted(ingestAggregated(csvOf(rows), options()));
    const noDomainRespondents = (a: Aggregates) =>
      a.levels.map((l) => ({
        ...l,
        domains: l.domains.map(({ respondents: _r, suppressed: _s, ...d }) => d),
      }));
    const [ours, theirs] = markTies(r.aggregates, direct.aggregates, means);
    expect(noDomainRespondents(ours as Aggregates)).toEqual(noDomainRespondents(theirs as Aggregates));
    r.aggregates.levels.forEach((l, li) => {
      l.domains.forEach((d, di) => {
        const truth = direct.aggregates.levels[li]?.domains[di];
        expect(d.respondents).toBeLessThanOrEqual(truth?.respondents ?? -1);
        expect(d.respondents).toBe(
          Math.max(
            ...l.items
              .filter((i) => i.domain === d.domain && basis.items.find((x) => x.code === i.code)?.inAverage)
              .map((i) => i.n),
          ),
        );
      });
    });
  });

  it('a workbook of the same rows gives the same aggregates, numbers as numbers', () => {
    const { direct, means } = fromRespondents(VO, VO_GROUPS);
    const rows = toLongFormat(direct.aggregates, direct.summary, basis, { distribution: 'count', means });
    const cells: Cell[][] = [
      [...COLUMNS],
      ...rows.map((r) =>
        COLUMNS.map((c) => {
          const v = r[c];
          if (v === undefined || v === '') return null;
          return c === 'onderwijssoort' || c === 'level' || c === 'item' ? String(v) : Number(v);
        }),
      ),
    ];
    const r = accepted(ingestAggregated(workbookBytes({ name: 'Totalen', rows: cells }), options()));
    const [ours, theirs] = markTies(r.aggregates, direct.aggregates, means);
    expect(ours).toEqual(theirs);
    expect(r.summary).toEqual({
      ...direct.summary,
      encoding: 'utf-8',
      delimiter: null,
      sheet: 'Totalen',
      source: 'vendor-aggregated',
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Every refusal, on a small instrument and a small file written by hand

const mini: Instrument = instrumentSchema.parse({
  id: 'mini',
  name: 'Mini',
  publisher: 'test',
  items: [
    {
      code: 'v1',
      text: 'Ik voel me veilig.',
      domain: 'veiligheidsbeleving',
      scale: { points: 4, labels: ['helemaal niet waar', 'niet waar', 'wel waar', 'helemaal waar'] },
      reversed: false,
      inAverage: true,
      notApplicable: [],
      bullying: false,
      columns: ['Veilig op school'],
    },
    {
      code: 'p1',
      text: 'Ik word gepest.',
      domain: 'aantasting',
      scale: { points: 4, labels: ['nooit', 'een keer', 'een paar keer per maand', '(bijna) elke week'] },
      reversed: true,
      inAverage: true,
      notApplicable: [],
      bullying: true,
    },
    {
      code: 'j1',
      text: 'Weet je bij wie je terecht kunt?',
      domain: 'aantasting',
      scale: { points: 3, labels: ['ja', 'nee', 'weet ik niet'] },
      reversed: false,
      inAverage: false,
      notApplicable: [],
      bullying: false,
    },
  ],
});
const HAVO_VWO: IngestOptions['school'] = { sector: 'vo', onderwijssoorten: ['havo', 'vwo'] };
const miniOptions = (o: Partial<IngestOptions> = {}) => options({ instrument: mini, school: HAVO_VWO, ...o });

/**
 * Groups havo 3 (10), havo 4 (8), vwo 3 (3): school 21, havo 18, vwo 3 (suppressed), leerjaar 3 13, 4 8. Every
 * respondent answers v1 (3 everywhere) and p1, whose counts are those of the groups summed (havo 3: 8, 1, 1, 0;
 * havo 4: 7, 1, 0, 0; vwo 3: 3, 0, 0, 0), so that the levels agree with each other as respondent rows would.
 */
const miniRows = (): Row[] => {
  const rows: Row[] = [
    { level: 'group', onderwijssoort: 'havo', leerjaar: 3, respondents: 10 },
    { level: 'group', onderwijssoort: 'havo', leerjaar: 4, respondents: 8 },
    { level: 'group', onderwijssoort: 'vwo', leerjaar: 3, respondents: 3 },
    { level: 'school', respondents: 21 },
  ];
  const keys: Array<[Row, number, number[]]> = [
    [{ level: 'school' }, 21, [18, 2, 1, 0]],
    [{ level: 'onderwijssoort', onderwijssoort: 'havo' }, 18, [15, 2, 1, 0]],
    [{ level: 'onderwijssoort', onderwijssoort: 'vwo' }, 3, [3, 0, 0, 0]],
    [{ level: 'leerjaar', leerjaar: 3 }, 13, [11, 1, 1, 0]],
    [{ level: 'leerjaar', leerjaar: 4 }, 8, [7, 1, 0, 0]],
  ];
  for (const [key, r, counts] of keys) {
    rows.push({ ...key, item: 'v1', n: r, mean: '3' });
    // p1's mean to two decimals: 25/21 → 1,19; 22/18 → 1,22; 1; 16/13 → 1,23; 9/8 → 1,13
    const mean = counts.reduce((s, c, v) => s + c * (v + 1), 0) / r;
    rows.push({ ...key, item: 'p1', n: r, mean: String(Math.round(mean * 100) / 100).replace('.', ',') });
    counts.forEach((count, v) => {
      rows.push({ ...key, item: 'p1', option: v + 1, count });
    });
    rows.push({ ...key, item: 'j1', n: r, mean: '' });
  }
  return rows;
};
/** The index of the first row that has these values. */
const find = (rows: Row[], like: Row): number => {
  const i = rows.findIndex((r) =>
    Object.entries(like).every(([k, v]) => String(r[k as Column] ?? '') === String(v)),
  );
  if (i < 0) throw new Error(`no row like ${JSON.stringify(like)}`);
  return i;
};
const SCHOOL_V1: Row = { level: 'school', item: 'v1' };
const SCHOOL_P1: Row = { level: 'school', item: 'p1', n: 21 };
const GROUP_HAVO_3: Row = { level: 'group', onderwijssoort: 'havo', leerjaar: 3 };

/** Adds a row at the end and returns its line in the file. */
const append = (rows: Row[], row: Row) => rows.push(row) + 1;
/** Changes one row (found by `like`) and returns its line in the file. */
const change = (like: Row, patch: Row) => (rows: Row[]) => {
  const i = find(rows, like);
  rows[i] = { ...rows[i], ...patch };
  return i + 2;
};
const errorsOf = (rows: Row[], o: Partial<IngestOptions> = {}) =>
  refused(ingestAggregated(csvOf(rows), miniOptions(o))).errors;
const where = (e: IngestError) => [e.code, e.line, e.column, e.field];

describe('ingestAggregated: the hand-written file', () => {
  it('is accepted, with the figures it says', () => {
    const r = accepted(ingestAggregated(csvOf(miniRows()), miniOptions()));
    expect(r.aggregates.levels.map((l) => [l.level, l.key, l.respondents, l.suppressed])).toEqual([
      ['school', 'school', 21, false],
      ['onderwijssoort', 'havo', 18, false],
      ['onderwijssoort', 'vwo', 3, true],
      ['leerjaar', '3', 13, false],
      ['leerjaar', '4', 8, false],
    ]);
    const school = r.aggregates.levels[0];
    expect(school?.items[0]).toEqual({
      code: 'v1',
      domain: 'veiligheidsbeleving',
      n: 21,
      suppressed: false,
      mean: 3,
      mean100: 66.7,
      distribution: null,
    });
    // p1 is reversed: the mean as given, 1,19, is 6.3 on 0–100, flipped to 93.7
    expect(school?.items[1]).toMatchObject({ n: 21, mean: 1.19, mean100: 93.7 });
    expect(school?.items[1]?.distribution).toEqual([
      { value: 1, label: 'nooit', count: 18, percent: 85.7 },
      { value: 2, label: 'een keer', count: 2, percent: 9.5 },
      { value: 3, label: 'een paar keer per maand', count: 1, percent: 4.8 },
      { value: 4, label: '(bijna) elke week', count: 0, percent: 0 },
    ]);
    // j1 is outside the averages: no mean, no domain share.
    expect(school?.items[2]).toMatchObject({ n: 21, mean: null, mean100: null });
    expect(school?.domains).toEqual([
      { domain: 'veiligheidsbeleving', respondents: 21, n: 21, suppressed: false, mean100: 66.7 },
      { domain: 'aantasting', respondents: 21, n: 21, suppressed: false, mean100: 93.7 },
    ]);
    expect(r.summary).toEqual({
      instrument: 'mini',
      encoding: 'utf-8',
      delimiter: ';',
      respondents: 21,
      leerjaren: { 3: 13, 4: 8 },
      onderwijssoorten: { havo: 18, vwo: 3 },
      groups: [
        { onderwijssoort: 'havo', leerjaar: 3, respondents: 10 },
        { onderwijssoort: 'havo', leerjaar: 4, respondents: 8 },
        { onderwijssoort: 'vwo', leerjaar: 3, respondents: 3 },
      ],
      source: 'vendor-aggregated',
    });
  });

  it("reads items by a vendor's column name, levels and headers in any case and order, options by label", () => {
    const rows = miniRows().map((r) =>
      r.item === 'v1' ? { ...r, item: ' veilig  OP school', level: String(r.level).toUpperCase() } : r,
    );
    const i = find(rows, { level: 'school', item: 'p1', option: 2 });
    rows[i] = { ...rows[i], option: ' Een  KEER ' };
    const order = [...COLUMNS].reverse();
    const text = [
      order.map((c) => ` ${c.toUpperCase()} `).join(';'),
      ...rows.map((r) => order.map((c) => String(r[c] ?? '')).join(';')),
    ].join('\n');
    const r = accepted(ingestAggregated(encode(text), miniOptions()));
    expect(r.aggregates).toEqual(accepted(ingestAggregated(csvOf(miniRows()), miniOptions())).aggregates);
  });

  it('accepts a group of 0 respondents, and counts it nowhere', () => {
    const rows = [...miniRows(), { level: 'group', onderwijssoort: 'vwo', leerjaar: 4, respondents: 0 }];
    const r = accepted(ingestAggregated(csvOf(rows), miniOptions()));
    expect(r.summary.groups).toHaveLength(3);
    expect(r.aggregates).toEqual(accepted(ingestAggregated(csvOf(miniRows()), miniOptions())).aggregates);
  });
});

type Case = [string, (rows: Row[]) => number | undefined, string, number | null];
describe('ingestAggregated: every bad row, by line and column', () => {
  const cases: Case[] = [
    ['an unknown level', change(GROUP_HAVO_3, { level: 'klas' }), 'unknown_level', col('level')],
    ['an empty level', change(GROUP_HAVO_3, { level: '' }), 'missing_value', col('level')],
    [
      'an onderwijssoort on a school row',
      change(SCHOOL_V1, { onderwijssoort: 'havo' }),
      'unexpected_value',
      col('onderwijssoort'),
    ],
    [
      'a leerjaar on an onderwijssoort row',
      change({ level: 'onderwijssoort', onderwijssoort: 'havo', item: 'v1' }, { leerjaar: 3 }),
      'unexpected_value',
      col('leerjaar'),
    ],
    [
      'an onderwijssoort row without one',
      change({ level: 'onderwijssoort', onderwijssoort: 'havo', item: 'v1' }, { onderwijssoort: '' }),
      'missing_value',
      col('onderwijssoort'),
    ],
    [
      'a group without onderwijssoort in a VO school',
      change(GROUP_HAVO_3, { onderwijssoort: '' }),
      'missing_value',
      col('onderwijssoort'),
    ],
    ['a group without leerjaar', change(GROUP_HAVO_3, { leerjaar: '' }), 'missing_value', col('leerjaar')],
    [
      '__proto__ as onderwijssoort',
      change(GROUP_HAVO_3, { onderwijssoort: '__proto__' }),
      'unknown_onderwijssoort',
      col('onderwijssoort'),
    ],
    [
      'constructor as onderwijssoort',
      change(
        { level: 'onderwijssoort', onderwijssoort: 'havo', item: 'v1' },
        { onderwijssoort: 'constructor' },
      ),
      'unknown_onderwijssoort',
      col('onderwijssoort'),
    ],
    [
      'an onderwijssoort not offered',
      change(GROUP_HAVO_3, { onderwijssoort: 'vmbo-k' }),
      'onderwijssoort_not_offered',
      col('onderwijssoort'),
    ],
    ['leerjaar 7 in VO', change(GROUP_HAVO_3, { leerjaar: 7 }), 'invalid_leerjaar', col('leerjaar')],
    [
      'a groep in VO',
      change({ level: 'leerjaar', leerjaar: 3, item: 'v1' }, { leerjaar: 'groep 3' }),
      'invalid_leerjaar',
      col('leerjaar'),
    ],
    ['__proto__ as item', change(SCHOOL_V1, { item: '__proto__' }), 'unknown_item', col('item')],
    ['constructor as item', change(SCHOOL_V1, { item: 'constructor' }), 'unknown_item', col('item')],
    [
      'an item on a group row',
      change(GROUP_HAVO_3, { item: 'v1', respondents: '', n: 10, mean: 3 }),
      'unexpected_value',
      col('item'),
    ],
    [
      'respondents with a thousands separator',
      change(GROUP_HAVO_3, { respondents: '1.000' }),
      'invalid_number',
      col('respondents'),
    ],
    [
      'negative respondents',
      change(GROUP_HAVO_3, { respondents: '-3' }),
      'invalid_number',
      col('respondents'),
    ],
    [
      'decimal respondents',
      change(GROUP_HAVO_3, { respondents: '9,5' }),
      'invalid_number',
      col('respondents'),
    ],
    [
      'no respondents on a respondents row',
      change(GROUP_HAVO_3, { respondents: '' }),
      'missing_value',
      col('respondents'),
    ],
    ['n on a respondents row', change(GROUP_HAVO_3, { n: 10 }), 'unexpected_value', col('n')],
    ['a word as n', change(SCHOOL_V1, { n: 'twintig' }), 'invalid_number', col('n')],
    ['an item row without n', change(SCHOOL_V1, { n: '' }), 'missing_value', col('n')],
    ['a count on an item row', change(SCHOOL_V1, { count: 3 }), 'unexpected_value', col('count')],
    [
      'a mean with a thousands separator',
      change(SCHOOL_V1, { mean: '1.000,5' }),
      'invalid_number',
      col('mean'),
    ],
    ['a mean above the scale', change(SCHOOL_V1, { mean: '4,5' }), 'mean_out_of_scale', col('mean')],
    ['a mean below the scale', change(SCHOOL_V1, { mean: '0.5' }), 'mean_out_of_scale', col('mean')],
    ['a mean with n = 0', change(SCHOOL_V1, { n: 0 }), 'unexpected_value', col('mean')],
    [
      'a distribution of a non-bullying item',
      change(SCHOOL_V1, { n: '', mean: '', option: 1, count: 21 }),
      'not_a_bullying_item',
      col('item'),
    ],
    [
      'option 5 of a 4-point item',
      change({ level: 'school', item: 'p1', option: 4 }, { option: 5 }),
      'invalid_option',
      col('option'),
    ],
    [
      'option 0',
      change({ level: 'school', item: 'p1', option: 4 }, { option: 0 }),
      'invalid_option',
      col('option'),
    ],
    [
      'an option that is no label',
      change({ level: 'school', item: 'p1', option: 4 }, { option: 'soms' }),
      'invalid_option',
      col('option'),
    ],
    [
      'a mean on a distribution row',
      change({ level: 'school', item: 'p1', option: 4 }, { mean: 2 }),
      'unexpected_value',
      col('mean'),
    ],
    [
      'count and percent on one row',
      change({ level: 'school', item: 'p1', option: 4 }, { percent: 0 }),
      'unexpected_value',
      col('percent'),
    ],
    [
      'neither count nor percent',
      change({ level: 'school', item: 'p1', option: 4 }, { count: '' }),
      'missing_value',
      col('count'),
    ],
    [
      'a percent above 100',
      change({ level: 'school', item: 'p1', option: 4 }, { count: '', percent: '100,5' }),
      'invalid_number',
      col('percent'),
    ],
    [
      'a percent among counts',
      change({ level: 'school', item: 'p1', option: 4 }, { count: '', percent: 0 }),
      'mixed_distribution',
      col('percent'),
    ],
    [
      'an option on a respondents row',
      change(GROUP_HAVO_3, { option: 1 }),
      'unexpected_value',
      col('option'),
    ],
    [
      'a group twice',
      (rows) => {
        rows.splice(3, 0, { ...rows[0] });
        return 5;
      },
      'duplicate_row',
      col('respondents'),
    ],
    [
      "the school's respondents twice",
      (rows) => append(rows, { level: 'school', respondents: 21 }),
      'duplicate_row',
      col('respondents'),
    ],
    [
      'an item row twice',
      (rows) => append(rows, { level: 'school', item: 'v1', n: 21, mean: 3 }),
      'duplicate_row',
      col('item'),
    ],
    [
      'an option twice',
      (rows) => append(rows, { level: 'school', item: 'p1', option: 'nooit', count: 0 }),
      'duplicate_row',
      col('option'),
    ],
    [
      'a mixed class given twice in one group (in two spellings)',
      (rows) => {
        append(rows, { level: 'group', onderwijssoort: 'havo/vwo', leerjaar: 3, respondents: 1 });
        return append(rows, { level: 'group', onderwijssoort: 'HAVO / VWO', leerjaar: 3, respondents: 1 });
      },
      'duplicate_row',
      col('respondents'),
    ],
    [
      'a plain onderwijssoort given twice in one group (in two spellings)',
      (rows) => append(rows, { level: 'group', onderwijssoort: 'HAVO', leerjaar: 3, respondents: 1 }),
      'duplicate_row',
      col('respondents'),
    ],
    [
      'a field too many',
      (rows) => append(rows, { level: 'school', item: 'v1', n: 21, mean: 3, percent: '1;2' }),
      'field_count',
      null,
    ],
  ];
  it.each(cases)('%s', (_name, mutate, code, column) => {
    const rows = miniRows();
    const line = mutate(rows);
    const errors = errorsOf(rows, { instrument: { ...mini, onderwijssoorten: { 'havo/vwo': 'havo' } } });
    expect(errors.map(where)).toEqual([
      [code, line, column, column === null ? null : (COLUMNS[column - 1] as string)],
    ]);
    expect((errors[0] as IngestError).message).toMatch(/\w/);
  });
});

const drop = (like: Row) => (rows: Row[]) => {
  rows.splice(find(rows, like), 1);
  return undefined;
};
describe('ingestAggregated: what needs several rows', () => {
  const cases: Array<[string, (rows: Row[]) => number | undefined, unknown[]]> = [
    [
      'no group rows',
      (rows) => {
        rows.splice(0, 3);
        return undefined;
      },
      [['missing_groups', 0, col('level'), 'level']],
    ],
    [
      'a leerjaar without groups',
      (rows) => {
        append(rows, { level: 'leerjaar', leerjaar: 5, respondents: 4 });
        return undefined;
      },
      [['level_without_groups', 0, col('leerjaar'), 'leerjaar']],
    ],
    [
      'school respondents that are not the sum of the groups',
      change({ level: 'school', respondents: 21 }, { respondents: 22 }),
      [['inconsistent_respondents', 0, col('respondents'), 'respondents']],
    ],
    [
      "an onderwijssoort's respondents that are not its sum",
      (rows) => {
        append(rows, { level: 'onderwijssoort', onderwijssoort: 'vwo', respondents: 4 });
        return undefined;
      },
      [['inconsistent_respondents', 0, col('respondents'), 'respondents']],
    ],
    [
      'an item missing at a shown level',
      drop({ level: 'onderwijssoort', onderwijssoort: 'havo', item: 'v1' }),
      [['missing_item', 0, col('item'), 'item']],
    ],
    [
      "n above the level's respondents",
      change(SCHOOL_V1, { n: 22 }),
      [['n_exceeds_respondents', 0, col('n'), 'n']],
    ],
    [
      'an empty mean where it is shown',
      change(SCHOOL_V1, { mean: '' }),
      [['missing_mean', 0, col('mean'), 'mean']],
    ],
    [
      'counts that do not add up to n',
      change({ level: 'school', item: 'p1', option: 2 }, { count: 3 }),
      [['distribution_mismatch', 0, col('count'), 'count']],
    ],
    [
      'counts that say another mean',
      change(SCHOOL_P1, { mean: '1,21' }),
      [['distribution_mismatch', 0, col('count'), 'count']],
    ],
    [
      'a bullying item without its distribution',
      (rows) => {
        for (let v = 1; v <= 4; v++) rows.splice(find(rows, { level: 'school', item: 'p1', option: v }), 1);
        return undefined;
      },
      [['missing_distribution', 0, col('option'), 'option']],
    ],
    [
      'a distribution without its item row (a suppressed level)',
      drop({ level: 'onderwijssoort', onderwijssoort: 'vwo', item: 'p1', n: 3 }),
      [['missing_item', 0, col('item'), 'item']],
    ],
  ];
  it.each(cases)('%s', (_name, mutate, expected) => {
    const rows = miniRows();
    mutate(rows);
    const errors = errorsOf(rows);
    // Lines are checked apart: the error points at the row the problem is in, found again here.
    expect(errors.map((e) => [e.code, 0, e.column, e.field])).toEqual(expected);
    expect((errors[0] as IngestError).message).toMatch(/\w/);
  });

  it('locates them: the respondents row, the item row, the first option', () => {
    const rows = miniRows();
    const school = change({ level: 'school', respondents: 21 }, { respondents: 22 })(rows);
    const v1 = change(SCHOOL_V1, { mean: '' })(rows);
    const option = change({ level: 'school', item: 'p1', option: 2 }, { count: 3 })(rows) - 1;
    const added = rows.push({ level: 'leerjaar', leerjaar: 5, respondents: 4 }) + 1;
    expect(errorsOf(rows).map((e) => [e.code, e.line])).toEqual([
      ['level_without_groups', added],
      ['inconsistent_respondents', school],
      ['missing_mean', v1],
      ['distribution_mismatch', option],
    ]);
  });

  it('leaves out the rows of a suppressed level: accepted', () => {
    const rows = miniRows().filter((r) => !(r.onderwijssoort === 'vwo' && r.level === 'onderwijssoort'));
    const r = accepted(ingestAggregated(csvOf(rows), miniOptions()));
    expect(r.aggregates.levels[2]).toMatchObject({ key: 'vwo', respondents: 3, suppressed: true });
  });

  it('an empty mean of a small cell is fine; the item is suppressed', () => {
    const rows = miniRows();
    rows.push({ level: 'leerjaar', leerjaar: 4, respondents: 8 });
    change({ level: 'leerjaar', leerjaar: 4, item: 'v1' }, { n: 4, mean: '' })(rows);
    // The other levels then count 4 answers fewer: havo 14, the school 17. The 4 answers of leerjaar 4 have no
    // mean, so the school's 3 need only lie in the range they allow: (13 × 3 + 4 × [1, 4]) / 17.
    change({ level: 'onderwijssoort', onderwijssoort: 'havo', item: 'v1' }, { n: 14 })(rows);
    change(SCHOOL_V1, { n: 17 })(rows);
    const r = accepted(ingestAggregated(csvOf(rows), miniOptions()));
    expect(r.aggregates.levels[4]?.items[0]).toMatchObject({
      n: 4,
      suppressed: true,
      mean: null,
      mean100: null,
    });
    // The domain pools only what has a mean: n 0, though 4 answered (its respondents).
    expect(r.aggregates.levels[4]?.domains[0]).toMatchObject({
      respondents: 4,
      n: 0,
      suppressed: true,
      mean100: null,
    });
  });

  describe('percentages', () => {
    const asPercents = (rows: Row[], percents: Array<string | number>, mean?: string) => {
      percents.forEach((p, v) => {
        change({ level: 'school', item: 'p1', option: v + 1 }, { count: '', percent: p })(rows);
      });
      if (mean !== undefined) change(SCHOOL_P1, { mean })(rows);
      return rows;
    };
    it('within 100 ± 0.5 and the mean ± 0.05: accepted, counts from them', () => {
      const r = accepted(
        ingestAggregated(csvOf(asPercents(miniRows(), ['85,5', '9,6', '4,8', 0])), miniOptions()),
      );
      expect(r.aggregates.levels[0]?.items[1]?.distribution?.map((s) => [s.count, s.percent])).toEqual([
        [18, 85.5],
        [2, 9.6],
        [1, 4.8],
        [0, 0],
      ]);
    });
    it.each([
      ['adding up to 99.4', ['85', '9,6', '4,8', 0], undefined],
      ['adding up to 100.6', ['86,2', '9,6', '4,8', 0], undefined],
      ['saying another mean', ['85,7', '9,5', '4,8', 0], '1,25'],
    ])('%s: distribution_mismatch', (_name, percents, mean) => {
      const errors = errorsOf(asPercents(miniRows(), percents, mean));
      expect(errors.map((e) => [e.code, e.column])).toEqual([['distribution_mismatch', col('percent')]]);
    });
    it('with n = 0 they must all be 0', () => {
      const rows = miniRows();
      rows.push({ level: 'leerjaar', leerjaar: 4, respondents: 8 });
      change({ level: 'leerjaar', leerjaar: 4, item: 'p1', n: 8 }, { n: 0, mean: '' })(rows);
      for (let v = 1; v <= 4; v++)
        change(
          { level: 'leerjaar', leerjaar: 4, item: 'p1', option: v },
          { count: '', percent: v === 1 ? 100 : 0 },
        )(rows);
      expect(errorsOf(rows).map((e) => e.code)).toEqual(['distribution_mismatch']);
    });
  });
});

/** Sets the counts of p1 at one level key (its rows found by `key`); the mean stays as it is. */
const setCounts = (rows: Row[], key: Row, counts: number[]) =>
  counts.map((count, v) => change({ ...key, item: 'p1', option: v + 1 }, { count })(rows));
/** Gives every p1 distribution of the file as percentages to one decimal of its n. */
const allPercents = (rows: Row[]): Row[] => {
  const n = new Map<string, number>();
  const id = (r: Row) => `${r.level}|${r.onderwijssoort ?? ''}|${r.leerjaar ?? ''}`;
  for (const r of rows) if (r.item === 'p1' && r.option === undefined) n.set(id(r), Number(r.n));
  return rows.map((r) =>
    r.item === 'p1' && r.option !== undefined
      ? {
          ...r,
          count: '',
          percent: String(Math.round((Number(r.count) / (n.get(id(r)) as number)) * 1000) / 10),
        }
      : r,
  );
};
const withoutVwo = (rows: Row[]) =>
  rows.filter((r) => !(r.level === 'onderwijssoort' && r.onderwijssoort === 'vwo'));
const HAVO_V1: Row = { level: 'onderwijssoort', onderwijssoort: 'havo', item: 'v1' };
const HAVO: Row = { level: 'onderwijssoort', onderwijssoort: 'havo' };
const schoolOption = (rows: Row[], v: number) => find(rows, { level: 'school', item: 'p1', option: v }) + 2;
const inconsistent = (rows: Row[]) =>
  errorsOf(rows).map((e) => [e.code, e.line, e.column, e.field, e.message] as const);

describe('ingestAggregated: the levels against each other', () => {
  describe('n', () => {
    it("the onderwijssoorten's and the leerjaren's n add up to the school's", () => {
      const rows = miniRows();
      const line = change(SCHOOL_V1, { n: 20 })(rows);
      const errors = inconsistent(rows);
      expect(errors.map((e) => e.slice(0, 4))).toEqual([
        ['inconsistent_levels', line, col('n'), 'n'],
        ['inconsistent_levels', line, col('n'), 'n'],
      ]);
      expect(errors[0]?.[4]).toMatch(/n = 20 .* onderwijssoorten add up to 21 \(havo 18, vwo 3\)/);
      expect(errors[1]?.[4]).toMatch(/n = 20 .* leerjaren add up to 21 \(leerjaar 3 13, leerjaar 4 8\)/);
    });
    it("with a level left out: the others at most the school's n, and at least it less the left-out respondents", () => {
      // vwo (3 respondents, suppressed) gives no rows: havo's 18 fits a school of 18 to 21 answers.
      expect(accepted(ingestAggregated(csvOf(withoutVwo(miniRows())), miniOptions())).ok).toBe(true);
      const above = withoutVwo(miniRows());
      const school = change(SCHOOL_V1, { n: 17 })(above);
      expect(inconsistent(above).map((e) => e.slice(0, 4))).toEqual([
        ['inconsistent_levels', school, col('n'), 'n'],
        ['inconsistent_levels', school, col('n'), 'n'],
      ]);
      expect(inconsistent(above)[0]?.[4]).toMatch(/given already add up to 18 \(havo 18; vwo gives no row/);
      const below = withoutVwo(miniRows());
      change(HAVO_V1, { n: 14 })(below);
      const errors = inconsistent(below);
      expect(errors.map((e) => e.slice(0, 4))).toEqual([
        ['inconsistent_levels', find(below, SCHOOL_V1) + 2, col('n'), 'n'],
      ]);
      expect(errors[0]?.[4]).toMatch(
        /n = 21 .* give 14 \(havo 14\), and vwo, .* has only 3 respondents: at most 17/,
      );
    });
  });

  describe('means', () => {
    it('the school mean is the n-weighted mean of its levels, within 0.01 for two decimals', () => {
      // Every mean of the file has at most two decimals (3 is 3,00): each is off by 0.005 at most.
      const close = miniRows();
      change(SCHOOL_V1, { mean: '3,01' })(close);
      expect(accepted(ingestAggregated(csvOf(close), miniOptions())).ok).toBe(true);
      const far = miniRows();
      const line = change(SCHOOL_V1, { mean: '3,02' })(far);
      const errors = inconsistent(far);
      expect(errors.map((e) => e.slice(0, 4))).toEqual([
        ['inconsistent_levels', line, col('mean'), 'mean'],
        ['inconsistent_levels', line, col('mean'), 'mean'],
      ]);
      expect(errors[0]?.[4]).toMatch(
        /The mean 3.02 of item v1 at the school \(line \d+\) does not fit its onderwijssoorten: .* give 3, .* 0.01 at most/,
      );
    });
    it('the tolerance follows the decimals: exact means leave none', () => {
      // p1 at the school 25/21 = 1.190476…, its levels exactly too: then 1.1905 is off.
      const exact = (rows: Row[], school: string) => {
        const means: Array<[Row, string]> = [
          [{ level: 'school' }, school],
          [HAVO, String(22 / 18)],
          [{ level: 'onderwijssoort', onderwijssoort: 'vwo' }, '1'],
          [{ level: 'leerjaar', leerjaar: 3 }, String(16 / 13)],
          [{ level: 'leerjaar', leerjaar: 4 }, String(9 / 8)],
        ];
        for (const [key, mean] of means) {
          const i = rows.findIndex(
            (r) =>
              r.item === 'p1' &&
              r.option === undefined &&
              Object.entries(key).every(([k, v]) => String(r[k as Column] ?? '') === String(v)),
          );
          rows[i] = { ...rows[i], mean };
        }
        return rows;
      };
      expect(accepted(ingestAggregated(csvOf(exact(miniRows(), String(25 / 21))), miniOptions())).ok).toBe(
        true,
      );
      expect(inconsistent(exact(miniRows(), '1.1905')).map((e) => [e[0], e[2]])).toEqual([
        ['inconsistent_levels', col('mean')],
        ['inconsistent_levels', col('mean')],
      ]);
    });
    it('answers without a mean (a small cell) may have any mean on the scale: the school mean within that range', () => {
      // Leerjaar 4's v1: 4 answers, no mean; havo 14 and the school 17 then. The leerjaren allow
      // (13 × 3 + 4 × [1, 4]) / 17 = 2.529 to 3.235; the onderwijssoorten say exactly (14 × havo + 3 × 3) / 17.
      const rows = (school: string, havo: string) => {
        const r = miniRows();
        change({ level: 'leerjaar', leerjaar: 4, item: 'v1' }, { n: 4, mean: '' })(r);
        change(HAVO_V1, { n: 14, mean: havo })(r);
        change(SCHOOL_V1, { n: 17, mean: school })(r);
        return r;
      };
      expect(accepted(ingestAggregated(csvOf(rows('3,2', '3,25')), miniOptions())).ok).toBe(true);
      const out = rows('3,3', '3,36');
      const errors = inconsistent(out);
      expect(errors.map((e) => e.slice(0, 4))).toEqual([
        ['inconsistent_levels', find(out, SCHOOL_V1) + 2, col('mean'), 'mean'],
      ]);
      expect(errors[0]?.[4]).toMatch(
        /leerjaren: .* 4 answers whose mean is not given .* between 2.529 and 3.235/,
      );
    });
  });

  describe('distributions', () => {
    // havo 16, 0, 2, 0 has havo's n (18) and mean (22 / 18) but not the school's counts with vwo's 3, 0, 0, 0.
    const HAVO_ELSE = [16, 0, 2, 0];
    it("counts at every level add up to the school's per option", () => {
      const rows = miniRows();
      setCounts(rows, HAVO, HAVO_ELSE);
      const errors = inconsistent(rows);
      expect(errors.map((e) => e.slice(0, 4))).toEqual(
        [1, 2, 3].map((v) => ['inconsistent_levels', schoolOption(rows, v), col('count'), 'count']),
      );
      expect(errors[0]?.[4]).toMatch(
        /Item p1: the school's count of option 1 is 18 \(line \d+\), but its onderwijssoorten' counts add up to 19 \(havo 16, vwo 3\)/,
      );
    });
    it("with a level left out, the others' counts stay at or below the school's", () => {
      const rows = withoutVwo(miniRows());
      setCounts(rows, HAVO, HAVO_ELSE);
      const errors = inconsistent(rows);
      // option 1: 16 ≤ 18 fits (vwo may hold the rest); option 3: 2 > 1 does not
      expect(errors.map((e) => e.slice(0, 4))).toEqual([
        ['inconsistent_levels', schoolOption(rows, 3), col('count'), 'count'],
      ]);
      expect(errors[0]?.[4]).toMatch(/given already count 2 \(havo 2\)/);
    });
    it('percentages take part through their counts when those are exact (n < 1000 at one decimal)', () => {
      const good = allPercents(miniRows());
      expect(find(good, { level: 'school', item: 'p1', option: 1 })).toBeGreaterThan(0);
      const r = accepted(ingestAggregated(csvOf(good), miniOptions()));
      expect(r.aggregates).toEqual(accepted(ingestAggregated(csvOf(miniRows()), miniOptions())).aggregates);
      const rows = miniRows();
      setCounts(rows, HAVO, HAVO_ELSE);
      const bad = allPercents(rows);
      expect(inconsistent(bad).map((e) => e.slice(0, 4))).toEqual(
        [1, 2, 3].map((v) => ['inconsistent_levels', schoolOption(bad, v), col('percent'), 'percent']),
      );
    });
    it('percentages that fix no counts are skipped, not guessed', () => {
      // 85,5 / 9,6 / 4,8 of 21 are within the per-level checks, but no count of 21 is 85,5 %.
      const rows = miniRows();
      setCounts(rows, HAVO, HAVO_ELSE);
      ['85,5', '9,6', '4,8', '0'].forEach((percent, v) => {
        change({ level: 'school', item: 'p1', option: v + 1 }, { count: '', percent })(rows);
      });
      expect(accepted(ingestAggregated(csvOf(rows), miniOptions())).ok).toBe(true);
    });
  });

  it('a PO school has no onderwijssoorten: only the leerjaren are compared', () => {
    const rows: Row[] = [
      { level: 'group', leerjaar: 6, respondents: 6 },
      { level: 'group', leerjaar: 7, respondents: 7 },
    ];
    for (const [key, n] of [
      [{ level: 'school' }, 13],
      [{ level: 'leerjaar', leerjaar: 6 }, 6],
      [{ level: 'leerjaar', leerjaar: 7 }, 7],
    ] as Array<[Row, number]>) {
      rows.push({ ...key, item: 'v1', n, mean: '3' });
      rows.push({ ...key, item: 'p1', n, mean: '1' }, { ...key, item: 'p1', option: 1, count: n });
      rows.push({ ...key, item: 'j1', n, mean: '' });
    }
    expect(accepted(ingestAggregated(csvOf(rows), miniOptions({ school: PO }))).ok).toBe(true);
    change({ level: 'leerjaar', leerjaar: 7, item: 'v1' }, { n: 6 })(rows);
    const errors = refused(ingestAggregated(csvOf(rows), miniOptions({ school: PO }))).errors;
    expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([['inconsistent_levels', 4, col('n')]]);
  });
});

describe('ingestAggregated: counts from percentages (largest remainder)', () => {
  it('always add up to n, ties to the lower option first', () => {
    expect(hamiltonCounts([25, 25, 25, 25], 7)).toEqual([2, 2, 2, 1]);
    expect(hamiltonCounts([20.1, 20.1, 30.1, 30.1], 500)).toEqual([100, 100, 150, 150]);
    expect(hamiltonCounts([0, 0, 0.4, 100], 6)).toEqual([0, 0, 0, 6]);
    expect(hamiltonCounts([50, 50], 3)).toEqual([2, 1]);
    expect(hamiltonCounts([0, 0, 0, 0], 0)).toEqual([0, 0, 0, 0]);
  });
  it('give back the counts behind percentages to one decimal for every n < 1000', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let t = 0; t < 3000; t++) {
      const n = 1 + Math.floor(next() * 999);
      const cuts = [next(), next(), next()].map((x) => Math.floor(x * (n + 1))).sort((a, b) => a - b);
      const counts = [
        cuts[0] as number,
        ...[1, 2].map((k) => (cuts[k] as number) - (cuts[k - 1] as number)),
        n - (cuts[2] as number),
      ];
      const percents = counts.map((c) => Math.round((c / n) * 1000) / 10);
      expect(hamiltonCounts(percents, n), `${counts} of ${n}`).toEqual(counts);
    }
  });
  it('the Aggregates carry them: n = 7 at 25 % each gives 2, 2, 2, 1 and keeps the percentages', () => {
    const rows: Row[] = [{ level: 'group', leerjaar: 6, respondents: 7 }];
    for (const key of [{ level: 'school' }, { level: 'leerjaar', leerjaar: 6 }] as Row[]) {
      rows.push({ ...key, item: 'v1', n: 7, mean: '3' }, { ...key, item: 'p1', n: 7, mean: '2,5' });
      for (let v = 1; v <= 4; v++) rows.push({ ...key, item: 'p1', option: v, percent: 25 });
      rows.push({ ...key, item: 'j1', n: 7, mean: '' });
    }
    const r = accepted(ingestAggregated(csvOf(rows), miniOptions({ school: PO })));
    expect(r.aggregates.levels[0]?.items[1]?.distribution?.map((s) => [s.count, s.percent])).toEqual([
      [2, 25],
      [2, 25],
      [2, 25],
      [1, 25],
    ]);
  });
});

describe('ingestAggregated: a mixed class and a plain onderwijssoort in one key', () => {
  const mixed = { instrument: { ...mini, onderwijssoorten: { 'havo/vwo': 'havo' as const } } };
  it("adds up their group rows (and their onderwijssoort's respondents rows), as respondent rows pool them", () => {
    const rows = miniRows();
    change(GROUP_HAVO_3, { respondents: 8 })(rows);
    rows.splice(1, 0, { level: 'group', onderwijssoort: 'HAVO / VWO', leerjaar: 3, respondents: 2 });
    rows.push(
      { level: 'onderwijssoort', onderwijssoort: 'havo', respondents: 15 },
      { level: 'onderwijssoort', onderwijssoort: 'havo/vwo', respondents: 3 },
    );
    const r = accepted(ingestAggregated(csvOf(rows), miniOptions(mixed)));
    const plain = accepted(ingestAggregated(csvOf(miniRows()), miniOptions(mixed)));
    expect(r.summary).toEqual(plain.summary);
    expect(r.aggregates).toEqual(plain.aggregates);
    // and their sum is checked like any respondents row
    const line = change(
      { level: 'onderwijssoort', onderwijssoort: 'havo/vwo', respondents: 3 },
      { respondents: 4 },
    )(rows);
    expect(
      refused(ingestAggregated(csvOf(rows), miniOptions(mixed))).errors.map((e) => [e.code, e.column]),
    ).toEqual([['inconsistent_respondents', col('respondents')]]);
    expect(line).toBeGreaterThan(0);
  });
  it("refuses an item's figures from a second class: they are not pooled, and the message says why", () => {
    const item = miniRows();
    const first = find(item, HAVO_V1) + 2;
    const line = append(item, {
      level: 'onderwijssoort',
      onderwijssoort: 'havo/vwo',
      item: 'v1',
      n: 2,
      mean: 3,
    });
    const errors = refused(ingestAggregated(csvOf(item), miniOptions(mixed))).errors;
    expect(errors.map(where)).toEqual([['duplicate_row', line, col('item'), 'item']]);
    expect(errors[0]?.message).toContain(`"havo/vwo" counts as havo, and line ${first} already gives`);
    expect(errors[0]?.message).toMatch(
      /cannot be pooled .* n summed over both classes, the mean weighted by n/,
    );
    const option = miniRows();
    const at = append(option, {
      level: 'onderwijssoort',
      onderwijssoort: 'havo/vwo',
      item: 'p1',
      option: 4,
      count: 0,
    });
    expect(refused(ingestAggregated(csvOf(option), miniOptions(mixed))).errors.map(where)).toEqual([
      ['duplicate_row', at, col('option'), 'option'],
    ]);
  });
});

describe('ingestAggregated: item codes', () => {
  it('are looked up as they are stored: both normalised', () => {
    const upper = {
      ...mini,
      items: mini.items.map((i) => (i.code === 'v1' ? { ...i, code: 'V1', columns: [] } : i)),
    };
    const rows = miniRows().map((r) => (r.item === 'v1' ? { ...r, item: ' v1 ' } : r));
    const r = accepted(ingestAggregated(csvOf(rows), miniOptions({ instrument: upper })));
    expect(r.aggregates.levels[0]?.items[0]).toMatchObject({ code: 'V1', n: 21, mean: 3 });
  });
});

describe('ingestAggregated: the file as a whole', () => {
  it('refuses unknown, duplicate and missing columns in the header', () => {
    const text = 'level;onderwijssoort;leerjaar;item;respondents;N;n;klas;option;count\n';
    const errors = refused(ingestAggregated(encode(text), miniOptions())).errors;
    expect(errors.map(where)).toEqual([
      ['duplicate_column', 1, 7, 'n'],
      ['unknown_column', 1, 8, 'klas'],
      ['missing_column', 1, null, 'mean'],
    ]);
  });
  it('needs option and count or percent for an instrument with bullying items, and onderwijssoort for VO', () => {
    const text = 'level;leerjaar;item;respondents;n;mean\n';
    expect(refused(ingestAggregated(encode(text), miniOptions())).errors.map((e) => e.field)).toEqual([
      'onderwijssoort',
      'option',
      'count',
    ]);
  });
  it.each([
    ['an empty file', '', 'empty_file'],
    ['a header only', `${COLUMNS.join(';')}\n`, 'empty_file'],
    ['an unterminated quote', `${COLUMNS.join(';')}\n"school`, 'unterminated_quote'],
  ])('%s: %s', (_name, text, code) => {
    expect(refused(ingestAggregated(encode(text), miniOptions())).errors.map((e) => e.code)).toEqual([code]);
  });
  it('caps the rows at maxRows', () => {
    const errors = errorsOf(miniRows(), { maxRows: 10 });
    expect(errors.map((e) => [e.code, e.line])).toEqual([['too_many_rows', 12]]);
  });
  it('lists maxErrors errors and counts all', () => {
    const rows = miniRows().map((r) => ({ ...r, level: 'klas' }));
    const r = refused(ingestAggregated(csvOf(rows), miniOptions({ maxErrors: 3 })));
    expect(r.errors).toHaveLength(3);
    expect(r.errorCount).toBe(rows.length);
  });
  it('checks sums only once every row is sound: a bad row, no consequential errors', () => {
    const rows = miniRows();
    change(SCHOOL_V1, { n: 'x' })(rows); // the school then also lacks v1 and its n
    expect(errorsOf(rows).map((e) => e.code)).toEqual(['invalid_number']);
  });
});

describe('ingestAggregated: a workbook', () => {
  const sheet = (rows: Row[], patch: (cells: Cell[][]) => void = () => {}) => {
    const cells: Cell[][] = [
      [...COLUMNS],
      ...rows.map((r) => COLUMNS.map((c) => (r[c] === undefined || r[c] === '' ? null : (r[c] ?? null)))),
    ];
    patch(cells);
    return workbookBytes({ name: 'Resultaten', rows: cells });
  };
  it("gives the CSV file's aggregates, and the sheet in the summary", () => {
    const r = accepted(ingestAggregated(sheet(miniRows()), miniOptions()));
    expect(r.aggregates).toEqual(accepted(ingestAggregated(csvOf(miniRows()), miniOptions())).aggregates);
    expect(r.summary).toMatchObject({
      encoding: 'utf-8',
      delimiter: null,
      sheet: 'Resultaten',
      source: 'vendor-aggregated',
    });
  });
  it('names the sheet, Excel row and column letter of a bad value', () => {
    const rows = miniRows();
    const line = change(SCHOOL_V1, { mean: 7 })(rows);
    expect(refused(ingestAggregated(sheet(rows), miniOptions())).errors).toEqual([
      expect.objectContaining({
        code: 'mean_out_of_scale',
        line,
        column: 7,
        columnLetter: 'G',
        sheet: 'Resultaten',
        field: 'mean',
      }),
    ]);
  });
  it.each([
    ['a formula', (c: Cell[][]) => ((c[1] as Cell[])[4] = formula('5+5', 10)), 'formula_cell'],
    ['a date', (c: Cell[][]) => ((c[1] as Cell[])[4] = dateCell(45000)), 'date_cell'],
    ['TRUE', (c: Cell[][]) => ((c[1] as Cell[])[4] = true), 'unsupported_cell'],
  ])('refuses %s in a cell', (_name, patch, code) => {
    const errors = refused(ingestAggregated(sheet(miniRows(), patch), miniOptions())).errors;
    expect(errors.map((e) => [e.code, e.line, e.columnLetter, e.field])).toEqual([
      [code, 2, 'E', 'respondents'],
    ]);
  });
  it('refuses merged cells', () => {
    const cells: Cell[][] = [[...COLUMNS], ...miniRows().map((r) => COLUMNS.map((c) => r[c] ?? null))];
    const bytes = workbookBytes({ name: 'Blad1', rows: cells, merges: ['A2:A3'] });
    expect(
      refused(ingestAggregated(bytes, miniOptions())).errors.map((e) => [e.code, e.line, e.columnLetter]),
    ).toEqual([['merged_cells', 2, 'A']]);
  });
  it('refuses an old .xls', () => {
    const bytes = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]);
    expect(refused(ingestAggregated(bytes, miniOptions())).errors.map((e) => e.code)).toEqual([
      'unsupported_workbook',
    ]);
  });
});

describe('ingestAggregated: the README example', () => {
  it('events/exports/aggregated-example.csv is accepted for a havo/vwo school', () => {
    const bytes = readFileSync(new URL('../../events/exports/aggregated-example.csv', import.meta.url));
    const r = accepted(
      ingestAggregated(bytes, options({ school: { sector: 'vo', onderwijssoorten: ['havo', 'vwo'] } })),
    );
    expect(r.summary).toMatchObject({
      respondents: 25,
      leerjaren: { 3: 21, 4: 4 },
      onderwijssoorten: { havo: 16, vwo: 9 },
    });
    expect(r.aggregates.levels.map((l) => [l.key, l.suppressed])).toEqual([
      ['school', false],
      ['havo', false],
      ['vwo', false],
      ['3', false],
      ['4', true],
    ]);
  });
});
