/**
 * A small, fast CSV reader: RFC 4180 quoting, any of `;` `,` tab, CRLF/LF/CR line ends. It yields one record at
 * a time, so a caller never holds more than the record it is looking at.
 */

export type Delimiter = ';' | ',' | '\t';

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export interface CsvRecord {
  fields: string[];
  /** 1-based physical line where the record starts. */
  line: number;
}

/**
 * Picks the delimiter from the header line: the candidate that occurs most often outside quotes.
 * Ties prefer `;` (Dutch Excel), then `,`, then tab.
 */
export const sniffDelimiter = (text: string): Delimiter => {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ';' || c === ',' || c === '\t')) counts[c]++;
  }
  let best: Delimiter = ';';
  for (const d of [',', '\t'] as const) if (counts[d] > counts[best]) best = d;
  return best;
};

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Yields the records of `text`, skipping lines that are completely empty. */
export function* parseRecords(text: string, delimiter: Delimiter): Generator<CsvRecord> {
  const delim = delimiter.charCodeAt(0);
  const len = text.length;
  let pos = 0;
  let line = 1;

  while (pos < len) {
    const startLine = line;
    const fields: string[] = [];
    let endOfRecord = false;

    while (!endOfRecord) {
      if (text.charCodeAt(pos) === QUOTE) {
        // Quoted field: may hold delimiters, line breaks and doubled quotes.
        let value = '';
        let from = pos + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q === -1)
            throw new CsvSyntaxError(
              startLine,
              `A quoted field that starts on line ${startLine} is never closed.`,
            );
          value += text.slice(from, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
            continue;
          }
          pos = q + 1;
          break;
        }
        for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) line++;
        if (!value.includes('\n'))
          for (let i = value.indexOf('\r'); i !== -1; i = value.indexOf('\r', i + 1)) line++;
        // Anything between the closing quote and the delimiter (`"a"b`) is kept, as spreadsheet programs do.
        let rest = pos;
        while (rest < len) {
          const c = text.charCodeAt(rest);
          if (c === delim || c === LF || c === CR) break;
          rest++;
        }
        if (rest > pos) value += text.slice(pos, rest);
        pos = rest;
        fields.push(value);
      } else {
        let end = pos;
        while (end < len) {
          const c = text.charCodeAt(end);
          if (c === delim || c === LF || c === CR) break;
          end++;
        }
        fields.push(text.slice(pos, end));
        pos = end;
      }

      if (pos >= len) {
        endOfRecord = true;
      } else {
        const c = text.charCodeAt(pos);
        if (c === delim) {
          pos++;
          if (pos >= len) {
            fields.push('');
            endOfRecord = true;
          }
        } else {
          pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
          line++;
          endOfRecord = true;
        }
      }
    }

    if (fields.length === 1 && fields[0] === '') continue;
    yield { fields, line: startLine };
  }
}
