/**
 * The country on its delivery days, for the national-day bench: N schools in the mix of the Netherlands (~6,200
 * primary schools, ~1,400 secondary school locations, ~300 special schools, scaled to N), under boards of the
 * sizes boards have, with exports of the sizes such schools upload, and consent dates spread over the last school
 * days of June with the largest share on 1 July. Deterministic: the same N gives the same country.
 */
import { ONDERWIJSSOORTEN, type Onderwijssoort, type Sector } from '../shared/ids.js';
import { ingestExport } from '../shared/ingest/ingest.js';
import type { IngestResult } from '../shared/ingest/types.js';
import { getInstrument } from '../shared/instruments/catalog.js';
import type { BoardInput as Board, Consent } from '../shared/model.js';
import { type SeedSchool, schoolIdsFor } from '../test/support/consented-schools.js';
import { type ExportShape, generateExport } from './ingest.js';

/** The school year whose delivery days are simulated, and its dates (weekdays) with their share of consents. */
export const NATIONAL_YEAR = '2026-2027';
export const NATIONAL_DATES: ReadonlyArray<{ date: string; share: number }> = [
  { date: '2027-06-21', share: 0.04 },
  { date: '2027-06-22', share: 0.04 },
  { date: '2027-06-23', share: 0.05 },
  { date: '2027-06-24', share: 0.05 },
  { date: '2027-06-25', share: 0.07 },
  { date: '2027-06-28', share: 0.08 },
  { date: '2027-06-29', share: 0.1 },
  { date: '2027-06-30', share: 0.15 },
  { date: '2027-07-01', share: 0.42 },
];

/** Schools per sector in the Netherlands (DUO's counts, rounded; the figures), scaled to the run's N. */
const COUNTRY: ReadonlyArray<{ sector: Sector; schools: number }> = [
  { sector: 'po', schools: 6200 },
  { sector: 'vo', schools: 1400 },
  { sector: 'so', schools: 150 },
  { sector: 'vso', schools: 150 },
];

/**
 * Respondents of a school's export: primary schools survey groep 5–8 (a school of ~220 pupils, about half of
 * them), secondary locations all years (from a small location to a large scholengemeenschap), special schools
 * few. A few sizes per sector, so that a run ingests each once and still has the spread.
 */
const SIZES: Readonly<Record<Sector, readonly number[]>> = {
  po: [30, 60, 90, 110, 130, 160, 220],
  vo: [180, 350, 550, 800, 1200, 1600],
  so: [15, 30, 50],
  vso: [25, 45, 80],
};

/** The onderwijssoorten secondary locations offer, most common first. */
const VO_OFFERS: ReadonlyArray<readonly Onderwijssoort[]> = [
  ['havo', 'vwo'],
  ['vmbo-b', 'vmbo-k', 'vmbo-gt'],
  ['vmbo-gt', 'havo', 'vwo'],
  ONDERWIJSSOORTEN,
  ['vmbo-b', 'vmbo-k', 'vmbo-gt', 'havo'],
  ['pro'],
];

/** Schools per board: many boards with one school, a long tail of large ones (~9 on average). */
const BOARD_SIZES = [1, 1, 1, 2, 3, 5, 8, 12, 20, 35];

/** A small deterministic generator (Park–Miller), so that a run is the same country every time. */
const random = (seed: number) => {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
};

const shapeOf = (sector: Sector, offers: readonly Onderwijssoort[]): ExportShape => {
  if (sector === 'po') return { leerjaren: [5, 6, 7, 8], onderwijssoorten: [] };
  if (sector === 'so') return { leerjaren: [3, 4, 5, 6, 7, 8], onderwijssoorten: [] };
  if (sector === 'vso') return { leerjaren: [1, 2, 3, 4], onderwijssoorten: [] };
  // vmbo and pro run four years; the rest six.
  const short = offers.every((o) => o === 'pro' || o.startsWith('vmbo'));
  return { leerjaren: short ? [1, 2, 3, 4] : [1, 2, 3, 4, 5, 6], onderwijssoorten: offers };
};

