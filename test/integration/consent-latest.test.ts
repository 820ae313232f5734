/**
 * Consent before the data (`exportPolicy: "latest"`), end to end against DynamoDB Local, s3rver and the local
 * SES: given before any upload, the upload made afterwards is announced to the board and delivered on the date;
 * a date that comes without data delivers nothing, is recorded, mails the board once, and leaves the consent open
 * for a new date.
 */
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../functions/lib/http.js';
import { S3ObjectStore } from '../../functions/lib/s3-object-store.js';
import { SesMailer } from '../../functions/lib/ses-mailer.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { createUploadExportHandler } from '../../functions/upload-export/upload-export.js';
import { ensureBuckets } from '../../infra/local/bootstrap.js';
import type { Clock } from '../../shared/clock.js';
import { giveConsent } from '../../shared/consent/consent-service.js';
import type { ConsentError } from '../../shared/consent/messages.js';
import { type DeliveryDeps, type DeliveryJob, deliverSchool } from '../../shared/delivery/deliver-school.js';
import { reconcileDeliveries } from '../../shared/delivery/reconcile.js';
import { acceptExport } from '../../shared/exports/accept-export.js';
import { noticeUpload } from '../../shared/exports/upload-notice.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import { type ConsentRequest, NO_DATA_ACTOR, type School } from '../../shared/model.js';
import { schoolYearStatus } from '../../shared/school-year-status.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { apiEvent, lambdaContext } from '../support/events.js';
import { administrationWith, createBoard, createSchool, createToken } from '../support/fixtures.js';
import { RecordingScheduler } from '../support/recording-scheduler.js';
import { mailsTo } from '../support/ses-store.js';

useLocalAws();
const YEAR = '2025-2026';
const DATE = '2026-03-16';
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

const clockAt = (iso: string) => {
  let now = new Date(iso);
  return { now: () => new Date(now), set: (s: string) => (now = new Date(s)) } satisfies Clock & {
    set(s: string): void;
  };
};
const silent = { info: () => undefined, error: () => undefined };

/** A board and a school without any upload, and consent `latest` for DATE given in autumn. */
const consentedBeforeData = async (over: Partial<ConsentRequest> = {}) => {
  const board = await createBoard(store);
  const school = await createSchool(store, board.boardId);
  const clock = clockAt('2025-10-06T10:00:00+02:00');
  const consentDeps = {
    store,
    scheduler: new RecordingScheduler(),
    mailer,
    clock,
    log: silent,
    lowResponsePercent: 50,
  };
  const given = await giveConsent(consentDeps, {
    school,
    schoolYear: YEAR,
    request: {
      level: 'school',
      deliveryDate: DATE,
      exportPolicy: 'latest',
      administration: administrationWith([{ onderwijssoort: 'havo', leerjaar: 1, students: 10 }]),
      ...over,
    },
    actor: { id: 'board:test', display: 'bestuurstoken test' },
  });
  const deliveryDeps = (at = `${DATE}T06:00:00+01:00`): DeliveryDeps => ({
    store,
    deliveries: new S3ObjectStore(s3, BUCKET),
    deliveryBucket: BUCKET,
    deliveryPrefix: 'deliveries',
    mailer,
    clock: clockAt(at),
    lowResponsePercent: 50,
  });
  const job: DeliveryJob = { schoolId: school.schoolId, schoolYear: YEAR, deliveryDate: DATE };
  return { board, school, clock, consentDeps, given, deliveryDeps, job };
};

/** Uploads the sample export through the upload function, as the school's token, on `at`. */
const upload = async (school: School, at: string) => {
  const { principal } = await createToken(store, 'school', { schoolIds: [school.schoolId] });
  const handler = createUploadExportHandler({
    config: { minGroupSize: 5, maxRows: 100_000, maxUploadBytes: 5 * 1024 * 1024, maxSchoolsPerUpload: 200 },
    logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
    clock: clockAt(at),
    store,
    objects: new S3ObjectStore(s3, process.env.MSV_UPLOAD_BUCKET as string),
    mailer,
  });
  const res = (await handler(
    apiEvent({
      routeKey: 'POST /schools/{schoolId}/years/{schoolYear}/exports',
      pathParameters: { schoolId: school.schoolId, schoolYear: YEAR },
      query: { instrument: 'msv-basis' },
      headers: { 'content-type': 'application/octet-stream' },
      body: readFileSync(new URL('../../events/exports/vo-excel-windows-1252.csv', import.meta.url)),
      principal,
    }),
    lambdaContext(),
  )) as ApiResult;
  return { status: res.statusCode, body: JSON.parse(String(res.body)) };
};

