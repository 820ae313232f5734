/**
 * The exports port: a school year's accepted survey exports — each one's record (with the metadata of its raw
 * copy in the upload bucket: key, SHA-256 and size), its summary and its aggregates — and which one is current.
 * Never a respondent's answers: only the aggregates are kept.
 */
import type { Aggregates, ExportSummary } from '../ingest/types.js';
import type { AuditEntry, ExportRecord } from '../model.js';
import { StoreConditionError } from './condition-error.js';

/** An export with this id is stored already: the same bytes were accepted before (or by a concurrent upload). */
export class ExportExistsError extends StoreConditionError {
  constructor(
    readonly exportId: string,
    options?: ErrorOptions,
  ) {
    super(`export ${exportId} is stored already`, options);
  }
}

/** An accepted export as listed: its record and its summary, without the (larger) aggregates. */
export interface StoredExport {
  record: ExportRecord;
  summary: ExportSummary;
}

/** The current export of a school year, with its aggregates. */
export interface CurrentExport extends StoredExport {
  aggregates: Aggregates;
}

/** What functions read of exports. */
export interface ExportReads {
  /** One export of the school year, or undefined when there is none with this id. */
  get(schoolId: string, schoolYear: string, exportId: string): Promise<StoredExport | undefined>;
  /** Every accepted export of the school year, newest first. */
  list(schoolId: string, schoolYear: string): Promise<StoredExport[]>;
  /** The school year's current export with its aggregates, or undefined before the first upload. */
  getCurrent(schoolId: string, schoolYear: string): Promise<CurrentExport | undefined>;
  /** Only the id of the current export: one small read, no aggregates. */
  getCurrentId(schoolId: string, schoolYear: string): Promise<string | undefined>;
  /** The aggregates of one export, or undefined when there is none with this id. */
  getAggregates(schoolId: string, schoolYear: string, exportId: string): Promise<Aggregates | undefined>;
}

/** Exports as the upload writes them. */
export interface ExportStore extends ExportReads {
  /**
   * Stores an accepted export, its aggregates, the current-export pointer and the audit entry in one transaction.
   * When an export with this id exists already (the same bytes, uploaded twice) it writes nothing and throws an
   * {@link ExportExistsError}.
   */
  saveAccepted(input: StoredExport & { aggregates: Aggregates; audit: AuditEntry }): Promise<void>;
}
