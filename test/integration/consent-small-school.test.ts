/**
 * A school whose whole export is below the anonymity threshold (minGroupSize): consent through the handler is
 * refused until it is confirmed, the answer says what is delivered, and the preview and the delivered report
 * say it too. Against DynamoDB Local, s3rver and the local SES.
 */
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { beforeAll, describe, expect, it } from 'vitest';
import { createConsentHandler } from '../../functions/consent/consent.js';
import type { ApiResult } from '../../functions/lib/http.js';
import { S3ObjectStore } from '../../functions/lib/s3-object-store.js';
import { SesMailer } from '../../functions/lib/ses-mailer.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { createReportHandler } from '../../functions/report/report.js';
import { fixedClock } from '../../shared/clock.js';
import { acceptExport } from '../../shared/exports/accept-export.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import type { School } from '../../shared/model.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { apiEvent, lambdaContext } from '../support/events.js';
import { administrationWith, createBoard, createSchool, createToken } from '../support/fixtures.js';
import { pdfText } from '../support/pdf-text.js';
import { RecordingScheduler } from '../support/recording-scheduler.js';

useLocalAws();
const YEAR = '2025-2026';
const CONSENT = '/schools/{schoolId}/years/{schoolYear}/consent';
const logger = new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' });
const clock = fixedClock('2026-03-02T10:00:00+01:00');
let store: Stores;
let objects: S3ObjectStore;

beforeAll(() => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  objects = new S3ObjectStore(
    new S3Client({ forcePathStyle: true }),
    process.env.MSV_UPLOAD_BUCKET as string,
  );
});

/** The sample export cut to its first `rows` respondents. */
const sampleOf = (rows: number) =>
  readFileSync(new URL('../../events/exports/vo-utf8-bom-comma.csv', import.meta.url), 'utf8')
    .split(/\r?\n/)
    .filter(Boolean)
    .slice(0, rows + 1)
    .join('\n');

const schoolWith = async (rows: number) => {
  const board = await createBoard(store);
  const school = await createSchool(store, board.boardId);
  const accepted = await acceptExport(
    { store, objects, clock },
    {
      school,
      schoolYear: YEAR,
      instrument: getInstrument('msv-basis') as never,
      bytes: new TextEncoder().encode(sampleOf(rows)),
      actor: 'school:test',
      minGroupSize: 5,
      maxRows: 1000,
    },
  );
  expect(accepted.status).toBe('created');
  const { principal } = await createToken(store, 'board', { boardId: board.boardId });
  return { school, principal };
};

const putConsent = async (s: Awaited<ReturnType<typeof schoolWith>>, extra: Record<string, unknown> = {}) => {
  const handler = createConsentHandler({
    config: { lowResponsePercent: 50 },
    logger,
    clock,
    store,
    scheduler: new RecordingScheduler(),
    mailer: new SesMailer(new SESClient({}), 'msv@msv.test', undefined),
  });
  const res = (await handler(
    apiEvent({
      routeKey: `PUT ${CONSENT}`,
      pathParameters: { schoolId: s.school.schoolId, schoolYear: YEAR },
      principal: s.principal,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        level: 'school',
        deliveryDate: '2026-06-15',
        administration: administrationWith([{ onderwijssoort: 'havo', leerjaar: 1, students: 30 }]),
        ...extra,
      }),
    }),
    lambdaContext(),
  )) as ApiResult;
  return { status: res.statusCode, body: JSON.parse(String(res.body)) };
};

const previewText = async (school: School) => {
  const { principal } = await createToken(store, 'school', { schoolIds: [school.schoolId] });
  const handler = createReportHandler({ logger, clock, store, config: { lowResponsePercent: 50 } });
  const res = (await handler(
    apiEvent({
      routeKey: 'GET /schools/{schoolId}/years/{schoolYear}/report',
      pathParameters: { schoolId: school.schoolId, schoolYear: YEAR },
      principal,
    }),
    lambdaContext(),
  )) as ApiResult;
  return (await pdfText(Buffer.from(String(res.body), 'base64'))).join('\n');
};

describe('a school below the anonymity threshold', () => {
  it('is refused until the board confirms that no score will be delivered, and is told so', async () => {
    const s = await schoolWith(3);
    const refused = await putConsent(s);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'small_school_confirmation_required',
      field: 'confirmSmallSchool',
      respondents: 3,
      minGroupSize: 5,
    });
    expect(refused.body.messageNl).toContain('geen scores geleverd');
    expect(await store.consents.get(s.school.schoolId, YEAR)).toBeUndefined();

    const given = await putConsent(s, { confirmSmallSchool: true });
    expect(given.status).toBe(201);
    expect(given.body.smallSchool).toMatchObject({ respondents: 3, minGroupSize: 5 });
    expect(given.body.consent.smallSchoolConfirmed).toBe(true);
    // The preview (and so the delivered report, built the same way) says it before any score.
    expect(await previewText(s.school)).toContain('minder dan 5');
  });

  it('a school with enough respondents needs no confirmation', async () => {
    const s = await schoolWith(12);
    const given = await putConsent(s);
    expect(given.status).toBe(201);
    expect(given.body.smallSchool).toBeNull();
    expect(given.body.consent.smallSchoolConfirmed).toBeUndefined();
    expect(await previewText(s.school)).not.toContain('minder dan 5');
  });
});
