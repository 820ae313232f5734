/**
 * The consent wizard's data choice (exportPolicy): the export now approved (`pinned`) or the newest approved
 * one on the delivery date (`latest`), and the wizard before any upload, when only `latest` can be chosen and the
 * leerjaren and groups come from the school itself (web/src/pages/consent-wizard/school-groups.ts). The bodies
 * are checked with the API's own request schema and its administration rules, so what the wizard sends is what
 * the API accepts.
 */
import { describe, expect, it } from 'vitest';
import { administrationIssues } from '../../shared/consent/administration.js';
import { consentRequestSchema, type School } from '../../shared/model.js';
import {
  countRows,
  type Draft,
  finalRequest,
  initialDraft,
  leerjaarOptions,
  levelAvailable,
  NO_EXPORT_NL,
  next,
  policyAvailable,
  STEP,
  stepErrors,
  stepOfField,
  type WizardFacts,
} from '../../web/src/pages/consent-wizard/consent-draft.js';
import {
  schoolGroups,
  schoolLeerjaren,
  suggestedLeerjaren,
} from '../../web/src/pages/consent-wizard/school-groups.js';
import type { Consent, ExportSummary, SchoolRef } from '../../web/src/types.js';

const VO: SchoolRef = {
  schoolId: '22KC00',
  name: 'Voorbeeld College',
  sector: 'vo',
  onderwijssoorten: ['havo', 'vwo'],
  boardId: '41234',
};
const PO: SchoolRef = { ...VO, schoolId: '12AB00', name: 'De Voorbeeld', sector: 'po', onderwijssoorten: [] };
const SUMMARY: ExportSummary = {
  instrument: 'msv-vo',
  encoding: 'utf-8',
  delimiter: ';',
  respondents: 35,
  leerjaren: { '1': 35 },
  onderwijssoorten: { havo: 15, vwo: 20 },
  groups: [
    { onderwijssoort: 'vwo', leerjaar: 1, respondents: 20 },
    { onderwijssoort: 'havo', leerjaar: 1, respondents: 15 },
  ],
};
/** 10 March 2026, before any upload unless a summary is given. */
const facts = (over: Partial<WizardFacts> = {}): WizardFacts => ({
  school: VO,
  schoolYear: '2025-2026',
  today: '2026-03-10',
  summary: null,
  existing: null,
  window: null,
  ...over,
});

/** Every step answered; the counts for whichever groups there are. */
const complete = (f: WizardFacts, over: Partial<Draft> = {}): Draft => {
  const d: Draft = {
    ...initialDraft(f),
    deliveryDate: '2026-06-15',
    from: '2026-04-01',
    to: '2026-05-15',
    mode: 'online',
    anonymous: 'ja',
    supervision: 'mentor',
    ...over,
  };
  for (const row of countRows(d, f)) d.students[row.key] ??= '25';
  return d;
};

const errorsOf = (step: Parameters<typeof stepErrors>[0], draft: Draft, f: WizardFacts) =>
  Object.fromEntries(stepErrors(step, draft, f).map((e) => [e.field, e.message]));

/** What the API's giveConsent checks beyond the schema, for the school the wizard was given. */
const apiIssues = (school: SchoolRef, body: { administration: unknown; deliveryDate: string }) =>
  administrationIssues(
    { ...school, createdAt: '2025-08-01T00:00:00Z' } as School,
    body.administration as Parameters<typeof administrationIssues>[1],
    { schoolYear: '2025-2026', deliveryDate: body.deliveryDate },
  );

const existingConsent = (over: Partial<Consent> = {}): Consent => ({
  schoolId: '22KC00',
  schoolYear: '2025-2026',
  status: 'active',
  level: 'school',
  deliveryDate: '2026-05-12',
  exportPolicy: 'latest',
  administration: {
    surveyedLeerjaren: [1, 4],
    period: { from: '2026-04-01', to: '2026-05-01' },
    mode: 'online',
    anonymous: true,
    supervision: 'mentor',
    studentCounts: [
      { onderwijssoort: 'havo', leerjaar: 1, students: 30 },
      { onderwijssoort: 'vwo', leerjaar: 1, students: 28 },
      { onderwijssoort: 'havo', leerjaar: 4, students: 31 },
      { onderwijssoort: 'vwo', leerjaar: 4, students: 29 },
    ],
  },
  updatedBy: 'board:abc',
  updatedAt: '2026-03-01T10:00:00Z',
  givenAt: '2026-03-01T10:00:00Z',
  version: 2,
  ...over,
});

