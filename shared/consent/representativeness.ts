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

const rate = (respondents: number, students: number) =>
  students > 0 ? Math.round((respondents / students) * 1000) / 10 : null;

const label = (os: Onderwijssoort | null, lj: number) =>
  os ? `${os} leerjaar ${lj}` : `leerjaar/groep ${lj}`;

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
      responseRate: rate(respondents, c.students),
    };
  });
  const warnings: Warning[] = [];
  const leerjarenSurveyed = [...new Set(summary.groups.map((g) => g.leerjaar))].sort((a, b) => a - b);
  if (leerjarenSurveyed.length === 1) {
    warnings.push({
      code: 'single_leerjaar',
      message: `Only leerjaar ${leerjarenSurveyed[0]} was surveyed; one leerjaar does not give a representative picture.`,
      messageNl: `Alleen leerjaar ${leerjarenSurveyed[0]} is bevraagd; één leerjaar geeft geen representatief beeld.`,
    });
  }
  for (const g of groups) {
    const group = { onderwijssoort: g.onderwijssoort, leerjaar: g.leerjaar };
    if (g.students > 0 && g.respondents === 0) {
      warnings.push({
        code: 'group_not_surveyed',
        message: `No respondents in ${label(g.onderwijssoort, g.leerjaar)} (${g.students} students).`,
        messageNl: `Geen respondenten in ${label(g.onderwijssoort, g.leerjaar)} (${g.students} leerlingen).`,
        group,
      });
    } else if (g.responseRate !== null && g.respondents > g.students) {
      warnings.push({
        code: 'more_respondents_than_students',
        message: `${label(g.onderwijssoort, g.leerjaar)} has more respondents (${g.respondents}) than students (${g.students}); check the student count.`,
        messageNl: `${label(g.onderwijssoort, g.leerjaar)} heeft meer respondenten (${g.respondents}) dan leerlingen (${g.students}); controleer het leerlingaantal.`,
        group,
      });
    } else if (g.responseRate !== null && g.responseRate < lowResponsePercent) {
      warnings.push({
        code: 'low_response',
        message: `Response in ${label(g.onderwijssoort, g.leerjaar)} is ${g.responseRate}% (below ${lowResponsePercent}%).`,
        messageNl: `De respons in ${label(g.onderwijssoort, g.leerjaar)} is ${decimalNl(g.responseRate)}% (lager dan ${lowResponsePercent}%).`,
        group,
      });
    }
  }
  const students = groups.reduce((s, g) => s + g.students, 0);
  const respondents = summary.groups.reduce((s, g) => s + g.respondents, 0);
  return {
    groups,
    total: { students, respondents, responseRate: rate(respondents, students) },
    leerjarenSurveyed,
    warnings,
  };
};
