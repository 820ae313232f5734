/**
 * Aggregation with hand-computed expectations. Six respondents of a small mixed-scale instrument:
 *
 * | resp | lj | a (4p) | b (4p, reversed) | c (4p, reversed, bullying, 9 = n.v.t.) | d (3p, not averaged) | e (5p) |
 * |------|----|--------|------------------|----------------------------------------|----------------------|--------|
 * | r1   | 1  | 4      | 1                | 1                                      | 1                    | 5      |
 * | r2   | 1  | 3      | 2                | 2                                      | 2                    | 4      |
 * | r3   | 1  | 4      | 1                | 1                                      | 1                    | 5      |
 * | r4   | 1  | 2      | 3                | 9                                      | 3                    | 3      |
 * | r5   | 1  | 4      | 1                | 1                                      | 1                    | (empty)|
 * | r6   | 2  | 1      | 4                | 4                                      | 2                    | 1      |
 */
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../shared/ingest/aggregate.js';
import { ingestExport } from '../../shared/ingest/ingest.js';
import type { LevelAggregate } from '../../shared/ingest/types.js';
import { type Instrument, instrumentSchema } from '../../shared/instruments/schema.js';

const four = { points: 4, labels: ['1', '2', '3', '4'] };
const item = (
  code: string,
  domain: Instrument['items'][number]['domain'],
  extra: Partial<Instrument['items'][number]> = {},
) => ({
  code,
  text: code,
  domain,
  scale: four,
  reversed: false,
  inAverage: true,
  notApplicable: [],
  bullying: false,
  ...extra,
});
const instrument = instrumentSchema.parse({
  id: 'test-mixed',
  name: 'Test',
  publisher: 'test',
  items: [
    item('a', 'veiligheidsbeleving'),
    item('b', 'veiligheidsbeleving', { reversed: true }),
    item('c', 'aantasting', { reversed: true, bullying: true, notApplicable: ['9'] }),
    item('d', 'aantasting', { inAverage: false, scale: { points: 3, labels: ['ja', 'nee', 'weet niet'] } }),
    item('e', 'welbevinden', { scale: { points: 5, labels: ['1', '2', '3', '4', '5'] } }),
  ],
});

const CSV = `respondent;leerjaar;onderwijssoort;a;b;c;d;e
r1;1;havo;4;1;1;1;5
r2;1;havo;3;2;2;2;4
r3;1;havo;4;1;1;1;5
r4;1;havo;2;3;9;3;3
r5;1;havo;4;1;1;1;
r6;2;havo;1;4;4;2;1
`;

