/**
 * Export ingestion: bytes in; aggregates, or every problem with its line and column, out. Rows are read one at a
 * time and forgotten after aggregation. Any error rejects the whole export: a half-right file is never stored.
 * A CSV file and a workbook's worksheet arrive as the same stream of records (open-source.ts), so every check
 * and every error code is the same for both; a workbook's errors also name the worksheet and column letters.
 */
import { CsvSyntaxError } from '../csv/parse.js';
import { WorkbookError } from '../xlsx/workbook.js';
import { Aggregator } from './aggregate.js';
import { reportCellProblems } from './cell-problems.js';
import { ErrorList } from './error-list.js';
import { mapHeaders } from './headers.js';
import { openForReading } from './open-source.js';
import { RowValidator } from './row-validator.js';
import { summarise } from './summary.js';
import type { IngestError, IngestOptions, IngestResult } from './types.js';

export const ingestExport = (bytes: Uint8Array, opts: IngestOptions): IngestResult => {
  const list = new ErrorList(opts.maxErrors);
  const record = list.add;
  let validator: RowValidator | undefined;
  // The validator finds duplicate respondents in batches: the ones found so far go first, in file order.
  const report = (error: IngestError) => {
    validator?.flushDuplicates();
    record(error);
  };
  const failed = (): IngestResult => list.failed();

  const source = openForReading(bytes, opts, list);
  if (!source) return failed();
  const records = source.records;
  const workbook = source.format === 'xlsx';
  const { instrument, school } = opts;
  /** The 1-based columns the instrument ignores: a date or formula there is never read, so never a problem. */
  let ignoredColumns: ReadonlySet<number> = new Set();
  const cellProblems = (header: string[] | undefined): boolean =>
    reportCellProblems(records, header, ignoredColumns, report);

  try {
    const header = records.nextFields();
    if (!header) {
      report({ line: 0, column: null, field: null, code: 'empty_file', message: 'The file is empty.' });
      return failed();
    }
    if (cellProblems(undefined)) return failed();
    const mapped = mapHeaders(header, instrument, school);
    if (!mapped.ok) {
      for (const e of mapped.errors) report(workbook ? { ...e, line: records.line } : e);
      return failed();
    }
    const columns = mapped.columns;
    ignoredColumns = new Set(columns.ignored.map((c) => c + 1));
    const aggregator = new Aggregator(instrument, opts.minGroupSize);
    const rowValidator = new RowValidator(
      columns,
      opts,
      record,
      aggregator,
      source.rowsHint(columns.headers.length),
      workbook,
    );
    validator = rowValidator;
    let rows = 0;
    for (let fields = records.nextFields(); fields; fields = records.nextFields()) {
      const line = records.line;
      rows++;
      if (rows > opts.maxRows) {
        report({
          line,
          column: null,
          field: null,
          code: 'too_many_rows',
          message: `The file has more than ${opts.maxRows} respondents; split it or contact the service operator.`,
        });
        break;
      }
      // A cell that holds no value (a formula, a date) rejects the file; the rest of its row is checked once
      // it holds values, so that one cause is not reported twice.
      if (workbook && cellProblems(header)) continue;
      // The validator counts each answer into the aggregator as it checks it. Once the file is known to be
      // rejected it only validates: the aggregates would be thrown away anyway.
      rowValidator.check(fields, line, list.count === 0);
    }
    rowValidator.flushDuplicates();
    if (rows === 0) {
      report({
        line: 0,
        column: null,
        field: null,
        code: 'empty_file',
        message: 'The file has a header row but no respondents.',
      });
    }
    if (list.count > 0) return failed();
    return {
      ok: true,
      summary: summarise(
        aggregator.groupSizes(),
        instrument.id,
        workbook ? { encoding: 'utf-8', delimiter: null, sheet: source.sheet } : source,
        columns.ignored.map((c) => (columns.headers[c] ?? '').trim()),
      ),
      aggregates: aggregator.result(),
      ignored: columns.ignored,
    };
  } catch (err) {
    if (err instanceof CsvSyntaxError) {
      report({ line: err.line, column: null, field: null, code: 'unterminated_quote', message: err.message });
      return failed();
    }
    if (err instanceof WorkbookError) {
      report({ line: 0, column: null, field: null, code: err.code, message: err.message });
      return failed();
    }
    throw err;
  }
};

export { inSheet } from './error-list.js';
