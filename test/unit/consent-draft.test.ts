/**
 * The consent wizard's draft (web/src/pages/consent-wizard/consent-draft.ts): the body it makes for
 * `PUT …/consent` and what keeps each step from going on, checked with the API's own request schema and
 * said in the Dutch the page shows.
 */
import { describe, expect, it } from 'vitest';
import {
  consentBody,
  countRows,
  type Draft,
  finalRequest,
  initialDraft,
  levelAvailable,
  next,
  previous,
  requestIssues,
  STEP,
  stepErrors,
  stepOfField,
  type WizardFacts,
  withLeerjaar,
} from '../../web/src/pages/consent-wizard/consent-draft.js';
import type { Consent, ExportSummary, SchoolRef } from '../../web/src/types.js';

const SCHOOL: SchoolRef = {
  schoolId: '22KC00',
  name: 'Voorbeeld College',
  sector: 'vo',
  onderwijssoorten: ['havo', 'vwo'],
  boardId: '41234',
};
const SUMMARY: ExportSummary = {
  instrument: 'msv-vo',
  encoding: 'utf-8',
  delimiter: ';',
  respondents: 60,
  leerjaren: { '2': 25, '1': 35 },
  onderwijssoorten: { havo: 30, vwo: 30 },
  // Not in order: the wizard sorts by leerjaar, then onderwijssoort.
  groups: [
    { onderwijssoort: 'vwo', leerjaar: 2, respondents: 10 },
    { onderwijssoort: 'havo', leerjaar: 2, respondents: 15 },
    { onderwijssoort: 'vwo', leerjaar: 1, respondents: 20 },
    { onderwijssoort: 'havo', leerjaar: 1, respondents: 15 },
  ],
};
/** 10 March 2026: delivery dates from 11 March up to and including 1 July. */
const facts = (over: Partial<WizardFacts> = {}): WizardFacts => ({
  school: SCHOOL,
  schoolYear: '2025-2026',
  today: '2026-03-10',
  summary: SUMMARY,
  existing: null,
  window: null,
  ...over,
});

/** A draft with every step answered. */
const complete = (f: WizardFacts = facts(), over: Partial<Draft> = {}): Draft => ({
  ...initialDraft(f),
  deliveryDate: '2026-05-12',
  from: '2026-01-12',
  to: '2026-02-06',
  mode: 'online',
  anonymous: 'ja',
  supervision: 'mentor',
  students: { 'havo|1': '30', 'vwo|1': '28', 'havo|2': '31', 'vwo|2': '0' },
  ...over,
});

/** The errors of `step` as field → message. */
const errorsOf = (step: Parameters<typeof stepErrors>[0], draft: Draft, f = facts()) =>
  Object.fromEntries(stepErrors(step, draft, f).map((e) => [e.field, e.message]));

const existingConsent = (over: Partial<Consent['administration']> = {}): Consent => ({
  schoolId: '22KC00',
  schoolYear: '2025-2026',
  status: 'active',
  level: 'school',
  deliveryDate: '2026-05-12',
  exportId: 'e1',
  administration: {
    surveyedLeerjaren: [1, 2],
    period: { from: '2026-01-12', to: '2026-02-06' },
    mode: 'papier',
    anonymous: false,
    supervision: 'leerkracht',
    studentCounts: [
      { onderwijssoort: 'havo', leerjaar: 1, students: 30 },
      { onderwijssoort: 'vwo', leerjaar: 1, students: 28 },
      { onderwijssoort: 'havo', leerjaar: 2, students: 31 },
      { onderwijssoort: 'vwo', leerjaar: 2, students: 29 },
    ],
    remarks: 'Groep 2 later',
    ...over,
  },
  updatedBy: 'school:abc',
  updatedAt: '2026-03-01T10:00:00Z',
  givenAt: '2026-03-01T10:00:00Z',
  version: 3,
});