/** The country: its boards, and its schools as the seed writes them (test/support/consented-schools.ts). */
export interface NationalMix {
  boards: Board[];
  schools: SeedSchool[];
  /** Schools per sector, and exports' respondents in all. */
  bySector: Record<Sector, number>;
  respondents: number;
}

export const nationalMix = (count: number): NationalMix => {
  const instrument = getInstrument('msv-basis');
  if (!instrument) throw new Error('msv-basis missing');
  const rnd = random(20270701);
  const total = COUNTRY.reduce((n, c) => n + c.schools, 0);
  const sectors: Sector[] = [];
  for (const c of COUNTRY) {
    const n = Math.round((c.schools / total) * count);
    for (let i = 0; i < n && sectors.length < count; i++) sectors.push(c.sector);
  }
  while (sectors.length < count) sectors.push('po');
  // Interleaved, so that every board and every date gets primary and secondary schools alike.
  sectors.sort(() => rnd() - 0.5);

  const ingestedBy = new Map<string, Extract<IngestResult, { ok: true }>>();
  const ingested = (sector: Sector, offers: readonly Onderwijssoort[], rows: number) => {
    const key = `${sector}/${offers.join(',')}/${rows}`;
    let found = ingestedBy.get(key);
    if (!found) {
      const result = ingestExport(generateExport(rows, undefined, shapeOf(sector, offers)), {
        instrument,
        school: { sector, onderwijssoorten: [...offers] },
        minGroupSize: 5,
        maxRows: 10_000,
      });
      if (!result.ok) throw new Error(`generated ${key} export rejected: ${result.errors[0]?.message}`);
      found = result;
      ingestedBy.set(key, found);
    }
    return found;
  };

  const ids = schoolIdsFor(count);
  const boards: Board[] = [];
  const schools: SeedSchool[] = [];
  const bySector: Record<Sector, number> = { po: 0, vo: 0, so: 0, vso: 0 };
  let respondents = 0;
  let board: Board | undefined;
  let left = 0;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  for (const [i, sector] of sectors.entries()) {
    if (left === 0 || !board) {
      const boardId = String(40000 + boards.length);
      const admins = 1 + Math.floor(rnd() * 3);
      board = {
        boardId,
        reminders: true,
        name: `Stichting ${boardId}`,
        emails: Array.from({ length: admins }, (_, k) => `beheer${k + 1}@bestuur${boardId}.test`),
        createdAt: '2025-09-01T00:00:00.000Z',
      };
      boards.push(board);
      left = pick(BOARD_SIZES);
    }
    const { boardId } = board;
    left--;
    const offers = sector === 'vo' ? pick(VO_OFFERS) : [];
    const rows = pick(SIZES[sector]);
    const found = ingested(sector, offers, rows);
    bySector[sector]++;
    respondents += rows;
    const schoolId = ids[i] as string;
    let u = rnd();
    let date = NATIONAL_DATES[NATIONAL_DATES.length - 1]?.date as string;
    for (const d of NATIONAL_DATES) {
      if (u < d.share) {
        date = d.date;
        break;
      }
      u -= d.share;
    }
    const level: Consent['level'] =
      sector === 'vo' && offers.length > 1 && rnd() < 0.65 ? 'onderwijssoort' : 'school';
    schools.push({
      school: {
        schoolId,
        boardId,
        name: `${sector === 'po' ? 'Basisschool' : sector === 'vo' ? 'College' : 'School'} ${schoolId}`,
        sector,
        onderwijssoorten: [...offers],
        createdAt: '2025-09-01T00:00:00.000Z',
      },
      ingested: found,
      schoolYear: NATIONAL_YEAR,
      deliveryDate: date,
      level,
      // Some boards let the delivery take the latest export (consent in autumn, upload in spring).
      ...(rnd() < 0.15 ? { exportPolicy: 'latest' as const } : {}),
    });
  }
  return { boards, schools, bySector, respondents };
};
