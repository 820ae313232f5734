/**
 * "Levert via een andere aanbieder" (issue 14, part 3) through the consent function against DynamoDB Local:
 * the marker silences the reminders and is counted apart in the board overview; a consent and a marker never
 * stand side by side, in either order.
 */
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBoardOverviewHandler } from '../../functions/board-overview/board-overview.js';
import { createConsentHandler } from '../../functions/consent/consent.js';
import { createGetSchoolYearHandler } from '../../functions/get-school-year/get-school-year.js';
import type { ApiResult } from '../../functions/lib/http.js';
import { S3ObjectStore } from '../../functions/lib/s3-object-store.js';
import { SesMailer } from '../../functions/lib/ses-mailer.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { fixedClock } from '../../shared/clock.js';
import { acceptExport } from '../../shared/exports/accept-export.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import type { Principal, School } from '../../shared/model.js';
import { runReminders } from '../../shared/reminders/run-reminders.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { apiEvent, lambdaContext } from '../support/events.js';
import { administrationWith, createBoard, createSchool, createToken } from '../support/fixtures.js';
import { RecordingScheduler } from '../support/recording-scheduler.js';
import { mailsTo } from '../support/ses-store.js';

useLocalAws();
const YEAR = '2025-2026';
const logger = new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' });
const clock = fixedClock('2026-03-02T10:00:00+01:00');
let store: Stores;
let mailer: SesMailer;

beforeAll(() => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  mailer = new SesMailer(new SESClient({}), 'msv@msv.test', undefined);
});

const withExport = async (school: School) => {
  const accepted = await acceptExport(
    {
      store,
      objects: new S3ObjectStore(
        new S3Client({ forcePathStyle: true }),
        process.env.MSV_UPLOAD_BUCKET as string,
      ),
      clock,
    },
    {
      school,
      schoolYear: YEAR,
      instrument: getInstrument('msv-basis') as never,
      bytes: readFileSync(new URL('../../events/exports/vo-excel-windows-1252.csv', import.meta.url)),
      actor: 'school:test',
      minGroupSize: 5,
      maxRows: 1000,
    },
  );
  expect(accepted.status).toBe('created');
};

const call = async (
  principal: Principal,
  school: School,
  method: 'GET' | 'PUT' | 'DELETE',
  path: 'provider' | 'consent',
  body?: unknown,
) => {
  const handler = createConsentHandler({
    config: { lowResponsePercent: 50 },
    logger,
    clock,
    store,
    scheduler: new RecordingScheduler(),
    mailer,
  });
  const res = (await handler(
    apiEvent({
      routeKey: `${method} /schools/{schoolId}/years/{schoolYear}/${path}`,
      pathParameters: { schoolId: school.schoolId, schoolYear: YEAR },
      principal,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    lambdaContext(),
  )) as ApiResult;
  return { status: res.statusCode, body: JSON.parse(String(res.body)) };
};

const consentBody = {
  level: 'school',
  deliveryDate: '2026-06-15',
  administration: administrationWith([{ onderwijssoort: 'havo', leerjaar: 1, students: 30 }]),
};

describe('levert via een andere aanbieder', () => {
  it('silences the reminders, counts apart, and excludes a consent until it is removed', async () => {
    const board = await createBoard(store);
    const kiva = await createSchool(store, board.boardId);
    const other = await createSchool(store, board.boardId);
    await withExport(kiva);
    await withExport(other);
    const { principal } = await createToken(store, 'board', { boardId: board.boardId });

    expect((await call(principal, kiva, 'PUT', 'provider', { name: '' })).body).toMatchObject({
      code: 'invalid_request',
    });
    expect((await call(principal, kiva, 'PUT', 'provider', { name: 'KiVa', x: 1 })).status).toBe(422);
    // Not one line: a line separator, a C1 control, a bidi override.
    for (const name of ['KiVa\u2028ZIEN!', 'KiVa\u0085', '\u202eaViK']) {
      expect((await call(principal, kiva, 'PUT', 'provider', { name })).status).toBe(422);
    }
    const put = await call(principal, kiva, 'PUT', 'provider', { name: '  KiVa  ' });
    expect(put.status).toBe(201);
    expect(put.body.provider).toMatchObject({ name: 'KiVa', schoolId: kiva.schoolId });
    expect((await call(principal, kiva, 'PUT', 'provider', { name: 'KiVa' })).status).toBe(200);

    // No consent in msv beside it.
    const refused = await call(principal, kiva, 'PUT', 'consent', consentBody);
    expect(refused).toMatchObject({ status: 409, body: { code: 'delivers_elsewhere' } });

    const year = (await createGetSchoolYearHandler({
      logger,
      clock,
      store,
      config: { lowResponsePercent: 50 },
    })(
      apiEvent({
        routeKey: 'GET /schools/{schoolId}/years/{schoolYear}',
        pathParameters: { schoolId: kiva.schoolId, schoolYear: YEAR },
        principal,
      }),
      lambdaContext(),
    )) as ApiResult;
    expect(JSON.parse(String(year.body))).toMatchObject({ state: 'elsewhere', provider: { name: 'KiVa' } });

    const overview = (await createBoardOverviewHandler({ logger, clock, store })(
      apiEvent({
        routeKey: 'GET /boards/{boardId}/years/{schoolYear}',
        pathParameters: { boardId: board.boardId, schoolYear: YEAR },
        principal,
      }),
      lambdaContext(),
    )) as ApiResult;
    const o = JSON.parse(String(overview.body));
    expect(o.counts).toMatchObject({ elsewhere: 1, export_without_consent: 1 });
    expect(o.schools.find((s: { schoolId: string }) => s.schoolId === kiva.schoolId).provider).toBe('KiVa');

    // The weekly digest names the other school only; after 1 July the missed mail does not name it either.
    const run = (date: string) =>
      runReminders({
        store,
        mailer,
        clock: fixedClock(`${date}T09:00:00+02:00`),
        log: { info: () => undefined, error: () => undefined },
        remindersStart: '05-01',
        noDataRemindersStart: '03-01',
        mailAttempts: 1,
      });
    await run('2026-05-04');
    await run('2026-07-01');
    const texts = (await mailsTo(board.emails[0] as string)).map((m) => m.body.text ?? '');
    expect(texts.length).toBeGreaterThanOrEqual(2);
    for (const t of texts) {
      expect(t).toContain(other.schoolId);
      expect(t).not.toContain(kiva.schoolId);
    }

    // Removed: msv delivers it again.
    expect(await call(principal, kiva, 'DELETE', 'provider')).toEqual({
      status: 200,
      body: { provider: null },
    });
    expect((await call(principal, kiva, 'PUT', 'consent', consentBody)).status).toBe(201);
  });

  it('is refused beside an active consent, and for another board', async () => {
    const board = await createBoard(store);
    const school = await createSchool(store, board.boardId);
    await withExport(school);
    const { principal } = await createToken(store, 'board', { boardId: board.boardId });
    expect((await call(principal, school, 'PUT', 'consent', consentBody)).status).toBe(201);
    expect(await call(principal, school, 'PUT', 'provider', { name: 'ZIEN!' })).toMatchObject({
      status: 409,
      body: { code: 'consent_active' },
    });
    expect(await store.providers.get(school.schoolId, YEAR)).toBeUndefined();
    const foreign = await createToken(store, 'board', { boardId: (await createBoard(store)).boardId });
    expect((await call(foreign.principal, school, 'PUT', 'provider', { name: 'ZIEN!' })).status).toBe(403);
  });
});
