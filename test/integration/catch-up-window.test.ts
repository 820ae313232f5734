/**
 * Catch-up windows end to end against DynamoDB Local, s3rver and the local SES: after 1 July consent is refused,
 * the operator opens a window with the admin CLI's own command, consent is accepted and delivered as nalevering
 * (consent, delivery record, data.json, PDF, mails); a past year's window works, also through the dispatcher's
 * and the reconciliation's dates; a window for named schools opens nothing for the others; and the reminders send
 * the herstel digest instead of the missed-delivery mail.
 *
 * A table of its own: the reminder run mails every board in the table, and windows apply to every school.
 */
import { randomBytes } from 'node:crypto';
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
import { createReportHandler } from '../../functions/report/report.js';
import { parseCommand } from '../../infra/admin/parse-args.js';
import { CommandError, runCommand } from '../../infra/admin/run-command.js';
import { ensureBuckets, ensureTable } from '../../infra/local/bootstrap.js';
import { type Clock, fixedClock } from '../../shared/clock.js';
import { giveConsent } from '../../shared/consent/consent-service.js';
import { ConsentError } from '../../shared/consent/messages.js';
import { deliverSchool } from '../../shared/delivery/deliver-school.js';
import { datesSincePreviousYear } from '../../shared/delivery/reconcile.js';
import { acceptExport } from '../../shared/exports/accept-export.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import type { School } from '../../shared/model.js';
import { runReminders } from '../../shared/reminders/run-reminders.js';
import type { Stores } from '../../shared/store/stores.js';
import { amsterdamDate, instantOf } from '../../shared/time/amsterdam.js';
import { useLocalAws } from '../support/env.js';
import { apiEvent, lambdaContext } from '../support/events.js';
import { administrationWith, createBoard, createSchool, createToken } from '../support/fixtures.js';
import { pdfText } from '../support/pdf-text.js';
import { RecordingScheduler } from '../support/recording-scheduler.js';
import { mailsTo } from '../support/ses-store.js';

useLocalAws();
const Y = '2025-2026';
const BUCKET = 'msv-test-deliveries';
const silent = { info: () => undefined, error: () => undefined };
let store: Stores;
let mailer: SesMailer;
let objects: S3ObjectStore;
let deliveries: S3ObjectStore;

beforeAll(async () => {
  const client = new DynamoDBClient({});
  const table = `msv-test-windows-${randomBytes(3).toString('hex')}`;
  await ensureTable(client, table);
  store = dynamoStores(client, table);
  mailer = new SesMailer(new SESClient({}), 'msv@msv.test', undefined);
  const s3 = new S3Client({ forcePathStyle: true });
  await ensureBuckets(s3, [BUCKET]);
  objects = new S3ObjectStore(s3, process.env.MSV_UPLOAD_BUCKET as string);
  deliveries = new S3ObjectStore(s3, BUCKET);
});

const admin = (line: string, now: string) =>
  runCommand(store, parseCommand(line.split(' ')).command, new Date(now));

const upload = (school: School, schoolYear: string) =>
  acceptExport(
    { store, objects, clock: fixedClock('2026-02-10T10:00:00+01:00') },
    {
      school,
      schoolYear,
      instrument: getInstrument('msv-basis') as never,
      bytes: readFileSync(new URL('../../events/exports/vo-excel-windows-1252.csv', import.meta.url)),
      actor: 'school:test',
      minGroupSize: 5,
      maxRows: 1000,
    },
  );

const consent = (school: School, schoolYear: string, deliveryDate: string, now: string) =>
  giveConsent(
    {
      store,
      scheduler: new RecordingScheduler(),
      mailer,
      clock: fixedClock(now),
      log: silent,
      lowResponsePercent: 50,
    },
    {
      school,
      schoolYear,
      request: {
        level: 'school',
        deliveryDate,
        administration: {
          ...administrationWith([{ onderwijssoort: 'havo', leerjaar: 1, students: 30 }]),
          period: { from: `${schoolYear.slice(5)}-01-12`, to: `${schoolYear.slice(5)}-02-06` },
        },
      },
      actor: { id: 'board:test', display: 'bestuurstoken test' },
    },
  );

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (err: unknown) => {
      if (err instanceof ConsentError) return err.code;
      throw err;
    },
  );

