/**
 * Reads a worksheet's rows one at a time, as the CSV scanner reads records: each non-empty row as its fields
 * (the cell in column A at index 0), with its Excel row number in `line`. Values are read as Excel stores them,
 * not as it displays them: a number as its shortest decimal of 15 significant digits (so 3 is `3`, never
 * `3.0000000001`), text as written. A cell that holds no plain value — a formula, a date, TRUE/FALSE, an error —
 * is a problem of its row, listed in `problems` with the cell's place, and its field is left empty.
 *
 * It scans the XML's bytes: no string of the whole sheet is made, and only the values are ever decoded.
 */

import type { WorkbookLimits } from './limits.js';
import type { OpenedSheet } from './workbook.js';
import { WorkbookError } from './workbook.js';
import { columnLetters, stringItemText } from './xml-text.js';

/** A cell that cannot be read as a value: which problem, where, and what it holds. */
export interface CellProblem {
  code: 'formula_cell' | 'date_cell' | 'unsupported_cell';
  row: number;
  /** 1-based. */
  column: number;
  message: string;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUOTE = 0x22;
const APOS = 0x27;
const EQUALS = 0x3d;

const isSpace = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export class SheetScanner {
  /** Excel row number of the row last returned. */
  line = 0;
  /** The cells of the row last returned that hold no plain value. */
  problems: CellProblem[] = [];
  /** The header row's width (the first row returned): later rows are padded to it. */
  private width = -1;
  private pos: number;
  private readonly end: number;
  private readonly bytes: Buffer;
  private readonly tag: {
    row: Buffer;
    rowEnd: Buffer;
    c: Buffer;
    cEnd: Buffer;
    v: Buffer;
    vEnd: Buffer;
    f: Buffer;
    is: Buffer;
    isEnd: Buffer;
  };
  private cells = 0;
  private lastRow = 0;
  /** The merged ranges of the sheet (`B2:C2`): a merged cell shows one value in several places. */
  readonly merged: string[];

  constructor(
    private readonly sheet: OpenedSheet,
    private readonly limits: Pick<WorkbookLimits, 'cells' | 'columns'>,
  ) {
    const xml = sheet.xml;
    const bytes = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
    this.bytes = bytes;
    // The prefix the writer gave the spreadsheet namespace (`x:` or none), read where sheetData starts.
    const at = bytes.indexOf('sheetData');
    const lt = at < 0 ? -1 : bytes.lastIndexOf(LT, at);
    const prefix = lt < 0 ? '' : bytes.toString('latin1', lt + 1, at);
    if (lt < 0 || !/^([\w.-]+:)?$/.test(prefix)) throw unreadable('the worksheet has no sheetData');
    const t = (s: string) => Buffer.from(s, 'latin1');
    this.tag = {
      row: t(`<${prefix}row`),
      rowEnd: t(`</${prefix}row>`),
      c: t(`<${prefix}c`),
      cEnd: t(`</${prefix}c>`),
      v: t(`<${prefix}v>`),
      vEnd: t(`</${prefix}v>`),
      f: t(`<${prefix}f`),
      is: t(`<${prefix}is>`),
      isEnd: t(`</${prefix}is>`),
    };
    const openEnd = bytes.indexOf(GT, at);
    if (openEnd < 0) throw unreadable('the worksheet ends inside its rows');
    this.pos = openEnd + 1;
    if (bytes[openEnd - 1] === SLASH) {
      this.end = this.pos; // <sheetData/>: no rows
    } else {
      this.end = bytes.indexOf(`</${prefix}sheetData>`, this.pos);
      if (this.end < 0) throw unreadable('the worksheet ends inside its rows');
    }
    const tail = bytes.toString('latin1', this.end);
    this.merged = [...tail.matchAll(/<(?:[\w.-]+:)?mergeCell\s[^>]*?ref\s*=\s*"([^"]*)"/g)].map(
      (m) => m[1] as string,
    );
  }

  /** The next row with a value, padded to the header's width; undefined after the last. */
  nextFields(): string[] | undefined {
    const { bytes, tag } = this;
    for (;;) {
      const start = bytes.indexOf(tag.row, this.pos);
      if (start < 0 || start >= this.end) {
        this.pos = this.end;
        return undefined;
      }
      const tagEnd = bytes.indexOf(GT, start);
      if (tagEnd < 0 || tagEnd >= this.end) throw unreadable('a row is cut off');
      const rowNumber = this.intAttr(start + tag.row.length, tagEnd, 0x72) ?? this.lastRow + 1;
      if (rowNumber <= this.lastRow || rowNumber > 1_048_576)
        throw unreadable(`row ${rowNumber} is out of order`);
      this.lastRow = rowNumber;
      this.problems = [];
      if (bytes[tagEnd - 1] === SLASH) {
        this.pos = tagEnd + 1;
        continue; // <row r="7"/>: an empty row, skipped as the CSV scanner skips an empty line
      }
      const rowEnd = bytes.indexOf(tag.rowEnd, tagEnd);
      if (rowEnd < 0 || rowEnd > this.end) throw unreadable(`row ${rowNumber} is cut off`);
      const fields = this.readCells(tagEnd + 1, rowEnd, rowNumber);
      this.pos = rowEnd + tag.rowEnd.length;
      if (fields === undefined) continue;
      this.line = rowNumber;
      return fields;
    }
  }

