/**
 * Turns the bytes of an uploaded export into text. Real exports arrive as UTF-8 (with or without BOM), UTF-16
 * with BOM, or Windows-1252 as Excel writes "CSV (puntkomma gescheiden)"; workbooks and PDFs arrive by mistake.
 */

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type DecodeResult =
  | { ok: true; text: string; encoding: Encoding }
  | { ok: false; code: 'empty_file' | 'binary_content' | 'undecodable'; message: string };

const startsWith = (bytes: Uint8Array, ...sig: number[]) => sig.every((b, i) => bytes[i] === b);

/** File signatures people upload instead of CSV, with the advice that helps them. */
const BINARY_SIGNATURES: Array<{ sig: number[]; what: string }> = [
  { sig: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook (.xlsx) or another ZIP file' },
  { sig: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel workbook (.xls)' },
  { sig: [0x25, 0x50, 0x44, 0x46], what: 'a PDF' },
];

const emptyFile = { ok: false, code: 'empty_file', message: 'The file is empty.' } as const;

/** Share of C0 control characters (other than tab, CR, LF) above which text is taken for binary. */
const MAX_CONTROL_SHARE = 0.01;

export const decodeBytes = (bytes: Uint8Array): DecodeResult => {
  for (const { sig, what } of BINARY_SIGNATURES) {
    if (startsWith(bytes, ...sig)) {
      return {
        ok: false,
        code: 'binary_content',
        message: `The file is ${what}, not a CSV file. In Excel, use "Opslaan als" → "CSV (gescheiden door lijstscheidingsteken)".`,
      };
    }
  }

  let text: string;
  let encoding: Encoding;
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) {
    encoding = 'utf-8';
    const strict = tryDecode('utf-8', bytes.subarray(3));
    if (strict === undefined) return undecodable('UTF-8');
    text = strict;
  } else if (startsWith(bytes, 0xff, 0xfe)) {
    encoding = 'utf-16le';
    const strict = tryDecode('utf-16le', bytes.subarray(2));
    if (strict === undefined) return undecodable('UTF-16');
    text = strict;
  } else if (startsWith(bytes, 0xfe, 0xff)) {
    encoding = 'utf-16be';
    const strict = tryDecode('utf-16be', bytes.subarray(2));
    if (strict === undefined) return undecodable('UTF-16');
    text = strict;
  } else {
    // A NUL byte never occurs in UTF-8 or Windows-1252 text: UTF-16 without BOM or a binary file.
    if (bytes.indexOf(0) !== -1) {
      return {
        ok: false,
        code: 'binary_content',
        message:
          'The file contains binary data (NUL bytes). Upload a CSV file; UTF-16 files need a byte-order mark.',
      };
    }
    const utf8 = tryDecode('utf-8', bytes);
    if (utf8 !== undefined) {
      encoding = 'utf-8';
      text = utf8;
    } else {
      // Not valid UTF-8: what Excel writes on Dutch Windows. Every byte maps to a character, so this cannot fail.
      encoding = 'windows-1252';
      text = decodeWindows1252(bytes);
    }
  }

  if (text.trim().length === 0) return emptyFile;
  if (controlShare(text) > MAX_CONTROL_SHARE) {
    return {
      ok: false,
      code: 'binary_content',
      message: 'The file contains binary data, not text. Upload a CSV file.',
    };
  }
  return { ok: true, text, encoding };
};

const tryDecode = (label: string, bytes: Uint8Array): string | undefined => {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
};

const undecodable = (what: string): DecodeResult => ({
  ok: false,
  code: 'undecodable',
  message: `The file starts with a ${what} byte-order mark but is not valid ${what}. Save it again as CSV (UTF-8).`,
});

const controlShare = (text: string): number => {
  // Sample the start: enough to tell text from binary without scanning megabytes twice.
  const n = Math.min(text.length, 64 * 1024);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) control++;
  }
  return n === 0 ? 0 : control / n;
};

/** The characters Windows-1252 puts at 0x80–0x9F (undefined positions kept as the C1 control code). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Windows-1252 by hand: Node 20's TextDecoder treats the label as ISO-8859-1 and turns € and Excel's curly
 * quotes into control characters. Everything outside 0x80–0x9F is the same in both.
 */
export const decodeWindows1252 = (bytes: Uint8Array): string => {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string);
};
