/**
 * Consent end to end through the handler: DynamoDB Local for the records and the transaction, the local SES
 * for the mails, an in-memory scheduler port for which dates have a schedule, and a clock the test moves.
 */
import { randomUUID } from 'node:crypto';
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
import type { Clock } from '../../shared/clock.js';
import { acceptExport } from '../../shared/exports/accept-export.js';
import { getInstrument } from '../../shared/instruments/catalog.js';
import type { Consent, Principal, School } from '../../shared/model.js';
import type { Membership } from '../../shared/people/membership.js';
import type { Mailer } from '../../shared/ports.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { apiEvent, lambdaContext } from '../support/events.js';
import { administrationWith, createBoard, createSchool, createToken } from '../support/fixtures.js';
import { RecordingScheduler } from '../support/recording-scheduler.js';
import { mailsTo } from '../support/ses-store.js';

useLocalAws();

const YEAR = '2025-2026';
const CONSENT = '/schools/{schoolId}/years/{schoolYear}/consent';
const logger = new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' });
let store: Stores;
let mailer: SesMailer;

beforeAll(() => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  mailer = new SesMailer(new SESClient({}), 'msv@example.nl', 'helpdesk@example.nl');
});

/** A clock the test sets; starts on a Monday in March 2026. */
const movableClock = (start: string) => {
  let now = new Date(start);
  const clock: Clock & { set(iso: string): void } = {
    now: () => new Date(now),
    set: (iso) => (now = new Date(iso)),
  };
  return clock;
};

const administration = {
  ...administrationWith([
    { onderwijssoort: 'havo', leerjaar: 1, students: 6 },
    { onderwijssoort: 'havo', leerjaar: 2, students: 40 },
    { onderwijssoort: 'vwo', leerjaar: 1, students: 5 },
  ]),
  remarks: '<script>alert(1)</script>',
};

const setup = async (opts: { schoolName?: string; withExport?: boolean; sector?: 'vo' | 'po' } = {}) => {
  const board = await createBoard(store);
  const school: School = await createSchool(store, board.boardId, { sector: opts.sector ?? 'vo' });
  if (opts.schoolName) await store.schools.put({ ...school, name: opts.schoolName });
  const schoolToken = await createToken(store, 'school', { schoolIds: [school.schoolId] });
  const boardToken = await createToken(store, 'board', { boardId: board.boardId });
  const clock = movableClock('2026-03-02T10:00:00+01:00');
  const scheduler = new RecordingScheduler();
  if (opts.withExport !== false) {
    const bytes = readFileSync(
      new URL(
        `../../events/exports/${opts.sector === 'po' ? 'po-utf16.csv' : 'vo-excel-windows-1252.csv'}`,
        import.meta.url,
      ),
    );
    const result = await acceptExport(
      {
        store,
        objects: new S3ObjectStore(
          new S3Client({ forcePathStyle: true }),
          process.env.MSV_UPLOAD_BUCKET as string,
        ),
        clock,
      },
      {
        school: (await store.schools.get(school.schoolId)) as School,
        schoolYear: YEAR,
        instrument: getInstrument('msv-basis') as never,
        bytes,
        actor: 'school:test',
        minGroupSize: 5,
        maxRows: 1000,
      },
    );
    expect(result.status).toBe('created');
  }
  const handler = (m: Mailer = mailer) =>
    createConsentHandler({ config: { lowResponsePercent: 50 }, logger, clock, store, scheduler, mailer: m });
  const call = async (
    method: 'GET' | 'PUT' | 'DELETE',
    principal: Principal,
    body?: unknown,
    m?: Mailer,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ) => {
    const res = (await handler(m)(
      apiEvent({
        routeKey: `${method} ${CONSENT}`,
        pathParameters: { schoolId: school.schoolId, schoolYear: YEAR },
        principal,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers,
      }),
      lambdaContext(),
    )) as ApiResult;
    return { status: res.statusCode, body: JSON.parse(String(res.body)) };
  };
  return { board, school, schoolToken, boardToken, clock, scheduler, call };
};