describe('the data choice', () => {
  it('starts from the export now approved when there is one, else from the newest on the date', () => {
    expect(initialDraft(facts({ summary: SUMMARY })).exportPolicy).toBe('pinned');
    expect(initialDraft(facts()).exportPolicy).toBe('latest');
  });

  it('starts a change from the stored choice; a consent stored before the choice is pinned', () => {
    const withExport = facts({ summary: SUMMARY });
    expect(initialDraft({ ...withExport, existing: existingConsent() }).exportPolicy).toBe('latest');
    expect(
      initialDraft({ ...withExport, existing: existingConsent({ exportPolicy: 'pinned', exportId: 'e1' }) })
        .exportPolicy,
    ).toBe('pinned');
    const { exportPolicy: _, ...old } = existingConsent({ exportId: 'e1' });
    expect(initialDraft({ ...withExport, existing: old }).exportPolicy).toBe('pinned');
  });

  it('offers the export now approved only once there is an upload, saying why not before', () => {
    expect(policyAvailable(facts(), 'pinned')).toBe(false);
    expect(policyAvailable(facts(), 'latest')).toBe(true);
    expect(policyAvailable(facts({ summary: SUMMARY }), 'pinned')).toBe(true);
    const d = { ...initialDraft(facts()), exportPolicy: 'pinned' as const };
    expect(errorsOf(STEP.level, d, facts())).toEqual({ exportPolicy: NO_EXPORT_NL });
    expect(next(STEP.level, d, facts()).step).toBe(STEP.level);
    expect(next(STEP.level, { ...d, exportPolicy: 'latest' }, facts()).step).toBe(STEP.deliveryDate);
    // The API's own field name goes back to the first step.
    expect(stepOfField('exportPolicy')).toBe(STEP.level);
  });

  it('is sent in the body either way', () => {
    const latest = finalRequest(complete(facts({ summary: SUMMARY }), { exportPolicy: 'latest' }), {
      ...facts({ summary: SUMMARY }),
    });
    expect(latest.ok && latest.body.exportPolicy).toBe('latest');
    const pinned = finalRequest(complete(facts({ summary: SUMMARY })), facts({ summary: SUMMARY }));
    expect(pinned.ok && pinned.body.exportPolicy).toBe('pinned');
  });

  it('asks a new date of a consent whose date came without data, keeping the other answers', () => {
    const existing = existingConsent({
      deliveryDate: '2026-03-09',
      noData: {
        deliveryDate: '2026-03-09',
        reason: 'no_export',
        at: '2026-03-09T05:00:00Z',
        mailSentAt: null,
      },
    });
    const d = initialDraft(facts({ existing }));
    expect(d).toMatchObject({ deliveryDate: '', exportPolicy: 'latest', mode: 'online' });
    // A noData of an earlier date (the board chose a new one since) keeps the date.
    const moved = existingConsent({ deliveryDate: '2026-06-01', noData: existing.noData });
    expect(initialDraft(facts({ existing: moved })).deliveryDate).toBe('2026-06-01');
  });
});

