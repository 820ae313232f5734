import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../functions/lib/http.js';
import { S3ObjectStore } from '../../functions/lib/s3-object-store.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { createReportHandler } from '../../functions/report/report.js';
import { fixedClock } from '../../shared/clock.js';
import { acceptExport } from '../../shared/exports/accept-export.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import type { Principal, School } from '../../shared/model.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { apiEvent, lambdaContext } from '../support/events.js';
import { createBoard, createSchool, createToken } from '../support/fixtures.js';
import { pdfText } from '../support/pdf-text.js';

useLocalAws();
const YEAR = '2025-2026';
let store: Stores;
beforeAll(() => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
});

const upload = async (school: School, file: string) => {
  const r = await acceptExport(
    {
      store,
      objects: new S3ObjectStore(
        new S3Client({ forcePathStyle: true }),
        process.env.MSV_UPLOAD_BUCKET as string,
      ),
      clock: fixedClock('2026-02-10T10:00:00+01:00'),
    },
    {
      school,
      schoolYear: YEAR,
      instrument: getInstrument('msv-basis') as never,
      bytes: readFileSync(new URL(`../../events/exports/${file}`, import.meta.url)),
      actor: 'school:test',
      minGroupSize: 5,
      maxRows: 1000,
    },
  );
  if (r.status === 'rejected') throw new Error('sample rejected');
  return r.record.exportId;
};

const report = async (
  school: School,
  principal: Principal,
  query: Record<string, string> = {},
  now = '2026-02-10T10:00:00+01:00',
) => {
  const handler = createReportHandler({
    logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
    clock: fixedClock(now),
    store,
    config: { lowResponsePercent: 50 },
  });
  return (await handler(
    apiEvent({
      routeKey: 'GET /schools/{schoolId}/years/{schoolYear}/report',
      pathParameters: { schoolId: school.schoolId, schoolYear: YEAR },
      query,
      principal,
    }),
    lambdaContext(),
  )) as ApiResult;
};

describe('GET report', () => {
  it('returns the concept PDF of the current export, per onderwijssoort on request', async () => {
    const board = await createBoard(store);
    const school = await createSchool(store, board.boardId);
    const { principal } = await createToken(store, 'school', { schoolIds: [school.schoolId] });
    expect((await report(school, principal)).statusCode).toBe(404);

    const exportId = await upload(school, 'vo-excel-windows-1252.csv');
    const res = await report(school, principal, { level: 'onderwijssoort' });
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe('application/pdf');
    const bytes = Buffer.from(String(res.body), 'base64');
    const text = (await pdfText(bytes)).join('\n');
    expect(text).toContain(`${school.name} (${school.schoolId})`);
    expect(text).toContain('per onderwijssoort');
    expect(text).toContain('CONCEPT');
    expect(text).toContain(String(res.headers?.['x-msv-data-sha256']));
    expect(exportId).toMatch(/^exp_/);

    // Same data, same bytes.
    const again = await report(school, principal, { level: 'onderwijssoort' });
    expect(again.body).toBe(res.body);
    expect((await report(school, principal, { level: 'klas' })).statusCode).toBe(400);
  });

  it('past 1 July without a consent, is the report itself (no concept mark), for the school to upload', async () => {
    const board = await createBoard(store);
    const school = await createSchool(store, board.boardId);
    const { principal } = await createToken(store, 'school', { schoolIds: [school.schoolId] });
    await upload(school, 'vo-excel-windows-1252.csv');
    const before = await pdfText(Buffer.from(String((await report(school, principal)).body), 'base64'));
    expect(before.join('\n')).toContain('CONCEPT');
    const after = await report(school, principal, {}, '2026-07-01T00:00:00+02:00');
    expect(after.statusCode).toBe(200);
    const text = (await pdfText(Buffer.from(String(after.body), 'base64'))).join('\n');
    expect(text).not.toMatch(/concept/i);
    expect(text).toContain(`${school.name} (${school.schoolId})`);
  });

  it('refuses level onderwijssoort for a primary school, and other schools’ tokens', async () => {
    const board = await createBoard(store);
    const school = await createSchool(store, board.boardId, { sector: 'po' });
    const { principal } = await createToken(store, 'school', { schoolIds: [school.schoolId] });
    await upload(school, 'po-utf16.csv');
    expect((await report(school, principal, { level: 'onderwijssoort' })).statusCode).toBe(422);
    expect((await report(school, principal)).statusCode).toBe(200);
    const other = await createToken(store, 'school', { schoolIds: ['11AA11'] });
    expect((await report(school, other.principal)).statusCode).toBe(403);
  });
});