const bConsentAudit = (schoolId: string) => ({
  schoolId,
  schoolYear: YEAR,
  at: '2026-03-02T09:30:00.000Z',
  actor: 'school:x',
});

const put = (deliveryDate: string, extra: Record<string, unknown> = {}) => ({
  level: 'school',
  deliveryDate,
  administration,
  ...extra,
});

describe('PUT consent', () => {
  it('gives consent: stored, scheduled, the board mailed in Dutch, representativeness warned', async () => {
    const s = await setup();
    const res = await s.call('PUT', s.schoolToken.principal, put('2026-05-12'));
    expect(res.status).toBe(201);
    expect(res.body.consent).toMatchObject({
      status: 'active',
      deliveryDate: '2026-05-12',
      level: 'school',
      version: 1,
    });
    expect(res.body.lastChangeDay).toBe('2026-05-11');
    expect(res.body.consent.updatedBy).toBe(`school:${s.schoolToken.principal.tokenId}`);
    // The same in words, for the history, the report and the Inspectie's data.json.
    expect(res.body.consent.updatedByName).toMatch(
      new RegExp(`^schooltoken ${s.schoolToken.principal.tokenId}`),
    );
    expect([...s.scheduler.dates]).toEqual(['2026-05-12']);
    expect(res.body.mail).toBe('sent');
    // havo 2: 10 respondents of 40 students is 25%.
    expect(res.body.warnings.map((w: { code: string }) => w.code)).toContain('low_response');
    expect(res.body.representativeness.total).toMatchObject({ students: 51, respondents: 40 });

    const [mail] = await mailsTo(s.board.emails[0] as string);
    expect(mail?.subject).toContain('Toestemming gegeven');
    expect(mail?.body.text).toContain(`(${s.school.schoolId})`);
    expect(mail?.body.text).toContain('Leverdatum: 12 mei 2026');
    expect(mail?.body.text).toContain('Wijzigen of intrekken kan tot en met: 11 mei 2026');
    expect(mail?.body.text).toContain('Schooljaar: 2025-2026');
  });

  it('escapes user-supplied text in the mail and keeps the subject on one line', async () => {
    const s = await setup({ schoolName: '<b>De "Beste" & Co</b>\r\nBcc: evil@example.com' });
    expect((await s.call('PUT', s.schoolToken.principal, put('2026-05-12'))).status).toBe(201);
    const [mail] = await mailsTo(s.board.emails[0] as string);
    expect(mail?.body.html).toContain('&lt;b&gt;De &quot;Beste&quot; &amp; Co&lt;/b&gt;');
    expect(mail?.body.html).not.toContain('<b>De');
    expect(mail?.subject).not.toMatch(/[\r\n]/);
  });

  it('needs an accepted export, and level onderwijssoort only where there are onderwijssoorten', async () => {
    const none = await setup({ withExport: false });
    const res = await none.call('PUT', none.schoolToken.principal, put('2026-05-12'));
    expect([res.status, res.body.code]).toEqual([409, 'no_export']);
    expect(res.body.messageNl).toMatch(/upload/);

    const po = await setup({ sector: 'po' });
    const po1 = await po.call(
      'PUT',
      po.schoolToken.principal,
      put('2026-05-12', { level: 'onderwijssoort' }),
    );
    expect([po1.status, po1.body.code]).toEqual([422, 'level_not_available']);
    expect(await store.consents.get(po.school.schoolId, YEAR)).toBeUndefined();
  });

  it('refuses bad bodies with the fields named, and vendors and admins', async () => {
    const s = await setup();
    const bad = await s.call('PUT', s.schoolToken.principal, {
      level: 'klas',
      deliveryDate: '12-05-2026',
      administration: {},
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['level', 'deliveryDate', 'administration.mode']),
    );
    const vendor = await createToken(store, 'vendor', { schoolIds: [s.school.schoolId] });
    expect((await s.call('PUT', vendor.principal, put('2026-05-12'))).status).toBe(403);
    expect(
      (await s.call('PUT', (await createToken(store, 'admin')).principal, put('2026-05-12'))).status,
    ).toBe(403);
  });

  it('answers 415 for a body not sent as JSON, as the upload does for a body that is not CSV', async () => {
    const s = await setup();
    for (const headers of [
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      {} as Record<string, string>,
    ]) {
      const res = await s.call('PUT', s.boardToken.principal, put('2026-05-12'), undefined, headers);
      expect([res.status, res.body.code], JSON.stringify(headers)).toEqual([415, 'unsupported_media_type']);
      expect(res.body.messageNl).toContain('JSON');
    }
    expect(await store.consents.get(s.school.schoolId, YEAR)).toBeUndefined();
    const ok = await s.call('PUT', s.boardToken.principal, put('2026-05-12'), undefined, {
      'content-type': 'Application/JSON; charset=utf-8',
    });
    expect(ok.status).toBe(201);
  });

  it('refuses administration answers that cannot be true, naming each field, and stores nothing', async () => {
    const s = await setup();
    const fieldsOf = async (a: Record<string, unknown>) => {
      const res = await s.call('PUT', s.boardToken.principal, put('2026-05-12', { administration: a }));
      expect([res.status, res.body.code]).toEqual([422, 'invalid_request']);
      return res.body.errors.map((e: { field: string }) => e.field);
    };
    // 31 February, and a period that ends before it starts.
    expect(await fieldsOf({ ...administration, period: { from: '2026-02-31', to: '2026-03-01' } })).toEqual([
      'administration.period.from',
    ]);
    expect(await fieldsOf({ ...administration, period: { from: '2026-02-06', to: '2026-01-12' } })).toEqual([
      'administration.period.to',
    ]);
    // The same leerjaar twice, and the same group counted twice (it would double the school's total).
    expect(await fieldsOf({ ...administration, surveyedLeerjaren: [1, 2, 2] })).toEqual([
      'administration.surveyedLeerjaren.2',
    ]);
    expect(
      await fieldsOf({
        ...administration,
        studentCounts: [
          { onderwijssoort: 'havo', leerjaar: 1, students: 6 },
          { onderwijssoort: 'havo', leerjaar: 1, students: 6 },
        ],
      }),
    ).toEqual(['administration.studentCounts.1']);
    // A VO school has leerjaar 1–6, not groep 7 or 8; and this school offers havo and vwo, not vmbo-b.
    expect(
      await fieldsOf({
        ...administration,
        surveyedLeerjaren: [1, 7],
        studentCounts: [
          { onderwijssoort: 'havo', leerjaar: 8, students: 6 },
          { onderwijssoort: 'vmbo-b', leerjaar: 1, students: 6 },
        ],
      }),
    ).toEqual([
      'administration.surveyedLeerjaren.1',
      'administration.studentCounts.0.leerjaar',
      'administration.studentCounts.1.onderwijssoort',
    ]);
    // A misspelt optional field must not vanish: "onderwijsoort" would silently make a school-wide group.
    expect(
      await fieldsOf({
        ...administration,
        period: { from: '2026-01-12', to: '2026-02-06', tot: '2026-02-07' },
        studentCounts: [{ onderwijsoort: 'havo', leerjaar: 1, students: 6 }],
      }),
    ).toEqual(['administration.period', 'administration.studentCounts.0']);
    expect(await store.consents.get(s.school.schoolId, YEAR)).toBeUndefined();
    expect(s.scheduler.calls).toEqual([]);

    // A primary school has no onderwijssoorten: a count that names one can never match a respondent.
    const po = await setup({ sector: 'po' });
    const poRes = await po.call('PUT', po.boardToken.principal, put('2026-05-12'));
    expect([poRes.status, poRes.body.code]).toEqual([422, 'invalid_request']);
    expect(poRes.body.errors.map((e: { field: string }) => e.field)).toContain(
      'administration.studentCounts.0.onderwijssoort',
    );
    expect(await store.consents.get(po.school.schoolId, YEAR)).toBeUndefined();
  });

  it('refuses a survey period outside the school year or ending after the delivery date, naming the field', async () => {
    const s = await setup();
    const issuesOf = async (period: { from: string; to: string }, deliveryDate = '2026-05-12') => {
      const res = await s.call(
        'PUT',
        s.boardToken.principal,
        put(deliveryDate, { administration: { ...administration, period } }),
      );
      expect([res.status, res.body.code], JSON.stringify(period)).toEqual([422, 'invalid_request']);
      return res.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]);
    };
    expect(await issuesOf({ from: '1900-01-01', to: '1900-01-31' })).toEqual([
      ['administration.period.from', 'period_outside_school_year'],
      ['administration.period.to', 'period_outside_school_year'],
    ]);
    // The school year 2025-2026 runs from 1 August 2025 to 31 July 2026.
    expect(await issuesOf({ from: '2025-07-31', to: '2025-10-01' })).toEqual([
      ['administration.period.from', 'period_outside_school_year'],
    ]);
    expect(await issuesOf({ from: '2026-04-20', to: '2026-05-13' })).toEqual([
      ['administration.period.to', 'period_after_delivery_date'],
    ]);
    expect(await store.consents.get(s.school.schoolId, YEAR)).toBeUndefined();
    expect(s.scheduler.calls).toEqual([]);

    // From 1 August, and ending on the delivery date itself, is fine.
    const ok = await s.call(
      'PUT',
      s.boardToken.principal,
      put('2026-05-12', {
        administration: { ...administration, period: { from: '2025-08-01', to: '2026-05-12' } },
      }),
    );
    expect(ok.status).toBe(201);
  });

  it('still reads a consent stored before the period checks, with a period in 1900', async () => {
    const s = await setup();
    const given = await s.call('PUT', s.boardToken.principal, put('2026-05-12'));
    expect(given.status).toBe(201);
    const stored = (await store.consents.get(s.school.schoolId, YEAR)) as Consent;
    const old: Consent = {
      ...stored,
      administration: { ...stored.administration, period: { from: '1900-01-01', to: '1900-01-31' } },
      version: stored.version + 1,
    };
    await store.consents.write({
      consent: old,
      previous: stored,
      audit: {
        schoolId: old.schoolId,
        schoolYear: YEAR,
        at: old.updatedAt,
        actor: old.updatedBy,
        action: 'consent_changed',
        detail: { before: stored, after: old },
      },
    });
    const read = await s.call('GET', s.boardToken.principal);
    expect(read.status).toBe(200);
    expect(read.body.consent).toMatchObject({
      status: 'active',
      administration: { period: { from: '1900-01-01' } },
    });
  });

  it('changes the date: the old schedule goes when it was the last, the change is mailed', async () => {
    const s = await setup();
    // Dates no other test uses: schedules are per date, across schools.
    await s.call('PUT', s.schoolToken.principal, put('2026-04-07'));
    const res = await s.call('PUT', s.boardToken.principal, put('2026-06-02', { level: 'onderwijssoort' }));
    expect(res.status).toBe(200);
    expect(res.body.consent).toMatchObject({
      version: 2,
      deliveryDate: '2026-06-02',
      level: 'onderwijssoort',
    });
    expect(res.body.consent.updatedBy).toBe(`board:${s.boardToken.principal.tokenId}`);
    expect([...s.scheduler.dates]).toEqual(['2026-06-02']);
    const mails = await mailsTo(s.board.emails[0] as string);
    expect(mails).toHaveLength(2);
    expect(mails[1]?.subject).toContain('gewijzigd');
    expect(mails[1]?.body.text).toContain('Leverdatum: 7 april 2026 → 2 juni 2026');
    expect(mails[1]?.body.text).toContain('Niveau: hele school → per onderwijssoort');
  });

  it('keeps a date’s schedule while another school still delivers on it', async () => {
    const a = await setup();
    const b = await setup();
    // Both schools share one scheduler, as they share one schedule group in AWS.
    const shared = a.scheduler;
    Object.assign(b, { scheduler: shared });
    await a.call('PUT', a.schoolToken.principal, put('2026-05-19'));
    const { syncSchedules } = await import('../../shared/consent/consent-service.js');
    await store.consents.write({
      consent: {
        schoolId: b.school.schoolId,
        schoolYear: YEAR,
        status: 'active',
        level: 'school',
        deliveryDate: '2026-05-19',
        exportId: 'exp_x',
        administration: administration as never,
        updatedBy: 'school:x',
        updatedAt: '2026-03-02T09:00:00.000Z',
        givenAt: '2026-03-02T09:00:00.000Z',
        version: 1,
      },
      previous: undefined,
      audit: {
        schoolId: b.school.schoolId,
        schoolYear: YEAR,
        at: '2026-03-02T09:00:00.000Z',
        actor: 'school:x',
        action: 'consent_given',
        detail: { before: null, after: null as never },
      },
    });
    expect((await a.call('DELETE', a.schoolToken.principal)).status).toBe(200);
    expect(shared.dates.has('2026-05-19')).toBe(true);
    expect(await store.consents.listOn('2026-05-19')).toEqual([
      { schoolId: b.school.schoolId, schoolYear: YEAR },
    ]);
    // When the last consent leaves the date, its schedule goes too.
    const bConsent = await store.consents.get(b.school.schoolId, YEAR);
    if (!bConsent) throw new Error('b has no consent');
    await store.consents.write({
      consent: { ...bConsent, status: 'revoked', version: bConsent.version + 1 },
      previous: bConsent,
      audit: {
        ...bConsentAudit(b.school.schoolId),
        action: 'consent_revoked',
        detail: { before: bConsent, after: bConsent },
      },
    });
    await syncSchedules({ store, scheduler: shared }, '2026-05-19', undefined);
    expect(shared.dates.has('2026-05-19')).toBe(false);
  });

  it('lets one of two concurrent writes win; the other gets version_conflict', async () => {
    const s = await setup();
    const results = await Promise.all([
      s.call('PUT', s.schoolToken.principal, put('2026-05-12')),
      s.call('PUT', s.boardToken.principal, put('2026-05-13')),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toBe('version_conflict');
    expect((await store.consents.get(s.school.schoolId, YEAR))?.version).toBe(1);
  });

  it('refuses a stale version given by the client', async () => {
    const s = await setup();
    await s.call('PUT', s.schoolToken.principal, put('2026-05-12'));
    const stale = await s.call('PUT', s.schoolToken.principal, put('2026-05-14', { version: 0 }));
    expect([stale.status, stale.body.code, stale.body.currentVersion]).toEqual([409, 'version_conflict', 1]);
    const fresh = await s.call('PUT', s.schoolToken.principal, put('2026-05-14', { version: 1 }));
    expect(fresh.status).toBe(200);
  });

  it('locks at 00:00 on the delivery date, in Amsterdam time', async () => {
    const s = await setup();
    await s.call('PUT', s.schoolToken.principal, put('2026-03-30'));
    s.clock.set('2026-03-29T23:59:00+02:00');
    expect((await s.call('PUT', s.schoolToken.principal, put('2026-04-02'))).status).toBe(200);
    await s.call('PUT', s.schoolToken.principal, put('2026-03-31'));
    s.clock.set('2026-03-31T00:00:00+02:00');
    const locked = await s.call('DELETE', s.schoolToken.principal);
    expect([locked.status, locked.body.code]).toEqual([409, 'consent_locked']);
    expect(locked.body.messageNl).toMatch(/wijzigen kon tot en met 30 maart 2026/);
  });

  it('refuses consent from 1 July and says to deliver directly', async () => {
    const s = await setup();
    s.clock.set('2026-07-01T00:00:00+02:00');
    const res = await s.call('PUT', s.schoolToken.principal, put('2026-07-01'));
    expect([res.status, res.body.code]).toEqual([409, 'deadline_passed']);
    expect(res.body.message).toMatch(/report/);
  });

  it('keeps the consent when mail fails, and says so', async () => {
    const s = await setup();
    const failing: Mailer = {
      send: async () => {
        throw new Error('SES down');
      },
    };
    const res = await s.call('PUT', s.schoolToken.principal, put('2026-05-12'), failing);
    expect(res.status).toBe(201);
    expect(res.body.mail).toBe('failed');
    expect((await store.consents.get(s.school.schoolId, YEAR))?.status).toBe('active');
  }, 30_000);
});

