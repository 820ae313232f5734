import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { representativeness } from '../../shared/consent/representativeness.js';
import { ingestExport } from '../../shared/ingest/ingest.js';
import type { ExportSummary } from '../../shared/ingest/types.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import { type DeliverySource, deliveredAt } from '../../shared/report/delivered-level.js';
import { finerThan } from '../support/finer-figures.js';
import { administrationWith } from '../support/fixtures.js';

const instrument = getInstrument('msv-basis');
if (!instrument) throw new Error('msv-basis missing');
// havo and vwo, leerjaar 1 to 4, five respondents in each group (40 in all).
const sample = ingestExport(
  readFileSync(new URL('../../events/exports/vo-excel-windows-1252.csv', import.meta.url)),
  { instrument, school: { sector: 'vo', onderwijssoorten: ['havo', 'vwo'] }, minGroupSize: 5, maxRows: 1000 },
);
if (!sample.ok) throw new Error('sample rejected');
const { summary, aggregates } = sample;

// havo: 20 of 45 (44,4%): low as an onderwijssoort; within it leerjaar 2 (5 of 20) low and leerjaar 5 unsurveyed.
// vwo: 20 of 32 (62,5%). The whole school: 40 of 77 (51,9%), no warning of its own.
const administration = {
  ...administrationWith([
    { onderwijssoort: 'havo', leerjaar: 1, students: 10 },
    { onderwijssoort: 'havo', leerjaar: 2, students: 20 },
    { onderwijssoort: 'havo', leerjaar: 5, students: 15 },
    { onderwijssoort: 'vwo', leerjaar: 1, students: 8 },
    { onderwijssoort: 'vwo', leerjaar: 2, students: 8 },
    { onderwijssoort: 'vwo', leerjaar: 3, students: 8 },
    { onderwijssoort: 'vwo', leerjaar: 4, students: 8 },
  ]),
  remarks: 'Afgenomen in de mentorles.',
};
const source = (over: Partial<DeliverySource> = {}): DeliverySource => ({
  level: 'school',
  aggregates,
  summary,
  administration,
  lowResponsePercent: 50,
  ...over,
});
const full = representativeness(administration.studentCounts, summary, 50);

describe('delivered at level school', () => {
  const d = deliveredAt(source());

  it('holds the whole school’s results only', () => {
    expect(aggregates.levels.some((l) => l.level === 'leerjaar')).toBe(true);
    expect(d.levels.map((l) => [l.level, l.key])).toEqual([['school', 'school']]);
  });

  it('holds the school total, the same as the school’s own, and no group', () => {
    expect(d.representativeness).toEqual({
      total: { students: 77, respondents: 40, responseRate: 51.9 },
      leerjarenSurveyed: [1, 2, 3, 4],
      warnings: [],
    });
    expect(d.representativeness.total).toEqual(full.total);
  });

  it('sends no finer group’s warning, though the school’s own picture has them', () => {
    expect(full.warnings.map((w) => w.messageNl)).toEqual([
      'De respons in havo leerjaar 2 is 25% (lager dan 50%).',
      'Geen respondenten in havo leerjaar 5 (15 leerlingen).',
    ]);
    expect(d.representativeness.warnings).toEqual([]);
  });

  it('judges the whole school by the same rules', () => {
    const low = deliveredAt(source({ lowResponsePercent: 60 }));
    expect(low.representativeness.warnings).toEqual([
      {
        code: 'low_response',
        message: 'Response in the whole school is 51.9% (below 60%).',
        messageNl: 'De respons in de hele school is 51,9% (lager dan 60%).',
      },
    ]);
  });

  it('keeps the answers but not the student counts per group', () => {
    const { studentCounts: _, ...rest } = administration;
    expect(d.administration).toEqual(rest);
  });

  it('has nothing finer than the school anywhere', () => {
    expect(finerThan(d, 'school')).toEqual([]);
  });
});

