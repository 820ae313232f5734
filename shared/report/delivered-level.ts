/**
 * What is delivered at a level, and nothing finer: the one definition the report PDF and `data.json` are both
 * made from. Seed 000, step 3: at level school "worden zowel de onderzoeksresultaten als de
 * representativiteitsgegevens alleen op schoolniveau naar de inspectie gestuurd", at level onderwijssoort both
 * per onderwijssoort. Pure: no clock, no I/O, so the same data gives the same delivery and the same hash.
 *
 * - Results: level school, the whole school's aggregate only; level onderwijssoort, the whole school's and one
 *   per onderwijssoort (the whole-school figure is coarser, and it is the school average the Inspectie reads).
 *   Never a leerjaar.
 * - Representativeness: the total (students, respondents, response) and, at level onderwijssoort, the same per
 *   onderwijssoort, summed over its leerjaren. Never a (onderwijssoort, leerjaar) group.
 * - Warnings: those of the rows delivered, by the same rules as the school's own (shared/consent/
 *   representativeness.ts), plus the single-leerjaar warning, which speaks of the whole school's sample and
 *   names no group's figures. A finer group's warning ("de respons in havo leerjaar 2 is 25%") is not sent.
 * - Administration answers: without `studentCounts`, which are per group; the totals above carry them.
 */
import {
  leerjarenSurveyedIn,
  type Representativeness,
  representativeness,
  responseRate,
  responseWarning,
  singleLeerjaarWarning,
  type Warning,
  type WarningPlace,
} from '../consent/representativeness.js';
import { ONDERWIJSSOORTEN, type Onderwijssoort } from '../ids.js';
import type { Aggregates, ExportSummary, LevelAggregate } from '../ingest/types.js';
import type { Administration } from '../model.js';

/** The level a school chose: whole school, or per onderwijssoort. */
export type DeliveryLevel = 'school' | 'onderwijssoort';

/** Students, respondents and response of one delivered row. */
export interface DeliveredResponse {
  /** The school's student count; null when none was given (a report without consent). */
  students: number | null;
  respondents: number;
  /** Respondents as % of students, one decimal; null without students. */
  responseRate: number | null;
}

/** One onderwijssoort's response, summed over its leerjaren; `null` is what has no onderwijssoort. */
export interface DeliveredOnderwijssoort extends DeliveredResponse {
  onderwijssoort: Onderwijssoort | null;
}

/** A warning about delivered figures. Without `group` it speaks of the whole school. */
export interface DeliveredWarning {
  code: Warning['code'];
  message: string;
  messageNl: string;
  group?: { onderwijssoort: Onderwijssoort | null };
}

/** Representativeness at the delivered level. */
export interface DeliveredRepresentativeness {
  total: DeliveredResponse;
  /** Only at level onderwijssoort, in the order of ONDERWIJSSOORTEN. */
  onderwijssoorten?: DeliveredOnderwijssoort[];
  /** Which leerjaren have respondents: the sample's coverage, no figures. */
  leerjarenSurveyed: number[];
  warnings: DeliveredWarning[];
}

/** The administration answers as delivered: everything but the per-group student counts. */
export type DeliveredAdministration = Omit<Administration, 'studentCounts'>;

/** Everything a delivery at `level` sends about the survey's outcome. */
export interface Delivered {
  level: DeliveryLevel;
  /** Result aggregates: `school`, then (level onderwijssoort) each onderwijssoort, as the export has them. */
  levels: LevelAggregate[];
  representativeness: DeliveredRepresentativeness;
  administration: DeliveredAdministration | null;
}

/** What the projection is made from: the export's aggregates and summary, and the consent's answers if any. */
export interface DeliverySource {
  level: DeliveryLevel;
  aggregates: Pick<Aggregates, 'levels'>;
  summary: Pick<ExportSummary, 'groups'>;
  /** The consent's answers; absent on a report without consent (then no student counts are known). */
  administration?: Administration;
  lowResponsePercent: number;
}

const WHOLE_SCHOOL: WarningPlace = { en: 'the whole school', nl: 'de hele school' };
const placeOf = (os: Onderwijssoort | null): WarningPlace =>
  os
    ? { en: os, nl: os }
    : { en: 'the group without an onderwijssoort', nl: 'de groep zonder onderwijssoort' };