describe('consent by people', () => {
  const personOf = (name: string, email: string, ...memberships: Membership[]): Principal => ({
    role: 'person',
    sub: randomUUID(),
    email,
    name,
    memberships,
  });

  it('a schoolleider confirms the board agreed; the record, the history and the board mail name them', async () => {
    const s = await setup();
    const leader = personOf('Sanne Schoolleider', 'sanne@school.nl', {
      scope: 'school',
      boardId: s.board.boardId,
      schoolId: s.school.schoolId,
      role: 'schoolleider',
    });
    const without = await s.call('PUT', leader, put('2026-05-12'));
    expect(without.status).toBe(422);
    expect(without.body).toMatchObject({ code: 'board_consent_required', field: 'withBoardConsent' });
    expect(await store.consents.get(s.school.schoolId, YEAR)).toBeUndefined();
    expect((await s.call('PUT', leader, put('2026-05-12', { withBoardConsent: false }))).status).toBe(422);

    const res = await s.call('PUT', leader, put('2026-05-12', { withBoardConsent: true }));
    expect(res.status).toBe(201);
    expect(res.body.consent).toMatchObject({
      updatedBy: `person:${leader.role === 'person' ? leader.sub : ''}`,
      updatedByName:
        'Sanne Schoolleider (sanne@school.nl), schoolleider, met toestemming van het bevoegd gezag',
      updatedByPerson: { name: 'Sanne Schoolleider', email: 'sanne@school.nl', role: 'schoolleider' },
      withBoardConsent: true,
    });
    const [mail] = await mailsTo(s.board.emails[0] as string);
    expect(mail?.body.text).toContain(
      'Sanne Schoolleider (sanne@school.nl), schoolleider, met toestemming van het bevoegd gezag',
    );
    const history = (await s.call('GET', leader)).body.history;
    expect(history[0].after.updatedByPerson).toMatchObject({ email: 'sanne@school.nl' });
  });

  it("mails the people the board chose, not the operator's addresses", async () => {
    const s = await setup();
    const chosen = { sub: randomUUID(), email: `bea-${s.board.boardId}@bestuur.nl`, name: 'Bea' };
    await store.people.put({
      ...chosen,
      membership: { scope: 'board', boardId: s.board.boardId, role: 'gebruikersbeheerder' },
      createdAt: new Date().toISOString(),
      createdBy: 'operator',
    });
    const log = {
      boardId: s.board.boardId,
      at: new Date().toISOString(),
      actor: 'operator',
      actorName: 'test',
      action: 'mail_recipients_changed' as const,
      subject: { email: '', sub: null },
      before: [],
      after: [],
    };
    await store.people.setMailRecipients(
      { boardId: s.board.boardId, subs: [chosen.sub], updatedAt: log.at, updatedBy: 'operator' },
      log,
    );
    expect((await s.call('PUT', s.boardToken.principal, put('2026-05-12'))).status).toBe(201);
    expect((await mailsTo(chosen.email)).map((m) => m.subject)).toEqual([
      expect.stringContaining('Toestemming'),
    ]);
    expect(await mailsTo(s.board.emails[0] as string)).toEqual([]);
  });

  it('a bestuurder is the bevoegd gezag: no confirmation; revoking names who revoked, not who gave', async () => {
    const s = await setup();
    const leader = personOf('Sanne', 'sanne@school.nl', {
      scope: 'school',
      boardId: s.board.boardId,
      schoolId: s.school.schoolId,
      role: 'schoolleider',
    });
    const bestuurder = personOf('Bram Bestuurder', 'bram@bestuur.nl', {
      scope: 'board',
      boardId: s.board.boardId,
      role: 'bestuurder',
    });
    expect((await s.call('PUT', leader, put('2026-05-12', { withBoardConsent: true }))).status).toBe(201);
    const revoked = await s.call('DELETE', bestuurder);
    expect(revoked.status).toBe(200);
    expect(revoked.body.consent).toMatchObject({
      status: 'revoked',
      updatedByName: 'Bram Bestuurder (bram@bestuur.nl), bestuurder',
      updatedByPerson: { email: 'bram@bestuur.nl', role: 'bestuurder' },
    });
    expect(revoked.body.consent.withBoardConsent).toBeUndefined();
    const again = await s.call('PUT', bestuurder, put('2026-05-13'));
    expect(again.status).toBe(201);
    expect(again.body.consent.withBoardConsent).toBeUndefined();
  });

  it('a medewerker and a gebruikersbeheerder see the consent but cannot give it; a foreign person is refused', async () => {
    const s = await setup();
    const other = await createBoard(store);
    const staff = personOf('Mo', 'mo@school.nl', {
      scope: 'school',
      boardId: s.board.boardId,
      schoolId: s.school.schoolId,
      role: 'medewerker',
    });
    const beheerder = personOf('Bea', 'bea@bestuur.nl', {
      scope: 'board',
      boardId: s.board.boardId,
      role: 'gebruikersbeheerder',
    });
    const foreign = personOf('Fé', 'fe@elders.nl', {
      scope: 'board',
      boardId: other.boardId,
      role: 'bestuurder',
    });
    for (const p of [staff, beheerder]) {
      expect((await s.call('GET', p)).status).toBe(200);
      const res = await s.call('PUT', p, put('2026-05-12', { withBoardConsent: true }));
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
      expect((await s.call('DELETE', p)).status).toBe(403);
    }
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const res = await s.call(method, foreign, method === 'PUT' ? put('2026-05-12') : undefined);
      expect(res.status).toBe(403);
    }
    expect(await store.consents.get(s.school.schoolId, YEAR)).toBeUndefined();
  });
});

