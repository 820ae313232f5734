/**
 * Opens an Excel workbook (`.xlsx`, Office Open XML) just far enough to read one worksheet's values: the
 * workbook's sheet list, the shared strings and which cell styles are dates. Everything it inflates is capped
 * (see {@link WorkbookLimits}); a workbook that is not plainly a table of values is refused with a reason.
 */
import { DEFAULT_WORKBOOK_LIMITS, type WorkbookLimits } from './limits.js';
import { attrOf, elementBody, startTags, stringItemText } from './xml-text.js';
import { ZipError, ZipReader } from './zip.js';

export type WorkbookErrorCode =
  | 'unsupported_workbook'
  | 'workbook_unreadable'
  | 'workbook_too_large'
  | 'sheet_not_found'
  | 'several_sheets';

/** A workbook that cannot be read as a table of values, and why. */
export class WorkbookError extends Error {
  constructor(
    readonly code: WorkbookErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkbookError';
  }
}

/** One worksheet, ready to scan. */
export interface OpenedSheet {
  /** Its name as Excel shows it on the tab. */
  name: string;
  /** Its XML, inflated. */
  xml: Uint8Array;
  sharedStrings: string[];
  /** Per cell style index (`s`): whether the style shows a number as a date or time. */
  dateStyles: boolean[];
}

const WORKSHEET_TYPE = /\/worksheet$/;

/**
 * Opens the worksheet named `sheet`, or without a name the one worksheet that has values. Hidden sheets (a
 * template's lists for its drop-downs) are read only when named: the sheets a person sees are what they mean.
 */
export const openWorkbook = (
  bytes: Uint8Array,
  sheet: string | undefined,
  limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS,
): OpenedSheet => {
  try {
    return open(new ZipReader(bytes, limits.totalBytes), sheet, limits);
  } catch (err) {
    if (!(err instanceof ZipError)) throw err;
    if (err.reason === 'too_large') throw new WorkbookError('workbook_too_large', err.message);
    throw new WorkbookError(
      err.reason === 'unsupported' ? 'unsupported_workbook' : 'workbook_unreadable',
      err.message,
    );
  }
};

const open = (zip: ZipReader, wanted: string | undefined, limits: WorkbookLimits): OpenedSheet => {
  if (!zip.has('[Content_Types].xml') || !(zip.has('xl/workbook.xml') || zip.has('xl/workbook.bin'))) {
    throw new WorkbookError(
      'unsupported_workbook',
      zip.has('content.xml')
        ? 'The file is an OpenDocument spreadsheet (.ods); save it as an Excel workbook (.xlsx) or as CSV.'
        : 'The file is a ZIP archive, not an Excel workbook (.xlsx) or a CSV file.',
    );
  }
  if (zip.has('xl/workbook.bin')) {
    throw new WorkbookError(
      'unsupported_workbook',
      'The file is a binary Excel workbook (.xlsb); save it as an Excel workbook (.xlsx) or as CSV.',
    );
  }
  const text = (name: string, cap = limits.partBytes): string | undefined => {
    const part = zip.read(name, cap);
    return part === undefined ? undefined : Buffer.from(part).toString('utf8');
  };
  const workbook = text('xl/workbook.xml');
  if (workbook === undefined) throw unreadable('it has no xl/workbook.xml');
  const rels = relationships(text('xl/_rels/workbook.xml.rels') ?? '');

  const sheets = startTags(elementBody(workbook, 'sheets') ?? '', 'sheet').flatMap((tag) => {
    const rel = rels.get(attrOf(tag, '*:id') ?? '');
    if (!rel || !WORKSHEET_TYPE.test(rel.type)) return []; // a chart sheet or dialog sheet holds no cells
    const state = attrOf(tag, 'state');
    return [
      {
        name: attrOf(tag, 'name') ?? '',
        part: rel.target,
        hidden: state !== undefined && state !== 'visible',
      },
    ];
  });
  if (sheets.length === 0) throw unreadable('it has no worksheet');

  let chosen: { name: string; part: string; xml: Uint8Array } | undefined;
  if (wanted !== undefined) {
    const found =
      sheets.find((s) => s.name === wanted) ??
      sheets.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
    if (!found) {
      throw new WorkbookError(
        'sheet_not_found',
        `The workbook has no worksheet ${JSON.stringify(wanted.slice(0, 40))}; it has ${sheetList(sheets)}.`,
      );
    }
    chosen = { ...found, xml: sheetXml(zip, found.part, limits) };
  } else {
    const filled: Array<{ name: string; part: string; xml: Uint8Array }> = [];
    for (const s of sheets.filter((x) => !x.hidden)) {
      const xml = sheetXml(zip, s.part, limits);
      if (hasValues(xml)) filled.push({ ...s, xml });
    }
    if (filled.length > 1) {
      throw new WorkbookError(
        'several_sheets',
        `The workbook has values on ${filled.length} worksheets (${sheetList(filled)}); name the one to read (?sheet=…), or delete the others.`,
      );
    }
    // No sheet with values: the first one, which the scan then finds empty.
    const first = sheets.find((x) => !x.hidden) ?? (sheets[0] as (typeof sheets)[number]);
    chosen = filled[0] ?? { ...first, xml: sheetXml(zip, first.part, limits) };
  }

  const stringsPart = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target;
  const stylesPart = [...rels.values()].find((r) => r.type.endsWith('/styles'))?.target;
  return {
    name: chosen.name,
    xml: chosen.xml,
    sharedStrings: sharedStrings(
      stringsPart ? text(stringsPart, limits.sharedStringsBytes) : undefined,
      limits,
    ),
    dateStyles: dateStyles(stylesPart ? text(stylesPart) : undefined),
  };
};

