/**
 * The consent wizard's model, without any DOM: what the school has filled in so far (the draft), which step
 * comes next, the `PUT …/consent` body the draft makes, and what is wrong with it in Dutch.
 *
 * The rules on the body are not written here a second time: the body is checked with the API's own
 * `consentRequestSchema`, and only its issues are translated, by the field they name. What the schema cannot
 * know stays here, each with where the API holds the same rule: the delivery date window (checkConsentWrite
 * in shared/consent/rules.ts), whether "per onderwijssoort" is possible (checkLevel in
 * shared/consent/consent-service.ts) and that the export now approved needs an upload (giveConsent, `no_export`).
 *
 * Without an upload only `latest` can be chosen, and the leerjaren and groups come from the school itself
 * (school-groups.ts) instead of the export's summary.
 */
import { exportPolicyOf, waitsForNewDate } from '../../../../shared/consent/export-policy.js';
import { type ConsentRequest, consentRequestSchema, type ExportPolicy } from '../../../../shared/model.js';
import { isIsoDate } from '../../../../shared/time/amsterdam.js';
import { allowedDeliveryDates, dateNl } from '../../format.js';
import { codeNl } from '../../messages-nl.js';
import type { Administration, Consent, ExportSummary, SchoolRef } from '../../types.js';
import { schoolGroups, schoolLeerjaren, suggestedLeerjaren } from './school-groups.js';

export type { ConsentRequest };

/** What the wizard works from; fixed while it is open. */
export interface WizardFacts {
  school: SchoolRef;
  schoolYear: string;
  /** The API's today (`GET /me`), never the browser's clock. */
  today: string;
  /** The current export's summary; null before any upload (then only `latest` can be chosen). */
  summary: ExportSummary | null;
  /** The active consent being changed, or null when consent is given for the first time. */
  existing: Consent | null;
  /** Past 1 July: the catch-up window consent is given in (its last delivery date), or null. */
  window: { until: string } | null;
}

/** The answers as the form holds them: text as typed, a choice not made yet as ''. */
export interface Draft {
  level: Consent['level'];
  /** Which export is delivered: the one now approved, or the newest on the delivery date. */
  exportPolicy: ExportPolicy;
  deliveryDate: string;
  leerjaren: number[];
  from: string;
  to: string;
  mode: Administration['mode'] | '';
  anonymous: 'ja' | 'nee' | '';
  supervision: Administration['supervision'] | '';
  /** Students per group, by groupKey, as typed. */
  students: Record<string, string>;
  remarks: string;
}

/** A problem with the draft: the request field it is about (as the API names fields) and the Dutch text. */
export interface DraftError {
  field: string;
  message: string;
}

/** The four steps; the numbers are also what the status bar is told. */
export const STEP = { level: 0, deliveryDate: 1, administration: 2, summary: 3 } as const;
export type Step = (typeof STEP)[keyof typeof STEP];

/** One group of the export: `onderwijssoort|leerjaar`, the onderwijssoort empty in primary. */
export const groupKey = (onderwijssoort: string | null | undefined, leerjaar: number): string =>
  `${onderwijssoort ?? ''}|${leerjaar}`;

/**
 * Whether "per onderwijssoort" can be chosen: the school must offer onderwijssoorten and an export, when there
 * is one, must say one per respondent. The API refuses it otherwise (checkLevel, `level_not_available`); before
 * any upload it checks the school only, and the delivery the export it finds on the date.
 */
export const levelAvailable = (facts: WizardFacts): boolean =>
  facts.school.onderwijssoorten.length > 0 &&
  (facts.summary === null || Object.keys(facts.summary.onderwijssoorten).length > 0);

/** Whether `policy` can be chosen: the export now approved needs one (the API answers 409 `no_export`). */
export const policyAvailable = (facts: WizardFacts, policy: ExportPolicy): boolean =>
  policy === 'latest' || facts.summary !== null;

