/**
 * One export file for several schools (a board's or a vendor's, with a BRIN column) split into one export per
 * school. Each part is the file's own header and that school's rows, without the school columns, as UTF-8 CSV:
 * ingested, stored and kept for re-processing exactly like a school's own upload, so every check and every
 * error code is the same. What only the whole file can say is checked here, once: that it opens, that its
 * header maps onto the instrument, and that every row names a well-formed school.
 *
 * A part's errors are about the part's lines and columns; {@link SchoolPart.locate} puts them back where they
 * are in the uploaded file (its line or Excel row, its column and column letters, its sheet).
 */
import { CsvScanner, sniffDelimiter } from '../csv/parse.js';
import type { Instrument } from '../instruments/schema.js';
import { reportCellProblems } from './cell-problems.js';
import { ErrorList, inSheet } from './error-list.js';
import { SCHOOL_COLUMN_ALIASES, type SchoolColumn } from './fixed-columns.js';
import { ignoredHeaderTest, mapHeaders, normaliseHeader } from './headers.js';
import { openForReading } from './open-source.js';
import type { ExportSummary, IngestError, IngestOptions } from './types.js';
import { csvField } from './without-columns.js';

export interface SplitOptions {
  instrument: Instrument;
  /** More schools than this in one file is refused as `too_many_schools`. */
  maxSchools: number;
  /** More rows than this in the whole file is refused as `too_many_rows`, as for one school's file. */
  maxRows: number;
  /** At most this many errors are listed; `errorCount` still counts all. Default 100. */
  maxErrors?: number;
  sheet?: string;
  workbookLimits?: IngestOptions['workbookLimits'];
}

/** One school's share of the file, ready to be accepted as that school's own export. */
export interface SchoolPart {
  /** As msv registers schools: the BRIN, with the vestiging when the file names one (`22KC00`). */
  schoolId: string;
  /** The header and this school's rows, without the school columns, as UTF-8 CSV with `;`. */
  bytes: Uint8Array;
  rows: number;
  /** An error found in the part, placed where it is in the uploaded file. */
  locate(error: IngestError): IngestError;
}

/** The uploaded file's format, which the parts' summaries report instead of their own (always UTF-8 CSV). */
export type SourceFormat = Pick<ExportSummary, 'encoding' | 'delimiter' | 'sheet'>;

export type SplitResult =
  | { ok: true; parts: SchoolPart[]; format: SourceFormat }
  | { ok: false; errors: IngestError[]; errorCount: number };

const SCHOOL_ID = /^[0-9]{2}[A-Z]{2}([0-9]{2})?$/;
const BRIN = /^[0-9]{2}[A-Z]{2}$/;
const VESTIGING = /^[0-9]{1,2}$/;

/** A header's school columns: the one naming the school, and a separate vestiging number when there is one. */
interface SchoolColumns {
  school: number;
  vestiging: number;
}

