/**
 * One export file for several schools, `POST /exports`, through the API on the local stack (the contract-checking
 * gateway, the real authorizer and upload function in their workers with their own settings and IAM, DynamoDB
 * Local and s3rver): a board's file of its two schools and a foreign one, a vendor's file beyond its scope, one
 * school's bad rows, and whole-file refusals. Each school's part is stored as its own upload (its record, its
 * raw copy without the school column); a refused school's rows are stored nowhere; errors are placed in the
 * uploaded file.
 */
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../functions/lib/s3-object-store.js';
import { SesMailer } from '../../functions/lib/ses-mailer.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { giveConsent } from '../../shared/consent/consent-service.js';
import { acceptSchoolsFile } from '../../shared/exports/accept-schools-file.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import type { School } from '../../shared/model.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { administrationWith, createBoard, createSchool, createToken } from '../support/fixtures.js';
import { RecordingScheduler } from '../support/recording-scheduler.js';
import { startTestApi, type TestApi } from '../support/runtime.js';
import { mailsTo } from '../support/ses-store.js';
import { basisRows, workbookBytes } from '../support/workbooks.js';

useLocalAws();
const YEAR = '2025-2026';
const basis = getInstrument('msv-basis') as NonNullable<ReturnType<typeof getInstrument>>;
let local: TestApi;
let store: Stores;
let vo: School;
let po: School;
let foreign: School;
const tokens = { board: '', vendor: '', admin: '' };

beforeAll(async () => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  const board = await createBoard(store);
  const other = await createBoard(store);
  vo = await createSchool(store, board.boardId, { sector: 'vo', onderwijssoorten: ['havo', 'vwo'] });
  po = await createSchool(store, board.boardId, { sector: 'po' });
  foreign = await createSchool(store, other.boardId, { sector: 'vo', onderwijssoorten: ['havo', 'vwo'] });
  tokens.board = (await createToken(store, 'board', { boardId: board.boardId })).token;
  tokens.vendor = (await createToken(store, 'vendor', { schoolIds: [vo.schoolId] })).token;
  tokens.admin = (await createToken(store, 'admin')).token;
  local = await startTestApi({ now: '2026-03-02T10:00:00+01:00' });
}, 60_000);

afterAll(async () => {
  await local?.stop();
});

const upload = async (bytes: Uint8Array | string, opts: { token?: string; query?: string } = {}) => {
  const query = opts.query ?? `schoolYear=${YEAR}&instrument=msv-basis`;
  const res = await fetch(`${local.url}/exports?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${opts.token ?? tokens.board}`, 'content-type': 'text/csv' },
    body: typeof bytes === 'string' ? bytes : Buffer.from(bytes),
  });
  // biome-ignore lint/suspicious/noExplicitAny: checked field by field below.
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

/** msv-basis rows, each with a school in the second column: a VO school's rows (havo), or a PO school's. */
const rows = basisRows(60).slice(1);
const HEADER = [
  'respondent',
  'BRIN',
  'leerjaar',
  'onderwijssoort',
  ...(basisRows(0)[0] as string[]).slice(3),
];
type Row = Array<string | number>;
const voRow = (r: Row, school: string): Row => [r[0] ?? '', school, r[1] ?? '', r[2] ?? '', ...r.slice(3)];
const poRow = (r: Row, school: string): Row => [r[0] ?? '', school, 6, '', ...r.slice(3)];
const csv = (lines: Array<Array<string | number>>) =>
  `${[HEADER, ...lines].map((l) => l.join(';')).join('\r\n')}\r\n`;

const rawObjects = async (schoolId: string) => {
  const s3 = new S3Client({ forcePathStyle: true });
  const bucket = process.env.MSV_UPLOAD_BUCKET as string;
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `raw/${schoolId}/` }));
  const bodies = await Promise.all(
    (listed.Contents ?? []).map(async (o) =>
      (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }))).Body?.transformToString(),
    ),
  );
  s3.destroy();
  return bodies as string[];
};

