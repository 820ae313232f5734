/**
 * The errors of one file as every reader of exports collects them: each counted, the first `max` listed, and
 * once a workbook's sheet is chosen each placed in it (the sheet's name and the column letters Excel shows).
 */
import { columnLetters } from '../xlsx/xml-text.js';
import type { IngestError } from './types.js';

/** Errors listed by default; `errorCount` still counts all. */
export const DEFAULT_MAX_ERRORS = 100;

/** A workbook's error with its sheet and, when it is in a column, the letters Excel shows for it. */
export const inSheet = (error: IngestError, sheet: string): IngestError => {
  const { line, column, field, code, message } = error;
  return {
    line,
    column,
    ...(column !== null ? { columnLetter: columnLetters(column) } : {}),
    sheet,
    field,
    code,
    message,
  };
};

export class ErrorList {
  readonly errors: IngestError[] = [];
  count = 0;
  /** The workbook's sheet, once chosen: every error after that names it and its column letters. */
  sheet: string | undefined;

  constructor(private readonly max = DEFAULT_MAX_ERRORS) {}

  /** Counts an error and lists it while fewer than `max` are listed (an arrow: passed around as a callback). */
  readonly add = (error: IngestError): void => {
    this.count++;
    if (this.errors.length < this.max)
      this.errors.push(this.sheet === undefined ? error : inSheet(error, this.sheet));
  };

  /** The refusal of the file: the errors listed and how many there are. */
  failed(): { ok: false; errors: IngestError[]; errorCount: number } {
    return { ok: false, errors: this.errors, errorCount: this.count };
  }
}
