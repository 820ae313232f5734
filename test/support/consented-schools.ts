/**
 * Many schools with an accepted export and an active consent for one delivery date, written straight into the
 * table as the operator would (the consent's transaction writes its per-date reference too). For the delivery-day
 * bench and the crash-recovery test: fast to seed, and the same 300-respondent VO export for every school.
 */
import { generateExport } from '../../bench/ingest.js';
import { mapWithConcurrency } from '../../shared/concurrency.js';
import type { Onderwijssoort } from '../../shared/ids.js';
import { ingestExport } from '../../shared/ingest/ingest.js';
import type { IngestResult } from '../../shared/ingest/types.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import type { Consent, School } from '../../shared/model.js';
import type { Stores } from '../../shared/store/stores.js';
import { storeFirstConsent } from './fixtures.js';

const ONDERWIJSSOORTEN = ['pro', 'vmbo-b', 'vmbo-k', 'vmbo-gt', 'havo', 'vwo'] as const;

/** School ids `10AA00`, `10AB00`, … — distinct for up to 10,000 per `series`, 100 series. */
export const schoolIdsFor = (count: number, series = 0): string[] =>
  Array.from({ length: count }, (_, i) => {
    const n = i % 10000;
    const letters = `${String.fromCharCode(65 + (Math.floor(n / 26) % 26))}${String.fromCharCode(65 + (n % 26))}`;
    return `${String(10 + Math.floor(n / 676)).padStart(2, '0')}${letters}${String(series + Math.floor(i / 10000)).padStart(2, '0')}`;
  });

/** One school of a seed: where it stands, its accepted export (already ingested) and its consent's choices. */
export interface SeedSchool {
  school: School;
  ingested: Extract<IngestResult, { ok: true }>;
  schoolYear: string;
  deliveryDate: string;
  level: Consent['level'];
  exportPolicy?: Consent['exportPolicy'];
}

const AT = '2026-02-10T09:00:00.000Z';

/** Writes one school, its accepted export and its first consent, as the API would have left them. */
export const seedSchool = async (
  store: Pick<Stores, 'schools' | 'exports' | 'consents'>,
  seed: SeedSchool,
): Promise<void> => {
  const { school, ingested, schoolYear, deliveryDate } = seed;
  const { schoolId } = school;
  await store.schools.put(school);
  const exportId = `exp_${schoolId}`;
  await store.exports.saveAccepted({
    record: {
      exportId,
      schoolId,
      schoolYear,
      instrument: 'msv-basis',
      sha256: '0'.repeat(64),
      bytes: 1,
      rawKey: `raw/${schoolId}`,
      respondents: ingested.summary.respondents,
      acceptedAt: AT,
      uploadedBy: 'bench',
    },
    summary: ingested.summary,
    aggregates: ingested.aggregates,
    audit: { schoolId, schoolYear, at: AT, actor: 'bench', action: 'export_accepted', detail: {} },
  });
  const consent: Consent = {
    schoolId,
    schoolYear,
    status: 'active',
    level: seed.level,
    deliveryDate,
    // A `latest` consent names no export: the delivery takes the current one (shared/consent/export-policy.ts).
    ...(seed.exportPolicy === 'latest' ? { exportPolicy: 'latest' as const } : { exportId }),
    administration: {
      surveyedLeerjaren: [1, 2, 3],
      period: { from: '2026-01-12', to: '2026-02-06' },
      mode: 'online',
      anonymous: true,
      supervision: 'mentor',
      studentCounts: [
        school.onderwijssoorten.length > 0
          ? { onderwijssoort: school.onderwijssoorten[0] as Onderwijssoort, leerjaar: 1, students: 40 }
          : { leerjaar: 8, students: 28 },
      ],
    },
    updatedBy: 'board:bench',
    updatedAt: '2026-03-01T10:00:00.000Z',
    givenAt: '2026-03-01T10:00:00.000Z',
    version: 1,
  };
  await storeFirstConsent(store, consent, 'board:bench');
};

export const seedConsentedSchools = async (
  store: Pick<Stores, 'boards' | 'schools' | 'exports' | 'consents'>,
  opts: { count: number; deliveryDate: string; schoolYear: string; boardId?: string; series?: number },
): Promise<string[]> => {
  const instrument = getInstrument('msv-basis');
  if (!instrument) throw new Error('msv-basis missing');
  const ingested = ingestExport(generateExport(300), {
    instrument,
    school: { sector: 'vo', onderwijssoorten: [...ONDERWIJSSOORTEN] },
    minGroupSize: 5,
    maxRows: 1000,
  });
  if (!ingested.ok) throw new Error('generated export rejected');
  const boardId = opts.boardId ?? '40000';
  await store.boards.put({
    boardId,
    name: 'Stichting Bench',
    emails: ['bench@msv.test'],
    createdAt: '2025-09-01T00:00:00.000Z',
  });
  const ids = schoolIdsFor(opts.count, opts.series);
  await mapWithConcurrency(ids, 16, (schoolId) =>
    seedSchool(store, {
      school: {
        schoolId,
        boardId,
        name: `School ${schoolId}`,
        sector: 'vo',
        onderwijssoorten: [...ONDERWIJSSOORTEN],
        createdAt: '2025-09-01T00:00:00.000Z',
      },
      ingested,
      schoolYear: opts.schoolYear,
      deliveryDate: opts.deliveryDate,
      level: 'onderwijssoort',
    }),
  );
  return ids;
};
