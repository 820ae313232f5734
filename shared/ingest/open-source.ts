/**
 * Tells what an upload is by its bytes — a workbook, an old or protected Excel file, or text — and opens it as
 * one stream of records (the header first, then the rows, each as string fields with its place), so that
 * validation and aggregation are one code path for every format. The Content-Type is not trusted for this:
 * browsers and vendors' tools send `application/octet-stream` or `text/csv` for anything.
 */
import { decodeBytes, type Encoding } from '../csv/decode.js';
import { CsvScanner, type Delimiter, sniffDelimiter } from '../csv/parse.js';
import { DEFAULT_WORKBOOK_LIMITS } from '../xlsx/limits.js';
import { SheetScanner } from '../xlsx/sheet-scanner.js';
import { openWorkbook, WorkbookError } from '../xlsx/workbook.js';
import { columnLetters } from '../xlsx/xml-text.js';
import { isZip } from '../xlsx/zip.js';
import type { ErrorList } from './error-list.js';
import type { IngestError, IngestOptions } from './types.js';

/** What opening a file needs to know: which worksheet of a workbook, and the caps on reading one. */
export type SourceOptions = Pick<IngestOptions, 'sheet' | 'workbookLimits'>;

/** What the ingest loop reads: one record at a time, its place in `line`. */
export interface RecordSource {
  /** The 1-based line (CSV) or Excel row (workbook) of the record last returned. */
  line: number;
  nextFields(): string[] | undefined;
}

export type OpenedSource =
  | {
      ok: true;
      format: 'csv';
      records: CsvScanner;
      encoding: Encoding;
      delimiter: Delimiter;
      /** About how many rows the file can hold, to size the duplicate index. */
      rowsHint: (columns: number) => number;
    }
  | {
      ok: true;
      format: 'xlsx';
      records: SheetScanner;
      sheet: string;
      rowsHint: (columns: number) => number;
      /** The merged ranges of the sheet, each a problem of its own. */
      merged: IngestError[];
    }
  | { ok: false; error: IngestError };

const wholeFile = (code: IngestError['code'], message: string): { ok: false; error: IngestError } => ({
  ok: false,
  error: { line: 0, column: null, field: null, code, message },
});

/** The compound-file signature of an old `.xls` — and of a password-protected `.xlsx`, which Excel wraps so. */
const isCompoundFile = (bytes: Uint8Array): boolean =>
  bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;

export const openSource = (bytes: Uint8Array, opts: SourceOptions): OpenedSource => {
  if (isCompoundFile(bytes)) {
    return wholeFile(
      'unsupported_workbook',
      'The file is an old Excel workbook (.xls) or a password-protected one. In Excel, save it without a password as "Excel-werkmap (.xlsx)" or as CSV.',
    );
  }
  if (isZip(bytes)) return openSheet(bytes, opts);
  const decoded = decodeBytes(bytes);
  if (!decoded.ok) return wholeFile(decoded.code, decoded.message);
  const delimiter = sniffDelimiter(decoded.text);
  return {
    ok: true,
    format: 'csv',
    records: new CsvScanner(decoded.text, delimiter),
    encoding: decoded.encoding,
    delimiter,
    // A row has at least one character per column and a delimiter.
    rowsHint: (columns) => Math.ceil(decoded.text.length / (2 * columns)),
  };
};

const openSheet = (bytes: Uint8Array, opts: SourceOptions): OpenedSource => {
  const limits = { ...DEFAULT_WORKBOOK_LIMITS, ...opts.workbookLimits };
  try {
    const sheet = openWorkbook(bytes, opts.sheet, limits);
    const records = new SheetScanner(sheet, limits);
    const merged = records.merged.map((range): IngestError => {
      const m = /^([A-Z]+)(\d+)/.exec(range);
      const column = m ? columnNumber(m[1] as string) : null;
      return {
        line: m ? Number(m[2]) : 0,
        column,
        ...(column !== null ? { columnLetter: columnLetters(column) } : {}),
        sheet: sheet.name,
        field: null,
        code: 'merged_cells',
        message: `Cells ${range.slice(0, 24)} are merged; unmerge them (Samenvoegen opheffen) and give every cell its own value.`,
      };
    });
    return {
      ok: true,
      format: 'xlsx',
      records,
      sheet: sheet.name,
      // Excel writes about 22 bytes a cell.
      rowsHint: (columns) => Math.ceil(sheet.xml.byteLength / (22 * columns)),
      merged,
    };
  } catch (err) {
    if (!(err instanceof WorkbookError)) throw err;
    return wholeFile(err.code, err.message);
  }
};

const columnNumber = (letters: string): number => {
  let n = 0;
  for (const c of letters) n = n * 26 + (c.charCodeAt(0) - 64);
  return n;
};

/**
 * Opens the file for a reader that collects its errors in `list`: what does not open, and a workbook's merged
 * cells (one value shown in several places: which of them is data is a guess not made here), are reported there
 * and give undefined; a workbook's sheet, once chosen, places every later error in it.
 */
export const openForReading = (
  bytes: Uint8Array,
  opts: SourceOptions,
  list: ErrorList,
): Extract<OpenedSource, { ok: true }> | undefined => {
  const source = openSource(bytes, opts);
  if (!source.ok) {
    list.add(source.error);
    return undefined;
  }
  if (source.format === 'xlsx') {
    list.sheet = source.sheet;
    if (source.merged.length > 0) {
      for (const e of source.merged) list.add(e);
      return undefined;
    }
  }
  return source;
};
