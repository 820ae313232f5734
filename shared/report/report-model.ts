/**
 * The report model: everything the PDF shows, computed from the stored data only (no clock, no randomness), so
 * the same data always gives the same report and the same hash. Dutch labels live here, layout in render-pdf.
 * What it shows of results and representativeness is `deliveredAt` (delivered-level.ts), the same projection
 * `data.json` is written from; a preview adds a part for the school alone, apart and never delivered.
 */

import { createHash } from 'node:crypto';
import { amsterdamTimeNl, decimalNl, formatNl } from '../consent/messages.js';
import { yearWindow } from '../consent/rules.js';
import { smallSchoolNl, smallSchoolOf } from '../consent/small-school.js';
import type { Aggregates, ExportSummary, LevelAggregate } from '../ingest/types.js';
import { INSPECTIE_DOMAINS, type Instrument } from '../instruments/schema.js';
import type { Administration, Board, Consent, School } from '../model.js';
import { type PolicyReport, policyForReport } from '../policy/report.js';
import type { SchoolPolicy } from '../policy/schema.js';
import {
  type Delivered,
  type DeliveredResponse,
  deliveredAt,
  fullRepresentativeness,
} from './delivered-level.js';

export const DOMAIN_LABELS: Record<string, string> = {
  veiligheidsbeleving: 'Veiligheidsbeleving',
  aantasting: 'Aantasting van de veiligheid',
  welbevinden: 'Welbevinden',
};

export const SUPPRESSED = 'te weinig respondenten';

export interface ReportItemRow {
  code: string;
  text: string;
  n: number;
  /** e.g. "3,12 (1–4)" or "te weinig respondenten" or "—" for items outside averages. */
  mean: string;
  mean100: string;
  /** Bullying items: "nooit 61,0% · een keer 25,0% · …". */
  distribution: string | null;
}

export interface ReportSection {
  /** "Hele school", "havo", … */
  label: string;
  respondents: number;
  suppressed: boolean;
  /** 0–100 domain score, null when suppressed. */
  score: number | null;
  items: ReportItemRow[];
}

/** A table row: group, students, respondents, response. */
export type ResponseRow = [string, string, string, string];

/** The preview's part for the school alone: the response per group, which no delivery sends. */
export interface SchoolOnlyPart {
  title: string;
  note: string;
  rows: ResponseRow[];
  warnings: string[];
}

export interface ReportModel {
  title: string;
  preview: boolean;
  /** A late delivery (a consent given in a catch-up window): the line the cover shows under the title; else null. */
  nalevering: string | null;
  cover: Array<[string, string]>;
  /** At the delivered level only: the whole school, and per onderwijssoort at that level. */
  representativeness: {
    rows: ResponseRow[];
    leerjaren: string;
    warnings: string[];
  };
  domains: Array<{ domain: string; label: string; sections: ReportSection[] }>;
  consent: Array<[string, string]>;
  /** Previews only, after the report and numbered apart; null in what is delivered. */
  schoolOnly: SchoolOnlyPart | null;
  /** What is delivered at the level: the report shows it, and `data.json` is written from it. */
  /** "Beleid": the school's safety policy, every item, "niet opgegeven" where it stated nothing. */
  policy: PolicyReport;
  delivered: Delivered;
  /** When the underlying data last changed (not when the PDF was made): part of the data, so deterministic. */
  dataTime: string;
  /** SHA-256 of the canonical data delivered (so the preview's hash is the delivery's). */
  dataHash: string;
}

const nl1 = (x: number) => decimalNl(x, 1);
const nl2 = (x: number) => decimalNl(x, 2);
const LEVEL_NL = { school: 'hele school', onderwijssoort: 'per onderwijssoort' } as const;
const MODE_NL = { online: 'online', papier: 'op papier', gemengd: 'online en op papier' } as const;

