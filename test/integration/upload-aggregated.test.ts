/**
 * A vendor's aggregates (`?format=aggregated`) through the API on the local stack (the contract-checking gateway,
 * the real authorizer, upload and report functions in their workers, DynamoDB Local and s3rver): accepted as
 * `vendor-aggregated`, listed with that mark, the same bytes again unchanged, the report saying where its
 * figures come from; a bad file refused by line, column and code with nothing stored; a bad format refused.
 */
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/lib/store/index.js';
import type { School } from '../../shared/model.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { createBoard, createSchool, createToken } from '../support/fixtures.js';
import { pdfText } from '../support/pdf-text.js';
import { startTestApi, type TestApi } from '../support/runtime.js';

useLocalAws();
const YEAR = '2025-2026';
const EXAMPLE = readFileSync(new URL('../../events/exports/aggregated-example.csv', import.meta.url), 'utf8');
let local: TestApi;
let store: Stores;
let school: School;
let token: string;

beforeAll(async () => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  const board = await createBoard(store);
  school = await createSchool(store, board.boardId, { sector: 'vo', onderwijssoorten: ['havo', 'vwo'] });
  ({ token } = await createToken(store, 'vendor', { schoolIds: [school.schoolId] }));
  local = await startTestApi({ now: '2026-03-02T10:00:00+01:00' });
}, 60_000);

afterAll(async () => {
  await local?.stop();
});

const call = async (path: string, init: { method?: string; body?: string; query?: string } = {}) => {
  const res = await fetch(`${local.url}${path}${init.query ?? ''}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  return res;
};
const upload = async (body: string, query = '?instrument=msv-basis&format=aggregated') => {
  const res = await call(`/schools/${school.schoolId}/years/${YEAR}/exports`, {
    method: 'POST',
    body,
    query,
  });
  // biome-ignore lint/suspicious/noExplicitAny: checked field by field below.
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('POST exports?format=aggregated', () => {
  it("accepts a vendor's aggregates, marked as such in the summary, the list and the report", async () => {
    const first = await upload(EXAMPLE);
    expect(first.status).toBe(201);
    expect(first.body.summary).toMatchObject({ source: 'vendor-aggregated', respondents: 25 });
    expect(first.body.summary.groups).toEqual(
      expect.arrayContaining([{ onderwijssoort: 'havo', leerjaar: 3, respondents: 12 }]),
    );
    const again = await upload(EXAMPLE);
    expect(again).toMatchObject({ status: 200, body: { unchanged: true, exportId: first.body.exportId } });

    const list = (await (await call(`/schools/${school.schoolId}/years/${YEAR}/exports`)).json()) as {
      exports: Array<{ exportId: string; summary: { source?: string } }>;
    };
    expect(list.exports.find((e) => e.exportId === first.body.exportId)?.summary.source).toBe(
      'vendor-aggregated',
    );

    const pdf = await call(`/schools/${school.schoolId}/years/${YEAR}/report`, { query: '?level=school' });
    expect(pdf.status).toBe(200);
    const text = (await pdfText(new Uint8Array(await pdf.arrayBuffer()))).join(' ');
    expect(text).toContain('totalen van de leverancier');
  });

  it('refuses a bad file by line, column and code, storing nothing; and a format it does not know', async () => {
    const before = (await store.exports.list(school.schoolId, YEAR)).length;
    const lines = EXAMPLE.split(/\r?\n/);
    const header = (lines[0] ?? '').split(';');
    const meanColumn = header.indexOf('mean') + 1;
    // The first item row's mean, off a 4-point scale.
    const at = lines.findIndex((l) => /^school;;;[a-z]+[0-9];;\d+;[\d,]+;/.test(l));
    const bad = [...lines];
    const cells = (bad[at] ?? '').split(';');
    cells[meanColumn - 1] = '4,5';
    bad[at] = cells.join(';');
    const refused = await upload(bad.join('\n'));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'invalid_export', errorCount: 1 });
    expect(refused.body.errors[0]).toMatchObject({
      line: at + 1,
      column: meanColumn,
      field: 'mean',
      code: 'mean_out_of_scale',
    });
    expect((await store.exports.list(school.schoolId, YEAR)).length).toBe(before);

    expect(await upload(EXAMPLE, '?instrument=msv-basis&format=totals')).toMatchObject({
      status: 400,
      body: { code: 'invalid_format', field: 'format' },
    });
    // Respondent rows are not aggregates: read as aggregates, the header is refused.
    const rows = await upload(
      readFileSync(new URL('../../events/exports/vo-utf8-bom-comma.csv', import.meta.url), 'utf8'),
    );
    expect(rows.status).toBe(422);
    expect(rows.body.errors.map((e: { code: string }) => e.code)).toContain('unknown_column');
  });

  it("is one school's: the upload for several schools refuses it", async () => {
    const res = await call('/exports', {
      method: 'POST',
      body: EXAMPLE,
      query: `?schoolYear=${YEAR}&instrument=msv-basis&format=aggregated`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('invalid_format');
  });
});