  /** The row's fields, or undefined when no cell in it has a value (nor a problem). */
  private readCells(from: number, to: number, row: number): string[] | undefined {
    const { bytes, tag } = this;
    const fields: string[] = this.width > 0 ? new Array<string>(this.width).fill('') : [];
    let any = false;
    let lastColumn = 0;
    let pos = from;
    for (;;) {
      const start = bytes.indexOf(tag.c, pos);
      if (start < 0 || start >= to) break;
      const after = bytes[start + tag.c.length];
      if (!(isSpace(after) || after === GT || after === SLASH))
        throw unreadable(`row ${row} holds an unknown element`);
      const tagEnd = bytes.indexOf(GT, start);
      if (tagEnd < 0 || tagEnd >= to) throw unreadable(`a cell of row ${row} is cut off`);
      const attrs = this.cellAttrs(start + tag.c.length, tagEnd);
      const column = attrs.column ?? lastColumn + 1;
      if (column <= lastColumn) throw unreadable(`the cells of row ${row} are out of order`);
      lastColumn = column;
      if (bytes[tagEnd - 1] === SLASH) {
        pos = tagEnd + 1;
        continue; // <c r="B3" s="2"/>: formatted, but empty
      }
      const cellEnd = bytes.indexOf(tag.cEnd, tagEnd);
      if (cellEnd < 0 || cellEnd > to) throw unreadable(`cell ${columnLetters(column)}${row} is cut off`);
      pos = cellEnd + tag.cEnd.length;
      const value = this.cellValue(tagEnd + 1, cellEnd, attrs, row, column);
      if (value === '') continue;
      if (column > this.limits.columns) {
        throw new WorkbookError(
          'workbook_too_large',
          `Cell ${columnLetters(column)}${row} is right of column ${columnLetters(this.limits.columns)}, the last one read.`,
        );
      }
      if (++this.cells > this.limits.cells) {
        throw new WorkbookError(
          'workbook_too_large',
          `The worksheet has more than ${this.limits.cells} cells with a value.`,
        );
      }
      any = true;
      while (fields.length < column - 1) fields.push('');
      fields[column - 1] = value;
    }
    if (!any && this.problems.length === 0) return undefined;
    if (this.width < 0) this.width = fields.length;
    return fields;
  }

  /** The cell's value as text; '' for an empty cell or one with a problem (then recorded). */
  private cellValue(from: number, to: number, attrs: CellAttrs, row: number, column: number): string {
    const { bytes, tag } = this;
    const problem = (code: CellProblem['code'], what: string) => {
      this.problems.push({
        code,
        row,
        column,
        message: `Cell ${columnLetters(column)}${row} holds ${what}.`,
      });
      return '';
    };
    const f = within(bytes, tag.f, from, to);
    if (f >= 0) {
      const c = bytes[f + tag.f.length];
      if (isSpace(c) || c === GT || c === SLASH)
        return problem('formula_cell', 'a formula; paste its values instead (Plakken speciaal → Waarden)');
    }
    const type = attrs.type;
    if (type === 'inlineStr') {
      const is = within(bytes, tag.is, from, to);
      const isEnd = is >= 0 ? within(bytes, tag.isEnd, is, to) : -1;
      return isEnd < 0 ? '' : stringItemText(bytes.toString('utf8', is + tag.is.length, isEnd));
    }
    const v = within(bytes, tag.v, from, to);
    if (v < 0) return '';
    const vEnd = within(bytes, tag.vEnd, v, to);
    if (vEnd < 0) throw unreadable(`cell ${columnLetters(column)}${row} is cut off`);
    const raw = bytes.toString('latin1', v + tag.v.length, vEnd);
    switch (type) {
      case undefined:
      case 'n':
        if (attrs.style >= 0 && this.sheet.dateStyles[attrs.style])
          return problem(
            'date_cell',
            'a date or time where a number or text belongs; format the column as Standaard or Tekst and type the values again',
          );
        return numberText(raw, row, column);
      case 's': {
        const text = /^\d+$/.test(raw) ? this.sheet.sharedStrings[Number(raw)] : undefined;
        if (text === undefined)
          throw unreadable(`cell ${columnLetters(column)}${row} refers to a string that is not there`);
        return text;
      }
      case 'str':
        return stringItemText(`<t>${bytes.toString('utf8', v + tag.v.length, vEnd)}</t>`);
      case 'b':
        return problem(
          'unsupported_cell',
          `the logical value ${raw === '1' ? 'WAAR (TRUE)' : 'ONWAAR (FALSE)'}`,
        );
      case 'e':
        return problem('unsupported_cell', `the error value ${raw}`);
      case 'd':
        return problem('date_cell', 'a date where a number or text belongs');
      default:
        throw unreadable(`cell ${columnLetters(column)}${row} has an unknown type`);
    }
  }