const sheetXml = (zip: ZipReader, part: string, limits: WorkbookLimits): Uint8Array => {
  const xml = zip.read(part, limits.sheetBytes);
  if (xml === undefined) throw unreadable(`its worksheet ${part} is missing`);
  return xml;
};

/** Whether a worksheet holds any value: a `<v>` (number, shared string, formula result) or an inline string. */
const hasValues = (xml: Uint8Array): boolean => {
  const b = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
  return /<(?:[\w.-]+:)?(?:v|is)>/.test(b.toString('latin1'));
};

const sheetList = (sheets: Array<{ name: string }>): string =>
  sheets.map((s) => JSON.stringify(s.name.slice(0, 40))).join(', ');

const unreadable = (why: string) =>
  new WorkbookError('workbook_unreadable', `The workbook cannot be read: ${why}. Save it again in Excel.`);

/** A relationships part: id → the part it points at (as a ZIP name) and its type. */
const relationships = (xml: string): Map<string, { target: string; type: string }> => {
  const out = new Map<string, { target: string; type: string }>();
  for (const tag of startTags(xml, 'Relationship')) {
    const id = attrOf(tag, 'Id');
    const target = attrOf(tag, 'Target');
    if (id === undefined || target === undefined || attrOf(tag, 'TargetMode') === 'External') continue;
    out.set(id, { target: resolvePart(target), type: attrOf(tag, 'Type') ?? '' });
  }
  return out;
};

/** A relationship's target as a ZIP part name: relative to `xl/`, or absolute from the package root. */
const resolvePart = (target: string): string => {
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const parts: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
};

const sharedStrings = (xml: string | undefined, limits: WorkbookLimits): string[] => {
  if (xml === undefined) return [];
  const out: string[] = [];
  for (const m of xml.matchAll(
    /<(?:[\w.-]+:)?si(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?si>|<(?:[\w.-]+:)?si\s*\/>/g,
  )) {
    if (out.length >= limits.cells) {
      throw new WorkbookError('workbook_too_large', `The workbook has more than ${limits.cells} strings.`);
    }
    out.push(m[1] === undefined ? '' : stringItemText(m[1]));
  }
  return out;
};

/**
 * Excel's built-in number formats that show a date or time: 14–22, 45–47, and the East Asian ones (27–36,
 * 50–58) that a Dutch Excel never writes but another locale's workbook may carry.
 */
const BUILT_IN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** Whether a custom format code shows a date or time: d, m, y, h or s outside quoted text, `[…]` and escapes. */
export const isDateFormat = (code: string): boolean => {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, '')
    .replace(/_.|\*./g, '');
  // Only the first section counts for positive numbers, which is all an answer can be.
  return /[dmyhs]/i.test(bare.split(';')[0] ?? '');
};

const dateStyles = (xml: string | undefined): boolean[] => {
  if (xml === undefined) return [];
  const custom = new Map<number, boolean>();
  for (const tag of startTags(elementBody(xml, 'numFmts') ?? '', 'numFmt')) {
    custom.set(Number(attrOf(tag, 'numFmtId')), isDateFormat(attrOf(tag, 'formatCode') ?? ''));
  }
  return startTags(elementBody(xml, 'cellXfs') ?? '', 'xf').map((tag) => {
    const id = Number(attrOf(tag, 'numFmtId') ?? 0);
    return custom.get(id) ?? BUILT_IN_DATES.has(id);
  });
};
