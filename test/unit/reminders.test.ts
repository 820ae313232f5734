import { describe, expect, it } from 'vitest';
import { configSchema } from '../../shared/config.js';
import type { Board, School } from '../../shared/model.js';
import { reminderDayOf } from '../../shared/reminders/calendar.js';
import { digestMail, missedMail } from '../../shared/reminders/reminder-mail.js';
import { type SchoolYearFacts, schoolYearStatus } from '../../shared/school-year-status.js';

const board: Board = {
  boardId: '41234',
  name: 'Stichting <b>Voorbeeld</b>\r\nBcc: x@evil.nl',
  emails: ['beheer@voorbeeld.nl'],
  reminders: true,
  createdAt: '2025-09-01T08:00:00.000Z',
};
const school = (schoolId: string, name = 'College'): School => ({
  schoolId,
  boardId: '41234',
  name,
  sector: 'vo',
  onderwijssoorten: ['havo'],
  createdAt: '2025-09-01T08:00:00.000Z',
});

describe('reminder calendar (2026: 1 May is a Friday, 4 May the first Monday)', () => {
  it.each([
    ['2026-04-27', 'none'], // a Monday, but before reminders.start
    ['2026-04-30', 'none'],
    ['2026-05-01', 'none'], // the start, but a Friday: weekly digests go out on Mondays
    ['2026-05-04', 'digest'],
    ['2026-05-05', 'none'],
    ['2026-06-15', 'digest'], // the last weekly Monday
    ['2026-06-16', 'none'],
    ['2026-06-17', 'digest'], // the last 14 days: every day
    ['2026-06-20', 'digest'], // a Saturday
    ['2026-06-30', 'digest'],
    ['2026-07-01', 'missed'],
    ['2026-07-31', 'missed'],
    ['2026-08-01', 'none'], // a new school year
    ['2026-01-05', 'none'],
  ])('%s is %s', (date, kind) => {
    expect(reminderDayOf(date).kind).toBe(kind);
  });

  it('counts the days left to 1 July and says which cadence applies', () => {
    expect(reminderDayOf('2026-05-04')).toMatchObject({
      schoolYear: '2025-2026',
      daysLeft: 58,
      lastConsentDay: '2026-06-30',
      cadence: 'weekly',
    });
    expect(reminderDayOf('2026-06-17')).toMatchObject({ daysLeft: 14, cadence: 'daily' });
    expect(reminderDayOf('2026-06-30')).toMatchObject({ daysLeft: 1, cadence: 'daily' });
    expect(reminderDayOf('2026-07-02')).toMatchObject({ kind: 'missed', deadline: '2026-07-01' });
  });

  it('sends "nog geen gegevens" on the first Monday of each month from noDataRemindersStart until remindersStart', () => {
    expect(reminderDayOf('2026-03-02')).toMatchObject({
      kind: 'no_data',
      daysLeft: 121,
      lastConsentDay: '2026-06-30',
    });
    expect(reminderDayOf('2026-04-06').kind).toBe('no_data');
    for (const date of ['2026-02-23', '2026-03-09', '2026-03-03', '2026-04-13', '2026-04-27']) {
      expect(reminderDayOf(date).kind, date).toBe('none');
    }
    // A later start: the first Monday on or after it, then each month's first Monday.
    expect(reminderDayOf('2026-03-02', '05-01', '03-15').kind).toBe('none');
    expect(reminderDayOf('2026-03-16', '05-01', '03-15').kind).toBe('no_data');
    expect(reminderDayOf('2026-04-06', '05-01', '03-15').kind).toBe('no_data');
    // From remindersStart on, the weekly digest takes over (also for the schools without data).
    expect(reminderDayOf('2026-05-04', '05-01', '03-01').kind).toBe('digest');
  });

  it('honours another reminders.start', () => {
    expect(reminderDayOf('2026-04-20', '04-15').kind).toBe('digest');
    expect(reminderDayOf('2026-04-13', '04-15').kind).toBe('none');
  });

  it('validates remindersStart and reminderTime in the config', () => {
    const base = { stage: 'local' };
    expect(configSchema.parse(base)).toMatchObject({ remindersStart: '05-01', reminderTime: '09:00' });
    expect(configSchema.safeParse({ ...base, remindersStart: '07-01' }).success).toBe(false);
    expect(configSchema.safeParse({ ...base, remindersStart: '02-30' }).success).toBe(false);
    expect(configSchema.parse(base)).toMatchObject({ noDataRemindersStart: '03-01' });
    expect(configSchema.parse({ ...base, noDataRemindersStart: '02-15' })).toMatchObject({
      noDataRemindersStart: '02-15',
    });
    expect(configSchema.safeParse({ ...base, noDataRemindersStart: '02-30' }).success).toBe(false);
    expect(configSchema.safeParse({ ...base, reminderTime: '9:00' }).success).toBe(false);
    expect(configSchema.parse({ ...base, appUrl: 'http://localhost:3000/' }).appUrl).toBe(
      'http://localhost:3000',
    );
    expect(configSchema.safeParse({ ...base, appUrl: 'javascript:alert(1)' }).success).toBe(false);
  });
});