describe('DELETE and GET consent', () => {
  it('revokes: schedule removed, mail sent, history complete', async () => {
    const s = await setup();
    await s.call('PUT', s.schoolToken.principal, put('2026-04-08'));
    const res = await s.call('DELETE', s.boardToken.principal);
    expect(res.status).toBe(200);
    expect(res.body.consent).toMatchObject({ status: 'revoked', version: 2 });
    expect(s.scheduler.dates.size).toBe(0);
    const mails = await mailsTo(s.board.emails[0] as string);
    expect(mails.at(-1)?.subject).toContain('ingetrokken');
    expect((await s.call('DELETE', s.schoolToken.principal)).body.code).toBe('no_consent');

    const got = await s.call('GET', s.schoolToken.principal);
    expect(got.body.consent.status).toBe('revoked');
    expect(got.body.history.map((h: { action: string }) => h.action)).toEqual([
      'consent_given',
      'consent_revoked',
    ]);
    expect(got.body.history[1].before.status).toBe('active');
  });

  it('reports a newer export than the one consent pinned', async () => {
    const s = await setup();
    await s.call('PUT', s.schoolToken.principal, put('2026-05-12'));
    await acceptExport(
      {
        store,
        objects: new S3ObjectStore(
          new S3Client({ forcePathStyle: true }),
          process.env.MSV_UPLOAD_BUCKET as string,
        ),
        clock: s.clock,
      },
      {
        school: s.school,
        schoolYear: YEAR,
        instrument: getInstrument('msv-basis') as never,
        bytes: readFileSync(new URL('../../events/exports/vo-utf8-bom-comma.csv', import.meta.url)),
        actor: 'school:test',
        minGroupSize: 5,
        maxRows: 1000,
      },
    );
    const got = await s.call('GET', s.schoolToken.principal);
    expect(got.body.newerExportAvailable).toBe(true);
    expect(got.body.consent.exportId).not.toBe(got.body.currentExportId);

    // The year's overview says so too, with the representativeness warnings of what will be delivered.
    const getOverview = async () =>
      JSON.parse(
        String(
          (
            (await createGetSchoolYearHandler({
              logger,
              store,
              clock: s.clock,
              config: { lowResponsePercent: 50 },
            })(
              apiEvent({
                routeKey: 'GET /schools/{schoolId}/years/{schoolYear}',
                pathParameters: { schoolId: s.school.schoolId, schoolYear: YEAR },
                principal: s.schoolToken.principal,
              }),
              lambdaContext(),
            )) as ApiResult
          ).body,
        ),
      );
    const year = await getOverview();
    expect(year.consent).toMatchObject({
      status: 'active',
      deliveryDate: '2026-05-12',
      newerExportAvailable: true,
    });
    expect(year.consent.warnings.map((w: { code: string }) => w.code)).toContain('low_response');
    expect(year.deadlineMissed).toBeNull();
    s.clock.set('2026-07-01T08:00:00+02:00');
    await store.consents.write({
      consent: { ...got.body.consent, status: 'revoked', version: got.body.consent.version + 1 },
      previous: got.body.consent,
      audit: {
        ...bConsentAudit(s.school.schoolId),
        action: 'consent_revoked',
        detail: { before: got.body.consent, after: got.body.consent },
      },
    });
    // Past 1 July without a delivery, it points to the direct route.
    expect((await getOverview()).deadlineMissed.messageNl).toMatch(/portaal van de Inspectie/);
  });
});