const statusOf = async (school: School, at: string) =>
  schoolYearStatus(
    {
      schoolYear: YEAR,
      currentExportId: await store.exports.getCurrentId(school.schoolId, YEAR),
      consent: await store.consents.get(school.schoolId, YEAR),
    },
    new Date(at),
  );

describe('consent before the data (exportPolicy "latest")', () => {
  it('is given before any upload, waits for data, and delivers the upload made afterwards', async () => {
    const s = await consentedBeforeData();
    expect(s.given.consent).toMatchObject({ status: 'active', exportPolicy: 'latest', deliveryDate: DATE });
    expect(s.given.consent.exportId).toBeUndefined();
    expect(s.given.representativeness).toBeNull();
    expect((await statusOf(s.school, '2025-11-01T12:00:00Z')).state).toBe('awaiting_data');
    expect((await statusOf(s.school, '2025-11-01T12:00:00Z')).action).toBe('awaiting_data');

    const up = await upload(s.school, '2026-02-10T10:00:00+01:00');
    expect(up.status).toBe(201);
    expect(up.body.delivery).toEqual({ deliveryDate: DATE, mail: 'sent' });
    const notice = (await mailsTo(s.board.emails[0] as string)).find((m) =>
      m.subject.startsWith('Nieuwe gegevens worden geleverd'),
    );
    expect(notice?.body.text).toContain('16 maart 2026');
    const status = await statusOf(s.school, '2026-02-11T12:00:00Z');
    expect(status.state).toBe('scheduled');
    expect(status.action).toBeUndefined();
    expect(status.newerExportAvailable).toBe(false);

    const out = await deliverSchool(s.deliveryDeps(), s.job);
    expect(out).toMatchObject({ outcome: 'delivered', mail: 'sent' });
    const record = await store.deliveries.get(s.school.schoolId, YEAR);
    expect(record?.exportId).toBe(up.body.exportId);
    // The delivered consent names the export that went, found only on the date.
    expect((await store.consents.get(s.school.schoolId, YEAR))?.exportId).toBe(up.body.exportId);
  });

  it('delivers the newest upload on the date, not the one current when consent was given', async () => {
    const s = await consentedBeforeData();
    const first = await upload(s.school, '2026-01-10T10:00:00+01:00');
    // A second, different file: a newer export.
    const { principal } = await createToken(store, 'school', { schoolIds: [s.school.schoolId] });
    const handler = createUploadExportHandler({
      config: {
        minGroupSize: 5,
        maxRows: 100_000,
        maxUploadBytes: 5 * 1024 * 1024,
        maxSchoolsPerUpload: 200,
      },
      logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
      clock: clockAt('2026-02-10T10:00:00+01:00'),
      store,
      objects: new S3ObjectStore(s3, process.env.MSV_UPLOAD_BUCKET as string),
      mailer,
    });
    const second = JSON.parse(
      String(
        (
          (await handler(
            apiEvent({
              routeKey: 'POST /schools/{schoolId}/years/{schoolYear}/exports',
              pathParameters: { schoolId: s.school.schoolId, schoolYear: YEAR },
              query: { instrument: 'msv-basis' },
              headers: { 'content-type': 'text/csv' },
              body: readFileSync(
                new URL('../../events/exports/vo-utf8-bom-comma.csv', import.meta.url),
                'utf8',
              ),
              principal,
            }),
            lambdaContext(),
          )) as ApiResult
        ).body,
      ),
    );
    expect(second.exportId).not.toBe(first.body.exportId);
    await deliverSchool(s.deliveryDeps(), s.job);
    expect((await store.deliveries.get(s.school.schoolId, YEAR))?.exportId).toBe(second.exportId);
  });

  it('a date without data delivers nothing, is recorded, mails the board once, and takes a new date', async () => {
    const s = await consentedBeforeData();
    const out = await deliverSchool(s.deliveryDeps(), s.job);
    expect(out).toEqual({ outcome: 'no_data', reason: 'no_export', mail: 'sent' });
    expect(await store.deliveries.get(s.school.schoolId, YEAR)).toBeUndefined();
    const stored = await store.consents.get(s.school.schoolId, YEAR);
    expect(stored).toMatchObject({ status: 'active', version: s.given.consent.version });
    expect(stored?.noData).toMatchObject({ deliveryDate: DATE, reason: 'no_export' });
    expect(stored?.noData?.mailSentAt).not.toBeNull();

    // The job again (a second firing): no second record, no second mail.
    expect(await deliverSchool(s.deliveryDeps(`${DATE}T07:00:00+01:00`), s.job)).toEqual({
      outcome: 'no_data',
      reason: 'no_export',
      mail: 'was_sent',
    });
    const mails = (await mailsTo(s.board.emails[0] as string)).filter((m) =>
      m.subject.startsWith('Niets geleverd'),
    );
    expect(mails).toHaveLength(1);
    // The consent's history says it once, as msv's own entry, with the record it made.
    const noDataEntries = (await store.audit.list(s.school.schoolId, YEAR)).filter(
      (e) => e.action === 'consent_no_data',
    );
    expect(noDataEntries).toHaveLength(1);
    expect(noDataEntries[0]).toMatchObject({
      actor: NO_DATA_ACTOR,
      detail: { after: { noData: { deliveryDate: DATE, reason: 'no_export' } } },
    });
    expect(noDataEntries[0]?.detail.before).not.toHaveProperty('noData');
    // The reconciliation does not queue it again: its date's reference is gone.
    const queued: unknown[] = [];
    const run = await reconcileDeliveries(
      {
        store,
        queue: { send: async (jobs) => void queued.push(...jobs) },
        clock: clockAt(`${DATE}T12:00:00+01:00`),
        deliveryTime: '06:00:00',
      },
      { graceMinutes: 60, dates: [DATE] },
    );
    // (Other tests' consents may share the date: only this school's job matters.)
    expect(queued.filter((j) => (j as DeliveryJob).schoolId === s.school.schoolId)).toEqual([]);
    expect(run.invalid).toEqual([]);

    // The board is asked for a new date, and the consent (not locked) takes one.
    const status = await statusOf(s.school, `${DATE}T12:00:00+01:00`);
    expect(status).toMatchObject({ state: 'no_export', action: 'new_date', locked: false });
    s.clock.set(`${DATE}T12:00:00+01:00`);
    const again = await giveConsent(s.consentDeps, {
      school: s.school,
      schoolYear: YEAR,
      request: {
        level: 'school',
        deliveryDate: '2026-04-20',
        exportPolicy: 'latest',
        version: s.given.consent.version,
        administration: s.given.consent.administration,
      },
      actor: { id: 'board:test', display: 'bestuurstoken test' },
    });
    expect(again.consent.noData).toBeUndefined();
    expect(again.consent.deliveryDate).toBe('2026-04-20');
    expect((await statusOf(s.school, `${DATE}T12:00:00+01:00`)).state).toBe('awaiting_data');
  });

  it('at level onderwijssoort, an export without onderwijssoort is not delivered at another level', async () => {
    const s = await consentedBeforeData({ level: 'onderwijssoort' });
    // The register changed after the consent: the school no longer lists onderwijssoorten, so the upload may
    // leave them out (ingest asks for the column only when the school has them).
    const school = { ...s.school, onderwijssoorten: [] };
    await store.schools.put(school);
    // The same file without its onderwijssoort column: valid, but nothing to deliver per onderwijssoort.
    const withoutOnderwijssoort = readFileSync(
      new URL('../../events/exports/vo-utf8-bom-comma.csv', import.meta.url),
      'utf8',
    )
      .split(/\r?\n/)
      .filter(Boolean)
      .map((line) => line.split('","').toSpliced(2, 1).join('","'))
      .join('\n');
    const accepted = await acceptExport(
      { store, objects: new S3ObjectStore(s3, process.env.MSV_UPLOAD_BUCKET as string), clock: s.clock },
      {
        school,
        schoolYear: YEAR,
        instrument: getInstrument('msv-basis') as never,
        bytes: new TextEncoder().encode(withoutOnderwijssoort),
        actor: 'school:test',
        minGroupSize: 5,
        maxRows: 1000,
      },
    );
    expect(accepted.status === 'rejected' ? accepted.errors.slice(0, 3) : accepted.status).toBe('created');
    if (accepted.status !== 'created') return;
    // The board hears at once that this export will not be delivered so, and the upload promises no delivery.
    const notice = await noticeUpload(
      { store, mailer, clock: s.clock, log: { error: () => {}, info: () => {} } },
      {
        school,
        schoolYear: YEAR,
        upload: accepted.record,
        summary: accepted.summary,
        aggregates: accepted.aggregates,
      },
    );
    expect(notice).toBeUndefined();
    const mails = await mailsTo(s.board.emails[0] as string);
    expect(mails.map((m) => m.subject)).toContainEqual(
      expect.stringContaining('kunnen zo niet worden geleverd'),
    );
    expect(await deliverSchool(s.deliveryDeps(), s.job)).toMatchObject({
      outcome: 'no_data',
      reason: 'level_not_available',
    });
  });

  it('a small upload under a consent given before it delivers nothing until the board confirms it', async () => {
    const s = await consentedBeforeData();
    // Four respondents, fewer than minGroupSize 5: no score would be delivered, and nobody confirmed that.
    const small = readFileSync(new URL('../../events/exports/vo-excel-windows-1252.csv', import.meta.url))
      .toString('latin1')
      .split(/\r?\n/)
      .slice(0, 5)
      .join('\r\n');
    const accepted = await acceptExport(
      { store, objects: new S3ObjectStore(s3, process.env.MSV_UPLOAD_BUCKET as string), clock: s.clock },
      {
        school: s.school,
        schoolYear: YEAR,
        instrument: getInstrument('msv-basis') as never,
        bytes: Buffer.from(`${small}\r\n`, 'latin1'),
        actor: 'school:test',
        minGroupSize: 5,
        maxRows: 1000,
      },
    );
    expect(accepted.status === 'created' && accepted.summary.respondents).toBe(4);
    expect(await deliverSchool(s.deliveryDeps(), s.job)).toMatchObject({
      outcome: 'no_data',
      reason: 'small_school_unconfirmed',
    });
    const mail = (await mailsTo(s.board.emails[0] as string)).find((m) =>
      m.subject.startsWith('Niets geleverd'),
    );
    expect(mail?.body.text).toContain('minder respondenten dan nodig om scores te leveren');
    // Consent again for a new date: refused without the confirmation, then given with it, and delivered.
    s.clock.set(`${DATE}T12:00:00+01:00`);
    const request = {
      level: 'school' as const,
      deliveryDate: '2026-04-20',
      exportPolicy: 'latest' as const,
      version: s.given.consent.version,
      administration: s.given.consent.administration,
    };
    const actor = { id: 'board:test', display: 'bestuurstoken test' };
    await expect(
      giveConsent(s.consentDeps, { school: s.school, schoolYear: YEAR, request, actor }),
    ).rejects.toMatchObject({ code: 'small_school_confirmation_required' });
    const confirmed = await giveConsent(s.consentDeps, {
      school: s.school,
      schoolYear: YEAR,
      request: { ...request, confirmSmallSchool: true },
      actor,
    });
    expect(confirmed.consent.smallSchoolConfirmed).toBe(true);
    const job = { ...s.job, deliveryDate: '2026-04-20' };
    expect(await deliverSchool(s.deliveryDeps('2026-04-20T06:00:00+02:00'), job)).toMatchObject({
      outcome: 'delivered',
    });
  });

  it('a pinned consent still needs an upload first', async () => {
    const board = await createBoard(store);
    const school = await createSchool(store, board.boardId);
    await expect(
      giveConsent(
        {
          store,
          scheduler: new RecordingScheduler(),
          mailer,
          clock: clockAt('2025-10-06T10:00:00+02:00'),
          log: silent,
          lowResponsePercent: 50,
        },
        {
          school,
          schoolYear: YEAR,
          request: {
            level: 'school',
            deliveryDate: DATE,
            administration: administrationWith([{ onderwijssoort: 'havo', leerjaar: 1, students: 10 }]),
          },
          actor: { id: 'board:test', display: 'bestuurstoken test' },
        },
      ),
    ).rejects.toMatchObject({ code: 'no_export' } satisfies Partial<ConsentError>);
  });

  it('a retry delivers the export its first attempt chose, not one uploaded after it', async () => {
    const s = await consentedBeforeData();
    const first = await upload(s.school, '2026-02-10T10:00:00+01:00');
    const failing: DeliveryDeps = {
      ...s.deliveryDeps(),
      deliveries: {
        put: async () => {
          throw new Error('injected: S3 down');
        },
        get: async () => undefined,
      },
    };
    await expect(deliverSchool(failing, s.job)).rejects.toThrow('injected');
    expect((await store.consents.get(s.school.schoolId, YEAR))?.deliveringExportId).toBe(first.body.exportId);
    // A newer upload lands before the queue retries the job.
    const { principal } = await createToken(store, 'school', { schoolIds: [s.school.schoolId] });
    const newer = (await createUploadExportHandler({
      config: {
        minGroupSize: 5,
        maxRows: 100_000,
        maxUploadBytes: 5 * 1024 * 1024,
        maxSchoolsPerUpload: 200,
      },
      logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
      clock: clockAt(`${DATE}T06:30:00+01:00`),
      store,
      objects: new S3ObjectStore(s3, process.env.MSV_UPLOAD_BUCKET as string),
      mailer,
    })(
      apiEvent({
        routeKey: 'POST /schools/{schoolId}/years/{schoolYear}/exports',
        pathParameters: { schoolId: s.school.schoolId, schoolYear: YEAR },
        query: { instrument: 'msv-basis' },
        headers: { 'content-type': 'text/csv' },
        body: readFileSync(new URL('../../events/exports/vo-utf8-bom-comma.csv', import.meta.url), 'utf8'),
        principal,
      }),
      lambdaContext(),
    )) as ApiResult;
    expect(newer.statusCode).toBe(201);
    // The delivery under way goes out with the first export: the newer upload promises nothing.
    expect(JSON.parse(String(newer.body)).delivery).toBeNull();
    expect(await deliverSchool(s.deliveryDeps(`${DATE}T07:00:00+01:00`), s.job)).toMatchObject({
      outcome: 'delivered',
    });
    expect((await store.deliveries.get(s.school.schoolId, YEAR))?.exportId).toBe(first.body.exportId);
  });

  it('two workers on the same date without data: one record, one history entry', async () => {
    const s = await consentedBeforeData();
    // Both read the consent before either writes: the second write must find the record and look again.
    const outs = await Promise.all([
      deliverSchool(s.deliveryDeps(), s.job),
      deliverSchool(s.deliveryDeps(), s.job),
    ]);
    for (const out of outs) expect(out).toMatchObject({ outcome: 'no_data', reason: 'no_export' });
    const entries = (await store.audit.list(s.school.schoolId, YEAR)).filter(
      (e) => e.action === 'consent_no_data',
    );
    expect(entries).toHaveLength(1);
    expect((await store.consents.get(s.school.schoolId, YEAR))?.noData?.at).toBe(entries[0]?.at);
  });

  it('a no-data mail that fails fails the job, so the queue retries it; the record is written once', async () => {
    const s = await consentedBeforeData();
    const down: DeliveryDeps = {
      ...s.deliveryDeps(),
      mailer: {
        send: async () => {
          throw new Error('injected: SES down');
        },
      },
    };
    await expect(deliverSchool(down, s.job)).rejects.toThrow('injected');
    const recorded = await store.consents.get(s.school.schoolId, YEAR);
    expect(recorded?.noData).toMatchObject({ deliveryDate: DATE, mailSentAt: null });
    expect(await deliverSchool(s.deliveryDeps(`${DATE}T06:10:00+01:00`), s.job)).toEqual({
      outcome: 'no_data',
      reason: 'no_export',
      mail: 'sent',
    });
    expect((await store.consents.get(s.school.schoolId, YEAR))?.noData?.at).toBe(recorded?.noData?.at);
  });
});
