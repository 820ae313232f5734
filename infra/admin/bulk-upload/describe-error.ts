/** One located problem as the upload routes answer it (`IngestError` of shared/ingest/types.ts, as JSON). */
export interface ApiErrorEntry {
  line?: number;
  column?: number | null;
  columnLetter?: string;
  sheet?: string;
  field?: string | null;
  message?: string;
}

/**
 * Where an error is, for both upload summaries: `line 3, column 5 (field): message` in a CSV file, `sheet
 * "Blad1" row 3, column C (field): message` in a workbook; line 0 (the whole file) and a null column (the whole
 * row) name no place.
 */
export const describeError = (e: ApiErrorEntry): string => {
  const place = [
    e.sheet !== undefined && e.line ? `sheet ${JSON.stringify(e.sheet)} row ${e.line}` : '',
    e.sheet === undefined && e.line ? `line ${e.line}` : '',
    e.columnLetter !== undefined ? `column ${e.columnLetter}` : '',
    e.columnLetter === undefined && typeof e.column === 'number' ? `column ${e.column}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const where = [place, e.field ? `(${e.field})` : ''].filter(Boolean).join(' ');
  return where ? `${where}: ${e.message ?? 'invalid'}` : (e.message ?? 'invalid');
};