describe('board overview', () => {
  it('lists every school of the board with its state and counts; other boards get 403', async () => {
    const s = await setup();
    const second = await createSchool(store, s.board.boardId, { sector: 'po' });
    await s.call('PUT', s.schoolToken.principal, put('2026-05-12'));
    const overview = createBoardOverviewHandler({ logger, clock: s.clock, store });
    const get = async (principal: Principal, boardId = s.board.boardId) => {
      const res = (await overview(
        apiEvent({
          routeKey: 'GET /boards/{boardId}/years/{schoolYear}',
          pathParameters: { boardId, schoolYear: YEAR },
          principal,
        }),
        lambdaContext(),
      )) as ApiResult;
      return { status: res.statusCode, body: JSON.parse(String(res.body)) };
    };
    const res = await get(s.boardToken.principal);
    expect(res.status).toBe(200);
    expect(res.body.counts).toMatchObject({ schools: 2, scheduled: 1, no_export: 1 });
    expect(
      res.body.schools.find((x: { schoolId: string }) => x.schoolId === s.school.schoolId),
    ).toMatchObject({
      state: 'scheduled',
      deliveryDate: '2026-05-12',
      level: 'school',
    });
    expect(res.body.schools.find((x: { schoolId: string }) => x.schoolId === second.schoolId).state).toBe(
      'no_export',
    );

    const other = await setup();
    expect((await get(other.boardToken.principal)).status).toBe(403);
    expect((await get(s.schoolToken.principal)).status).toBe(403);

    s.clock.set('2026-07-01T08:00:00+02:00');
    const late = await get(s.boardToken.principal);
    expect(late.body.schools.find((x: { schoolId: string }) => x.schoolId === second.schoolId).state).toBe(
      'deadline_missed',
    );
  });
});