/** A stable JSON text: object keys sorted, so the hash does not depend on property order. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );

export interface ReportInput {
  school: School;
  board: Board | undefined;
  schoolYear: string;
  level: 'school' | 'onderwijssoort';
  instrument: Instrument;
  exportId: string;
  acceptedAt: string;
  summary: ExportSummary;
  aggregates: Aggregates;
  /** Absent on a preview without consent. */
  consent?: Consent;
  administration?: Administration;
  /** The school's safety policy: the consent's snapshot, or without consent the current one; null: none stated. */
  policy: SchoolPolicy | null;
  /** Response below this (%) gives a warning. */
  lowResponsePercent: number;
  /** Previews carry a "concept" watermark and the part for the school alone. */
  preview: boolean;
}

/** The title of the preview's own part: it says, where it starts, that it is not sent. */
export const SCHOOL_ONLY_TITLE = 'Alleen voor de school: wordt niet naar de inspectie gestuurd';

const responseRow = (label: string, r: DeliveredResponse): ResponseRow => [
  label,
  r.students === null ? '—' : String(r.students),
  String(r.respondents),
  r.responseRate === null ? '—' : `${nl1(r.responseRate)}%`,
];
const groupLabel = (g: { onderwijssoort: string | null; leerjaar: number }) =>
  `${g.onderwijssoort ? `${g.onderwijssoort} ` : ''}leerjaar ${g.leerjaar}`;

/** The school's own detail: every group with its response and warnings, from the same data as the delivery. */
const schoolOnlyPart = (input: ReportInput): SchoolOnlyPart => {
  const full = fullRepresentativeness(input);
  return {
    title: SCHOOL_ONLY_TITLE,
    note:
      `Dit deel staat alleen in het concept, voor de school zelf. Geleverd wordt op het niveau ${LEVEL_NL[input.level]}: ` +
      'de respons per groep en de waarschuwingen daarover hieronder gaan niet naar de inspectie.',
    rows: full
      ? full.groups.map((g) => responseRow(groupLabel(g), g))
      : input.summary.groups.map((g) =>
          responseRow(groupLabel(g), { students: null, respondents: g.respondents, responseRate: null }),
        ),
    warnings: full?.warnings.filter((w) => w.group).map((w) => w.messageNl) ?? [],
  };
};

const sectionOf = (
  level: LevelAggregate,
  label: string,
  domain: string,
  instrument: Instrument,
): ReportSection => {
  const d = level.domains.find((x) => x.domain === domain);
  const items = level.items
    .filter((i) => i.domain === domain)
    .map((i): ReportItemRow => {
      const item = instrument.items.find((x) => x.code === i.code);
      const points = item?.scale.points ?? 0;
      return {
        code: i.code,
        text: item?.text ?? i.code,
        n: i.n,
        mean: i.suppressed ? SUPPRESSED : i.mean === null ? '—' : `${nl2(i.mean)} (1–${points})`,
        mean100: i.suppressed ? '' : i.mean100 === null ? '—' : nl1(i.mean100),
        distribution: i.distribution
          ? i.distribution.map((o) => `${o.label} ${nl1(o.percent)}%`).join(' · ')
          : null,
      };
    });
  return {
    label,
    respondents: level.respondents,
    suppressed: level.suppressed || (d?.suppressed ?? true),
    score: d && !d.suppressed ? d.mean100 : null,
    items,
  };
};

/** The coordinator's name and address, as a reader without the right to a school's policy sees them. */
export const WITHHELD_NL = 'alleen zichtbaar voor de school en het bestuur';

/** The model with the policy's personal items withheld: what a vendor's copy of a preview shows. */
export const withCoordinatorWithheld = (model: ReportModel): ReportModel => ({
  ...model,
  policy: {
    ...model.policy,
    rows: model.policy.rows.map((r) =>
      r.item === 'coordinatorName' || r.item === 'coordinatorEmail' ? { ...r, value: WITHHELD_NL } : r,
    ),
  },
});

/**
 * The report of `input` at its level: the delivered projection's results and representativeness, the cover and
 * the consent, and on a preview the school's own part. Its `dataHash` covers exactly what is delivered.
 */
