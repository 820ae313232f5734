/**
 * An export pins the instrument definition's version it was checked and counted under: the same bytes under a
 * corrected definition are another export, and the report of an export is built from its own version or not at
 * all (never from a definition that may read the items differently).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../functions/lib/s3-object-store.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { fixedClock } from '../../shared/clock.js';
import { acceptExport } from '../../shared/exports/accept-export.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import type { Instrument } from '../../shared/instruments/schema.js';
import { ReportSourceMissingError, reportInputFor } from '../../shared/report/report-input.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { createBoard, createSchool } from '../support/fixtures.js';
import { basisRows, csvBytes } from '../support/workbooks.js';

useLocalAws();
const YEAR = '2025-2026';
let store: Stores;
let objects: S3ObjectStore;

beforeAll(() => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  objects = new S3ObjectStore(
    new S3Client({ forcePathStyle: true }),
    process.env.MSV_UPLOAD_BUCKET as string,
  );
});

describe('an export and its instrument version', () => {
  it('records the version, takes the same bytes under version 2 as a new export, and reports only its own', async () => {
    const board = await createBoard(store);
    const school = await createSchool(store, board.boardId, {
      sector: 'vo',
      onderwijssoorten: ['havo', 'vwo'],
    });
    const bytes = csvBytes(basisRows(20));
    const deps = { store, objects, clock: fixedClock('2026-03-02T10:00:00Z') };
    const accept = (instrument: Instrument) =>
      acceptExport(deps, {
        school,
        schoolYear: YEAR,
        instrument,
        bytes,
        actor: 'school:test',
        minGroupSize: 5,
        maxRows: 1000,
      });
    const v1 = getInstrument('msv-basis') as Instrument;
    const first = await accept(v1);
    expect(first.status).toBe('created');
    if (first.status !== 'created') return;
    expect(first.record.instrumentVersion).toBe(1);
    expect((await accept(v1)).status).toBe('unchanged');

    const second = await accept({ ...v1, version: 2 });
    expect(second.status).toBe('created');
    if (second.status !== 'created') return;
    expect(second.record.exportId).not.toBe(first.record.exportId);
    expect(second.record.instrumentVersion).toBe(2);

    const report = (exportId: string) =>
      reportInputFor(store, {
        school,
        schoolYear: YEAR,
        consent: undefined,
        exportId,
        preview: true,
        lowResponsePercent: 50,
      });
    expect((await report(first.record.exportId)).instrument.version).toBe(1);
    // Version 2 is not the definition this deployment reads for msv-basis: no report rather than a wrong one.
    await expect(report(second.record.exportId)).rejects.toBeInstanceOf(ReportSourceMissingError);
  });
});
