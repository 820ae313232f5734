/**
 * Exactly-once delivery of one school against DynamoDB Local, s3rver and the local SES: repeats, concurrency,
 * a fault after each step followed by a retry, and a revocation before the lock.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDeliverSchoolHandler } from '../../functions/deliver-school/deliver-school.js';
import { createDispatchHandler } from '../../functions/dispatch-deliveries/dispatch-deliveries.js';
import { createGetDeliveryHandler } from '../../functions/get-delivery/get-delivery.js';
import type { ApiResult } from '../../functions/lib/http.js';
import { deliveryLinks } from '../../functions/lib/ports/deliveries.js';
import { S3ObjectStore } from '../../functions/lib/s3-object-store.js';
import { SesMailer } from '../../functions/lib/ses-mailer.js';
import { SqsDeliveryQueue } from '../../functions/lib/sqs-delivery-queue.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { createReportHandler } from '../../functions/report/report.js';
import { ensureBuckets } from '../../infra/local/bootstrap.js';
import { startLocalQueue } from '../../infra/local/sqs.js';
import type { Clock } from '../../shared/clock.js';
import { giveConsent, revokeConsent } from '../../shared/consent/consent-service.js';
import { type DeliveryDeps, deliverSchool } from '../../shared/delivery/deliver-school.js';
import { acceptExport } from '../../shared/exports/accept-export.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import type { Administration } from '../../shared/model.js';
import type { Mailer, ObjectStore } from '../../shared/ports.js';
import { MailClaimedError } from '../../shared/store/deliveries.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { apiEvent, lambdaContext } from '../support/events.js';
import { finerThan } from '../support/finer-figures.js';
import {
  administrationWith,
  createBoard,
  createSchool,
  createToken,
  storeSeeing,
} from '../support/fixtures.js';
import { pdfText } from '../support/pdf-text.js';
import { RecordingScheduler } from '../support/recording-scheduler.js';
import { mailsTo } from '../support/ses-store.js';

useLocalAws();
const YEAR = '2025-2026';
const DATE = '2026-06-16';
const BUCKET = 'msv-test-deliveries';
let store: Stores;
let s3: S3Client;
let deliveries: S3ObjectStore;
let mailer: SesMailer;

beforeAll(async () => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  s3 = new S3Client({ forcePathStyle: true });
  await ensureBuckets(s3, [BUCKET]);
  deliveries = new S3ObjectStore(s3, BUCKET);
  mailer = new SesMailer(new SESClient({}), 'msv@msv.test', undefined);
});

/** SES unreachable: the delivery commits, its confirmation fails. */
const failingMail: Mailer = {
  send: async () => {
    throw new Error('SES down');
  },
};

const clockAt = (iso: string) => {
  let now = new Date(iso);
  return { now: () => new Date(now), set: (s: string) => (now = new Date(s)) } satisfies Clock & {
    set(s: string): void;
  };
};

/** A school with an accepted export and consent for DATE, given on 2 March (per onderwijssoort unless told). */
const consented = async (
  opts: { level?: 'school' | 'onderwijssoort'; studentCounts?: Administration['studentCounts'] } = {},
) => {
  const board = await createBoard(store);
  const school = await createSchool(store, board.boardId);
  const clock = clockAt('2026-03-02T10:00:00+01:00');
  const objects = new S3ObjectStore(s3, process.env.MSV_UPLOAD_BUCKET as string);
  await acceptExport(
    { store, objects, clock },
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
  const consentDeps = {
    store,
    scheduler: new RecordingScheduler(),
    mailer,
    clock,
    log: { info: () => undefined, error: () => undefined },
    lowResponsePercent: 50,
  };
  await giveConsent(consentDeps, {
    school,
    schoolYear: YEAR,
    request: {
      level: opts.level ?? 'onderwijssoort',
      deliveryDate: DATE,
      administration: administrationWith(
        opts.studentCounts ?? [{ onderwijssoort: 'havo', leerjaar: 1, students: 10 }],
      ),
    },
    actor: { id: 'board:test', display: 'bestuurstoken test' },
  });
  const deps = (over: Partial<DeliveryDeps> = {}): DeliveryDeps => ({
    store,
    deliveries,
    deliveryBucket: BUCKET,
    deliveryPrefix: 'deliveries',
    mailer,
    clock: clockAt(`${DATE}T06:00:00+02:00`),
    lowResponsePercent: 50,
    ...over,
  });
  return {
    board,
    school,
    clock,
    consentDeps,
    deps,
    job: { schoolId: school.schoolId, schoolYear: YEAR, deliveryDate: DATE },
  };
};

const objectsUnder = async (schoolId: string) =>
  (
    await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `deliveries/${YEAR}/${schoolId}/` }))
  ).Contents?.map((o) => o.Key) ?? [];