const deliver = (school: School, schoolYear: string, deliveryDate: string, clock: Clock) =>
  deliverSchool(
    {
      store,
      deliveries,
      deliveryBucket: BUCKET,
      deliveryPrefix: 'deliveries',
      mailer,
      clock,
      lowResponsePercent: 50,
    },
    { schoolId: school.schoolId, schoolYear, deliveryDate },
  );

/** The text of the school's report (GET …/report, as its school token) on `at`, page by page. */
const reportPages = async (school: School, at: string) => {
  const { principal } = await createToken(store, 'school', { schoolIds: [school.schoolId] });
  const res = (await createReportHandler({
    logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
    clock: fixedClock(at),
    store,
    config: { lowResponsePercent: 50 },
  })(
    apiEvent({
      routeKey: 'GET /schools/{schoolId}/years/{schoolYear}/report',
      pathParameters: { schoolId: school.schoolId, schoolYear: Y },
      principal,
    }),
    lambdaContext(),
  )) as ApiResult;
  return pdfText(Buffer.from(String(res.body), 'base64'));
};

describe('a catch-up window after 1 July', () => {
  it('refuses consent until a window is opened, then accepts it and delivers it as nalevering', async () => {
    const board = await createBoard(store);
    const school = await createSchool(store, board.boardId);
    const other = await createSchool(store, board.boardId);
    await upload(school, Y);
    await upload(other, Y);
    const july = '2026-07-02T10:00:00+02:00';
    expect(await codeOf(consent(school, Y, '2026-07-20', july))).toBe('deadline_passed');

    // A window for the first school only: the other stays refused.
    const opened = await admin(
      `window open --year ${Y} --until 2026-08-01 --school ${school.schoolId}`,
      july,
    );
    expect(opened[0]).toMatch(/^window win_[0-9a-f]{12} opened for 2025-2026/);
    await expect(admin(`window open --year ${Y} --until 2026-07-01`, july)).rejects.toThrow(CommandError);
    await expect(admin(`window open --year ${Y} --until 2026-08-01 --school 99ZZ00`, july)).rejects.toThrow(
      /does not exist/,
    );
    expect(await codeOf(consent(other, Y, '2026-07-20', july))).toBe('deadline_passed');
    // The covered school's report is a concept again (consent can still be given); the other's is its own PDF.
    expect((await reportPages(school, july))[0]).toContain('CONCEPT');
    expect((await reportPages(other, july))[0]).not.toContain('CONCEPT');
    expect(await codeOf(consent(school, Y, '2026-08-02', july))).toBe('delivery_date_too_late');
    const given = await consent(school, Y, '2026-08-01', july);
    expect(given.consent).toMatchObject({ nalevering: true, deliveryDate: '2026-08-01' });
    expect(given.consent.catchUpWindowId).toMatch(/^win_/);
    const consentMail = (await mailsTo(board.emails[0] as string)).at(-1);
    expect(consentMail?.subject).toContain('nalevering');
    expect(consentMail?.body.text).toContain('Nalevering: ja');

    // Closed before its date: no new consent, but the one given still delivers.
    const closed = await admin(`window close --year ${Y}`, '2026-07-10T10:00:00+02:00');
    expect(closed[0]).toMatch(/closed/);
    expect(await codeOf(consent(school, Y, '2026-07-25', '2026-07-11T10:00:00+02:00'))).toBe(
      'deadline_passed',
    );
    const list = await admin(`window list --year ${Y}`, '2026-07-11T10:00:00+02:00');
    expect(list.join('\n')).toMatch(/closed .* by operator/);

    const out = await deliver(school, Y, '2026-08-01', fixedClock(instantOf('2026-08-01', '06:00:00')));
    expect(out.outcome).toBe('delivered');
    const record = await store.deliveries.get(school.schoolId, Y);
    expect(record?.nalevering).toBe(true);
    const file = (name: string) => record?.files.find((f) => f.name === name)?.key as string;
    const data = JSON.parse(Buffer.from((await deliveries.get(file('data.json'))) as Uint8Array).toString());
    expect(data).toMatchObject({ schemaVersion: 5, nalevering: true, schoolYear: Y });
    const pdf = await pdfText((await deliveries.get(file('report.pdf'))) as Uint8Array);
    expect(pdf[0]).toContain('Nalevering: geleverd na de uiterste leverdatum van 1 juli 2026');
    const deliveryMail = (await mailsTo(board.emails[0] as string)).at(-1);
    expect(deliveryMail?.subject).toContain('Geleverd (nalevering)');
  });

  it("works for a past year, and its date is among the dispatcher's and the reconciliation's", async () => {
    const board = await createBoard(store);
    const school = await createSchool(store, board.boardId);
    const past = '2024-2025';
    await upload(school, past);
    const autumn = '2025-11-03T10:00:00+01:00';
    expect(await codeOf(consent(school, past, '2025-11-20', autumn))).toBe('deadline_passed');
    await admin(`window open --year ${past} --until 2026-01-31 --note herstelopdracht`, autumn);
    const given = await consent(school, past, '2026-01-20', autumn);
    expect(given.consent.nalevering).toBe(true);
    // A date in the window, months after its year ended, is still one the reconciliation looks at.
    expect(datesSincePreviousYear(amsterdamDate(instantOf('2026-06-30', '12:00:00')))).toContain(
      '2026-01-20',
    );
    expect((await store.consents.listOn('2026-01-20')).map((c) => c.schoolId)).toContain(school.schoolId);
    const out = await deliver(school, past, '2026-01-20', fixedClock(instantOf('2026-01-20', '06:00:00')));
    expect(out.outcome).toBe('delivered');
    expect((await store.deliveries.get(school.schoolId, past))?.nalevering).toBe(true);
  });
});