/**
 * The school's full representativeness (every group of its student counts), or undefined without answers: what
 * the school itself sees. Never delivered as such; `deliveredAt` sums it to the level.
 */
export const fullRepresentativeness = (
  source: Pick<DeliverySource, 'summary' | 'administration' | 'lowResponsePercent'>,
): Representativeness | undefined =>
  source.administration
    ? representativeness(source.administration.studentCounts, source.summary, source.lowResponsePercent)
    : undefined;

/** Respondents and students per onderwijssoort (null: without one), summed over leerjaren. */
const perOnderwijssoort = (
  summary: Pick<ExportSummary, 'groups'>,
  full: Representativeness | undefined,
): DeliveredOnderwijssoort[] => {
  const respondents = new Map<Onderwijssoort | null, number>();
  for (const g of summary.groups)
    respondents.set(g.onderwijssoort, (respondents.get(g.onderwijssoort) ?? 0) + g.respondents);
  const students = new Map<Onderwijssoort | null, number>();
  for (const g of full?.groups ?? [])
    students.set(g.onderwijssoort, (students.get(g.onderwijssoort) ?? 0) + g.students);
  const order: Array<Onderwijssoort | null> = [...ONDERWIJSSOORTEN, null];
  return order
    .filter((os) => respondents.has(os) || students.has(os))
    .map((os) => {
      const r = respondents.get(os) ?? 0;
      const s = full ? (students.get(os) ?? 0) : null;
      return {
        onderwijssoort: os,
        students: s,
        respondents: r,
        responseRate: s === null ? null : responseRate(r, s),
      };
    });
};

const warningOf = (
  row: DeliveredResponse,
  place: WarningPlace,
  lowResponsePercent: number,
): Omit<DeliveredWarning, 'group'> | undefined =>
  row.students === null
    ? undefined
    : responseWarning({ ...row, students: row.students }, place, lowResponsePercent);

/**
 * The answers field by field rather than all but `studentCounts`: a field added to the answers later is not
 * delivered until someone decides it is not finer than the level (a new required one fails to compile here).
 */
const deliveredAdministration = (a: Administration): DeliveredAdministration => ({
  surveyedLeerjaren: a.surveyedLeerjaren,
  period: a.period,
  mode: a.mode,
  anonymous: a.anonymous,
  supervision: a.supervision,
  ...(a.remarks === undefined ? {} : { remarks: a.remarks }),
});

/** The projection: what a delivery at `source.level` sends, and nothing finer. */
export const deliveredAt = (source: DeliverySource): Delivered => {
  const { level, aggregates, summary, administration, lowResponsePercent } = source;
  const full = fullRepresentativeness(source);
  const levels = aggregates.levels.filter(
    (l) => l.level === 'school' || (level === 'onderwijssoort' && l.level === 'onderwijssoort'),
  );
  const total: DeliveredResponse = full
    ? { ...full.total }
    : {
        students: null,
        respondents: summary.groups.reduce((s, g) => s + g.respondents, 0),
        responseRate: null,
      };
  const leerjarenSurveyed = leerjarenSurveyedIn(summary);
  const warnings: DeliveredWarning[] = [];
  const single = singleLeerjaarWarning(leerjarenSurveyed);
  if (single) warnings.push({ code: single.code, message: single.message, messageNl: single.messageNl });
  const totalWarning = warningOf(total, WHOLE_SCHOOL, lowResponsePercent);
  if (totalWarning) warnings.push(totalWarning);
  const rep: DeliveredRepresentativeness = { total, leerjarenSurveyed, warnings };
  if (level === 'onderwijssoort') {
    rep.onderwijssoorten = perOnderwijssoort(summary, full);
    for (const row of rep.onderwijssoorten) {
      const w = warningOf(row, placeOf(row.onderwijssoort), lowResponsePercent);
      if (w) warnings.push({ ...w, group: { onderwijssoort: row.onderwijssoort } });
    }
  }
  return {
    level,
    levels,
    representativeness: rep,
    administration: administration ? deliveredAdministration(administration) : null,
  };
};
