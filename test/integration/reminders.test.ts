/**
 * The daily reminder run against DynamoDB Local and the local SES, with the clock set to the days around the
 * boundaries: who gets a digest, what it lists, no second mail on a second (or concurrent) run the same day,
 * nothing for boards without work or with reminders off, and the missed-delivery mail after 1 July.
 *
 * It uses a table of its own: the run mails every board in the table, and the other test files' boards must not
 * receive reminders in the middle of their own mail counts.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../functions/lib/s3-object-store.js';
import { SesMailer } from '../../functions/lib/ses-mailer.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { createSendRemindersHandler } from '../../functions/send-reminders/send-reminders.js';
import { ensureTable } from '../../infra/local/bootstrap.js';
import { type Clock, fixedClock } from '../../shared/clock.js';
import { giveConsent } from '../../shared/consent/consent-service.js';
import { deliveryIdOf } from '../../shared/delivery/deliver-school.js';
import { acceptExport } from '../../shared/exports/accept-export.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import type { Board, School } from '../../shared/model.js';
import type { Mail, Mailer } from '../../shared/ports.js';
import { type ReminderRun, runReminders } from '../../shared/reminders/run-reminders.js';
import type { Stores } from '../../shared/store/stores.js';
import { instantOf } from '../../shared/time/amsterdam.js';
import { useLocalAws } from '../support/env.js';
import { lambdaContext } from '../support/events.js';
import { administrationWith, createBoard, createSchool } from '../support/fixtures.js';
import { RecordingScheduler } from '../support/recording-scheduler.js';
import { mailsTo } from '../support/ses-store.js';

useLocalAws();
const YEAR = '2025-2026';
const logger = new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' });
const silent = { info: () => undefined, error: () => undefined };
const sample = (name: string) => readFileSync(new URL(`../../events/exports/${name}`, import.meta.url));

let store: Stores;
let mailer: SesMailer;
let objects: S3ObjectStore;
/** Board with work: s1 export without consent, s2 no export, s3 consent on an older export, s4 delivered. */
let busy: { board: Board; s1: School; s2: School; s3: School; s4: School };
/** Board whose only school has consent for 1 July on its current export: nothing to do, nothing missed. */
let onTrack: Board;
/** Board with work but reminders off. */
let quiet: Board;

const at = (date: string): Clock => fixedClock(instantOf(date, '09:00:00'));

const upload = (school: School, file: string, when: string) =>
  acceptExport(
    { store, objects, clock: fixedClock(when) },
    {
      school,
      schoolYear: YEAR,
      instrument: getInstrument('msv-basis') as never,
      bytes: sample(file),
      actor: 'school:test',
      minGroupSize: 5,
      maxRows: 1000,
    },
  );

const consent = (school: School, deliveryDate: string) =>
  giveConsent(
    {
      store,
      scheduler: new RecordingScheduler(),
      mailer: { send: async () => undefined },
      clock: fixedClock('2026-03-02T10:00:00+01:00'),
      log: silent,
      lowResponsePercent: 50,
    },
    {
      school,
      schoolYear: YEAR,
      request: {
        level: 'school',
        deliveryDate,
        administration: administrationWith([{ onderwijssoort: 'havo', leerjaar: 1, students: 30 }]),
      },
      actor: { id: 'board:test', display: 'bestuurstoken test' },
    },
  );

const run = (date: string, over: { mailer?: Mailer } = {}): Promise<ReminderRun> =>
  runReminders({
    store,
    mailer: over.mailer ?? mailer,
    clock: at(date),
    log: silent,
    remindersStart: '05-01',
    noDataRemindersStart: '03-01',
    appUrl: 'http://localhost:3000',
    mailAttempts: 1,
  });

const outcomeOf = (r: ReminderRun, board: Board) =>
  r.boards.find((b) => b.boardId === board.boardId)?.outcome;

