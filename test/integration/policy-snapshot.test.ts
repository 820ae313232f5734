/**
 * The school's safety policy in what is delivered ("Beleid", issue 14 part 7): snapshotted with the consent, so
 * an edit after the consent changes neither the delivered data.json nor the PDF; what was not stated is named
 * as not stated, never invented. Against DynamoDB Local, s3rver and the local SES.
 */
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGetDeliveryHandler } from '../../functions/get-delivery/get-delivery.js';
import type { ApiResult } from '../../functions/lib/http.js';
import { deliveryLinks } from '../../functions/lib/ports/deliveries.js';
import { S3ObjectStore } from '../../functions/lib/s3-object-store.js';
import { SesMailer } from '../../functions/lib/ses-mailer.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { createReportHandler } from '../../functions/report/report.js';
import { ensureBuckets } from '../../infra/local/bootstrap.js';
import { fixedClock } from '../../shared/clock.js';
import { giveConsent } from '../../shared/consent/consent-service.js';
import { deliverSchool } from '../../shared/delivery/deliver-school.js';
import { acceptExport } from '../../shared/exports/accept-export.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import { nextPolicyRecord } from '../../shared/policy/record.js';
import type { SchoolPolicy } from '../../shared/policy/schema.js';
import { WITHHELD_NL } from '../../shared/report/report-model.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { apiEvent, lambdaContext } from '../support/events.js';
import { administrationWith, createBoard, createSchool, createToken } from '../support/fixtures.js';
import { pdfText } from '../support/pdf-text.js';
import { RecordingScheduler } from '../support/recording-scheduler.js';

useLocalAws();
const YEAR = '2025-2026';
const DATE = '2026-06-16';
const BUCKET = 'msv-test-deliveries';
let store: Stores;
let s3: S3Client;
let mailer: SesMailer;

beforeAll(async () => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  s3 = new S3Client({ forcePathStyle: true });
  await ensureBuckets(s3, [BUCKET]);
  mailer = new SesMailer(new SESClient({}), 'msv@msv.test', undefined);
});

const actor = { id: 'school:test', display: 'schooltoken test' };

/** States the school's policy as the school-policy function does (a new version over the stored one). */
const statePolicy = async (schoolId: string, policy: SchoolPolicy, at: string) => {
  const record = nextPolicyRecord(await store.policies.get(schoolId), { schoolId, policy, actor, at });
  if (record) await store.policies.put(record);
};

const get = async (key: string): Promise<Uint8Array> => {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  if (!Body) throw new Error(`no body for ${key}`);
  return new Uint8Array(await Body.transformToByteArray());
};

describe('the school policy in the delivery', () => {
  it('delivers the policy as it stood at consent, not as edited after it, and names what was not stated', async () => {
    const board = await createBoard(store);
    const school = await createSchool(store, board.boardId);
    const clock = fixedClock('2026-03-02T10:00:00+01:00');
    await acceptExport(
      { store, objects: new S3ObjectStore(s3, process.env.MSV_UPLOAD_BUCKET as string), clock },
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
    await statePolicy(
      school.schoolId,
      {
        coordinator: { name: 'Anne de Vries', email: 'pesten@school.example' },
        protocols: ['pestprotocol', 'klachtenprocedure'],
      },
      '2026-02-01T10:00:00+01:00',
    );
    const given = await giveConsent(
      {
        store,
        scheduler: new RecordingScheduler(),
        mailer,
        clock,
        log: { info: () => undefined, error: () => undefined },
        lowResponsePercent: 50,
      },
      {
        school,
        schoolYear: YEAR,
        request: {
          level: 'school',
          deliveryDate: DATE,
          administration: administrationWith([{ onderwijssoort: 'havo', leerjaar: 1, students: 30 }]),
        },
        actor: { id: 'board:test', display: 'bestuurstoken test' },
      },
    );
    expect(given.consent.policy).toMatchObject({
      version: 1,
      policy: { protocols: ['pestprotocol', 'klachtenprocedure'] },
    });
    // Edited after the consent: not what is delivered until consent is given again.
    await statePolicy(
      school.schoolId,
      { coordinator: { name: 'Iemand Anders', email: 'ander@school.example' }, programmes: 'KiVa' },
      '2026-03-10T10:00:00+01:00',
    );

    const out = await deliverSchool(
      {
        store,
        deliveries: new S3ObjectStore(s3, BUCKET),
        deliveryBucket: BUCKET,
        deliveryPrefix: 'deliveries',
        mailer,
        clock: fixedClock(`${DATE}T06:00:00+02:00`),
        lowResponsePercent: 50,
      },
      { schoolId: school.schoolId, schoolYear: YEAR, deliveryDate: DATE },
    );
    expect(out.outcome).toBe('delivered');
    const record = await store.deliveries.get(school.schoolId, YEAR);
    const file = (name: string) => record?.files.find((f) => f.name === name)?.key as string;
    const data = JSON.parse(new TextDecoder().decode(await get(file('data.json'))));
    expect(data.policy).toEqual({
      coordinator: { name: 'Anne de Vries', email: 'pesten@school.example' },
      protocols: ['pestprotocol', 'klachtenprocedure'],
    });
    expect(data.policyMissing).toEqual(['safetyPlanAdopted', 'programmes']);
    const text = (await pdfText(await get(file('report.pdf')))).join('\n');
    expect(text).toContain('Beleid');
    expect(text).toContain('Anne de Vries');
    expect(text).not.toContain('Iemand Anders');
    expect(text).toContain('niet opgegeven');

    // A vendor's preview withholds the coordinator (it reads no school's policy), and it gets no link to the
    // delivered PDF; the school's own preview names them.
    const { principal: vendor } = await createToken(store, 'vendor', { schoolIds: [school.schoolId] });
    const preview = createReportHandler({
      logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
      clock: fixedClock(`${DATE}T07:00:00+02:00`),
      store,
      config: { lowResponsePercent: 50 },
    });
    const vendorRes = (await preview(
      apiEvent({
        routeKey: 'GET /schools/{schoolId}/years/{schoolYear}/report',
        pathParameters: { schoolId: school.schoolId, schoolYear: YEAR },
        principal: vendor,
      }),
      lambdaContext(),
    )) as ApiResult;
    const vendorText = (await pdfText(Buffer.from(String(vendorRes.body), 'base64'))).join('\n');
    expect(vendorText).not.toContain('Anne de Vries');
    expect(vendorText).not.toContain('pesten@school.example');
    expect(vendorText).toContain(WITHHELD_NL);
    const delivery = (await createGetDeliveryHandler({
      logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
      clock: fixedClock(`${DATE}T07:00:00+02:00`),
      store,
      deliveryLinks: deliveryLinks({ stage: 'local', deliveryBucket: BUCKET }),
    })(
      apiEvent({
        routeKey: 'GET /schools/{schoolId}/years/{schoolYear}/delivery',
        pathParameters: { schoolId: school.schoolId, schoolYear: YEAR },
        principal: vendor,
      }),
      lambdaContext(),
    )) as ApiResult;
    expect(delivery.statusCode).toBe(200);
    expect(JSON.parse(String(delivery.body)).reportUrl).toBeNull();
  });
});