export const splitBySchool = (bytes: Uint8Array, opts: SplitOptions): SplitResult => {
  const list = new ErrorList(opts.maxErrors);
  const report = list.add;
  const failed = (): SplitResult => list.failed();

  const source = openForReading(bytes, opts, list);
  if (!source) return failed();
  const records = source.records;
  const header = records.nextFields();
  if (!header) {
    report({ line: 0, column: null, field: null, code: 'empty_file', message: 'The file is empty.' });
    return failed();
  }
  const headerLine = records.line;
  if (reportCellProblems(records, header, new Set(), report)) return failed();
  const columns = schoolColumnsOf(header, headerLine, report);
  if (!columns) return failed();
  const dropped = new Set([columns.school, columns.vestiging].filter((c) => c >= 0));
  const kept = header.map((_, i) => i).filter((i) => !dropped.has(i));
  const partHeader = kept.map((i) => header[i] as string);

  // The rest of the header is checked once for the whole file, by the rule every part meets. Only whether an
  // onderwijssoort column is needed depends on the school: each part checks that for its own.
  const mapped = mapHeaders(partHeader, opts.instrument, { sector: 'po', onderwijssoorten: [] });
  if (!mapped.ok) {
    for (const e of mapped.errors) {
      report({
        ...e,
        line: headerLine,
        column: e.column === null ? null : (kept[e.column - 1] as number) + 1,
      });
    }
    return failed();
  }
  const ignored = ignoredHeaderTest(opts.instrument);
  const ignoredColumns = new Set(header.flatMap((h, i) => (ignored(h) ? [i + 1] : [])));

  const bySchool = new Map<string, { lines: number[]; records: string[] }>();
  let rows = 0;
  for (let fields = records.nextFields(); fields; fields = records.nextFields()) {
    const line = records.line;
    if (++rows > opts.maxRows) {
      report({
        line,
        column: null,
        field: null,
        code: 'too_many_rows',
        message: `The file has more than ${opts.maxRows} rows; split it or contact the service operator.`,
      });
      return failed();
    }
    // A cell that holds no value (a formula, a date) cannot be carried into a part: it is refused here, where
    // its place is known. In an ignored column it is never read, so never a problem.
    if (reportCellProblems(records, header, ignoredColumns, report)) continue;
    const schoolId = schoolOf(fields, line, header, columns, report);
    if (schoolId === undefined) continue;
    let part = bySchool.get(schoolId);
    if (!part) {
      if (bySchool.size === opts.maxSchools) {
        report({
          line,
          column: columns.school + 1,
          field: header[columns.school]?.trim() ?? null,
          code: 'too_many_schools',
          message: `The file holds more than ${opts.maxSchools} schools; split it into several files.`,
        });
        return failed();
      }
      part = { lines: [headerLine], records: [csvRecord(header, dropped)] };
      bySchool.set(schoolId, part);
    }
    part.lines.push(line);
    part.records.push(csvRecord(fields, dropped));
  }
  if (list.count > 0) return failed();
  if (bySchool.size === 0) {
    report({
      line: 0,
      column: null,
      field: null,
      code: 'empty_file',
      message: 'The file has a header row but no respondents.',
    });
    return failed();
  }

  const parts = [...bySchool].map(([schoolId, part]): SchoolPart => {
    const text = `${part.records.join('\r\n')}\r\n`;
    return {
      schoolId,
      bytes: new TextEncoder().encode(text),
      rows: part.records.length - 1,
      locate: locator(text, part.lines, kept, header.length, list.sheet),
    };
  });
  const format: SourceFormat =
    source.format === 'xlsx'
      ? { encoding: 'utf-8', delimiter: null, sheet: source.sheet }
      : { encoding: source.encoding, delimiter: source.delimiter };
  return { ok: true, parts, format };
};

/**
 * A record without the school columns, as a line of the part: every other field, as many as the row has, so
 * that a row with a field too many or too few is refused by the part's own check (`field_count`) as a school's
 * own upload would be. One string built, no arrays per row.
 */
const csvRecord = (fields: readonly string[], dropped: ReadonlySet<number>): string => {
  let line = '';
  let first = true;
  for (let i = 0; i < fields.length; i++) {
    if (dropped.has(i)) continue;
    line += first ? csvField(fields[i] as string) : `;${csvField(fields[i] as string)}`;
    first = false;
  }
  return line;
};

/** The header's school column (and vestiging column), or undefined after reporting why there is none. */
const schoolColumnsOf = (
  header: readonly string[],
  line: number,
  report: (e: IngestError) => void,
): SchoolColumns | undefined => {
  const found = new Map<SchoolColumn, number>();
  let ok = true;
  header.forEach((raw, i) => {
    const kind = SCHOOL_COLUMN_ALIASES.get(normaliseHeader(raw));
    if (!kind) return;
    const earlier = found.get(kind);
    if (earlier !== undefined) {
      ok = false;
      report({
        line,
        column: i + 1,
        field: raw.trim(),
        code: 'duplicate_column',
        message: `Column "${raw.trim()}" names the ${kind} again (column ${earlier + 1} already does).`,
      });
      return;
    }
    found.set(kind, i);
  });
  const school = found.get('school');
  if (school === undefined) {
    report({
      line,
      column: null,
      field: 'brin',
      code: 'missing_column',
      message:
        'Column "brin" is missing: a file for several schools names the school of every row (its BRIN with the vestiging, e.g. 22KC00).',
    });
    return undefined;
  }
  return ok ? { school, vestiging: found.get('vestiging') ?? -1 } : undefined;
};

