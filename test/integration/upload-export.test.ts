import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGetSchoolYearHandler } from '../../functions/get-school-year/get-school-year.js';
import type { ApiResult } from '../../functions/lib/http.js';
import { S3ObjectStore } from '../../functions/lib/s3-object-store.js';
import { SesMailer } from '../../functions/lib/ses-mailer.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { createListExportsHandler } from '../../functions/list-exports/list-exports.js';
import { createUploadExportHandler } from '../../functions/upload-export/upload-export.js';
import { fixedClock } from '../../shared/clock.js';
import { rawKeyOf, sha256Hex } from '../../shared/exports/accept-export.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import type { ObjectStore } from '../../shared/ports.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { apiEvent, lambdaContext } from '../support/events.js';
import { createBoard, createSchool, createToken } from '../support/fixtures.js';

useLocalAws();

const sampleExport = (name: string) => readFileSync(new URL(`../../events/exports/${name}`, import.meta.url));
const YEAR = '2025-2026';
const UPLOAD = 'POST /schools/{schoolId}/years/{schoolYear}/exports';

const logger = new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' });
const config = {
  minGroupSize: 5,
  maxRows: 100_000,
  maxUploadBytes: 5 * 1024 * 1024,
  maxSchoolsPerUpload: 200,
};
let store: Stores;
let objects: S3ObjectStore;
let s3: S3Client;
let bucket: string;

beforeAll(() => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  s3 = new S3Client({ forcePathStyle: true });
  bucket = process.env.MSV_UPLOAD_BUCKET as string;
  objects = new S3ObjectStore(s3, bucket);
});

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field by the assertions below.
const body = (res: ApiResult) => JSON.parse(String(res.body)) as Record<string, any>;

/** A VO school (havo, vwo) with its own school token. */
const setup = async () => {
  const board = await createBoard(store);
  const school = await createSchool(store, board.boardId, {
    sector: 'vo',
    onderwijssoorten: ['havo', 'vwo'],
  });
  const { principal } = await createToken(store, 'school', { schoolIds: [school.schoolId] });
  return { board, school, principal };
};

const upload = (
  deps: { objects?: ObjectStore; maxUploadBytes?: number } = {},
  input: {
    schoolId: string;
    principal: Awaited<ReturnType<typeof setup>>['principal'];
    bytes: Uint8Array | string;
    contentType?: string;
    instrument?: string | null;
    schoolYear?: string;
  },
) => {
  const handler = createUploadExportHandler({
    config: { ...config, maxUploadBytes: deps.maxUploadBytes ?? config.maxUploadBytes },
    logger,
    clock: fixedClock('2026-03-02T10:00:00+01:00'),
    store,
    objects: deps.objects ?? objects,
    mailer: new SesMailer(new SESClient({}), 'msv@example.nl', undefined),
  });
  const query: Record<string, string> = {};
  if (input.instrument !== null) query.instrument = input.instrument ?? 'msv-basis';
  return handler(
    apiEvent({
      routeKey: UPLOAD,
      pathParameters: { schoolId: input.schoolId, schoolYear: input.schoolYear ?? YEAR },
      query,
      headers: { 'content-type': input.contentType ?? 'text/csv' },
      body: input.bytes,
      principal: input.principal,
    }),
    lambdaContext(),
  ) as Promise<ApiResult>;
};