describe('what a school needs (the one school-year status, as the reminders read it)', () => {
  const facts = (over: Partial<SchoolYearFacts>): SchoolYearFacts => ({
    schoolYear: '2025-2026',
    currentExportId: undefined,
    consent: undefined,
    delivered: false,
    ...over,
  });
  const active = (exportId: string, deliveryDate = '2026-06-15') => ({
    status: 'active' as const,
    exportId,
    deliveryDate,
    level: 'school' as const,
  });
  /** A digest day, and the first run of the missed-delivery period (the daily run's 07:00 on 1 July). */
  const digestDay = new Date('2026-06-08T07:00:00+02:00');
  const firstMissedRun = new Date('2026-07-01T07:00:00+02:00');
  const actionOf = (f: SchoolYearFacts) => schoolYearStatus(f, digestDay).action;
  const missed = (f: SchoolYearFacts) => schoolYearStatus(f, firstMissedRun).deadlineMissed;

  it('tells no export, no consent, a consent on an older export, and on-track schools apart', () => {
    expect(actionOf(facts({}))).toBe('no_export');
    expect(actionOf(facts({ currentExportId: 'e1' }))).toBe('no_consent');
    expect(actionOf(facts({ currentExportId: 'e1', consent: { ...active('e1'), status: 'revoked' } }))).toBe(
      'no_consent',
    );
    expect(actionOf(facts({ currentExportId: 'e2', consent: active('e1') }))).toBe('newer_export');
    expect(actionOf(facts({ currentExportId: 'e1', consent: active('e1') }))).toBeUndefined();
    expect(actionOf(facts({ currentExportId: 'e2', delivered: true }))).toBeUndefined();
  });

  it('counts a school as missed unless delivered or with an active consent', () => {
    expect(missed(facts({}))).toBe(true);
    expect(missed(facts({ currentExportId: 'e1' }))).toBe(true);
    expect(missed(facts({ consent: active('e1', '2026-07-01') }))).toBe(false);
    // Still being delivered (the pipeline retries, the operator is alarmed): not for the board to deliver by hand.
    expect(missed(facts({ consent: active('e1', '2026-06-20') }))).toBe(false);
    expect(missed(facts({ delivered: true }))).toBe(false);
  });
});

describe('reminder mails', () => {
  const items = [
    { school: school('22KC00', 'Het <script>College'), action: 'no_consent' as const },
    { school: school('12AB00', 'Basisschool'), action: 'no_export' as const },
  ];

  it('lists each school with what to do and the days left, escaped, with a one-line subject', () => {
    const mail = digestMail({
      board,
      schoolYear: '2025-2026',
      daysLeft: 14,
      lastConsentDay: '2026-06-30',
      items,
      appUrl: 'http://localhost:3000',
    });
    expect(mail.to).toEqual(['beheer@voorbeeld.nl']);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toContain('nog 14 dagen tot 1 juli, actie nodig voor 2 scholen');
    expect(mail.text).toContain('Het <script>College (22KC00): Nog geen toestemming (nog 14 dagen)');
    expect(mail.text).toContain('Basisschool (12AB00): Nog geen gegevens');
    expect(mail.text).toContain('tot en met 30 juni 2026');
    expect(mail.text).toContain('http://localhost:3000/#/boards/41234/years/2025-2026');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).toContain('Het &lt;script&gt;College');
    expect(mail.html).toContain('<a href="http://localhost:3000/#/boards/41234/years/2025-2026">');
    // Schools in id order, so the digest reads the same every day.
    expect(mail.text.indexOf('12AB00')).toBeLessThan(mail.text.indexOf('22KC00'));
  });

  it('names the API path when there is no web app, and says 1 dag on the last day', () => {
    const mail = digestMail({
      board,
      schoolYear: '2025-2026',
      daysLeft: 1,
      lastConsentDay: '2026-06-30',
      items: items.slice(0, 1),
    });
    expect(mail.subject).toContain('nog 1 dag tot 1 juli, actie nodig voor 1 school');
    expect(mail.text).toContain('GET /boards/41234/years/2025-2026');
    expect(mail.html).not.toContain('<a ');
  });

  it('after 1 July lists the missed schools and the direct route with the report endpoint', () => {
    const mail = missedMail({
      board,
      schoolYear: '2025-2026',
      deadline: '2026-07-01',
      schools: [school('22KC00')],
    });
    expect(mail.subject).toContain('gemist voor 1 school');
    expect(mail.text).toContain('1 juli 2026 is verstreken');
    expect(mail.text).toContain('GET /schools/22KC00/years/2025-2026/report');
    expect(mail.text).toContain('portaal van de Inspectie');
    expect(mail.html).not.toContain('<b>');
  });
});
