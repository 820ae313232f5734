/**
 * The caps on reading a workbook, apart from the reader so that the types of ingestion (which the web app
 * compiles too) can name them without bringing in Node's zlib.
 */

/** The caps on what reading one workbook may inflate and hold. */
export interface WorkbookLimits {
  /** All parts inflated together. */
  totalBytes: number;
  /** One worksheet's XML. */
  sheetBytes: number;
  /** The shared strings. */
  sharedStringsBytes: number;
  /** Any other part (workbook, relationships, styles, content types). */
  partBytes: number;
  /** Non-empty cells in the sheet read, and strings in the shared strings. */
  cells: number;
  /** The rightmost column a value may stand in (1-based). */
  columns: number;
}

/**
 * A 100,000-row export of 40 columns is about 90 MB of sheet XML as Excel writes it (~22 bytes a cell), which
 * compresses to about the 5 MB an upload may be; more than that is not an export. 4,000,000 cells is 100,000
 * rows of 40. A column right of AMJ (1,024) is no answer column of any instrument.
 */
export const DEFAULT_WORKBOOK_LIMITS: WorkbookLimits = {
  totalBytes: 128 * 1024 * 1024,
  sheetBytes: 96 * 1024 * 1024,
  sharedStringsBytes: 32 * 1024 * 1024,
  partBytes: 4 * 1024 * 1024,
  cells: 4_000_000,
  columns: 1024,
};

/** Excel allows at most 31 characters in a worksheet's name; a longer `sheet` parameter names no sheet. */
export const SHEET_NAME_MAX = 31;