/** The draft to start from: the stored answers when changing, else what the export (or the school) suggests. */
export const initialDraft = (facts: WizardFacts): Draft => {
  const { existing, summary } = facts;
  if (existing) {
    const a = existing.administration;
    const policy = exportPolicyOf(existing);
    return {
      level: existing.level,
      // A pinned consent's export cannot be gone, but if it were, the only choice left is shown chosen.
      exportPolicy: policyAvailable(facts, policy) ? policy : 'latest',
      // A date that came without data is past: nothing to keep, a new one is chosen.
      deliveryDate: waitsForNewDate(existing) ? '' : existing.deliveryDate,
      // A consent stored before the duplicate check may name a leerjaar twice; the API now refuses that.
      leerjaren: [...new Set(a.surveyedLeerjaren)],
      from: a.period.from,
      to: a.period.to,
      mode: a.mode,
      anonymous: a.anonymous ? 'ja' : 'nee',
      supervision: a.supervision,
      students: Object.fromEntries(
        a.studentCounts.map((c) => [groupKey(c.onderwijssoort, c.leerjaar), String(c.students)]),
      ),
      remarks: a.remarks ?? '',
    };
  }
  return {
    level: levelAvailable(facts) ? 'onderwijssoort' : 'school',
    // The API's default when there is an export (what the board checks is what goes); else the only choice.
    exportPolicy: summary ? 'pinned' : 'latest',
    deliveryDate: '',
    leerjaren: summary ? Object.keys(summary.leerjaren).map(Number) : suggestedLeerjaren(facts.school),
    from: '',
    to: '',
    mode: '',
    anonymous: '',
    supervision: '',
    students: {},
    remarks: '',
  };
};

/**
 * The choices of "which were surveyed": the leerjaren (groepen) the export has respondents in, or the
 * school's own without an export; and those a consent being changed names, so that none is ticked unseen.
 */
export const leerjaarOptions = (facts: WizardFacts): number[] => {
  const from = facts.summary
    ? Object.keys(facts.summary.leerjaren).map(Number)
    : schoolLeerjaren(facts.school);
  const stored = facts.existing?.administration.surveyedLeerjaren ?? [];
  return [...new Set([...from, ...stored])].sort((a, b) => a - b);
};

/** `leerjaren` with `leerjaar` ticked or not, each at most once. */
export const withLeerjaar = (leerjaren: readonly number[], leerjaar: number, on: boolean): number[] =>
  on ? [...new Set([...leerjaren, leerjaar])] : leerjaren.filter((l) => l !== leerjaar);

/** A group of a surveyed leerjaar, which needs its number of students. */
export interface CountRow {
  onderwijssoort: string | null;
  leerjaar: number;
  /** In the export; null without one. */
  respondents: number | null;
  key: string;
  /** The request field of its count: `administration.studentCounts.<i>`, i its place in the body. */
  field: string;
}

/**
 * The groups of the surveyed leerjaren, by leerjaar then onderwijssoort: the order of the count inputs and
 * of `studentCounts` in the body, so that an error about `studentCounts.<i>` finds its input. The groups are the
 * export's, or the school's own without one; a consent being changed keeps the groups it counted (e.g. given
 * before the data, for a group the export then had nobody in), so a count entered is not dropped unseen.
 */
export const countRows = (draft: Draft, facts: WizardFacts): CountRow[] => {
  const { summary, school } = facts;
  const groups = new Map<
    string,
    { onderwijssoort: string | null; leerjaar: number; respondents: number | null }
  >();
  const add = (onderwijssoort: string | null, leerjaar: number, respondents: number | null) => {
    const key = groupKey(onderwijssoort, leerjaar);
    if (!groups.has(key)) groups.set(key, { onderwijssoort, leerjaar, respondents });
  };
  if (summary) for (const g of summary.groups) add(g.onderwijssoort, g.leerjaar, g.respondents);
  else for (const g of schoolGroups(school, draft.leerjaren)) add(g.onderwijssoort, g.leerjaar, null);
  for (const c of facts.existing?.administration.studentCounts ?? []) {
    // One the school no longer offers would only be refused (onderwijssoort_not_offered).
    if (c.onderwijssoort && !school.onderwijssoorten.includes(c.onderwijssoort)) continue;
    add(c.onderwijssoort ?? null, c.leerjaar, summary ? 0 : null);
  }
  return [...groups.values()]
    .filter((g) => draft.leerjaren.includes(g.leerjaar))
    .sort((a, b) => a.leerjaar - b.leerjaar || (a.onderwijssoort ?? '').localeCompare(b.onderwijssoort ?? ''))
    .map((g, i) => ({
      ...g,
      key: groupKey(g.onderwijssoort, g.leerjaar),
      field: `administration.studentCounts.${i}`,
    }));
};

