/**
 * A worksheet row's cells that hold no plain value (a formula, a date, TRUE/FALSE, an error value), as ingest
 * errors. Every reader of records (a school's export, a file for several schools, a vendor's aggregates) refuses
 * them the same way: by row, column and the column's header; in a column the instrument ignores such a cell is
 * never read, so never a problem.
 */
import { SheetScanner } from '../xlsx/sheet-scanner.js';
import type { RecordSource } from './open-source.js';
import type { IngestError } from './types.js';

/** Reports the problems of the row `records` last returned; true when there was any outside `ignoredColumns`. */
export const reportCellProblems = (
  records: RecordSource,
  header: readonly string[] | undefined,
  ignoredColumns: ReadonlySet<number>,
  report: (e: IngestError) => void,
): boolean => {
  if (!(records instanceof SheetScanner) || records.problems.length === 0) return false;
  let found = false;
  for (const p of records.problems) {
    if (ignoredColumns.has(p.column)) continue;
    found = true;
    const field = header?.[p.column - 1]?.trim() || null;
    report({ line: p.row, column: p.column, field, code: p.code, message: p.message });
  }
  return found;
};