describe('before any upload: the school’s own leerjaren and groups', () => {
  it('offers the leerjaren the school has, ticking groep 5–8 in primary and every leerjaar in secondary', () => {
    expect(leerjaarOptions(facts({ school: PO }))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(initialDraft(facts({ school: PO })).leerjaren).toEqual([5, 6, 7, 8]);
    expect(leerjaarOptions(facts())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(initialDraft(facts()).leerjaren).toEqual([1, 2, 3, 4, 5, 6]);
    // vmbo takes four years, havo five: no leerjaar the school cannot have.
    expect(schoolLeerjaren({ ...VO, onderwijssoorten: ['vmbo-b', 'vmbo-k'] })).toEqual([1, 2, 3, 4]);
    expect(schoolLeerjaren({ ...VO, onderwijssoorten: ['vmbo-gt', 'havo'] })).toEqual([1, 2, 3, 4, 5]);
    // Special schools: so as primary (groepen), vso as secondary without onderwijssoorten.
    expect(suggestedLeerjaren({ ...PO, sector: 'so' })).toEqual([5, 6, 7, 8]);
    expect(suggestedLeerjaren({ ...VO, sector: 'vso', onderwijssoorten: [] })).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('makes a group of every onderwijssoort × ticked leerjaar it has, to count, without respondents', () => {
    const d = { ...initialDraft(facts()), leerjaren: [6, 4, 5] };
    expect(countRows(d, facts()).map((r) => [r.key, r.respondents, r.field])).toEqual([
      ['havo|4', null, 'administration.studentCounts.0'],
      ['vwo|4', null, 'administration.studentCounts.1'],
      ['havo|5', null, 'administration.studentCounts.2'],
      ['vwo|5', null, 'administration.studentCounts.3'],
      ['vwo|6', null, 'administration.studentCounts.4'],
    ]);
    expect(schoolGroups(PO, [7, 8])).toEqual([
      { onderwijssoort: null, leerjaar: 7 },
      { onderwijssoort: null, leerjaar: 8 },
    ]);
  });

  it('asks for each group’s count at its field', () => {
    const d = { ...complete(facts()), students: {} };
    const errors = errorsOf(STEP.administration, d, facts());
    expect(Object.keys(errors)).toHaveLength(11);
    expect(errors['administration.studentCounts.10.students']).toBe(
      'Vul een heel aantal leerlingen in (0 tot 10.000).',
    );
  });

  it('allows per onderwijssoort on the school’s onderwijssoorten alone, as the API does', () => {
    expect(levelAvailable(facts())).toBe(true);
    expect(initialDraft(facts()).level).toBe('onderwijssoort');
    expect(levelAvailable(facts({ school: PO }))).toBe(false);
    const po = complete(facts({ school: PO }), { level: 'onderwijssoort' });
    expect(Object.keys(errorsOf(STEP.level, po, facts({ school: PO })))).toEqual(['level']);
    // With an export, the export must say the onderwijssoort too.
    expect(levelAvailable(facts({ summary: { ...SUMMARY, onderwijssoorten: {} } }))).toBe(false);
  });

  it.each([
    ['vo', VO],
    ['po', PO],
    ['vso', { ...VO, sector: 'vso', onderwijssoorten: [] } as SchoolRef],
  ])('sends a %s body the API’s schema and administration rules accept', (_, school) => {
    const f = facts({ school });
    const out = finalRequest(complete(f), f);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.body.exportPolicy).toBe('latest');
    expect(consentRequestSchema.safeParse(out.body).success).toBe(true);
    expect(apiIssues(school, out.body)).toEqual([]);
    if (school.onderwijssoorten.length === 0) {
      expect(out.body.administration.studentCounts.every((c) => !('onderwijssoort' in c))).toBe(true);
    }
  });

  it('sends exactly the primary body for groep 5–8', () => {
    const f = facts({ school: PO });
    const out = finalRequest(complete(f, { level: 'school' }), f);
    expect(out).toEqual({
      ok: true,
      body: {
        level: 'school',
        deliveryDate: '2026-06-15',
        exportPolicy: 'latest',
        administration: {
          surveyedLeerjaren: [5, 6, 7, 8],
          period: { from: '2026-04-01', to: '2026-05-15' },
          mode: 'online',
          anonymous: true,
          supervision: 'mentor',
          studentCounts: [5, 6, 7, 8].map((leerjaar) => ({ leerjaar, students: 25 })),
        },
      },
    });
  });
});

describe('changing a consent given before the data, once an export is there', () => {
  it('keeps the groups it counted that the export has nobody in, and their leerjaren', () => {
    const f = facts({ summary: SUMMARY, existing: existingConsent() });
    const d = initialDraft(f);
    expect(leerjaarOptions(f)).toEqual([1, 4]);
    expect(countRows(d, f).map((r) => [r.key, r.respondents])).toEqual([
      ['havo|1', 15],
      ['vwo|1', 20],
      ['havo|4', 0],
      ['vwo|4', 0],
    ]);
    const out = finalRequest({ ...d, deliveryDate: '2026-06-15' }, f);
    expect(out.ok && out.body.administration.studentCounts).toEqual(
      existingConsent().administration.studentCounts,
    );
    expect(out.ok && out.body.version).toBe(2);
  });

  it('drops a stored group of an onderwijssoort the school no longer offers (the API would refuse it)', () => {
    const f = facts({ school: { ...VO, onderwijssoorten: ['havo'] }, existing: existingConsent() });
    expect(countRows(initialDraft(f), f).map((r) => r.key)).toEqual(['havo|1', 'havo|4']);
  });
});
