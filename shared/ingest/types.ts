/**
 * The contract of export ingestion: bytes in, either aggregates or a list of located errors out.
 * Types only; see ingest.ts for the implementation.
 */
import type { Onderwijssoort, Sector } from '../ids.js';
import type { Domain, Instrument } from '../instruments/schema.js';
import type { WorkbookLimits } from '../xlsx/limits.js';

export interface IngestOptions {
  instrument: Instrument;
  /** The school the export is for: its sector sets the leerjaar range, its onderwijssoorten the allowed values. */
  school: { sector: Sector; onderwijssoorten: readonly Onderwijssoort[] };
  /** Cells with fewer respondents than this are suppressed (no scores). */
  minGroupSize: number;
  /** More data rows than this is an error (`too_many_rows`). */
  maxRows: number;
  /** At most this many errors are listed; `errorCount` still counts all. Default 100. */
  maxErrors?: number;
  /** The worksheet of a workbook to read, by name; without it the one visible worksheet with values. */
  sheet?: string;
  /** Caps on reading a workbook, over DEFAULT_WORKBOOK_LIMITS (tests make them small). */
  workbookLimits?: Partial<WorkbookLimits>;
}

/**
 * One problem in an export, located as precisely as possible. Lines and columns are 1-based. In a workbook the
 * line is the row number Excel shows, and the column also comes as the letters Excel shows above it.
 */
export interface IngestError {
  /**
   * Physical line in the file (a quoted field may span lines; this is where the record starts), or a worksheet's
   * row number. 0 = the whole file.
   */
  line: number;
  /** 1-based column index, or null when the problem is not in one column. */
  column: number | null;
  /** A workbook's column as Excel names it (`C` for column 3), beside `column`. */
  columnLetter?: string;
  /** The worksheet a workbook's problem is in, once one was chosen. */
  sheet?: string;
  /** The header name of that column as written in the file, or the missing column's canonical name. */
  field: string | null;
  /** Stable machine-readable code, e.g. `out_of_scale`. */
  code: IngestErrorCode;
  /** English, human-readable, says what is wrong and what was expected. */
  message: string;
}

export type IngestErrorCode =
  | 'empty_file'
  | 'binary_content'
  | 'undecodable'
  | 'unterminated_quote'
  | 'missing_column'
  | 'unknown_column'
  | 'duplicate_column'
  | 'field_count'
  | 'missing_respondent'
  | 'duplicate_respondent'
  | 'invalid_leerjaar'
  | 'unknown_onderwijssoort'
  | 'onderwijssoort_not_offered'
  | 'out_of_scale'
  | 'too_many_rows'
  | 'unsupported_workbook'
  | 'workbook_unreadable'
  | 'workbook_too_large'
  | 'sheet_not_found'
  | 'several_sheets'
  | 'merged_cells'
  | 'formula_cell'
  | 'date_cell'
  | 'unsupported_cell'
  | 'missing_school'
  | 'invalid_school'
  | 'too_many_schools'
  | 'unknown_level'
  | 'missing_value'
  | 'unexpected_value'
  | 'unknown_item'
  | 'invalid_number'
  | 'duplicate_row'
  | 'missing_groups'
  | 'level_without_groups'
  | 'inconsistent_respondents'
  | 'missing_item'
  | 'n_exceeds_respondents'
  | 'mean_out_of_scale'
  | 'missing_mean'
  | 'not_a_bullying_item'
  | 'invalid_option'
  | 'mixed_distribution'
  | 'distribution_mismatch'
  | 'missing_distribution'
  | 'inconsistent_levels';

export interface ExportSummary {
  instrument: string;
  /** Detected text encoding: `utf-8`, `utf-16le`, `utf-16be` or `windows-1252` (a workbook's XML: `utf-8`). */
  encoding: string;
  /** A CSV file's delimiter; null for a workbook. */
  delimiter: ';' | ',' | '\t' | null;
  /** The worksheet read, for a workbook only. */
  sheet?: string;
  /** The columns skipped unread as the instrument says (`klas`, `geslacht`), as headed in the file; only when any. */
  ignoredColumns?: string[];
  respondents: number;
  /** Respondents per leerjaar, keys are leerjaar numbers as strings. */
  leerjaren: Record<string, number>;
  /** Respondents per onderwijssoort (empty for primary schools). */
  onderwijssoorten: Record<string, number>;
  /** Respondents per (onderwijssoort, leerjaar) group: the basis of representativeness. */
  groups: Array<{ onderwijssoort: Onderwijssoort | null; leerjaar: number; respondents: number }>;
  /**
   * `vendor-aggregated` when the export was a vendor's aggregates (shared/ingest/aggregated/), not respondent
   * rows; absent for respondent rows, so nothing stored before it changes.
   */
  source?: 'vendor-aggregated';
}

export interface AnswerShare {
  value: number;
  label: string;
  count: number;
  /** Share of answered n, 0–100, one decimal. */
  percent: number;
}

export interface ItemAggregate {
  code: string;
  domain: Domain;
  /** Answers counted (not empty, not not-applicable). */
  n: number;
  /** n < minGroupSize: no scores are given. */
  suppressed: boolean;
  /** Mean on the item's own scale (1..points), two decimals; null when suppressed or not in averages. */
  mean: number | null;
  /** Mean normalised to 0–100, reversed items flipped so that higher is always better; one decimal. */
  mean100: number | null;
  /** % per answer option, only for bullying items and only when not suppressed. */
  distribution: AnswerShare[] | null;
}

export interface DomainAggregate {
  domain: Domain;
  /** Respondents who answered at least one averaged item of this domain. */
  respondents: number;
  /** Averaged answers pooled over the domain's items. */
  n: number;
  suppressed: boolean;
  /** Pooled mean of the 0–100 scores of the domain's averaged items, one decimal. */
  mean100: number | null;
}

export interface LevelAggregate {
  level: 'school' | 'onderwijssoort' | 'leerjaar';
  /** `school`, an onderwijssoort such as `havo`, or a leerjaar such as `3`. */
  key: string;
  respondents: number;
  /** Fewer respondents than minGroupSize at this level: every domain and item is suppressed too. */
  suppressed: boolean;
  domains: DomainAggregate[];
  items: ItemAggregate[];
}

export interface Aggregates {
  minGroupSize: number;
  levels: LevelAggregate[];
}

export type IngestResult =
  | {
      ok: true;
      summary: ExportSummary;
      aggregates: Aggregates;
      /** The 0-based places of the ignored columns, for a copy of the file without them. */
      ignored: number[];
    }
  | { ok: false; errors: IngestError[]; errorCount: number };
