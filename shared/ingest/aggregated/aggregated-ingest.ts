/**
 * Aggregated imports: a vendor's export of aggregates — one fact per row: a group's respondents, an item's n and
 * mean at a level, a bullying item's count or percent per option — in, the same Aggregates and ExportSummary
 * ingestExport makes of respondent rows out, so that reports and deliveries read either alike. Validated as
 * strictly: every problem located by line (or Excel row) and column, and any problem rejects the whole file.
 *
 * The file is read as respondent exports are (openSource: CSV in any encoding and delimiter, or a workbook's
 * sheet, with the same refusals of merged cells, formulas and dates). Pure: no I/O, no AWS.
 */

import { CsvSyntaxError } from '../../csv/parse.js';
import { WorkbookError } from '../../xlsx/workbook.js';
import { reportCellProblems } from '../cell-problems.js';
import { ErrorList } from '../error-list.js';
import { openForReading } from '../open-source.js';
import type { IngestOptions, IngestResult } from '../types.js';
import { checkLevels } from './aggregated-across.js';
import { checkFacts, type Locate } from './aggregated-checks.js';
import { FactSheet } from './aggregated-facts.js';
import { groupTotals } from './aggregated-groups.js';
import { mapAggregatedHeaders } from './aggregated-headers.js';
import { buildAggregates, buildSummary } from './aggregated-levels.js';
import { AggregatedRowReader } from './aggregated-rows.js';

const NO_COLUMNS: ReadonlySet<number> = new Set();

/**
 * Reads an aggregated export. Options and result are ingestExport's: `maxRows` caps the file's rows (facts, not
 * respondents), `maxErrors` the errors listed (`errorCount` counts all), and `ignored` is always empty (the
 * format has no ignored columns).
 */
export const ingestAggregated = (bytes: Uint8Array, opts: IngestOptions): IngestResult => {
  const list = new ErrorList(opts.maxErrors);
  const report = list.add;
  const failed = (): IngestResult => list.failed();

  const source = openForReading(bytes, opts, list);
  if (!source) return failed();
  const records = source.records;
  const workbook = source.format === 'xlsx';
  /** A workbook row's cells that hold no value (formulas, dates, TRUE/FALSE): each a problem. */
  // The format ignores no column, so every cell without a plain value is a problem.
  const cellProblems = (header: string[] | undefined): boolean =>
    reportCellProblems(records, header, NO_COLUMNS, report);

  try {
    const header = records.nextFields();
    if (!header) {
      report({ line: 0, column: null, field: null, code: 'empty_file', message: 'The file is empty.' });
      return failed();
    }
    if (cellProblems(undefined)) return failed();
    const mapped = mapAggregatedHeaders(header, opts.instrument, opts.school);
    if (!mapped.ok) {
      for (const e of mapped.errors) report(workbook ? { ...e, line: records.line } : e);
      return failed();
    }
    const columns = mapped.columns;
    const facts = new FactSheet();
    const reader = new AggregatedRowReader(columns, opts, report, facts, workbook);
    let rows = 0;
    for (let fields = records.nextFields(); fields; fields = records.nextFields()) {
      rows++;
      if (rows > opts.maxRows) {
        report({
          line: records.line,
          column: null,
          field: null,
          code: 'too_many_rows',
          message: `The file has more than ${opts.maxRows} rows; split it or contact the service operator.`,
        });
        break;
      }
      // A cell that holds no value rejects the file; the rest of its row is checked once it holds values.
      if (workbook && cellProblems(header)) continue;
      reader.read(fields, records.line);
    }
    if (rows === 0) {
      report({
        line: 0,
        column: null,
        field: null,
        code: 'empty_file',
        message: 'The file has a header row but no rows of figures.',
      });
    }
    if (list.count > 0) return failed();

    const totals = groupTotals(facts);
    const locate: Locate = (line, column, code, message) => {
      const i = column === null ? -1 : columns.index(column);
      report({ line, column: i < 0 ? null : i + 1, field: column && columns.field(column), code, message });
    };
    checkFacts(facts, totals, opts, locate, workbook ? 'row' : 'line');
    if (list.count > 0) return failed();
    // Levels against each other only once each is sound on its own (aggregated-across.ts).
    checkLevels(facts, totals, opts, locate, workbook ? 'row' : 'line');
    if (list.count > 0) return failed();
    return {
      ok: true,
      summary: buildSummary(
        totals,
        opts.instrument.id,
        workbook ? { encoding: 'utf-8', delimiter: null, sheet: source.sheet } : source,
      ),
      aggregates: buildAggregates(facts, totals, opts.instrument, opts.minGroupSize),
      ignored: [],
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
