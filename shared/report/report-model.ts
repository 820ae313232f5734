/**
 * The report model: everything the PDF shows, computed from the stored data only (no clock, no randomness), so
 * the same data always gives the same report and the same hash. Dutch labels live here, layout in render-pdf.
 */
import { createHash } from 'node:crypto';
import { amsterdamTimeNl, decimalNl, formatNl } from '../consent/messages.js';
import type { Representativeness } from '../consent/representativeness.js';
import type { Aggregates, ExportSummary, LevelAggregate } from '../ingest/types.js';
import { INSPECTIE_DOMAINS, type Instrument } from '../instruments/schema.js';
import type { Administration, Board, Consent, School } from '../model.js';

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

export interface ReportModel {
  title: string;
  preview: boolean;
  cover: Array<[string, string]>;
  representativeness: {
    rows: Array<[string, string, string, string]>;
    leerjaren: string;
    warnings: string[];
  };
  domains: Array<{ domain: string; label: string; sections: ReportSection[] }>;
  consent: Array<[string, string]>;
  /** When the underlying data last changed (not when the PDF was made): part of the data, so deterministic. */
  dataTime: string;
  /** SHA-256 of the canonical data the report shows. */
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
  representativeness?: Representativeness;
  /** Previews carry a "concept" watermark. */
  preview: boolean;
}

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

export const buildReportModel = (input: ReportInput): ReportModel => {
  const { school, board, schoolYear, level, instrument, summary, aggregates, consent, administration } =
    input;
  const levels =
    level === 'school'
      ? aggregates.levels.filter((l) => l.level === 'school')
      : aggregates.levels.filter((l) => l.level === 'school' || l.level === 'onderwijssoort');
  const labelOf = (l: LevelAggregate) => (l.level === 'school' ? 'Hele school' : l.key);

  const cover: Array<[string, string]> = [
    ['School', `${school.name} (${school.schoolId})`],
    ['Bevoegd gezag', board ? `${board.name} (${board.boardId})` : school.boardId],
    ['Schooljaar', schoolYear],
    ['Niveau', LEVEL_NL[level]],
    ['Instrument', `${instrument.name} (${instrument.id})`],
    ['Respondenten', String(summary.respondents)],
  ];
  if (administration) {
    cover.push(
      ['Afnameperiode', `${administration.period.from} t/m ${administration.period.to}`],
      ['Afname', `${MODE_NL[administration.mode]}, ${administration.anonymous ? 'anoniem' : 'niet anoniem'}`],
    );
  }

  const rep = input.representativeness;
  const representativeness = {
    rows: rep
      ? [
          ...rep.groups.map((g): [string, string, string, string] => [
            `${g.onderwijssoort ? `${g.onderwijssoort} ` : ''}leerjaar ${g.leerjaar}`,
            String(g.students),
            String(g.respondents),
            g.responseRate === null ? '—' : `${nl1(g.responseRate)}%`,
          ]),
          [
            'Totaal',
            String(rep.total.students),
            String(rep.total.respondents),
            rep.total.responseRate === null ? '—' : `${nl1(rep.total.responseRate)}%`,
          ] as [string, string, string, string],
        ]
      : summary.groups.map((g): [string, string, string, string] => [
          `${g.onderwijssoort ? `${g.onderwijssoort} ` : ''}leerjaar ${g.leerjaar}`,
          '—',
          String(g.respondents),
          '—',
        ]),
    leerjaren: Object.keys(summary.leerjaren).join(', '),
    warnings: rep?.warnings.map((w) => w.messageNl) ?? [],
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
    levels: levels,
    administration: administration ?? null,
    consent: consent
      ? { deliveryDate: consent.deliveryDate, updatedAt: consent.updatedAt, updatedBy: consent.updatedBy }
      : null,
  };
  const dataHash = createHash('sha256').update(canonicalJson(data)).digest('hex');

  return {
    title: 'Monitoring Sociale Veiligheid',
    preview: input.preview,
    cover,
    representativeness,
    domains,
    consent: consentRows,
    dataTime: consent?.updatedAt ?? input.acceptedAt,
    dataHash,
  };
};