describe('the draft to start from', () => {
  it('suggests per onderwijssoort and every leerjaar of the export for a first consent', () => {
    const d = initialDraft(facts());
    expect(d.level).toBe('onderwijssoort');
    expect(d.leerjaren.sort()).toEqual([1, 2]);
    expect([d.deliveryDate, d.from, d.to, d.mode, d.anonymous, d.supervision]).toEqual([
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  });

  it('suggests the whole school when the school or its export has no onderwijssoorten', () => {
    const noSoorten = facts({ school: { ...SCHOOL, sector: 'po', onderwijssoorten: [] } });
    expect(levelAvailable(noSoorten)).toBe(false);
    expect(initialDraft(noSoorten).level).toBe('school');
    const exportWithout = facts({ summary: { ...SUMMARY, onderwijssoorten: {} } });
    expect(levelAvailable(exportWithout)).toBe(false);
    expect(initialDraft(exportWithout).level).toBe('school');
  });

  it('starts a change from the stored answers, a leerjaar stored twice once', () => {
    const f = facts({ existing: existingConsent({ surveyedLeerjaren: [1, 2, 2] }) });
    const d = initialDraft(f);
    expect(d).toMatchObject({
      level: 'school',
      deliveryDate: '2026-05-12',
      leerjaren: [1, 2],
      mode: 'papier',
      anonymous: 'nee',
      supervision: 'leerkracht',
      remarks: 'Groep 2 later',
    });
    expect(d.students['vwo|2']).toBe('29');
    // Saved as it was, it goes through: the stored duplicate would have been refused by the API.
    const out = finalRequest(d, f);
    expect(out.ok && out.body.administration.surveyedLeerjaren).toEqual([1, 2]);
    expect(out.ok && out.body.version).toBe(3);
  });
});

describe('the PUT …/consent body', () => {
  it('is what the schema accepts, counts in the order of the count inputs', () => {
    const out = finalRequest(complete(), facts());
    expect(out).toEqual({
      ok: true,
      body: {
        level: 'onderwijssoort',
        deliveryDate: '2026-05-12',
        // With an export the API's default, and said anyway: what the board chose is what is recorded.
        exportPolicy: 'pinned',
        administration: {
          surveyedLeerjaren: [1, 2],
          period: { from: '2026-01-12', to: '2026-02-06' },
          mode: 'online',
          anonymous: true,
          supervision: 'mentor',
          studentCounts: [
            { onderwijssoort: 'havo', leerjaar: 1, students: 30 },
            { onderwijssoort: 'vwo', leerjaar: 1, students: 28 },
            { onderwijssoort: 'havo', leerjaar: 2, students: 31 },
            { onderwijssoort: 'vwo', leerjaar: 2, students: 0 },
          ],
        },
      },
    });
    expect(countRows(complete(), facts()).map((r) => r.field)).toEqual([
      'administration.studentCounts.0',
      'administration.studentCounts.1',
      'administration.studentCounts.2',
      'administration.studentCounts.3',
    ]);
  });

  it('counts only the groups of the ticked leerjaren, and leaves out an onderwijssoort primary has not', () => {
    const d = complete(facts(), { leerjaren: withLeerjaar([1, 2], 2, false) });
    expect(consentBody(d, facts()).administration.studentCounts.map((c) => c.leerjaar)).toEqual([1, 1]);
    const po = facts({
      school: { ...SCHOOL, sector: 'po', onderwijssoorten: [] },
      summary: {
        ...SUMMARY,
        onderwijssoorten: {},
        groups: [{ onderwijssoort: null, leerjaar: 1, respondents: 20 }],
      },
    });
    const body = consentBody(complete(po, { leerjaren: [1], students: { '|1': '25' } }), po);
    expect(body.administration.studentCounts).toEqual([{ leerjaar: 1, students: 25 }]);
  });

  it('trims the remarks and leaves out empty ones, and sends the version only when changing', () => {
    expect(consentBody(complete(facts(), { remarks: '  ' }), facts()).administration).not.toHaveProperty(
      'remarks',
    );
    expect(consentBody(complete(facts(), { remarks: ' laat ' }), facts()).administration.remarks).toBe(
      'laat',
    );
    expect(consentBody(complete(), facts())).not.toHaveProperty('version');
  });

  it('ticks a leerjaar at most once', () => {
    expect(withLeerjaar([1, 2], 2, true)).toEqual([1, 2]);
    expect(withLeerjaar([1], 3, true)).toEqual([1, 3]);
    expect(withLeerjaar([1, 3], 1, false)).toEqual([3]);
  });
});

describe('step 1, niveau', () => {
  it('refuses per onderwijssoort for a school without onderwijssoorten, as the API would', () => {
    const f = facts({ school: { ...SCHOOL, onderwijssoorten: [] } });
    const d = complete(f, { level: 'onderwijssoort' });
    expect(errorsOf(STEP.level, d, f)).toEqual({
      level:
        'Het niveau "per onderwijssoort" is voor deze school of export niet mogelijk; kies "hele school".',
    });
    expect(next(STEP.level, d, f).step).toBe(STEP.level);
    expect(next(STEP.level, { ...d, level: 'school' }, f).step).toBe(STEP.deliveryDate);
  });

  it('refuses it too when the export has no onderwijssoort per respondent', () => {
    const f = facts({ summary: { ...SUMMARY, onderwijssoorten: {} } });
    expect(Object.keys(errorsOf(STEP.level, complete(f, { level: 'onderwijssoort' }), f))).toEqual(['level']);
  });

  it('is not held up by the later steps still being empty', () => {
    expect(next(STEP.level, initialDraft(facts()), facts())).toEqual({ step: STEP.deliveryDate, errors: [] });
  });
});

describe('step 2, leverdatum', () => {
  const dateError = (deliveryDate: string) =>
    errorsOf(STEP.deliveryDate, complete(facts(), { deliveryDate })).deliveryDate;

  it('asks for a date, then tomorrow up to and including 1 July', () => {
    expect(dateError('')).toBe('Kies een leverdatum.');
    expect(dateError('2026-03-10')).toBe('De leverdatum moet op zijn vroegst 11 maart 2026 zijn.');
    expect(dateError('2026-07-02')).toBe('De leverdatum kan uiterlijk 1 juli 2026 zijn.');
    expect(dateError('2026-03-11')).toBeUndefined();
    expect(dateError('2026-07-01')).toBeUndefined();
  });

  it('past 1 July in a catch-up window: tomorrow up to and including the window’s last day', () => {
    // 20 August 2026, the window of 2025-2026 open until 1 September: the same rule as checkConsentWrite.
    const late = facts({ today: '2026-08-20', window: { until: '2026-09-01' } });
    const lateError = (deliveryDate: string) =>
      errorsOf(STEP.deliveryDate, complete(late, { deliveryDate }), late).deliveryDate;
    expect(lateError('2026-08-20')).toBe('De leverdatum moet op zijn vroegst 21 augustus 2026 zijn.');
    expect(lateError('2026-09-02')).toBe('De leverdatum kan uiterlijk 1 september 2026 zijn.');
    expect(lateError('2026-08-21')).toBeUndefined();
    expect(lateError('2026-09-01')).toBeUndefined();
  });

  it('refuses a date in another form or one that does not exist, instead of comparing it as text', () => {
    // "12-05-2026" sorts before "2026-03-11": compared as text it would read as too early.
    expect(dateError('12-05-2026')).toBe('Vul een geldige leverdatum in.');
    expect(dateError('2026-04-31')).toBe('Vul een geldige leverdatum in.');
  });
});

describe('step 3, afname', () => {
  it('names every unanswered question at its field, each once', () => {
    const d = initialDraft(facts());
    expect(errorsOf(STEP.administration, { ...d, deliveryDate: '2026-05-12' })).toEqual({
      'administration.period.from': 'Vul de eerste dag van de afname in.',
      'administration.period.to': 'Vul de laatste dag van de afname in.',
      'administration.mode': 'Kies hoe de vragenlijst is afgenomen.',
      'administration.anonymous': 'Kies of de afname anoniem was.',
      'administration.supervision': 'Kies wie toezicht hield.',
      'administration.studentCounts.0.students': 'Vul een heel aantal leerlingen in (0 tot 10.000).',
      'administration.studentCounts.1.students': 'Vul een heel aantal leerlingen in (0 tot 10.000).',
      'administration.studentCounts.2.students': 'Vul een heel aantal leerlingen in (0 tot 10.000).',
      'administration.studentCounts.3.students': 'Vul een heel aantal leerlingen in (0 tot 10.000).',
    });
  });

  it('asks for at least one leerjaar', () => {
    expect(errorsOf(STEP.administration, complete(facts(), { leerjaren: [] }))).toMatchObject({
      'administration.surveyedLeerjaren': 'Kies minstens één leerjaar.',
    });
  });

  it('refuses a period that ends before it begins, at its last day', () => {
    expect(
      errorsOf(STEP.administration, complete(facts(), { from: '2026-02-06', to: '2026-01-12' })),
    ).toEqual({
      'administration.period.to': 'De laatste dag mag niet vóór de eerste dag liggen.',
    });
    expect(
      errorsOf(STEP.administration, complete(facts(), { from: '2026-02-06', to: '2026-02-06' })),
    ).toEqual({});
  });

  it('refuses a day that does not exist (the request schema checks it; the old page did not)', () => {
    expect(
      errorsOf(STEP.administration, complete(facts(), { from: '2026-02-30', to: '2026-03-02' })),
    ).toEqual({
      'administration.period.from': 'Vul een datum in die bestaat, in de vorm JJJJ-MM-DD.',
    });
    expect(errorsOf(STEP.administration, complete(facts(), { to: '2026-02-30' }))).toEqual({
      'administration.period.to': 'Vul een datum in die bestaat, in de vorm JJJJ-MM-DD.',
    });
  });

  it.each(['', 'abc', '1.5', '-1', '10001'])('refuses %j students, at that group', (typed) => {
    const d = complete();
    d.students['havo|2'] = typed;
    expect(errorsOf(STEP.administration, d)).toEqual({
      'administration.studentCounts.2.students': 'Vul een heel aantal leerlingen in (0 tot 10.000).',
    });
  });

  it('takes 0 and 10.000 students', () => {
    const d = complete();
    d.students['havo|1'] = '10000';
    d.students['vwo|1'] = '0';
    expect(errorsOf(STEP.administration, d)).toEqual({});
  });

  it('asks for a leerjaar with respondents when the ticked ones have no group to count', () => {
    const f = facts({ summary: { ...SUMMARY, groups: [] } });
    expect(errorsOf(STEP.administration, complete(f), f)).toEqual({
      'administration.studentCounts': 'Kies minstens één leerjaar met respondenten.',
    });
  });

  it('refuses remarks over 2.000 characters', () => {
    expect(errorsOf(STEP.administration, complete(facts(), { remarks: 'x'.repeat(2001) }))).toEqual({
      'administration.remarks': 'De opmerkingen mogen hoogstens 2.000 tekens lang zijn.',
    });
    expect(errorsOf(STEP.administration, complete(facts(), { remarks: 'x'.repeat(2000) }))).toEqual({});
  });
});

describe('the schema issues in Dutch', () => {
  const body = () => consentBody(complete(), facts());

  it('names a leerjaar or a group given twice (e.g. by an old stored consent)', () => {
    const twice = body();
    twice.administration.surveyedLeerjaren = [1, 2, 2];
    expect(requestIssues(twice)).toEqual([
      {
        field: 'administration.surveyedLeerjaren.2',
        message: 'Elk leerjaar mag maar één keer gekozen zijn.',
      },
    ]);
    const group = body();
    group.administration.studentCounts.push({ onderwijssoort: 'havo', leerjaar: 1, students: 3 });
    expect(requestIssues(group)).toEqual([
      { field: 'administration.studentCounts.4', message: 'Deze groep staat er twee keer in.' },
    ]);
  });

  it('finds nothing in a complete body', () => {
    expect(requestIssues(body())).toEqual([]);
  });
});

describe('moving between the steps', () => {
  it('goes on only when the step is in order, and back one at a time', () => {
    const d = complete();
    expect(next(STEP.level, d, facts()).step).toBe(STEP.deliveryDate);
    expect(next(STEP.deliveryDate, d, facts()).step).toBe(STEP.administration);
    expect(next(STEP.administration, d, facts()).step).toBe(STEP.summary);
    expect(next(STEP.deliveryDate, { ...d, deliveryDate: '' }, facts()).step).toBe(STEP.deliveryDate);
    expect(previous(STEP.summary)).toBe(STEP.administration);
    expect(previous(STEP.level)).toBe(STEP.level);
  });

  it('knows which step asks for a field the API names', () => {
    expect(stepOfField('level')).toBe(STEP.level);
    expect(stepOfField('deliveryDate')).toBe(STEP.deliveryDate);
    expect(stepOfField('administration.period.to')).toBe(STEP.administration);
    expect(stepOfField('administration.studentCounts.0.onderwijssoort')).toBe(STEP.administration);
    expect(stepOfField('version')).toBe(STEP.summary);
  });

  it('sends the summary back to the step whose answer no longer holds (a day later, the date is too early)', () => {
    const d = complete(facts(), { deliveryDate: '2026-03-11' });
    expect(finalRequest(d, facts()).ok).toBe(true);
    const out = finalRequest(d, facts({ today: '2026-03-11' }));
    expect(out).toEqual({
      ok: false,
      errors: [{ field: 'deliveryDate', message: 'De leverdatum moet op zijn vroegst 12 maart 2026 zijn.' }],
    });
  });
});