describe('POST exports', () => {
  it('accepts the Excel-style export, stores raw bytes in S3 and aggregates in DynamoDB', async () => {
    const { school, principal } = await setup();
    const bytes = sampleExport('vo-excel-windows-1252.csv');
    const res = await upload(
      {},
      { schoolId: school.schoolId, principal, bytes, contentType: 'text/csv; charset=windows-1252' },
    );
    expect(res.statusCode).toBe(201);
    const out = body(res);
    expect(out.status).toBe('accepted');
    expect(out.exportId).toMatch(/^exp_[0-9a-f]{24}$/);
    expect(out.respondents).toBeGreaterThan(0);
    expect(out.summary.encoding).toBe('windows-1252');
    expect(out.summary.delimiter).toBe(';');

    const raw = await objects.get(rawKeyOf(school.schoolId, YEAR, sha256Hex(bytes)));
    expect(Buffer.from(raw as Uint8Array).equals(bytes)).toBe(true);

    const current = await store.exports.getCurrent(school.schoolId, YEAR);
    expect(current?.record.exportId).toBe(out.exportId);
    expect(current?.aggregates.levels[0]?.level).toBe('school');
    expect(current?.aggregates.levels[0]?.respondents).toBe(out.respondents);
    const audit = await store.audit.list(school.schoolId, YEAR);
    expect(audit.map((a) => a.action)).toEqual(['export_accepted']);
  });

  it('answers 200 with the same exportId for the same bytes, and keeps one export', async () => {
    const { school, principal } = await setup();
    const bytes = sampleExport('vo-utf8-bom-comma.csv');
    const first = await upload({}, { schoolId: school.schoolId, principal, bytes });
    const again = await upload({}, { schoolId: school.schoolId, principal, bytes });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(body(again).exportId).toBe(body(first).exportId);
    expect(await store.exports.list(school.schoolId, YEAR)).toHaveLength(1);
  });

  it('lets concurrent uploads of the same bytes both succeed with one export', async () => {
    const { school, principal } = await setup();
    const bytes = sampleExport('vo-utf8-bom-comma.csv');
    const results = await Promise.all(
      [1, 2, 3].map(() => upload({}, { schoolId: school.schoolId, principal, bytes })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => body(r).exportId)).size).toBe(1);
    expect(await store.exports.list(school.schoolId, YEAR)).toHaveLength(1);
  });

  it('makes the newest accepted export current and keeps earlier ones listed', async () => {
    const { school, principal } = await setup();
    const first = body(
      await upload(
        {},
        { schoolId: school.schoolId, principal, bytes: sampleExport('vo-excel-windows-1252.csv') },
      ),
    );
    const second = body(
      await upload(
        {},
        { schoolId: school.schoolId, principal, bytes: sampleExport('vo-utf8-bom-comma.csv') },
      ),
    );
    const list = await createListExportsHandler({
      logger,
      clock: fixedClock('2026-03-02T10:00:00+01:00'),
      store,
    })(
      apiEvent({
        routeKey: 'GET /schools/{schoolId}/years/{schoolYear}/exports',
        pathParameters: { schoolId: school.schoolId, schoolYear: YEAR },
        principal,
      }),
      lambdaContext(),
    );
    const listed = body(list as ApiResult);
    expect(listed.exports.map((e: { exportId: string }) => e.exportId).sort()).toEqual(
      [first.exportId, second.exportId].sort(),
    );
    expect(listed.currentExportId).toBe(second.exportId);

    const overview = body(
      (await createGetSchoolYearHandler({
        logger,
        store,
        clock: fixedClock('2026-03-02T10:00:00+01:00'),
        config: { lowResponsePercent: 50 },
      })(
        apiEvent({
          routeKey: 'GET /schools/{schoolId}/years/{schoolYear}',
          pathParameters: { schoolId: school.schoolId, schoolYear: YEAR },
          principal,
        }),
        lambdaContext(),
      )) as ApiResult,
    );
    expect(overview.currentExport.exportId).toBe(second.exportId);
    expect(overview.currentExport.aggregates.levels.length).toBeGreaterThan(1);
  });

  it('rejects wrong answers with 422 naming line and column, and stores nothing but an audit entry', async () => {
    const { school, principal } = await setup();
    const bytes = sampleExport('vo-wrong-answers.csv');
    const res = await upload({}, { schoolId: school.schoolId, principal, bytes });
    expect(res.statusCode).toBe(422);
    const out = body(res);
    expect(out.code).toBe('invalid_export');
    expect(out.errorCount).toBeGreaterThan(0);
    const outOfScale = out.errors.find((e: { code: string }) => e.code === 'out_of_scale');
    expect(outOfScale).toMatchObject({
      line: expect.any(Number),
      column: expect.any(Number),
      field: expect.any(String),
    });
    expect(outOfScale.line).toBeGreaterThan(1);

    expect(await store.exports.list(school.schoolId, YEAR)).toEqual([]);
    expect(await store.exports.getCurrent(school.schoolId, YEAR)).toBeUndefined();
    await expect(
      s3.send(
        new HeadObjectCommand({ Bucket: bucket, Key: rawKeyOf(school.schoolId, YEAR, sha256Hex(bytes)) }),
      ),
    ).rejects.toThrow();
    const audit = await store.audit.list(school.schoolId, YEAR);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'export_rejected', detail: { errorCount: out.errorCount } });
  });

  it.each(['naam', 'constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'refuses a column named %j with 422 at its position, and keeps no raw bytes',
    async (name) => {
      const { school, principal } = await setup();
      const items = getInstrument('msv-basis')?.items ?? [];
      const codes = items.map((i) => i.code).join(';');
      const answers = items.map(() => '1').join(';');
      const bytes = Buffer.from(
        `respondent;leerjaar;onderwijssoort;${name};${codes}\r\nr1;3;havo;Jan Jansen 2011-04-01;${answers}\r\n`,
      );
      const res = await upload({}, { schoolId: school.schoolId, principal, bytes });
      expect(res.statusCode).toBe(422);
      expect(body(res)).toMatchObject({
        code: 'invalid_export',
        errorCount: 1,
        errors: [{ line: 1, column: 4, field: name, code: 'unknown_column' }],
      });
      await expect(
        s3.send(
          new HeadObjectCommand({ Bucket: bucket, Key: rawKeyOf(school.schoolId, YEAR, sha256Hex(bytes)) }),
        ),
      ).rejects.toThrow();
      expect(await store.exports.list(school.schoolId, YEAR)).toEqual([]);
    },
  );

  it('rejects a PDF as binary content, and a broken ZIP as an unreadable workbook', async () => {
    const { school, principal } = await setup();
    const pdf = await upload({}, { schoolId: school.schoolId, principal, bytes: sampleExport('binary.bin') });
    expect(pdf.statusCode).toBe(422);
    expect(body(pdf).errors[0].code).toBe('binary_content');
    // A ZIP signature and nothing of a workbook after it: a download cut short.
    const cut = new Uint8Array([
      0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00,
    ]);
    const zip = await upload({}, { schoolId: school.schoolId, principal, bytes: cut });
    expect(zip.statusCode).toBe(422);
    expect(body(zip).errors[0].code).toBe('workbook_unreadable');
    expect(await store.exports.list(school.schoolId, YEAR)).toEqual([]);
  });

  it('answers 413 over the size limit, 415 for a wrong content type, 400 for a missing or unknown instrument', async () => {
    const { school, principal } = await setup();
    const bytes = sampleExport('vo-excel-windows-1252.csv');
    const tooBig = await upload({ maxUploadBytes: 100 }, { schoolId: school.schoolId, principal, bytes });
    expect(tooBig.statusCode).toBe(413);
    expect(body(tooBig).code).toBe('payload_too_large');

    const form = await upload(
      {},
      { schoolId: school.schoolId, principal, bytes, contentType: 'application/x-www-form-urlencoded' },
    );
    expect(form.statusCode).toBe(415);
    expect(body(form).code).toBe('unsupported_media_type');

    const missing = await upload({}, { schoolId: school.schoolId, principal, bytes, instrument: null });
    expect([missing.statusCode, body(missing).code]).toEqual([400, 'missing_instrument']);
    const unknown = await upload(
      {},
      { schoolId: school.schoolId, principal, bytes, instrument: 'vensters-2019' },
    );
    expect([unknown.statusCode, body(unknown).code]).toEqual([400, 'unknown_instrument']);
    expect(await store.exports.list(school.schoolId, YEAR)).toEqual([]);
  });

  it('answers 400 for a malformed school id or school year', async () => {
    const { school, principal } = await setup();
    const bytes = sampleExport('vo-excel-windows-1252.csv');
    const badId = await upload({}, { schoolId: '22kc', principal, bytes });
    expect([badId.statusCode, body(badId).code, body(badId).field]).toEqual([
      400,
      'invalid_school_id',
      'schoolId',
    ]);
    const badYear = await upload(
      {},
      { schoolId: school.schoolId, principal, bytes, schoolYear: '2025-2027' },
    );
    expect([badYear.statusCode, body(badYear).code]).toEqual([400, 'invalid_school_year']);
    // Well-formed, but before the duty began or after next school year (the clock says 2 March 2026).
    for (const schoolYear of ['0000-0001', '2014-2015', '2027-2028', '9998-9999']) {
      const res = await upload({}, { schoolId: school.schoolId, principal, bytes, schoolYear });
      expect([res.statusCode, body(res).code, body(res).field], schoolYear).toEqual([
        400,
        'invalid_school_year',
        'schoolYear',
      ]);
      expect(body(res).messageNl).toContain('2015-2016');
    }
    expect(await store.exports.list(school.schoolId, '9998-9999')).toEqual([]);
    const first = await upload({}, { schoolId: school.schoolId, principal, bytes, schoolYear: '2015-2016' });
    const next = await upload({}, { schoolId: school.schoolId, principal, bytes, schoolYear: '2026-2027' });
    expect([first.statusCode, next.statusCode]).toEqual([201, 201]);
  });

  it('stores nothing and leaks nothing when S3 fails', async () => {
    const { school, principal } = await setup();
    const failing: ObjectStore = {
      put: async () => {
        throw new Error('S3 is down at arn:aws:s3:::secret-bucket');
      },
      get: async () => undefined,
    };
    const res = await upload(
      { objects: failing },
      { schoolId: school.schoolId, principal, bytes: sampleExport('vo-excel-windows-1252.csv') },
    );
    expect(res.statusCode).toBe(500);
    // Generic, but with the Lambda request id: the one thing support needs to find the logged stack.
    expect(body(res)).toEqual({
      code: 'internal_error',
      message: expect.stringContaining('test-request'),
      requestId: 'test-request',
    });
    expect(String(res.body)).not.toMatch(/secret-bucket|at \w+ \(/);
    expect(await store.exports.list(school.schoolId, YEAR)).toEqual([]);
  });

  it('refuses a school token for another school with 403, whether that school exists or not', async () => {
    const { principal } = await setup();
    const other = await setup();
    const bytes = sampleExport('vo-excel-windows-1252.csv');
    const foreign = await upload({}, { schoolId: other.school.schoolId, principal, bytes });
    const ghost = await upload({}, { schoolId: '99ZZ99', principal, bytes });
    expect([foreign.statusCode, ghost.statusCode]).toEqual([403, 403]);
    expect(foreign.body).toBe(ghost.body);
    expect(await store.exports.list(other.school.schoolId, YEAR)).toEqual([]);
  });
});