const run = (minGroupSize = 5) => {
  const r = ingestExport(new TextEncoder().encode(CSV), {
    instrument,
    school: { sector: 'vo', onderwijssoorten: ['havo'] },
    minGroupSize,
    maxRows: 100,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
};
const level = (levels: LevelAggregate[], key: string) => {
  const l = levels.find((x) => x.key === key);
  if (!l) throw new Error(`no level ${key}`);
  return l;
};
const itemOf = (l: LevelAggregate, code: string) => l.items.find((i) => i.code === code);
const domainOf = (l: LevelAggregate, d: string) => l.domains.find((x) => x.domain === d);

describe('aggregation', () => {
  it('orders levels: school, onderwijssoorten, leerjaren', () => {
    expect(run().aggregates.levels.map((l) => `${l.level}:${l.key}`)).toEqual([
      'school:school',
      'onderwijssoort:havo',
      'leerjaar:1',
      'leerjaar:2',
    ]);
  });

  it('computes means on the own scale and 0–100 with reversed items flipped', () => {
    const school = level(run().aggregates.levels, 'school');
    expect(school.respondents).toBe(6);
    // a: (4+3+4+2+4+1)/6 = 3; 0–100: (100+66.7+100+33.3+100+0)/6 = 66.7
    expect(itemOf(school, 'a')).toMatchObject({
      n: 6,
      mean: 3,
      mean100: 66.7,
      suppressed: false,
      distribution: null,
    });
    // b reversed: raw mean (1+2+1+3+1+4)/6 = 2; flipped scores (100+66.7+100+33.3+100+0)/6 = 66.7
    expect(itemOf(school, 'b')).toMatchObject({ n: 6, mean: 2, mean100: 66.7 });
    // e 5-point, r5 empty: (5+4+5+3+1)/5 = 3.6; (100+75+100+50+0)/5 = 65
    expect(itemOf(school, 'e')).toMatchObject({ n: 5, mean: 3.6, mean100: 65 });
  });

  it('leaves not-applicable answers out and reports % per option for bullying items', () => {
    const c = itemOf(level(run().aggregates.levels, 'school'), 'c');
    // r4 answered 9 (n.v.t.): n = 5; raw (1+2+1+1+4)/5 = 1.8; flipped (100+66.7+100+100+0)/5 = 73.3
    expect(c).toMatchObject({ n: 5, mean: 1.8, mean100: 73.3 });
    expect(c?.distribution).toEqual([
      { value: 1, label: '1', count: 3, percent: 60 },
      { value: 2, label: '2', count: 1, percent: 20 },
      { value: 3, label: '3', count: 0, percent: 0 },
      { value: 4, label: '4', count: 1, percent: 20 },
    ]);
  });

  it('counts but does not average items outside averages', () => {
    expect(itemOf(level(run().aggregates.levels, 'school'), 'd')).toMatchObject({
      n: 6,
      mean: null,
      mean100: null,
    });
  });

  it('pools domain scores over averaged items and counts respondents who answered one', () => {
    const school = level(run().aggregates.levels, 'school');
    expect(domainOf(school, 'veiligheidsbeleving')).toMatchObject({
      respondents: 6,
      n: 12,
      mean100: 66.7,
      suppressed: false,
    });
    // Only c is averaged in aantasting; r4's n.v.t. means r4 did not answer it.
    expect(domainOf(school, 'aantasting')).toMatchObject({
      respondents: 5,
      n: 5,
      mean100: 73.3,
      suppressed: false,
    });
    expect(domainOf(school, 'welbevinden')).toMatchObject({ respondents: 5, n: 5, mean100: 65 });
  });

  it('suppresses cells below minGroupSize: 4 is suppressed, 5 is shown', () => {
    const lj1 = level(run().aggregates.levels, '1');
    expect(lj1).toMatchObject({ respondents: 5, suppressed: false });
    // a: 4,3,4,2,4 → n 5, mean 3.4, 0–100 80
    expect(itemOf(lj1, 'a')).toMatchObject({ n: 5, mean: 3.4, mean100: 80, suppressed: false });
    expect(itemOf(lj1, 'c')).toEqual({
      code: 'c',
      domain: 'aantasting',
      n: 4,
      suppressed: true,
      mean: null,
      mean100: null,
      distribution: null,
    });
    expect(domainOf(lj1, 'aantasting')).toMatchObject({ respondents: 4, suppressed: true, mean100: null });
  });

  it('suppresses a whole level below minGroupSize', () => {
    const lj2 = level(run().aggregates.levels, '2');
    expect(lj2).toMatchObject({ respondents: 1, suppressed: true });
    expect(lj2.items.every((i) => i.suppressed && i.mean === null)).toBe(true);
    expect(lj2.domains.every((d) => d.suppressed && d.mean100 === null)).toBe(true);
  });

  it('follows the configured minGroupSize', () => {
    expect(level(run(7).aggregates.levels, 'school').suppressed).toBe(true);
    expect(itemOf(level(run(1).aggregates.levels, '2'), 'a')).toMatchObject({ n: 1, mean: 1, mean100: 0 });
  });

  it('gives the same result fed row by row', () => {
    const agg = new Aggregator(instrument, 5);
    agg.add({ onderwijssoort: 'havo', leerjaar: 1, answers: [4, 1, 1, 1, 5] });
    agg.add({ onderwijssoort: null, leerjaar: 1, answers: [3, 2, null, 2, 4] });
    const school = level(agg.result().levels, 'school');
    expect(school.respondents).toBe(2);
    expect(agg.result().levels.map((l) => l.key)).toEqual(['school', 'havo', '1']);
  });
});