export const buildReportModel = (input: ReportInput): ReportModel => {
  const { school, board, schoolYear, level, instrument, summary, consent, administration } = input;
  const delivered = deliveredAt(input);
  const levels = delivered.levels;
  const labelOf = (l: LevelAggregate) => (l.level === 'school' ? 'Hele school' : l.key);

  const cover: Array<[string, string]> = [
    ['School', `${school.name} (${school.schoolId})`],
    ['Bevoegd gezag', board ? `${board.name} (${board.boardId})` : school.boardId],
    ['Schooljaar', schoolYear],
    ['Niveau', LEVEL_NL[level]],
    ['Instrument', `${instrument.name} (${instrument.id}, versie ${instrument.version ?? 1})`],
    ['Respondenten', String(summary.respondents)],
    // The Inspectie reads whether msv counted the answers itself or took the vendor's totals (checked, not recounted).
    [
      'Gegevens',
      summary.source === 'vendor-aggregated'
        ? 'totalen van de leverancier (geen antwoorden per leerling)'
        : 'antwoorden per leerling, door msv geteld',
    ],
  ];
  if (administration) {
    cover.push(
      ['Afnameperiode', `${administration.period.from} t/m ${administration.period.to}`],
      ['Afname', `${MODE_NL[administration.mode]}, ${administration.anonymous ? 'anoniem' : 'niet anoniem'}`],
    );
  }

  const rep = delivered.representativeness;
  const smallSchool = smallSchoolOf(input.aggregates);
  const representativeness = {
    rows: [
      ...(rep.onderwijssoorten ?? []).map((o) => responseRow(o.onderwijssoort ?? 'zonder onderwijssoort', o)),
      responseRow('Hele school', rep.total),
    ],
    leerjaren: rep.leerjarenSurveyed.join(', '),
    // A school below the anonymity threshold as a whole is told first, in the preview and in the delivery.
    warnings: [...(smallSchool ? [smallSchoolNl(smallSchool)] : []), ...rep.warnings.map((w) => w.messageNl)],
  };

  const domains = INSPECTIE_DOMAINS.filter((d) => instrument.items.some((i) => i.domain === d)).map(
    (domain) => ({
      domain,
      label: DOMAIN_LABELS[domain] ?? domain,
      sections: levels.map((l) => sectionOf(l, labelOf(l), domain, instrument)),
    }),
  );

  const consentRows: Array<[string, string]> = consent
    ? [
        ['Toestemming gegeven door', consent.updatedByName ?? consent.updatedBy],
        ['Op', amsterdamTimeNl(consent.updatedAt)],
        ['Leverdatum', formatNl(consent.deliveryDate)],
      ]
    : input.preview
      ? [['Toestemming', 'nog niet gegeven (concept)']]
      : // Without consent only the school's own delivery, in the Inspectie's portal, is not a preview.
        [['Levering', 'door de school zelf, in het portaal van de Inspectie']];

  const data = {
    schoolId: school.schoolId,
    schoolYear,
    level,
    instrument: instrument.id,
    exportId: input.exportId,
    levels,
    representativeness: rep,
    administration: delivered.administration,
    policy: input.policy,
    consent: consent
      ? { deliveryDate: consent.deliveryDate, updatedAt: consent.updatedAt, updatedBy: consent.updatedBy }
      : null,
  };
  const dataHash = createHash('sha256').update(canonicalJson(data)).digest('hex');

  return {
    title: 'Monitoring Sociale Veiligheid',
    preview: input.preview,
    // From the consent, which the data hash covers through its delivery date: no new input to the hash.
    nalevering: consent?.nalevering
      ? `Nalevering: geleverd na de uiterste leverdatum van ${formatNl(yearWindow(schoolYear).lastDeliveryDate)}, op ${formatNl(consent.deliveryDate)}, in een herstelperiode.`
      : null,
    cover,
    representativeness,
    domains,
    consent: consentRows,
    policy: policyForReport(input.policy),
    schoolOnly: input.preview ? schoolOnlyPart(input) : null,
    delivered,
    dataTime: consent?.updatedAt ?? input.acceptedAt,
    dataHash,
  };
};