/**
 * A store whose DynamoDB client has its next `times` transactions cancelled for `code` (the fault DynamoDB
 * reports as a TransactionCanceledException with that code among the reasons), then lets them through.
 */
const cancelling = (code: string, times: number) => {
  const client = new DynamoDBClient({});
  let left = times;
  client.middlewareStack.add(
    (next) => async (args) => {
      if ('TransactItems' in (args.input as object) && left-- > 0) {
        throw new TransactionCanceledException({
          message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
          $metadata: {},
          CancellationReasons: [{ Code: code }, { Code: 'None' }, { Code: 'None' }],
        });
      }
      return next(args);
    },
    { step: 'initialize' },
  );
  return { store: dynamoStores(client, process.env.MSV_TABLE_NAME as string), left: () => left };
};

describe('GET delivery', () => {
  it('answers 404 before delivery, then the record and a link to the delivered PDF', async () => {
    const s = await consented();
    const { principal } = await createToken(store, 'school', { schoolIds: [s.school.schoolId] });
    const handler = createGetDeliveryHandler({
      logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
      clock: clockAt(`${DATE}T07:00:00+02:00`),
      store,
      // The port get-delivery is wired with, on the local endpoint this test's environment names.
      deliveryLinks: deliveryLinks({ stage: 'local', deliveryBucket: BUCKET }),
    });
    const get = async () => {
      const res = (await handler(
        apiEvent({
          routeKey: 'GET /schools/{schoolId}/years/{schoolYear}/delivery',
          pathParameters: { schoolId: s.school.schoolId, schoolYear: YEAR },
          principal,
        }),
        lambdaContext(),
      )) as ApiResult;
      return { status: res.statusCode, body: JSON.parse(String(res.body)) };
    };
    expect((await get()).body.code).toBe('not_delivered');
    await deliverSchool(s.deps(), s.job);
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.body.delivery).toMatchObject({
      schoolId: s.school.schoolId,
      deliveryDate: DATE,
      level: 'onderwijssoort',
    });
    const pdf = new Uint8Array(await (await fetch(res.body.reportUrl)).arrayBuffer());
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(res.body.delivery.files[0].sha256);
  });
});

