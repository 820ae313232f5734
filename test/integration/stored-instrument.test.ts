/**
 * An instrument the operator stores, used without a deploy, through the API on the local stack (the local
 * gateway checking every answer against the contract, the real functions in their workers with their own
 * environment and IAM policy): `GET /instruments` lists it, an export in the vendor's own spelling — its column
 * name, 0-based answers, answers as words, an ignored column, a mixed brugklas — is accepted under it, and the
 * report is built from the version the export pinned, also after the operator stored version 2.
 */
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { type Instrument, instrumentSchema } from '../../shared/instruments/schema.js';
import type { School } from '../../shared/model.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { createBoard, createSchool, createToken } from '../support/fixtures.js';
import { startTestApi, type TestApi } from '../support/runtime.js';

useLocalAws();
const YEAR = '2025-2026';
const definition = (): Instrument =>
  instrumentSchema.parse(
    JSON.parse(
      readFileSync(new URL('../../events/instruments/example-instrument.json', import.meta.url), 'utf8'),
    ),
  );
let local: TestApi;
let api: string;
let store: Stores;
let school: School;
let token: string;

beforeAll(async () => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  const board = await createBoard(store);
  school = await createSchool(store, board.boardId, { sector: 'vo', onderwijssoorten: ['havo', 'vwo'] });
  ({ token } = await createToken(store, 'school', { schoolIds: [school.schoolId] }));
  local = await startTestApi({ now: '2026-03-02T10:00:00+01:00' });
  api = local.url;
}, 60_000);

afterAll(async () => {
  await local?.stop();
});

const call = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(`${api}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });
  const type = res.headers.get('content-type') ?? '';
  // biome-ignore lint/suspicious/noExplicitAny: checked field by field below.
  const body = (type.includes('json') ? await res.json() : await res.arrayBuffer()) as any;
  return { status: res.status, body };
};

/** Twelve respondents as the vendor exports them: its column name, words, 0-based codes, klas, havo/vwo. */
const vendorExport = () => {
  const header = [
    'Leerling',
    'leerjaar',
    'onderwijssoort',
    'klas',
    'V1',
    'gepest_online',
    'plezier',
    'vertrouwenspersoon',
  ];
  const rows = Array.from({ length: 12 }, (_, n) => [
    `L${n + 1}`,
    '1',
    n % 3 === 0 ? 'havo/vwo' : n % 2 ? 'vwo' : 'havo',
    'KLAS-1A-GEHEIM',
    ['helemaal niet waar', 'niet waar', 'waar', 'Helemaal  Waar'][n % 4] as string,
    String(1 + (n % 5)),
    String(n % 4),
    ['ja', 'nee', 'weet ik niet'][n % 3] as string,
  ]);
  return [header, ...rows].map((r) => r.join(';')).join('\r\n');
};

describe('an instrument the operator stored', () => {
  it('is listed, scores a vendor’s export in its own spelling, and reports under the version the export pinned', async () => {
    const put = await store.instruments.put(definition(), { at: '2026-03-01T09:00:00Z', by: 'operator' });
    expect(put).toEqual({ status: 'created', version: 1 });

    const listed = await call('/instruments');
    expect(listed.status).toBe(200);
    const ours = listed.body.find((i: { id: string }) => i.id === 'debrug-klimaat');
    expect(ours).toMatchObject({ version: 1, ignoredColumns: ['klas', 'afnamedatum', 'geslacht'] });
    expect(listed.body.map((i: { id: string }) => i.id).slice(0, 2)).toEqual(['msv-basis', 'msv-vijfpunts']);

    // "Leerling" is no column of ours: refused, naming it, nothing stored.
    const refused = await call(
      `/schools/${school.schoolId}/years/${YEAR}/exports?instrument=debrug-klimaat`,
      {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: vendorExport(),
      },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toContainEqual(
      expect.objectContaining({ code: 'unknown_column', field: 'Leerling' }),
    );

    const upload = await call(`/schools/${school.schoolId}/years/${YEAR}/exports?instrument=debrug-klimaat`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: vendorExport().replace('Leerling', 'respondent'),
    });
    expect(upload.status).toBe(201);
    expect(upload.body.summary).toMatchObject({
      instrument: 'debrug-klimaat',
      respondents: 12,
      ignoredColumns: ['klas'],
      onderwijssoorten: { havo: 8, vwo: 4 },
    });

    // The operator corrects the definition: version 2 scores new uploads; this export stays version 1.
    const v2 = { ...definition(), name: 'De Brug Schoolklimaatpeiling (herzien)' };
    expect(await store.instruments.put(v2, { at: '2026-03-02T09:00:00Z', by: 'operator' })).toEqual({
      status: 'created',
      version: 2,
    });
    const exports = await store.exports.list(school.schoolId, YEAR);
    expect(exports.find((e) => e.record.exportId === upload.body.exportId)?.record.instrumentVersion).toBe(1);
    const report = await call(`/schools/${school.schoolId}/years/${YEAR}/report`);
    expect(report.status).toBe(200);
    expect(Buffer.from(report.body).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