describe('delivered at level onderwijssoort', () => {
  const d = deliveredAt(source({ level: 'onderwijssoort' }));

  it('holds the whole school’s results and each onderwijssoort’s, no leerjaar', () => {
    expect(d.levels.map((l) => [l.level, l.key])).toEqual([
      ['school', 'school'],
      ['onderwijssoort', 'havo'],
      ['onderwijssoort', 'vwo'],
    ]);
  });

  it('sums each onderwijssoort over its leerjaren, and warns per onderwijssoort only', () => {
    expect(d.representativeness.onderwijssoorten).toEqual([
      { onderwijssoort: 'havo', students: 45, respondents: 20, responseRate: 44.4 },
      { onderwijssoort: 'vwo', students: 32, respondents: 20, responseRate: 62.5 },
    ]);
    expect(d.representativeness.total).toEqual(full.total);
    expect(d.representativeness.warnings).toEqual([
      {
        code: 'low_response',
        message: 'Response in havo is 44.4% (below 50%).',
        messageNl: 'De respons in havo is 44,4% (lager dan 50%).',
        group: { onderwijssoort: 'havo' },
      },
    ]);
  });

  it('has no leerjaar figures anywhere', () => {
    expect(finerThan(d, 'onderwijssoort')).toEqual([]);
    expect(finerThan(d, 'school')).not.toEqual([]);
  });

  it('puts students counted without an onderwijssoort in a row of their own, so the rows add up', () => {
    const mixed = deliveredAt(
      source({
        level: 'onderwijssoort',
        administration: administrationWith([
          { onderwijssoort: 'vwo', leerjaar: 1, students: 10 },
          { leerjaar: 1, students: 30 },
        ]),
      }),
    );
    expect(mixed.representativeness.onderwijssoorten?.map((o) => [o.onderwijssoort, o.students])).toEqual([
      ['havo', 0],
      ['vwo', 10],
      [null, 30],
    ]);
    expect(mixed.representativeness.warnings.map((w) => w.messageNl)).toContain(
      'Geen respondenten in de groep zonder onderwijssoort (30 leerlingen).',
    );
  });
});

describe('delivered, whatever the level', () => {
  it('keeps the single-leerjaar warning: it speaks of the whole school’s sample', () => {
    const one: ExportSummary['groups'] = [
      { onderwijssoort: 'havo', leerjaar: 3, respondents: 12 },
      { onderwijssoort: 'vwo', leerjaar: 3, respondents: 9 },
    ];
    const counts = administrationWith([
      { onderwijssoort: 'havo', leerjaar: 3, students: 20 },
      { onderwijssoort: 'vwo', leerjaar: 3, students: 15 },
    ]);
    for (const level of ['school', 'onderwijssoort'] as const) {
      const d = deliveredAt(source({ level, summary: { groups: one }, administration: counts }));
      expect(d.representativeness.warnings.map((w) => [w.code, w.group])).toEqual([
        ['single_leerjaar', undefined],
      ]);
      expect(d.representativeness.leerjarenSurveyed).toEqual([3]);
    }
  });

  it('without answers (no consent) knows respondents only, and warns of nothing it cannot know', () => {
    const d = deliveredAt(source({ level: 'onderwijssoort', administration: undefined }));
    expect(d.representativeness.total).toEqual({ students: null, respondents: 40, responseRate: null });
    expect(d.representativeness.onderwijssoorten).toEqual([
      { onderwijssoort: 'havo', students: null, respondents: 20, responseRate: null },
      { onderwijssoort: 'vwo', students: null, respondents: 20, responseRate: null },
    ]);
    expect(d.representativeness.warnings).toEqual([]);
    expect(d.administration).toBeNull();
  });

  it('is a function of its input: the same source gives the same delivery', () => {
    expect(deliveredAt(source({ level: 'onderwijssoort' }))).toEqual(
      deliveredAt(source({ level: 'onderwijssoort' })),
    );
  });
});