describe('what the school checks is what is delivered', () => {
  it('the preview of a consent is the delivered PDF with the concept mark, and the school’s own part after it', async () => {
    const s = await consented();
    const { principal } = await createToken(store, 'school', { schoolIds: [s.school.schoolId] });
    const preview = createReportHandler({
      logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
      clock: clockAt('2026-03-03T10:00:00+01:00'),
      store,
      config: { lowResponsePercent: 50 },
    });
    const res = (await preview(
      apiEvent({
        routeKey: 'GET /schools/{schoolId}/years/{schoolYear}/report',
        pathParameters: { schoolId: s.school.schoolId, schoolYear: YEAR },
        principal,
      }),
      lambdaContext(),
    )) as ApiResult;
    expect(res.statusCode).toBe(200);
    await deliverSchool(s.deps(), s.job);
    const record = await store.deliveries.get(s.school.schoolId, YEAR);
    const delivered = (await deliveries.get(record?.files[0]?.key as string)) as Uint8Array;

    const previewPages = await pdfText(Buffer.from(String(res.body), 'base64'));
    const deliveredPages = await pdfText(delivered);
    // The concept mark: a watermark and a line in the top margin, on every page.
    const unmarked = previewPages.map((page) =>
      page
        .replaceAll('CONCEPT', '')
        .replace('Concept: dit rapport is nog niet geleverd.', '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    expect(previewPages.every((page) => page.includes('CONCEPT'))).toBe(true);
    expect(deliveredPages.join('\n')).not.toMatch(/concept/i);
    expect(unmarked.slice(0, deliveredPages.length)).toEqual(
      deliveredPages.map((page) => page.replace(/\s+/g, ' ').trim()),
    );
    // What follows the report's pages is the school's own, never delivered.
    const own = unmarked.slice(deliveredPages.length);
    expect(own.length).toBeGreaterThan(0);
    expect(own[0]).toContain('Alleen voor de school: wordt niet naar de inspectie gestuurd');
    expect(deliveredPages.join('\n')).not.toContain('Alleen voor de school');
    expect(res.headers?.['x-msv-data-sha256']).toBeTruthy();
    expect(deliveredPages.join('\n')).toContain(String(res.headers?.['x-msv-data-sha256']));
  });
});

describe('deliverSchool', () => {
  it('delivers report, data and manifest, marks the consent delivered and mails the board', async () => {
    const s = await consented();
    const out = await deliverSchool(s.deps(), s.job);
    expect(out).toMatchObject({ outcome: 'delivered', mail: 'sent' });
    const record = await store.deliveries.get(s.school.schoolId, YEAR);
    expect(record?.files.map((f) => f.name)).toEqual(['report.pdf', 'data.json', 'manifest.json']);
    expect((await objectsUnder(s.school.schoolId)).sort()).toEqual(record?.files.map((f) => f.key).sort());
    expect((await store.consents.get(s.school.schoolId, YEAR))?.status).toBe('delivered');
    expect(await store.consents.listOn(DATE)).not.toContainEqual({
      schoolId: s.school.schoolId,
      schoolYear: YEAR,
    });

    const manifest = JSON.parse(
      Buffer.from((await deliveries.get(record?.files[2]?.key as string)) as Uint8Array).toString(),
    );
    const pdf = (await deliveries.get(record?.files[0]?.key as string)) as Uint8Array;
    expect(manifest.files[0].sha256).toBe(record?.files[0]?.sha256);
    const text = (await pdfText(pdf)).join(' ');
    expect(text).toContain(s.school.schoolId);
    expect(text).not.toContain('CONCEPT');
    // The definition the export was counted under, by id and version, in the PDF and in data.json.
    expect(text).toContain('msv-basis, versie 1');
    const data = JSON.parse(
      Buffer.from((await deliveries.get(record?.files[1]?.key as string)) as Uint8Array).toString(),
    );
    expect(data).toMatchObject({
      schemaVersion: 5,
      nalevering: false,
      level: 'onderwijssoort',
      schoolYear: YEAR,
      instrument: { id: 'msv-basis', version: 1, name: 'MSV Basis', publisher: 'msv' },
      source: 'respondents',
    });
    expect(data.levels.map((l: { key: string }) => l.key)).toEqual(['school', 'havo', 'vwo']);
    const mails = await mailsTo(s.board.emails[0] as string);
    expect(mails.at(-1)?.subject).toContain('Geleverd');
  });

  it('delivers once when the job repeats or two workers run at once', async () => {
    const s = await consented();
    const results = await Promise.all([deliverSchool(s.deps(), s.job), deliverSchool(s.deps(), s.job)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['already_delivered', 'delivered']);
    // The board hears once: the attempt that lost the commit waits for the claimant and finds it sent.
    expect(results.map((r) => ('mail' in r ? r.mail : undefined)).sort()).toEqual(['sent', 'was_sent']);
    expect((await deliverSchool(s.deps(), s.job)).outcome).toBe('already_delivered');
    expect(await objectsUnder(s.school.schoolId)).toHaveLength(3);
    const mails = (await mailsTo(s.board.emails[0] as string)).filter((m) =>
      m.subject.startsWith('Geleverd'),
    );
    expect(mails).toHaveLength(1);
  });

  it('sends the confirmation itself when the attempt that held it gives up, and hands the job back while it is held', {
    timeout: 30_000,
  }, async () => {
    const s = await consented();
    const id = s.school.schoolId;
    expect(await deliverSchool(s.deps({ mailer: failingMail }), s.job)).toMatchObject({ mail: 'failed' });
    // Another receipt of the same message holds the claim, then its send fails and it gives the claim up.
    const far = new Date(Date.parse(`${DATE}T06:00:00.000Z`) + 3_600_000).toISOString();
    await store.deliveries.claimMail(id, YEAR, { token: 'other', now: `${DATE}T06:00:00.000Z`, until: far });
    const waiting = deliverSchool(s.deps(), s.job);
    await new Promise((r) => setTimeout(r, 600));
    await store.deliveries.releaseMail(id, YEAR, 'other');
    expect(await waiting).toMatchObject({ outcome: 'already_delivered', mail: 'sent' });
    expect((await store.deliveries.get(id, YEAR))?.mailSentAt).not.toBeNull();

    // Held all along (its holder is slow or gone): the worker hands the job back rather than drop it.
    const t = await consented();
    expect(await deliverSchool(t.deps({ mailer: failingMail }), t.job)).toMatchObject({ mail: 'failed' });
    await store.deliveries.claimMail(t.school.schoolId, YEAR, {
      token: 'slow',
      now: `${DATE}T06:00:00.000Z`,
      until: far,
    });
    const worker = createDeliverSchoolHandler({
      config: { lowResponsePercent: 50, deliveryPrefix: 'deliveries', deliveryBucket: BUCKET },
      logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
      clock: t.deps().clock,
      store,
      deliveries,
      mailer,
    });
    const event = { Records: [{ messageId: 'm-held', body: JSON.stringify(t.job) }] } as unknown as SQSEvent;
    expect(await worker(event, lambdaContext())).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-held' }],
    });
    expect((await store.deliveries.get(t.school.schoolId, YEAR))?.mailSentAt).toBeNull();
  });

  it('lets one attempt at a time claim the confirmation, until it is sent, given up or run out', async () => {
    const s = await consented();
    const id = s.school.schoolId;
    // Delivered without its mail: the failed attempt gave its claim up.
    expect(await deliverSchool(s.deps({ mailer: failingMail }), s.job)).toMatchObject({ mail: 'failed' });
    const at = (min: number) => `${DATE}T06:${String(min).padStart(2, '0')}:00.000Z`;
    await store.deliveries.claimMail(id, YEAR, { token: 'a', now: at(0), until: at(2) });
    const second = store.deliveries.claimMail(id, YEAR, { token: 'b', now: at(1), until: at(3) });
    await expect(second).rejects.toBeInstanceOf(MailClaimedError);
    // Another's release does not free it; its own does.
    await store.deliveries.releaseMail(id, YEAR, 'b');
    await expect(
      store.deliveries.claimMail(id, YEAR, { token: 'b', now: at(1), until: at(3) }),
    ).rejects.toThrow(MailClaimedError);
    await store.deliveries.releaseMail(id, YEAR, 'a');
    await store.deliveries.claimMail(id, YEAR, { token: 'b', now: at(1), until: at(3) });
    // An attempt that died holds it only until its claim runs out.
    await store.deliveries.claimMail(id, YEAR, { token: 'c', now: at(4), until: at(6) });
    // Sent and marked: never claimed again, whenever.
    await store.deliveries.markMailSent(id, YEAR, at(5));
    await expect(
      store.deliveries.claimMail(id, YEAR, { token: 'd', now: at(59), until: at(59) }),
    ).rejects.toThrow(MailClaimedError);
    // A school without a delivery record has no confirmation to claim.
    await expect(
      store.deliveries.claimMail('99ZZ00', YEAR, { token: 'e', now: at(0), until: at(1) }),
    ).rejects.toThrow(MailClaimedError);
  });

  it('finishes after a crash between writing files, or before the mail, without a second delivery', async () => {
    const s = await consented();
    let puts = 0;
    const crashing: ObjectStore = {
      put: async (key, body, type) => {
        if (++puts === 2) throw new Error('crash after the first file');
        await deliveries.put(key, body, type);
      },
      get: (key) => deliveries.get(key),
    };
    await expect(deliverSchool(s.deps({ deliveries: crashing }), s.job)).rejects.toThrow('crash');
    expect((await store.consents.get(s.school.schoolId, YEAR))?.status).toBe('active');

    expect(await deliverSchool(s.deps({ mailer: failingMail }), s.job)).toMatchObject({
      outcome: 'delivered',
      mail: 'failed',
    });
    expect((await store.deliveries.get(s.school.schoolId, YEAR))?.mailSentAt).toBeNull();
    expect(await deliverSchool(s.deps(), s.job)).toMatchObject({
      outcome: 'already_delivered',
      mail: 'sent',
    });
    expect(await deliverSchool(s.deps(), s.job)).toMatchObject({
      outcome: 'already_delivered',
      mail: 'was_sent',
    });
    expect(await objectsUnder(s.school.schoolId)).toHaveLength(3);
  });

  it('retries a failed commit without a second delivery', async () => {
    const s = await consented();
    const deliveries: Stores['deliveries'] = Object.create(store.deliveries);
    deliveries.markDelivered = async () => {
      throw new Error('DynamoDB unavailable');
    };
    const failingCommit = { ...store, deliveries };
    await expect(deliverSchool(s.deps({ store: failingCommit }), s.job)).rejects.toThrow(
      'DynamoDB unavailable',
    );
    expect((await store.consents.get(s.school.schoolId, YEAR))?.status).toBe('active');
    expect(await deliverSchool(s.deps(), s.job)).toMatchObject({ outcome: 'delivered', mail: 'sent' });
    expect(await objectsUnder(s.school.schoolId)).toHaveLength(3);
  });

  it('tries a commit again while it only conflicts with another transaction', async () => {
    const s = await consented();
    const busy = cancelling('TransactionConflict', 2);
    expect(await deliverSchool(s.deps({ store: busy.store }), s.job)).toMatchObject({ outcome: 'delivered' });
    expect(busy.left()).toBeLessThan(0);
  });

  it('retries a throttled commit instead of taking it for a lost race', async () => {
    const s = await consented();
    const throttled = cancelling('ThrottlingError', 1);
    await expect(deliverSchool(s.deps({ store: throttled.store }), s.job)).rejects.toThrow(/cancel/i);
    expect((await store.consents.get(s.school.schoolId, YEAR))?.status).toBe('active');
    expect(await deliverSchool(s.deps({ store: throttled.store }), s.job)).toMatchObject({
      outcome: 'delivered',
    });
    expect((await store.consents.get(s.school.schoolId, YEAR))?.status).toBe('delivered');
  });

  it('delivers once through the whole pipeline when the schedule fires twice', async () => {
    const s = await consented();
    const logger = new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' });
    const deps = s.deps();
    const worker = createDeliverSchoolHandler({
      config: { lowResponsePercent: 50, deliveryPrefix: 'deliveries', deliveryBucket: BUCKET },
      logger,
      clock: deps.clock,
      store,
      deliveries,
      mailer,
    });
    const queue = await startLocalQueue({
      port: 0,
      name: 'test-jobs',
      consume: worker,
      batchSize: 5,
      concurrency: 2,
      maxReceives: 3,
    });
    try {
      const dispatch = createDispatchHandler({
        logger,
        clock: deps.clock,
        store: storeSeeing(store, () => [s.school.schoolId]),
        queue: new SqsDeliveryQueue(new SQSClient({ endpoint: queue.endpoint }), queue.queueUrl),
        config: { deliveryTime: '06:00:00' },
      });
      await Promise.all([
        dispatch({ deliveryDate: DATE }, lambdaContext()),
        dispatch({ deliveryDate: DATE }, lambdaContext()),
      ]);
      await queue.drained();
    } finally {
      await queue.stop();
    }
    expect((await store.consents.get(s.school.schoolId, YEAR))?.status).toBe('delivered');
    expect(await objectsUnder(s.school.schoolId)).toHaveLength(3);
    expect(queue.deadLetters()).toEqual([]);
    const mails = (await mailsTo(s.board.emails[0] as string)).filter((m) =>
      m.subject.startsWith('Geleverd'),
    );
    expect(mails).toHaveLength(1);
  });

  it('hands a job back whose board was not told, and its next try sends only the mail', async () => {
    const s = await consented();
    const deps = s.deps();
    const worker = (mailer: Mailer) =>
      createDeliverSchoolHandler({
        config: { lowResponsePercent: 50, deliveryPrefix: 'deliveries', deliveryBucket: BUCKET },
        logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
        clock: deps.clock,
        store,
        deliveries,
        mailer,
      });
    const event = {
      Records: [{ messageId: 'm-1', body: JSON.stringify(s.job) }],
    } as unknown as SQSEvent;
    const down: Mailer = {
      send: async () => {
        throw Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' });
      },
    };
    // Delivered, but the confirmation failed (after the paced mailer's own waiting): the job goes back to the queue.
    expect(await worker(down)(event, lambdaContext())).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-1' }],
    });
    expect((await store.consents.get(s.school.schoolId, YEAR))?.status).toBe('delivered');
    expect((await store.deliveries.get(s.school.schoolId, YEAR))?.mailSentAt).toBeNull();
    // Its next try: the delivery stands, only the mail is sent.
    expect(await worker(deps.mailer)(event, lambdaContext())).toEqual({ batchItemFailures: [] });
    expect((await store.deliveries.get(s.school.schoolId, YEAR))?.mailSentAt).not.toBeNull();
    expect(await objectsUnder(s.school.schoolId)).toHaveLength(3);
  });

  it('never delivers a consent revoked before its lock, nor before its date', async () => {
    const s = await consented();
    await expect(
      deliverSchool(s.deps({ clock: clockAt(`${DATE}T00:00:00+02:00`) }), s.job),
    ).resolves.toMatchObject({
      outcome: 'delivered',
    });

    const r = await consented();
    await expect(
      deliverSchool(r.deps({ clock: clockAt('2026-06-15T23:59:59+02:00') }), r.job),
    ).rejects.toMatchObject({
      code: 'delivery_not_due',
    });
    r.clock.set('2026-06-15T20:00:00+02:00');
    await revokeConsent(r.consentDeps, {
      school: r.school,
      schoolYear: YEAR,
      actor: { id: 'school:x', display: 'x' },
    });
    expect(await deliverSchool(r.deps(), r.job)).toEqual({ outcome: 'skipped', reason: 'revoked' });
    expect(await objectsUnder(r.school.schoolId)).toEqual([]);
  });
});