describe('the reminders in a window', () => {
  it('send the herstel digest instead of the missed-delivery mail for the schools the window covers', async () => {
    const board = await createBoard(store);
    const covered = await createSchool(store, board.boardId);
    const missed = await createSchool(store, board.boardId);
    await upload(covered, Y);
    await upload(missed, Y);
    await admin(
      `window open --year ${Y} --until 2026-08-01 --school ${covered.schoolId}`,
      '2026-06-25T10:00:00+02:00',
    );
    const run = await runReminders({
      store,
      mailer,
      clock: fixedClock(instantOf('2026-07-01', '09:00:00')),
      log: silent,
      remindersStart: '05-01',
      noDataRemindersStart: '03-01',
      appUrl: 'http://localhost:3000',
      mailAttempts: 1,
    });
    const ours = run.boards.filter((b) => b.boardId === board.boardId);
    expect(ours).toEqual([
      { boardId: board.boardId, outcome: 'sent', schools: 1 },
      { boardId: board.boardId, outcome: 'sent', schools: 1, herstel: Y },
    ]);
    const mails = await mailsTo(board.emails[0] as string);
    const herstel = mails.find((m) => m.subject.startsWith('Herstelperiode'));
    const missedMail = mails.find((m) => m.subject.includes('gemist'));
    expect(JSON.stringify(herstel)).toContain(covered.schoolId);
    expect(JSON.stringify(herstel)).toContain('31 juli 2026');
    expect(JSON.stringify(herstel)).not.toContain(missed.schoolId);
    expect(JSON.stringify(missedMail)).toContain(missed.schoolId);
    expect(JSON.stringify(missedMail)).not.toContain(covered.schoolId);
  });
});
