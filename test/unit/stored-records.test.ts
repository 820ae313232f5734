/**
 * The schemas the store reads items through keep every field ingestion and the domain write, in the order they
 * write them: a record read back serialises as it was written, so the API's answers and the delivered data.json
 * do not change by being read through a schema.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestExport } from '../../shared/ingest/ingest.js';
import { aggregatesSchema, exportSummarySchema } from '../../shared/ingest/schemas.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import { auditEntrySchema, type DeliveryRecord, deliveryRecordSchema } from '../../shared/model.js';
import { consentFixture } from '../support/fixtures.js';

/** The record as it comes back from a store: a copy, with the key attributes the table adds. */
const stored = <T extends object>(record: T) => ({
  pk: 'P',
  sk: 'S',
  gsi1pk: 'G',
  ...JSON.parse(JSON.stringify(record)),
});

const ingested = ingestExport(
  readFileSync(new URL('../../events/exports/vo-excel-windows-1252.csv', import.meta.url)),
  {
    instrument: getInstrument('msv-basis') as never,
    school: { sector: 'vo', onderwijssoorten: ['havo', 'vwo'] },
    minGroupSize: 5,
    maxRows: 1000,
  },
);
if (!ingested.ok) throw new Error('sample export rejected');

const consent = consentFixture();

describe('stored records', () => {
  it('reads an export summary and its aggregates back whole, in the order ingestion wrote them', () => {
    const { summary, aggregates } = ingested;
    expect(JSON.stringify(exportSummarySchema.parse(stored(summary)))).toBe(JSON.stringify(summary));
    expect(JSON.stringify(aggregatesSchema.parse(stored(aggregates)))).toBe(JSON.stringify(aggregates));
    expect(aggregates.levels.some((l) => l.items.some((i) => i.distribution !== null))).toBe(true);
  });

  it('reads delivery records and both kinds of audit entry back whole', () => {
    const record: DeliveryRecord = {
      deliveryId: 'dlv_1',
      schoolId: '22KC00',
      schoolYear: '2025-2026',
      deliveryDate: '2026-06-16',
      level: 'school',
      exportId: 'exp_1',
      consentVersion: 1,
      bucket: 'b',
      prefix: 'deliveries/x/',
      files: [{ name: 'report.pdf', key: 'deliveries/x/report.pdf', sha256: 'a'.repeat(64), bytes: 10 }],
      deliveredAt: '2026-06-16T04:00:00.000Z',
      mailSentAt: null,
    };
    expect(deliveryRecordSchema.parse(stored(record))).toEqual(record);
    const base = { schoolId: '22KC00', schoolYear: '2025-2026', at: '2026-03-02T09:00:00.000Z', actor: 'x' };
    const rejected = {
      ...base,
      action: 'export_rejected',
      detail: { errorCount: 3, codes: ['out_of_scale'] },
    };
    const given = { ...base, action: 'consent_given', detail: { before: null, after: consent } };
    expect(auditEntrySchema.parse(stored(rejected))).toEqual(rejected);
    expect(auditEntrySchema.parse(stored(given))).toEqual(given);
    expect(() => auditEntrySchema.parse(stored({ ...given, detail: { before: null } }))).toThrow();
  });
});