describe('exactly the chosen level', () => {
  // havo leerjaar 2 (5 of 20) is low and havo leerjaar 5 (15 students) was not surveyed: warnings of groups finer
  // than either level. havo as a whole (20 of 45) is low; the whole school (40 of 77) is not.
  const studentCounts: Administration['studentCounts'] = [
    { onderwijssoort: 'havo', leerjaar: 1, students: 10 },
    { onderwijssoort: 'havo', leerjaar: 2, students: 20 },
    { onderwijssoort: 'havo', leerjaar: 5, students: 15 },
    { onderwijssoort: 'vwo', leerjaar: 1, students: 8 },
    { onderwijssoort: 'vwo', leerjaar: 2, students: 8 },
    { onderwijssoort: 'vwo', leerjaar: 3, students: 8 },
    { onderwijssoort: 'vwo', leerjaar: 4, students: 8 },
  ];
  const finerRow = /leerjaar(\/groep)? \d/;

  /** Delivers at `level` and reads back what the Inspectie got, with the school's preview of it beforehand. */
  const deliveredAt = async (level: 'school' | 'onderwijssoort') => {
    const s = await consented({ level, studentCounts });
    const { principal } = await createToken(store, 'school', { schoolIds: [s.school.schoolId] });
    const preview = (await createReportHandler({
      logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
      clock: clockAt('2026-03-03T10:00:00+01:00'),
      store,
      config: { lowResponsePercent: 50 },
    })(
      apiEvent({
        routeKey: 'GET /schools/{schoolId}/years/{schoolYear}/report',
        pathParameters: { schoolId: s.school.schoolId, schoolYear: YEAR },
        principal,
      }),
      lambdaContext(),
    )) as ApiResult;
    expect(await deliverSchool(s.deps(), s.job)).toMatchObject({ outcome: 'delivered' });
    const record = await store.deliveries.get(s.school.schoolId, YEAR);
    const file = async (name: string) =>
      (await deliveries.get(record?.files.find((f) => f.name === name)?.key as string)) as Uint8Array;
    return {
      data: JSON.parse(Buffer.from(await file('data.json')).toString()),
      pdf: (await pdfText(await file('report.pdf'))).join('\n'),
      preview: (await pdfText(Buffer.from(String(preview.body), 'base64'))).join('\n'),
    };
  };

  it('level school: data.json and the PDF hold the whole school only', async () => {
    const { data, pdf, preview } = await deliveredAt('school');
    expect(data.schemaVersion).toBe(5);
    expect(data.levels.map((l: { level: string; key: string }) => [l.level, l.key])).toEqual([
      ['school', 'school'],
    ]);
    expect(data.representativeness).toEqual({
      total: { students: 77, respondents: 40, responseRate: 51.9 },
      leerjarenSurveyed: [1, 2, 3, 4],
      warnings: [],
    });
    expect(data.administration.studentCounts).toBeUndefined();
    expect(finerThan(data, 'school')).toEqual([]);
    expect(pdf).not.toMatch(finerRow);
    expect(pdf).not.toMatch(/\b(havo|vwo)\b/);
    // The school saw the groups and their warnings, apart.
    expect(preview).toContain('Alleen voor de school: wordt niet naar de inspectie gestuurd');
    expect(preview).toContain('De respons in havo leerjaar 2 is 25% (lager dan 50%).');
  });

  it('level onderwijssoort: data.json and the PDF hold each onderwijssoort and the whole school, no leerjaar', async () => {
    const { data, pdf, preview } = await deliveredAt('onderwijssoort');
    expect(data.levels.map((l: { key: string }) => l.key)).toEqual(['school', 'havo', 'vwo']);
    expect(data.representativeness.onderwijssoorten).toEqual([
      { onderwijssoort: 'havo', students: 45, respondents: 20, responseRate: 44.4 },
      { onderwijssoort: 'vwo', students: 32, respondents: 20, responseRate: 62.5 },
    ]);
    expect(data.representativeness.warnings.map((w: { messageNl: string }) => w.messageNl)).toEqual([
      'De respons in havo is 44,4% (lager dan 50%).',
    ]);
    expect(finerThan(data, 'onderwijssoort')).toEqual([]);
    expect(pdf).not.toMatch(finerRow);
    expect(pdf).toContain('De respons in havo is 44,4% (lager dan 50%).');
    expect(preview).toContain('Geen respondenten in havo leerjaar 5 (15 leerlingen).');
  });
});