/** The body as the draft makes it, complete or not: an answer not given yet is left out, for the schema to name. */
export interface ConsentBody {
  level: string;
  deliveryDate: string;
  exportPolicy: string;
  administration: {
    surveyedLeerjaren: number[];
    period: { from: string; to: string };
    mode?: string;
    anonymous?: boolean;
    supervision?: string;
    studentCounts: Array<{ onderwijssoort?: string; leerjaar: number; students?: number }>;
    remarks?: string;
  };
  version?: number;
}

/** A count as typed: empty is no answer (not 0); anything else as the number it reads as. */
const countOf = (typed: string | undefined): number | undefined => {
  const t = (typed ?? '').trim();
  return t === '' ? undefined : Number(t);
};

/** The `PUT …/consent` body of the draft. */
export const consentBody = (draft: Draft, facts: WizardFacts): ConsentBody => {
  const remarks = draft.remarks.trim();
  return {
    level: draft.level,
    deliveryDate: draft.deliveryDate,
    // Always said, not left to the API's default: what the board chose is what the mail and the record show.
    exportPolicy: draft.exportPolicy,
    administration: {
      surveyedLeerjaren: [...draft.leerjaren].sort((a, b) => a - b),
      period: { from: draft.from, to: draft.to },
      ...(draft.mode ? { mode: draft.mode } : {}),
      ...(draft.anonymous ? { anonymous: draft.anonymous === 'ja' } : {}),
      ...(draft.supervision ? { supervision: draft.supervision } : {}),
      studentCounts: countRows(draft, facts).map((g) => ({
        ...(g.onderwijssoort ? { onderwijssoort: g.onderwijssoort } : {}),
        leerjaar: g.leerjaar,
        students: countOf(draft.students[g.key]),
      })),
      ...(remarks ? { remarks } : {}),
    },
    // The version makes a change fail, not overwrite, when someone else changed the consent meanwhile.
    ...(facts.existing ? { version: facts.existing.version } : {}),
  };
};

/** The part of a zod issue the translation reads; the same in zod and zod/mini. */
interface SchemaIssue {
  code: string;
  path: readonly PropertyKey[];
}

const DATE_FORM = 'Vul een datum in die bestaat, in de vorm JJJJ-MM-DD.';

/** Why the export now approved cannot be chosen yet. */
export const NO_EXPORT_NL =
  'Er is nog geen goedgekeurde upload. Kies de nieuwste goedgekeurde upload op de leverdatum, of upload eerst een export.';

/** The app's Dutch text for an API code (messages-nl.ts), so a rule reads the same wherever it is caught. */
const nl = (code: string): string => codeNl(code) ?? 'Dit veld is niet goed ingevuld.';

/**
 * The Dutch text for a schema issue about `field`. Fields are matched with their indexes as `*`; the code
 * tells apart only what needs a different text (a duplicate from a bad value, an empty date from a bad one).
 */
const issueNl = (field: string, issue: SchemaIssue, body: ConsentBody): string => {
  const { period } = body.administration;
  switch (field.replace(/\.\d+(?=\.|$)/g, '.*')) {
    case 'level':
      return nl('invalid_level');
    case 'exportPolicy':
      return 'Kies welke gegevens u levert.';
    case 'deliveryDate':
      return body.deliveryDate === '' ? 'Kies een leverdatum.' : nl('invalid_delivery_date');
    case 'administration.surveyedLeerjaren':
      return 'Kies minstens één leerjaar.';
    case 'administration.surveyedLeerjaren.*':
      return issue.code === 'custom'
        ? 'Elk leerjaar mag maar één keer gekozen zijn.'
        : nl('leerjaar_out_of_range');
    case 'administration.period.from':
      return period.from === '' ? 'Vul de eerste dag van de afname in.' : DATE_FORM;
    case 'administration.period.to':
      if (period.to === '') return 'Vul de laatste dag van de afname in.';
      // Two refinements say `custom` here: the order of the two days, and (request only) a day that exists.
      return issue.code === 'custom' && isIsoDate(period.to)
        ? 'De laatste dag mag niet vóór de eerste dag liggen.'
        : DATE_FORM;
    case 'administration.mode':
      return 'Kies hoe de vragenlijst is afgenomen.';
    case 'administration.anonymous':
      return 'Kies of de afname anoniem was.';
    case 'administration.supervision':
      return 'Kies wie toezicht hield.';
    case 'administration.studentCounts':
      // No group at all: the surveyed leerjaren have no respondents in the export.
      return 'Kies minstens één leerjaar met respondenten.';
    case 'administration.studentCounts.*':
      return issue.code === 'custom' ? 'Deze groep staat er twee keer in.' : 'Deze groep klopt niet.';
    case 'administration.studentCounts.*.students':
      return 'Vul een heel aantal leerlingen in (0 tot 10.000).';
    case 'administration.studentCounts.*.onderwijssoort':
      return nl('unknown_onderwijssoort');
    case 'administration.remarks':
      return 'De opmerkingen mogen hoogstens 2.000 tekens lang zijn.';
    default:
      return 'Dit veld is niet goed ingevuld.';
  }
};

