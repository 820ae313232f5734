/**
 * Representativeness: students per group (DUO count of 1 October, as the school enters them) against the
 * respondents in the export. The law sets no percentage, so problems are warnings, never refusals.
 */
import type { Onderwijssoort } from '../ids.js';
import type { ExportSummary } from '../ingest/types.js';
import { decimalNl } from './messages.js';

export interface StudentCount {
  onderwijssoort?: Onderwijssoort;
  leerjaar: number;
  students: number;
}

export interface GroupRate {
  onderwijssoort: Onderwijssoort | null;
  leerjaar: number;
  students: number;
  respondents: number;
  /** Respondents as % of students, one decimal; null when no student count was given. */
  responseRate: number | null;
}

export interface Warning {
  code: 'single_leerjaar' | 'low_response' | 'group_not_surveyed' | 'more_respondents_than_students';
  message: string;
  messageNl: string;
  group?: { onderwijssoort: Onderwijssoort | null; leerjaar: number };
}

export interface Representativeness {
  groups: GroupRate[];
  total: { students: number; respondents: number; responseRate: number | null };
  leerjarenSurveyed: number[];
  warnings: Warning[];
}

/** Respondents as % of students, one decimal; null without students (nothing to compare with). */
export const responseRate = (respondents: number, students: number): number | null =>
  students > 0 ? Math.round((respondents / students) * 1000) / 10 : null;

/** Where a warning's figures belong, as its sentence names it: "havo leerjaar 1", "de hele school". */
export interface WarningPlace {
  en: string;
  nl: string;
}

const label = (os: Onderwijssoort | null, lj: number): WarningPlace => {
  const text = os ? `${os} leerjaar ${lj}` : `leerjaar/groep ${lj}`;
  return { en: text, nl: text };
};

/**
 * The one warning a row of figures gives, if any: nobody answered, more respondents than students, or response
 * below `lowResponsePercent`. One rule for every grain, so a group, an onderwijssoort and the whole school are
 * judged alike (shared/report/delivered-level.ts applies it to the rows a delivery sends).
 */
export const responseWarning = (
  figures: { students: number; respondents: number; responseRate: number | null },
  place: WarningPlace,
  lowResponsePercent: number,
): Omit<Warning, 'group'> | undefined => {
  const { students, respondents, responseRate: r } = figures;
  if (students > 0 && respondents === 0) {
    return {
      code: 'group_not_surveyed',
      message: `No respondents in ${place.en} (${students} students).`,
      messageNl: `Geen respondenten in ${place.nl} (${students} leerlingen).`,
    };
  }
  if (r !== null && respondents > students) {
    return {
      code: 'more_respondents_than_students',
      message: `${place.en} has more respondents (${respondents}) than students (${students}); check the student count.`,
      messageNl: `${place.nl} heeft meer respondenten (${respondents}) dan leerlingen (${students}); controleer het leerlingaantal.`,
    };
  }
  if (r !== null && r < lowResponsePercent) {
    return {
      code: 'low_response',
      message: `Response in ${place.en} is ${r}% (below ${lowResponsePercent}%).`,
      messageNl: `De respons in ${place.nl} is ${decimalNl(r)}% (lager dan ${lowResponsePercent}%).`,
    };
  }
  return undefined;
};

/** The leerjaren with respondents in the export, ascending. */
export const leerjarenSurveyedIn = (summary: Pick<ExportSummary, 'groups'>): number[] =>
  [...new Set(summary.groups.map((g) => g.leerjaar))].sort((a, b) => a - b);

/** The warning that only one leerjaar was surveyed: guidance says one leerjaar is not representative. */
export const singleLeerjaarWarning = (leerjarenSurveyed: readonly number[]): Warning | undefined =>
  leerjarenSurveyed.length === 1
    ? {
        code: 'single_leerjaar',
        message: `Only leerjaar ${leerjarenSurveyed[0]} was surveyed; one leerjaar does not give a representative picture.`,
        messageNl: `Alleen leerjaar ${leerjarenSurveyed[0]} is bevraagd; één leerjaar geeft geen representatief beeld.`,
      }
    : undefined;

/**
 * Response per (onderwijssoort, leerjaar) group of the student counts and in total, with warnings: the school's
 * full picture, as the consent answers show it. What a delivery sends is coarser (shared/report/delivered-level.ts).
 */
export const representativeness = (
  counts: readonly StudentCount[],
  summary: Pick<ExportSummary, 'groups'>,
  lowResponsePercent: number,
): Representativeness => {
  const key = (os: Onderwijssoort | null | undefined, lj: number) => `${os ?? ''}|${lj}`;
  const respondentsBy = new Map(
    summary.groups.map((g) => [key(g.onderwijssoort, g.leerjaar), g.respondents]),
  );
  const groups: GroupRate[] = counts.map((c) => {
    const respondents = respondentsBy.get(key(c.onderwijssoort, c.leerjaar)) ?? 0;
    return {
      onderwijssoort: c.onderwijssoort ?? null,
      leerjaar: c.leerjaar,
      students: c.students,
      respondents,
      responseRate: responseRate(respondents, c.students),
    };
  });
  const leerjarenSurveyed = leerjarenSurveyedIn(summary);
  const single = singleLeerjaarWarning(leerjarenSurveyed);
  const warnings: Warning[] = single ? [single] : [];
  for (const g of groups) {
    const warning = responseWarning(g, label(g.onderwijssoort, g.leerjaar), lowResponsePercent);
    if (warning)
      warnings.push({ ...warning, group: { onderwijssoort: g.onderwijssoort, leerjaar: g.leerjaar } });
  }
  const students = groups.reduce((s, g) => s + g.students, 0);
  const respondents = summary.groups.reduce((s, g) => s + g.respondents, 0);
  return {
    groups,
    total: { students, respondents, responseRate: responseRate(respondents, students) },
    leerjarenSurveyed,
    warnings,
  };
};