beforeAll(async () => {
  const client = new DynamoDBClient({});
  const table = `msv-test-reminders-${randomBytes(3).toString('hex')}`;
  await ensureTable(client, table);
  store = dynamoStores(client, table);
  mailer = new SesMailer(new SESClient({}), 'msv@msv.test', undefined);
  objects = new S3ObjectStore(
    new S3Client({ forcePathStyle: true }),
    process.env.MSV_UPLOAD_BUCKET as string,
  );

  const b = await createBoard(store);
  const [s1, s2, s3, s4] = [
    await createSchool(store, b.boardId),
    await createSchool(store, b.boardId, { sector: 'po' }),
    await createSchool(store, b.boardId),
    await createSchool(store, b.boardId),
  ] as [School, School, School, School];
  await upload(s1, 'vo-excel-windows-1252.csv', '2026-02-10T10:00:00+01:00');
  await upload(s3, 'vo-excel-windows-1252.csv', '2026-02-10T10:00:00+01:00');
  await consent(s3, '2026-06-20');
  await upload(s3, 'vo-utf8-bom-comma.csv', '2026-03-05T10:00:00+01:00');
  await upload(s4, 'vo-excel-windows-1252.csv', '2026-02-10T10:00:00+01:00');
  const given = await consent(s4, '2026-05-12');
  await expect(
    store.deliveries.markDelivered(given.consent, {
      deliveryId: deliveryIdOf(given.consent),
      schoolId: s4.schoolId,
      schoolYear: YEAR,
      deliveryDate: '2026-05-12',
      level: 'school',
      exportId: given.consent.exportId as string,
      consentVersion: given.consent.version,
      bucket: 'test',
      prefix: 'deliveries/',
      files: [],
      deliveredAt: '2026-05-12T04:00:00.000Z',
      mailSentAt: null,
    }),
  ).resolves.toBeUndefined();
  busy = { board: b, s1, s2, s3, s4 };

  onTrack = await createBoard(store);
  const t1 = await createSchool(store, onTrack.boardId);
  await upload(t1, 'vo-excel-windows-1252.csv', '2026-02-10T10:00:00+01:00');
  await consent(t1, '2026-07-01');

  quiet = await createBoard(store);
  await store.boards.put({ ...quiet, reminders: false });
  await createSchool(store, quiet.boardId);
}, 60_000);

describe('reminder run', () => {
  it('lists every board through the index', async () => {
    expect((await store.boards.list()).map((b) => b.boardId).sort()).toEqual(
      [busy.board.boardId, onTrack.boardId, quiet.boardId].sort(),
    );
    expect((await store.boards.get(quiet.boardId))?.reminders).toBe(false);
    expect((await store.boards.get(onTrack.boardId))?.reminders).toBe(true);
  });

  it('sends nothing on 30 April, nor on 1 May (a Friday: weekly digests go out on Mondays)', async () => {
    for (const date of ['2026-04-30', '2026-05-01']) {
      const r = await run(date);
      expect(r).toMatchObject({ date, kind: 'none', boards: [] });
    }
    expect(await mailsTo(busy.board.emails[0] as string)).toHaveLength(0);
  });

  it('on the first Monday mails only the board with work, listing what each school must do', async () => {
    const r = await run('2026-05-04');
    expect(r.kind).toBe('digest');
    expect(outcomeOf(r, busy.board)).toBe('sent');
    expect(outcomeOf(r, onTrack)).toBe('nothing_to_do');
    expect(outcomeOf(r, quiet)).toBe('disabled');
    const mails = await mailsTo(busy.board.emails[0] as string);
    expect(mails).toHaveLength(1);
    const text = mails[0]?.body.text ?? '';
    expect(mails[0]?.subject).toContain('nog 58 dagen tot 1 juli, actie nodig voor 3 scholen');
    expect(text).toContain(`(${busy.s1.schoolId}): Nog geen toestemming (nog 58 dagen)`);
    expect(text).toContain(`(${busy.s2.schoolId}): Nog geen gegevens`);
    expect(text).toContain(`(${busy.s3.schoolId}): Toestemming voor oudere gegevens`);
    expect(text).not.toContain(busy.s4.schoolId);
    expect(text).toContain(`http://localhost:3000/#/boards/${busy.board.boardId}/years/${YEAR}`);
    expect(await mailsTo(onTrack.emails[0] as string)).toHaveLength(0);
    expect(await mailsTo(quiet.emails[0] as string)).toHaveLength(0);
  });

  it('does not mail a board twice on one day, also through the handler as the schedule fires it', async () => {
    const r = await run('2026-05-04');
    expect(outcomeOf(r, busy.board)).toBe('already_sent');
    const handler = createSendRemindersHandler({
      logger,
      clock: at('2026-05-04'),
      store,
      mailer,
      config: { remindersStart: '05-01', noDataRemindersStart: '03-01', appUrl: undefined },
    });
    const viaHandler = await handler({}, lambdaContext());
    expect(outcomeOf(viaHandler, busy.board)).toBe('already_sent');
    expect(await mailsTo(busy.board.emails[0] as string)).toHaveLength(1);
  });

  it('sends one mail per board when the schedule fires twice at once', async () => {
    const [a, b] = await Promise.all([run('2026-06-15'), run('2026-06-15')]);
    expect([outcomeOf(a, busy.board), outcomeOf(b, busy.board)].sort()).toEqual(['already_sent', 'sent']);
    expect(await mailsTo(busy.board.emails[0] as string)).toHaveLength(2);
  });

  it('skips 16 June (a Tuesday) and mails daily from 17 June to 30 June', async () => {
    expect((await run('2026-06-16')).kind).toBe('none');
    expect(outcomeOf(await run('2026-06-17'), busy.board)).toBe('sent');
    expect(outcomeOf(await run('2026-06-30'), busy.board)).toBe('sent');
    const mails = await mailsTo(busy.board.emails[0] as string);
    expect(mails).toHaveLength(4);
    expect(mails.at(-2)?.subject).toContain('nog 14 dagen');
    expect(mails.at(-1)?.subject).toContain('nog 1 dag tot 1 juli');
  });

  it('gives the claim back when the mail fails, so a later run sends it', async () => {
    const failing: Mailer = {
      send: async (mail: Mail) => {
        if (mail.to.includes(busy.board.emails[0] as string)) throw new Error('SES throttled');
        await mailer.send(mail);
      },
    };
    const handler = createSendRemindersHandler({
      logger,
      clock: at('2026-06-18'),
      store,
      mailer: failing,
      config: { remindersStart: '05-01', noDataRemindersStart: '03-01', appUrl: undefined },
    });
    await expect(handler({}, lambdaContext())).rejects.toThrow(busy.board.boardId);
    expect(await mailsTo(busy.board.emails[0] as string)).toHaveLength(4);
    expect(outcomeOf(await run('2026-06-18'), busy.board)).toBe('sent');
    expect(await mailsTo(busy.board.emails[0] as string)).toHaveLength(5);
  }, 20_000);

  it('from 1 July mails the missed schools once, not the board whose 1 July delivery is still pending that day', async () => {
    const first = await run('2026-07-01');
    expect(first.kind).toBe('missed');
    expect(outcomeOf(first, busy.board)).toBe('sent');
    expect(outcomeOf(first, onTrack)).toBe('nothing_to_do');
    expect(outcomeOf(first, quiet)).toBe('disabled');
    const missed = (await mailsTo(busy.board.emails[0] as string)).at(-1);
    expect(missed?.subject).toContain('gemist voor 2 scholen');
    for (const s of [busy.s1, busy.s2]) {
      expect(missed?.body.text).toContain(`GET /schools/${s.schoolId}/years/${YEAR}/report`);
    }
    // s4 was delivered; s3's 20 June consent is still active (its delivery is retried, the operator alarmed): the
    // board is not asked to deliver it by hand as well.
    expect(missed?.body.text).not.toContain(busy.s4.schoolId);
    expect(missed?.body.text).not.toContain(busy.s3.schoolId);
    expect(missed?.body.text).toContain('portaal van de Inspectie');
    expect(await mailsTo(onTrack.emails[0] as string)).toHaveLength(0);
    const second = await run('2026-07-02');
    expect(outcomeOf(second, busy.board)).toBe('already_sent');
    expect(await mailsTo(busy.board.emails[0] as string)).toHaveLength(6);
    // Its 1 July delivery never ran here: it is still scheduled (the pipeline retries it, the operator is alarmed),
    // never reported as missed, which would ask the board to deliver it by hand as well.
    expect(outcomeOf(second, onTrack)).toBe('nothing_to_do');
    expect(await mailsTo(onTrack.emails[0] as string)).toHaveLength(0);
  });
});

