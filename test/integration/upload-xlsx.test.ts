/**
 * Excel workbooks through the API on the local stack (the local gateway checking every answer against the
 * contract, the real authorizer and upload function in their workers, DynamoDB Local and s3rver), each written
 * by SheetJS at test time: accepted as its CSV file is, the same bytes again unchanged, and refused with 422
 * `invalid_export` by row, column letters and sheet — storing nothing — for a formula, merged cells and values
 * on two sheets; an old .xls refused whole. Also the bulk upload of a folder with a `.xlsx`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { uploadFolder } from '../../infra/admin/bulk-upload/upload-folder.js';
import type { School } from '../../shared/model.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { createBoard, createSchool, createToken } from '../support/fixtures.js';
import { startTestApi, type TestApi } from '../support/runtime.js';
import { basisRows, type Cell, csvBytes, formula, workbookBytes } from '../support/workbooks.js';

useLocalAws();
const YEAR = '2025-2026';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let local: TestApi;
let api: string;
let store: Stores;
let school: School;
let token: string;

beforeAll(async () => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  const board = await createBoard(store);
  school = await createSchool(store, board.boardId, { sector: 'vo', onderwijssoorten: ['havo', 'vwo'] });
  ({ token } = await createToken(store, 'vendor', { schoolIds: [school.schoolId] }));
  local = await startTestApi({ now: '2026-03-02T10:00:00+01:00' });
  api = local.url;
}, 60_000);

afterAll(async () => {
  await local?.stop();
});

const upload = async (bytes: Uint8Array, contentType = XLSX_TYPE, schoolId = school.schoolId, query = '') => {
  const res = await fetch(`${api}/schools/${schoolId}/years/${YEAR}/exports?instrument=msv-basis${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: Buffer.from(bytes),
  });
  // biome-ignore lint/suspicious/noExplicitAny: checked field by field below.
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

const exportCount = async () => (await store.exports.list(school.schoolId, YEAR)).length;

describe('POST exports with an Excel workbook', () => {
  it('accepts a workbook as its CSV file, and the same bytes again as unchanged', async () => {
    const rows = basisRows(120);
    const bytes = workbookBytes({ name: 'Resultaten', rows });
    const first = await upload(bytes);
    expect(first.status).toBe(201);
    expect(first.body.summary).toMatchObject({ sheet: 'Resultaten', delimiter: null, respondents: 120 });
    const again = await upload(bytes, 'application/octet-stream');
    expect(again).toMatchObject({ status: 200, body: { unchanged: true, exportId: first.body.exportId } });
    // The same data as CSV: the same counts (another export, as its bytes differ).
    const csv = await upload(csvBytes(rows), 'text/csv');
    expect(csv.status).toBe(201);
    expect(csv.body.summary.groups).toEqual(first.body.summary.groups);
  });

  it('refuses formulas, merged cells and two filled sheets by row, column letters and sheet, storing nothing', async () => {
    const before = await exportCount();
    const withFormula: Cell[][] = basisRows(20);
    (withFormula[3] as Cell[])[4] = formula('2+1', 3);
    const bad = await upload(workbookBytes({ name: 'Blad1', rows: withFormula }));
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({
      code: 'invalid_export',
      errorCount: 1,
      errors: [{ line: 4, column: 5, columnLetter: 'E', sheet: 'Blad1', code: 'formula_cell' }],
    });
    const merged = await upload(workbookBytes({ name: 'Blad1', rows: basisRows(20), merges: ['C2:C3'] }));
    expect(merged.body.errors).toEqual([
      expect.objectContaining({ line: 2, columnLetter: 'C', code: 'merged_cells' }),
    ]);
    const two = await upload(
      workbookBytes({ name: 'Blad1', rows: basisRows(20) }, { name: 'Blad2', rows: [['notities']] }),
    );
    expect(two.body.errors).toEqual([expect.objectContaining({ line: 0, code: 'several_sheets' })]);
    const xls = await upload(
      Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      'application/vnd.ms-excel',
    );
    expect(xls.body.errors).toEqual([expect.objectContaining({ line: 0, code: 'unsupported_workbook' })]);
    expect(await exportCount()).toBe(before);
  });

  it('reads the worksheet ?sheet= names, each sheet an export of its own; an unknown or too long name is refused', async () => {
    const before = await exportCount();
    const bytes = workbookBytes(
      { name: 'Klas 2024', rows: basisRows(30) },
      { name: 'Resultaten 2025', rows: basisRows(50) },
    );
    const newer = await upload(
      bytes,
      XLSX_TYPE,
      school.schoolId,
      `&sheet=${encodeURIComponent('resultaten 2025')}`,
    );
    expect(newer.status).toBe(201);
    expect(newer.body.summary).toMatchObject({ sheet: 'Resultaten 2025', respondents: 50 });
    const older = await upload(
      bytes,
      XLSX_TYPE,
      school.schoolId,
      `&sheet=${encodeURIComponent('Klas 2024')}`,
    );
    expect(older.status).toBe(201);
    expect(older.body.summary).toMatchObject({ sheet: 'Klas 2024', respondents: 30 });
    expect(older.body.exportId).not.toBe(newer.body.exportId);
    // The same sheet again, in another case: the same export, unchanged.
    const again = await upload(bytes, XLSX_TYPE, school.schoolId, '&sheet=KLAS%202024');
    expect(again).toMatchObject({ status: 200, body: { unchanged: true, exportId: older.body.exportId } });
    const missing = await upload(bytes, XLSX_TYPE, school.schoolId, '&sheet=Blad1');
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([
      expect.objectContaining({
        line: 0,
        code: 'sheet_not_found',
        message: expect.stringContaining('Klas 2024'),
      }),
    ]);
    const long = await upload(bytes, XLSX_TYPE, school.schoolId, `&sheet=${'x'.repeat(32)}`);
    expect(long).toMatchObject({ status: 400, body: { code: 'invalid_sheet', field: 'sheet' } });
    expect(await exportCount()).toBe(before + 2);
  });

  it('skips klas, geslacht and opmerking unread and stores them nowhere; reads answers as labels and havo/vwo', async () => {
    // Values that must not reach S3 or DynamoDB, in a workbook and in a CSV file.
    const SECRET = { klas: 'KLAS-2B-ZZ', geslacht: 'GESLACHT-XQ', opmerking: 'Ik word gepest door Jan-ZZ' };
    const basis = basisRows(12);
    const header = basis[0] as Array<string | number>;
    const labels = ['helemaal niet waar', 'niet waar', 'wel waar', 'helemaal waar'];
    const rows = [
      ['klas', 'Geslacht', ...header, 'Opmerking'],
      ...basis.slice(1).map((r, n) => [
        SECRET.klas,
        SECRET.geslacht,
        r[0] as string,
        r[1] as number,
        n % 3 === 0 ? 'havo/vwo' : (r[2] as string),
        // vb1 as a word on its scale, as vendors export it.
        labels[(r[3] as number) - 1] ?? '',
        ...r.slice(4),
        SECRET.opmerking,
      ]),
    ];
    const book = await upload(workbookBytes({ name: 'Export', rows }));
    expect(book.status).toBe(201);
    expect(book.body.summary).toMatchObject({
      ignoredColumns: ['klas', 'Geslacht', 'Opmerking'],
      respondents: 12,
    });
    const text = await upload(csvBytes(rows), 'text/csv');
    expect(text.status).toBe(201);
    expect(text.body.summary.groups).toEqual(book.body.summary.groups);

    const s3 = new S3Client({ forcePathStyle: true });
    const bucket = process.env.MSV_UPLOAD_BUCKET as string;
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: `raw/${school.schoolId}/` }),
    );
    const stored = await Promise.all(
      (listed.Contents ?? []).map(async (o) =>
        (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }))).Body?.transformToString(
          'latin1',
        ),
      ),
    );
    expect(stored.length).toBeGreaterThan(0);
    const table = await new DynamoDBClient({}).send(
      new ScanCommand({ TableName: process.env.MSV_TABLE_NAME as string }),
    );
    const everything = [...stored, JSON.stringify(table.Items)].join('\n');
    for (const value of Object.values(SECRET)) expect(everything).not.toContain(value);
    s3.destroy();
  });

  it('takes a {schoolId}.xlsx in the bulk upload', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msv-bulk-xlsx-'));
    writeFileSync(
      join(dir, `${school.schoolId}.xlsx`),
      workbookBytes({ name: 'Blad1', rows: basisRows(40) }),
    );
    const report = await uploadFolder({
      dir,
      api,
      token,
      schoolYear: YEAR,
      instrument: 'msv-basis',
      concurrency: 1,
    });
    expect(report.skipped).toEqual([]);
    expect(report.results).toEqual([expect.objectContaining({ outcome: 'accepted', rows: 40 })]);
  });
});