describe('POST /exports: one file for several schools', () => {
  it("stores each of the board's schools as its own upload, and refuses a foreign and an unknown school alike", async () => {
    const file = csv([
      ...rows.slice(0, 30).map((r) => voRow(r, vo.schoolId)),
      ...rows.slice(30, 50).map((r) => poRow(r, po.schoolId.toLowerCase())),
      ...rows.slice(50, 55).map((r) => voRow(r, foreign.schoolId)),
      ...rows.slice(55, 58).map((r) => voRow(r, '98ZZ98')),
    ]);
    const first = await upload(file);
    expect(first.status).toBe(207);
    expect(first.body).toMatchObject({ schoolYear: YEAR, instrument: 'msv-basis', accepted: 2, refused: 2 });
    const [a, b, c, d] = first.body.schools;
    expect(a).toMatchObject({ schoolId: vo.schoolId, status: 'accepted', unchanged: false, respondents: 30 });
    expect(a.summary).toMatchObject({
      encoding: 'utf-8',
      delimiter: ';',
      onderwijssoorten: { havo: 20, vwo: 10 },
    });
    expect(b).toMatchObject({ schoolId: po.schoolId, status: 'accepted', respondents: 20 });
    // A school of another board answers exactly as one msv does not know.
    expect(c).toEqual({ schoolId: foreign.schoolId, status: 'refused', code: 'forbidden' });
    expect(d).toEqual({ schoolId: '98ZZ98', status: 'refused', code: 'forbidden' });

    // Each part is its school's export: listed there, with a raw copy without the school column.
    expect((await store.exports.list(vo.schoolId, YEAR)).map((e) => e.record.exportId)).toEqual([a.exportId]);
    const [copy] = await rawObjects(vo.schoolId);
    expect(copy?.split('\r\n')[0]).toBe(HEADER.filter((h) => h !== 'BRIN').join(';'));
    expect(copy).not.toContain(vo.schoolId);
    const record = (await store.exports.list(po.schoolId, YEAR))[0]?.record;
    expect(record?.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record?.sourceSha256).not.toBe(record?.sha256);
    // The foreign school's rows are stored nowhere.
    expect(await store.exports.list(foreign.schoolId, YEAR)).toEqual([]);
    expect(await rawObjects(foreign.schoolId)).toEqual([]);
    // Nothing of its year: no record, audit entry or aggregate (its whole partition of the year is empty).
    const ofForeign = await new DynamoDBClient({}).send(
      new QueryCommand({
        TableName: process.env.MSV_TABLE_NAME as string,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `SCHOOLYEAR#${foreign.schoolId}#${YEAR}` } },
      }),
    );
    expect(ofForeign.Items).toEqual([]);

    // The same file again: every part unchanged, nothing new stored.
    const again = await upload(file);
    expect(again.status).toBe(207);
    expect(again.body.schools.slice(0, 2).map((s: { unchanged: boolean }) => s.unchanged)).toEqual([
      true,
      true,
    ]);
    expect(again.body.schools[0].exportId).toBe(a.exportId);
    expect(await rawObjects(vo.schoolId)).toHaveLength(1);
  });

  it("answers 200 when every school's part is accepted; a vendor's token only for its own schools", async () => {
    const own = csv(rows.slice(0, 12).map((r) => voRow(r, vo.schoolId)));
    const ok = await upload(own, { token: tokens.vendor });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ accepted: 1, rejected: 0, refused: 0 });
    const beyond = await upload(
      csv([...rows.slice(0, 12).map((r) => voRow(r, vo.schoolId)), voRow(rows[20] as never, po.schoolId)]),
      { token: tokens.vendor },
    );
    expect(beyond.status).toBe(207);
    expect(beyond.body.schools[1]).toEqual({ schoolId: po.schoolId, status: 'refused', code: 'forbidden' });
    // Only the operator, whose scope is every school, hears that a school is not registered.
    const ghost = await upload(csv([voRow(rows[0] as never, '97YY97')]), { token: tokens.admin });
    expect(ghost.body.schools).toEqual([{ schoolId: '97YY97', status: 'refused', code: 'school_not_found' }]);
  });

  it("rejects one school's bad rows where they are in the file, and still stores the other's", async () => {
    const bad = [...(rows[40] as Array<string | number>)];
    bad[5] = 7; // the third item: out of the 4-point scale
    const lines = [...rows.slice(0, 10).map((r) => voRow(r, vo.schoolId)), poRow(bad, po.schoolId)];
    const before = (await store.exports.list(po.schoolId, YEAR)).length;
    const res = await upload(csv(lines));
    expect(res.status).toBe(207);
    expect(res.body.schools[0]).toMatchObject({
      schoolId: vo.schoolId,
      status: 'accepted',
      unchanged: false,
    });
    expect(res.body.schools[1]).toMatchObject({
      schoolId: po.schoolId,
      status: 'rejected',
      code: 'invalid_export',
      errorCount: 1,
      // Line 12 of the file (after the header and ten rows), column 7: its third item, past the BRIN column.
      errors: [{ line: 12, column: 7, field: HEADER[6], code: 'out_of_scale' }],
    });
    expect((await store.exports.list(po.schoolId, YEAR)).length).toBe(before);
  });

  it("tells a school's board when its part is new data under a consent given before the data", async () => {
    const board = await createBoard(store);
    const waiting = await createSchool(store, board.boardId);
    await giveConsent(
      {
        store,
        scheduler: new RecordingScheduler(),
        mailer: new SesMailer(new SESClient({}), 'msv@msv.test', undefined),
        clock: { now: () => new Date('2026-02-02T10:00:00+01:00') },
        log: { info: () => undefined, error: () => undefined },
        lowResponsePercent: 50,
      },
      {
        school: waiting,
        schoolYear: YEAR,
        request: {
          level: 'school',
          deliveryDate: '2026-04-15',
          exportPolicy: 'latest',
          administration: administrationWith([{ onderwijssoort: 'havo', leerjaar: 1, students: 10 }]),
        },
        actor: { id: 'board:test', display: 'bestuurstoken test' },
      },
    );
    const res = await upload(csv(rows.slice(0, 10).map((r) => voRow(r, waiting.schoolId))), {
      token: tokens.admin,
    });
    expect(res.status).toBe(200);
    expect(res.body.schools[0]).toMatchObject({
      status: 'accepted',
      delivery: { deliveryDate: '2026-04-15', mail: 'sent' },
    });
    const notices = (await mailsTo(board.emails[0] as string)).filter((m) =>
      m.subject.startsWith('Nieuwe gegevens worden geleverd'),
    );
    expect(notices).toHaveLength(1);
  });

  it("settles every school's part before a failure of msv's own fails the request; the rest stays stored", async () => {
    const board = await createBoard(store);
    const schools = await Promise.all([1, 2, 3, 4].map(() => createSchool(store, board.boardId)));
    const broken = schools[2] as School;
    // The table refuses one school's commit, as a throttled or unavailable DynamoDB would.
    const exports: Stores['exports'] = Object.create(store.exports);
    exports.saveAccepted = async (input) => {
      if (input.record.schoolId === broken.schoolId) throw new Error('DynamoDB unavailable');
      return store.exports.saveAccepted(input);
    };
    const finished: string[] = [];
    const file = new TextEncoder().encode(
      csv(schools.flatMap((school, i) => rows.slice(i * 6, i * 6 + 6).map((r) => voRow(r, school.schoolId)))),
    );
    const { principal } = await createToken(store, 'board', { boardId: board.boardId });
    const accept = (deps: Stores) =>
      acceptSchoolsFile(
        {
          store: deps,
          objects: new S3ObjectStore(
            new S3Client({ forcePathStyle: true }),
            process.env.MSV_UPLOAD_BUCKET as string,
          ),
          clock: { now: () => new Date('2026-03-02T10:00:00+01:00') },
        },
        {
          principal,
          schoolYear: YEAR,
          instrument: basis,
          bytes: file,
          actor: 'board:test',
          minGroupSize: 5,
          maxRows: 1000,
          maxSchools: 10,
        },
        async (outcome) => {
          finished.push(outcome.schoolId);
          return outcome.status;
        },
      );
    await expect(accept({ ...store, exports })).rejects.toThrow('DynamoDB unavailable');
    // Every other part was stored and finished (its notice sent) before the failure was thrown.
    expect(finished.sort()).toEqual(
      schools
        .filter((x) => x !== broken)
        .map((x) => x.schoolId)
        .sort(),
    );
    for (const school of schools) {
      expect((await store.exports.list(school.schoolId, YEAR)).length).toBe(school === broken ? 0 : 1);
    }
    // The same file again: the stored parts unchanged, the failed one stored now.
    const again = await accept(store);
    expect(again.status === 'split' && again.results).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
    ]);
    expect((await store.exports.list(broken.schoolId, YEAR)).length).toBe(1);
  });

  it('places errors in a workbook by row, column letters and sheet; BRIN and vestiging in columns of their own', async () => {
    const head = ['brin', 'vestiging', ...(basisRows(0)[0] as string[])];
    const brin = vo.schoolId.slice(0, 4);
    const ves = vo.schoolId.slice(4);
    const sheetRows: Array<Array<string | number>> = [
      head,
      ...rows.slice(0, 8).map((r) => [brin, Number(ves), ...r]),
    ];
    const broken = [...(sheetRows[5] as Array<string | number>)];
    broken[4] = 'vmbo-x';
    sheetRows[5] = broken;
    const res = await upload(workbookBytes({ name: 'Alle scholen', rows: sheetRows }), {
      token: tokens.vendor,
    });
    expect(res.status).toBe(207);
    expect(res.body.schools[0]).toMatchObject({
      schoolId: vo.schoolId,
      status: 'rejected',
      errors: [
        { line: 6, column: 5, columnLetter: 'E', sheet: 'Alle scholen', code: 'unknown_onderwijssoort' },
      ],
    });
  });

  it('refuses the whole file, storing nothing, for what only the file can get wrong', async () => {
    const count = async () =>
      (await store.exports.list(vo.schoolId, YEAR)).length +
      (await store.exports.list(po.schoolId, YEAR)).length;
    const before = await count();
    const noSchool = await upload(
      basisRows(10)
        .map((r) => r.join(';'))
        .join('\r\n'),
    );
    expect(noSchool.status).toBe(422);
    expect(noSchool.body).toMatchObject({
      code: 'invalid_export',
      errors: [{ line: 1, column: null, field: 'brin', code: 'missing_column' }],
    });
    const unnamed = await upload(
      csv([
        voRow(rows[0] as never, vo.schoolId),
        voRow(rows[1] as never, ''),
        voRow(rows[2] as never, '1234'),
      ]),
    );
    expect(unnamed.status).toBe(422);
    expect(unnamed.body.errors).toEqual([
      expect.objectContaining({ line: 3, column: 2, field: 'BRIN', code: 'missing_school' }),
      expect.objectContaining({ line: 4, column: 2, field: 'BRIN', code: 'invalid_school' }),
    ]);
    expect(await count()).toBe(before);
  });

  it('asks for the school year and the instrument first', async () => {
    const file = csv([voRow(rows[0] as never, vo.schoolId)]);
    expect(await upload(file, { query: 'instrument=msv-basis' })).toMatchObject({
      status: 400,
      body: { code: 'invalid_school_year', field: 'schoolYear' },
    });
    expect(await upload(file, { query: 'schoolYear=2014-2015&instrument=msv-basis' })).toMatchObject({
      status: 400,
      body: { code: 'invalid_school_year', first: '2015-2016' },
    });
    expect((await upload(file, { query: `schoolYear=${YEAR}` })).body.code).toBe('missing_instrument');
  });
});