describe('the monthly "nog geen gegevens" digest (from noDataRemindersStart, 1 March)', () => {
  let board: Board;
  let none: School;
  let waiting: School;
  let ready: School;
  beforeAll(async () => {
    board = await createBoard(store);
    none = await createSchool(store, board.boardId);
    waiting = await createSchool(store, board.boardId);
    ready = await createSchool(store, board.boardId);
    await upload(ready, 'vo-excel-windows-1252.csv', '2026-02-10T10:00:00+01:00');
    // A consent given before the data: it waits for an upload.
    await giveConsent(
      {
        store,
        scheduler: new RecordingScheduler(),
        mailer: { send: async () => undefined },
        clock: fixedClock('2026-02-20T10:00:00+01:00'),
        log: silent,
        lowResponsePercent: 50,
      },
      {
        school: waiting,
        schoolYear: YEAR,
        request: {
          level: 'school',
          deliveryDate: '2026-06-01',
          exportPolicy: 'latest',
          administration: administrationWith([{ onderwijssoort: 'havo', leerjaar: 1, students: 30 }]),
        },
        actor: { id: 'board:test', display: 'bestuurstoken test' },
      },
    );
  });

  it('goes out on the first Monday of March and of April only, and names only the schools without data', async () => {
    for (const date of ['2026-02-23', '2026-03-03', '2026-03-09', '2026-04-13']) {
      expect((await run(date)).kind, date).toBe('none');
    }
    const march = await run('2026-03-02');
    expect(march.kind).toBe('no_data');
    expect(outcomeOf(march, board)).toBe('sent');
    const mails = await mailsTo(board.emails[0] as string);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain('nog geen gegevens voor 2 scholen');
    const text = mails[0]?.body.text ?? '';
    expect(text).toContain(`(${none.schoolId}): Nog geen gegevens.`);
    expect(text).toContain(`(${waiting.schoolId}): Toestemming gegeven, nog geen gegevens.`);
    // Data without consent is the weekly digest's business, from 1 May.
    expect(text).not.toContain(ready.schoolId);
    expect(outcomeOf(await run('2026-03-02'), board)).toBe('already_sent');
    expect((await run('2026-04-06')).kind).toBe('no_data');
    expect(await mailsTo(board.emails[0] as string)).toHaveLength(2);
  });
});
