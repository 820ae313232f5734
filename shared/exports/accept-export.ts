/**
 * The upload use case: validate and aggregate an export, then store it whole or not at all.
 * Pure of AWS: it talks to the world through the exports, audit and object store ports and reads time from the Clock.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import { ingestAggregated } from '../ingest/aggregated/aggregated-ingest.js';
import { ingestExport } from '../ingest/ingest.js';
import type { SourceFormat } from '../ingest/split-schools.js';
import type { Aggregates, ExportSummary, IngestError } from '../ingest/types.js';
import { withoutColumns } from '../ingest/without-columns.js';
import type { Instrument } from '../instruments/schema.js';
import type { ExportRecord, School } from '../model.js';
import type { ObjectStore } from '../ports.js';
import type { AuditTrail } from '../store/audit.js';
import { ExportExistsError, type ExportStore } from '../store/exports.js';

export interface AcceptExportDeps {
  store: { exports: ExportStore; audit: AuditTrail };
  objects: ObjectStore;
  clock: Clock;
}

/**
 * What an upload holds: `rows`, one per respondent (every vendor's usual export); or `aggregated`, a vendor's
 * own figures per level (shared/ingest/aggregated/), for vendors that export no respondent rows.
 */
export const EXPORT_FORMATS = ['rows', 'aggregated'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface AcceptExportInput {
  school: School;
  schoolYear: string;
  instrument: Instrument;
  bytes: Uint8Array;
  /** A workbook's worksheet to read, by name; without it the one visible worksheet with values. */
  sheet?: string;
  /** Default `rows`. */
  format?: ExportFormat;
  /** Who uploaded, as `role:tokenId`: recorded, never a person's name. */
  actor: string;
  minGroupSize: number;
  maxRows: number;
  /**
   * The export is one school's part of a file for several schools (split-schools.ts): the uploaded file's
   * format, which the summary reports instead of the part's own (always UTF-8 CSV), and the file's hash.
   */
  source?: { format: SourceFormat; sha256: string };
}

export type AcceptExportResult =
  | { status: 'created'; record: ExportRecord; summary: ExportSummary; aggregates: Aggregates }
  | { status: 'unchanged'; record: ExportRecord; summary: ExportSummary }
  | { status: 'rejected'; errors: IngestError[]; errorCount: number };

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The export id is derived from what makes an export itself: school, year, instrument and its version, the exact
 * bytes and, when one was named, the worksheet read (sheet names are case-insensitive in Excel, so in the id
 * too). Uploading the same file again therefore finds the same id and changes nothing, while another sheet of one
 * workbook, or the same file under a corrected definition, is another export. For version 1 and no sheet the id
 * is what it was before either existed, so no stored id changes. An aggregated import says so in the id too.
 */
export const exportIdOf = (
  schoolId: string,
  schoolYear: string,
  instrumentId: string,
  fileSha: string,
  sheet?: string,
  instrumentVersion = 1,
  format: ExportFormat = 'rows',
): string => {
  const version = instrumentVersion > 1 ? `\nv${instrumentVersion}` : '';
  const named = sheet ? `\n${sheet.toLowerCase()}` : '';
  const aggregated = format === 'aggregated' ? '\naggregated' : '';
  const what = `${schoolId}\n${schoolYear}\n${instrumentId}\n${fileSha}${named}${version}${aggregated}`;
  return `exp_${sha256Hex(new TextEncoder().encode(what)).slice(0, 24)}`;
};

/** Where raw exports live in the upload bucket: the prefix the lifecycle rule expires and the upload grant allows. */
export const RAW_PREFIX = 'raw/';

/** Raw exports live under {@link RAW_PREFIX} at a key derived from their hash. */
export const rawKeyOf = (schoolId: string, schoolYear: string, fileSha: string): string =>
  `${RAW_PREFIX}${schoolId}/${schoolYear}/${fileSha}.csv`;

export const acceptExport = async (
  deps: AcceptExportDeps,
  input: AcceptExportInput,
): Promise<AcceptExportResult> => {
  const { school, schoolYear, instrument, bytes, actor } = input;
  const fileSha = sha256Hex(bytes);
  const instrumentVersion = instrument.version ?? 1;
  const exportId = exportIdOf(
    school.schoolId,
    schoolYear,
    instrument.id,
    fileSha,
    input.sheet,
    instrumentVersion,
    input.format,
  );
  const at = deps.clock.now().toISOString();
  const audit = { schoolId: school.schoolId, schoolYear, at, actor };

  const existing = await deps.store.exports.get(school.schoolId, schoolYear, exportId);
  if (existing) {
    await deps.store.audit.append({
      ...audit,
      action: 'export_unchanged',
      detail: { exportId, sha256: fileSha },
    });
    return { status: 'unchanged', record: existing.record, summary: existing.summary };
  }

  const ingestOptions = {
    instrument,
    school,
    minGroupSize: input.minGroupSize,
    maxRows: input.maxRows,
    ...(input.sheet ? { sheet: input.sheet } : {}),
  };
  const result = (input.format === 'aggregated' ? ingestAggregated : ingestExport)(bytes, ingestOptions);
  if (!result.ok) {
    // Only the fact of the rejection is kept (hash, size, error count): never the file or its rows.
    await deps.store.audit.append({
      ...audit,
      action: 'export_rejected',
      detail: {
        sha256: fileSha,
        bytes: bytes.byteLength,
        instrument: instrument.id,
        errorCount: result.errorCount,
        codes: [...new Set(result.errors.map((e) => e.code))],
      },
    });
    return { status: 'rejected', errors: result.errors, errorCount: result.errorCount };
  }

  // What is kept for re-processing is what was read, and nothing more. A workbook's copy is the CSV of the one
  // sheet read: its other sheets, comments and author fields (often a teacher's name) were never read. Ignored
  // columns were never read either: the copy is then the file without them. Keyed by the copy's own hash, so two
  // exports of one file (two sheets, two instrument versions) never overwrite each other's copy.
  const workbook = result.summary.sheet !== undefined;
  const summary = input.source ? withFormat(result.summary, input.source.format) : result.summary;
  const kept =
    workbook || result.ignored.length > 0 ? withoutColumns(bytes, ingestOptions, result.ignored) : bytes;
  const record: ExportRecord = {
    exportId,
    schoolId: school.schoolId,
    schoolYear,
    instrument: instrument.id,
    instrumentVersion,
    sha256: fileSha,
    bytes: bytes.byteLength,
    rawKey: rawKeyOf(school.schoolId, schoolYear, kept === bytes ? fileSha : sha256Hex(kept)),
    respondents: result.summary.respondents,
    acceptedAt: at,
    uploadedBy: actor,
    ...(input.source ? { sourceSha256: input.source.sha256 } : {}),
  };
  // Object first, records second: if the transaction fails, an unreferenced raw file is left for the lifecycle
  // rule to expire, but no record ever points at a missing file.
  await deps.objects.put(record.rawKey, kept, 'text/csv');
  try {
    await deps.store.exports.saveAccepted({
      record,
      summary,
      aggregates: result.aggregates,
      audit: {
        ...audit,
        action: 'export_accepted',
        detail: { exportId, sha256: fileSha, respondents: record.respondents },
      },
    });
  } catch (err) {
    if (!(err instanceof ExportExistsError)) throw err;
    // A concurrent upload of the same bytes won the race: answer as if this one had come second.
    const winner = await deps.store.exports.get(school.schoolId, schoolYear, exportId);
    if (!winner) throw new Error(`export ${exportId} vanished after a conflicting write`);
    return { status: 'unchanged', record: winner.record, summary: winner.summary };
  }
  return { status: 'created', record, summary, aggregates: result.aggregates };
};

/** A part's summary with the uploaded file's encoding, delimiter and sheet, in the summary's own key order. */
const withFormat = (summary: ExportSummary, format: SourceFormat): ExportSummary => {
  const { instrument, encoding: _e, delimiter: _d, sheet: _s, ...rest } = summary;
  return { instrument, ...format, ...rest };
};