/** Every field the API's request schema finds wrong in `body`, once each (its first issue), in Dutch. */
export const requestIssues = (body: ConsentBody): DraftError[] => {
  const result = consentRequestSchema.safeParse(body);
  if (result.success) return [];
  const errors = new Map<string, DraftError>();
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.');
    if (!errors.has(field)) errors.set(field, { field, message: issueNl(field, issue, body) });
  }
  return [...errors.values()];
};

/** The step that asks for `field` (a request path, from the schema or from an API error). */
export const stepOfField = (field: string): Step =>
  field === 'level' || field === 'exportPolicy'
    ? STEP.level
    : field === 'deliveryDate'
      ? STEP.deliveryDate
      : field.startsWith('administration')
        ? STEP.administration
        : STEP.summary;

/** The delivery date against the days the API accepts today: tomorrow up to 1 July, or the window's last day. */
const deliveryDateWindow = (draft: Draft, facts: WizardFacts): DraftError[] => {
  const { min, max } = allowedDeliveryDates(facts.today, facts.schoolYear, facts.window);
  const date = draft.deliveryDate;
  const message = !isIsoDate(date)
    ? nl('invalid_delivery_date')
    : date < min
      ? `De leverdatum moet op zijn vroegst ${dateNl(min)} zijn.`
      : date > max
        ? `De leverdatum kan uiterlijk ${dateNl(max)} zijn.`
        : null;
  return message ? [{ field: 'deliveryDate', message }] : [];
};

/**
 * What keeps `step` from going on: the schema's issues with the fields that step asks for (the later steps'
 * empty answers are not its business), then the rules the schema cannot know, when the schema is content.
 */
export const stepErrors = (step: Step, draft: Draft, facts: WizardFacts): DraftError[] => {
  const issues = requestIssues(consentBody(draft, facts)).filter((e) => stepOfField(e.field) === step);
  if (issues.length > 0) return issues;
  if (step === STEP.level) {
    const errors: DraftError[] = [];
    if (!policyAvailable(facts, draft.exportPolicy))
      errors.push({ field: 'exportPolicy', message: NO_EXPORT_NL });
    if (draft.level === 'onderwijssoort' && !levelAvailable(facts)) {
      errors.push({ field: 'level', message: nl('level_not_available') });
    }
    return errors;
  }
  if (step === STEP.deliveryDate) return deliveryDateWindow(draft, facts);
  return [];
};

/** "Volgende": the next step when this one is in order, else this step with what is wrong. */
export const next = (step: Step, draft: Draft, facts: WizardFacts): { step: Step; errors: DraftError[] } => {
  const errors = stepErrors(step, draft, facts);
  return { step: errors.length > 0 ? step : (Math.min(step + 1, STEP.summary) as Step), errors };
};

/** "Vorige": one step back; the first step has no step before it. */
export const previous = (step: Step): Step => Math.max(step - 1, STEP.level) as Step;

/**
 * The body to send from the summary, as the schema parsed it: what goes out is what the API's schema
 * accepts. Errors instead when an earlier step's answer no longer holds (the summary is reached only through
 * those steps, so this is a safety net, not a check of its own).
 */
export const finalRequest = (
  draft: Draft,
  facts: WizardFacts,
): { ok: true; body: ConsentRequest } | { ok: false; errors: DraftError[] } => {
  for (const step of [STEP.level, STEP.deliveryDate, STEP.administration] as const) {
    const errors = stepErrors(step, draft, facts);
    if (errors.length > 0) return { ok: false, errors };
  }
  const body = consentBody(draft, facts);
  const parsed = consentRequestSchema.safeParse(body);
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, errors: requestIssues(body) };
};