/** The school a row is for, as msv registers it, or undefined after reporting why the row names none. */
const schoolOf = (
  fields: readonly string[],
  line: number,
  header: readonly string[],
  columns: SchoolColumns,
  report: (e: IngestError) => void,
): string | undefined => {
  const at = (column: number, code: IngestError['code'], message: string) => {
    report({ line, column: column + 1, field: header[column]?.trim() ?? null, code, message });
    return undefined;
  };
  // Vendors write `22kc 00` or `22KC-00` as often as `22KC00`.
  // Checked as written, then upper-cased: upper-casing first would make `22kı` (a dotless i) the school 22KI.
  const written = (fields[columns.school] ?? '').replace(/[\s-]/g, '');
  const value = /^[0-9A-Za-z]*$/.test(written) ? written.toUpperCase() : written;
  if (value === '') return at(columns.school, 'missing_school', 'The row names no school.');
  const shown = JSON.stringify(value.slice(0, 12));
  if (columns.vestiging < 0) {
    return SCHOOL_ID.test(value)
      ? value
      : at(
          columns.school,
          'invalid_school',
          `${shown} is not a school: expected a BRIN with its vestiging (22KC00) or a BRIN (22KC).`,
        );
  }
  if (!BRIN.test(value)) {
    return at(
      columns.school,
      'invalid_school',
      `${shown} is not a BRIN (22KC); the vestiging has its own column.`,
    );
  }
  const vestiging = (fields[columns.vestiging] ?? '').trim();
  if (vestiging === '') return value;
  return VESTIGING.test(vestiging)
    ? `${value}${vestiging.padStart(2, '0')}`
    : at(
        columns.vestiging,
        'invalid_school',
        `${JSON.stringify(vestiging.slice(0, 12))} is not a vestiging number (00 to 99).`,
      );
};

/**
 * Places a part's error in the uploaded file: the part's records start on lines of their own (a quoted field
 * may span lines), read back from the part itself rather than predicted; its columns are the file's without
 * the school columns.
 */
const locator = (
  text: string,
  lines: readonly number[],
  kept: readonly number[],
  width: number,
  sheet: string | undefined,
): ((error: IngestError) => IngestError) => {
  // Read back only when an error is placed: an accepted part never needs it.
  let lineOf: Map<number, number> | undefined;
  const lineMap = () => {
    const map = new Map<number, number>();
    const scanner = new CsvScanner(text, sniffDelimiter(text));
    for (let i = 0; scanner.nextFields(); i++) map.set(scanner.line, lines[i] as number);
    return map;
  };
  return (error) => {
    lineOf ??= lineMap();
    const { line, column, field, code, message } = error;
    // A column past the header (a row with too many fields) is as far past the file's header.
    const original =
      column === null
        ? null
        : column <= kept.length
          ? (kept[column - 1] as number) + 1
          : column + width - kept.length;
    const map = lineOf;
    const located: IngestError = {
      line: line === 0 ? 0 : (map.get(line) ?? 0),
      column: original,
      field,
      code,
      message: inFileTerms(message, (n) => map.get(n), width - kept.length, sheet !== undefined),
    };
    return sheet === undefined ? located : inSheet(located, sheet);
  };
};

/**
 * A part's message in the file's terms: the line it names (`already occurs on line 2`) as the file's line, or
 * a workbook's row; the fields it counts with the school columns the file has.
 */
const inFileTerms = (
  message: string,
  lineOf: (partLine: number) => number | undefined,
  dropped: number,
  workbook: boolean,
): string =>
  message
    .replace(/\bon line (\d+)/g, (all, n: string) => {
      const line = lineOf(Number(n));
      return line === undefined ? all : `on ${workbook ? 'row' : 'line'} ${line}`;
    })
    .replace(
      /has (\d+) fields where the header has (\d+)/,
      (_, got: string, want: string) =>
        `has ${Number(got) + dropped} fields where the header has ${Number(want) + dropped}`,
    );
