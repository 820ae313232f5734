/**
 * The report's input, built once for both its uses: the school's preview ("ter controle", marked concept) and the
 * delivery to the Inspectie. Seed 000 promises the school checks the report that will be sent; one builder keeps
 * the two from drifting apart. The only difference a caller chooses is `preview` (the concept mark and the part
 * for the school alone, after the report), and for a preview without consent, the export and level to show.
 */
import { instrumentOf } from '../instruments/instrument-catalog.js';
import type { Consent, School } from '../model.js';
import type { SchoolPolicy } from '../policy/schema.js';
import type { BoardReads } from '../store/boards.js';
import type { ExportReads } from '../store/exports.js';
import type { InstrumentReads } from '../store/instruments.js';
import type { PolicyReads } from '../store/policies.js';
import type { ReportInput } from './report-model.js';

/** The reads the builder needs. */
export interface ReportReads {
  boards: Pick<BoardReads, 'get'>;
  exports: Pick<ExportReads, 'get' | 'getAggregates'>;
  /** The school's current policy, for a report without consent (a consent carries its own snapshot). */
  policies: Pick<PolicyReads, 'get'>;
  /** The definitions the operator stored, for an export counted under one of them. */
  instruments: Pick<InstrumentReads, 'get'>;
}

export interface ReportInputRequest {
  school: School;
  schoolYear: string;
  /** The consent that counts (active or delivered): its pinned export, level and answers are what is delivered. */
  consent: Consent | undefined;
  /** The export to show without a consent (the preview of the current upload); ignored when there is a consent. */
  exportId?: string;
  /** The level; defaults to the consent's, else school. */
  level?: ReportInput['level'];
  preview: boolean;
  lowResponsePercent: number;
}

/** Thrown when the export the report needs is not stored (a broken invariant, never the caller's input). */
export class ReportSourceMissingError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'ReportSourceMissingError';
  }
}

/** The input of `buildReportModel` for a school's year: from the consent's pinned export, or the one named. */
export const reportInputFor = async (store: ReportReads, req: ReportInputRequest): Promise<ReportInput> => {
  const { school, schoolYear, consent } = req;
  const exportId = consent?.exportId ?? req.exportId;
  if (!exportId)
    throw new ReportSourceMissingError(`no export to report for ${school.schoolId} ${schoolYear}`);
  const [board, exp, aggregates, policy] = await Promise.all([
    store.boards.get(school.boardId),
    store.exports.get(school.schoolId, schoolYear, exportId),
    store.exports.getAggregates(school.schoolId, schoolYear, exportId),
    // A consent's own snapshot makes the delivery deterministic; without one, what the school states now.
    // (A snapshot is read leniently; a code the protocol list no longer has is shown as none of the list.)
    consent
      ? ((consent.policy?.policy as SchoolPolicy | undefined) ?? null)
      : store.policies.get(school.schoolId).then((r) => r?.policy ?? null),
  ]);
  if (!exp || !aggregates)
    throw new ReportSourceMissingError(`export ${exportId} of ${school.schoolId} ${schoolYear} is missing`);
  // The definition the export was counted under, and no other: a later version may read the items differently.
  const version = exp.record.instrumentVersion ?? 1;
  const instrument = await instrumentOf(store.instruments, exp.record.instrument, version);
  if (!instrument)
    throw new ReportSourceMissingError(`unknown instrument ${exp.record.instrument} version ${version}`);
  return {
    school,
    board,
    schoolYear,
    level: req.level ?? consent?.level ?? 'school',
    instrument,
    exportId,
    acceptedAt: exp.record.acceptedAt,
    summary: exp.summary,
    aggregates,
    consent,
    administration: consent?.administration,
    policy,
    lowResponsePercent: req.lowResponsePercent,
    preview: req.preview,
  };
};