  /** `r` (its column), `t` and `s` of a cell's start tag. */
  private cellAttrs(from: number, to: number): CellAttrs {
    const out: CellAttrs = { column: undefined, type: undefined, style: -1 };
    this.eachAttr(from, to, (name, start, end) => {
      if (name === 0x72)
        out.column = columnOf(this.bytes, start, end); // r
      else if (name === 0x74)
        out.type = this.bytes.toString('latin1', start, end); // t
      else if (name === 0x73) out.style = intOf(this.bytes, start, end) ?? -1; // s
    });
    return out;
  }

  /** The integer value of the one-letter attribute `name` in a tag, if present. */
  private intAttr(from: number, to: number, name: number): number | undefined {
    let value: number | undefined;
    this.eachAttr(from, to, (n, start, end) => {
      if (n === name) value = intOf(this.bytes, start, end);
    });
    return value;
  }

  /** Calls `visit` for every one-letter attribute (by its char code) with its value's byte range. */
  private eachAttr(
    from: number,
    to: number,
    visit: (name: number, start: number, end: number) => void,
  ): void {
    const b = this.bytes;
    let i = from;
    while (i < to) {
      while (i < to && isSpace(b[i])) i++;
      const nameStart = i;
      while (i < to && b[i] !== EQUALS && !isSpace(b[i]) && b[i] !== SLASH) i++;
      const nameEnd = i;
      while (i < to && isSpace(b[i])) i++;
      if (b[i] !== EQUALS) {
        i++;
        continue;
      }
      i++;
      while (i < to && isSpace(b[i])) i++;
      const q = b[i];
      if (q !== QUOTE && q !== APOS) throw unreadable('an attribute has no quotes');
      const valueEnd = b.indexOf(q as number, i + 1);
      if (valueEnd < 0 || valueEnd > to) throw unreadable('an attribute is cut off');
      if (nameEnd - nameStart === 1) visit(b[nameStart] as number, i + 1, valueEnd);
      i = valueEnd + 1;
    }
  }
}

interface CellAttrs {
  column: number | undefined;
  type: string | undefined;
  style: number;
}

/**
 * Where `needle` starts in `b` between `from` and `to`, or -1. Buffer.indexOf has no end: looking for a cell's
 * `<f>` with it would search the rest of the sheet for every cell without one.
 */
const within = (b: Buffer, needle: Buffer, from: number, to: number): number => {
  const first = needle[0] as number;
  const last = to - needle.length;
  for (let i = from; i <= last; i++) {
    if (b[i] !== first) continue;
    let j = 1;
    while (j < needle.length && b[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
};

/** A number as text: integers as written, others rounded to Excel's 15 significant digits. */
const numberText = (raw: string, row: number, column: number): string => {
  if (/^-?\d{1,15}$/.test(raw)) return raw;
  const n = Number(raw);
  if (raw === '' || !Number.isFinite(n))
    throw unreadable(`cell ${columnLetters(column)}${row} holds no number`);
  return String(Number(n.toPrecision(15)));
};

/** The column (1-based) of a cell reference such as `AB12`. */
const columnOf = (b: Buffer, from: number, to: number): number => {
  let column = 0;
  let i = from;
  for (; i < to; i++) {
    const c = b[i] as number;
    if (c >= 0x41 && c <= 0x5a) column = column * 26 + (c - 0x40);
    else break;
  }
  if (column === 0 || column > 16_384 || i === to) throw unreadable('a cell has a malformed reference');
  return column;
};

const intOf = (b: Buffer, from: number, to: number): number | undefined => {
  if (to <= from || to - from > 9) return undefined;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = (b[i] as number) - 0x30;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n;
};

const unreadable = (why: string) =>
  new WorkbookError('workbook_unreadable', `The workbook cannot be read: ${why}. Save it again in Excel.`);
