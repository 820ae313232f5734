import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../shared/csv/decode.js';
import { CsvSyntaxError, parseRecords, sniffDelimiter } from '../../shared/csv/parse.js';

const records = (text: string, d: ';' | ',' | '\t' = ';') => [...parseRecords(text, d)];

describe('parseRecords', () => {
  it('reads plain records with their line numbers, skipping empty lines', () => {
    expect(records('a;b\r\n1;2\n\n3;4')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
      { fields: ['3', '4'], line: 4 },
    ]);
  });

  it('handles quotes, doubled quotes, delimiters and line breaks inside quotes', () => {
    expect(records('id,text\n"R,1","say ""hi""\r\nthere"\n2,x\n', ',')).toEqual([
      { fields: ['id', 'text'], line: 1 },
      { fields: ['R,1', 'say "hi"\r\nthere'], line: 2 },
      { fields: ['2', 'x'], line: 4 },
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(records('a;;b;\n')).toEqual([{ fields: ['a', '', 'b', ''], line: 1 }]);
  });

  it('treats a lone CR as a line end (old Mac exports)', () => {
    expect(records('a;b\r1;2\r').map((r) => r.line)).toEqual([1, 2]);
  });

  it('reports an unterminated quote with the line it starts on', () => {
    const attempt = () => records('a;b\n1;"open\n2;3\n');
    expect(attempt).toThrow(CsvSyntaxError);
    try {
      attempt();
    } catch (err) {
      expect((err as CsvSyntaxError).line).toBe(2);
    }
  });
});

describe('sniffDelimiter', () => {
  it.each([
    ['a;b;c\n1,5;2;3', ';'],
    ['a,b,c\n', ','],
    ['a\tb\tc\n', '\t'],
    ['"x;y",b,c\n', ','],
    ['single\n', ';'],
  ] as const)('%j → %j', (text, expected) => {
    expect(sniffDelimiter(text)).toBe(expected);
  });
});

describe('decodeBytes', () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);

  it('reads UTF-8 with and without BOM', () => {
    expect(decodeBytes(utf8('é;b'))).toEqual({ ok: true, text: 'é;b', encoding: 'utf-8' });
    expect(decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('a;b')]))).toEqual({
      ok: true,
      text: 'a;b',
      encoding: 'utf-8',
    });
  });

  it('reads UTF-16 LE and BE with BOM', () => {
    const le = Buffer.from('groep;vb1', 'utf16le');
    expect(decodeBytes(new Uint8Array([0xff, 0xfe, ...le]))).toMatchObject({
      ok: true,
      text: 'groep;vb1',
      encoding: 'utf-16le',
    });
    const be = Buffer.from(le).swap16();
    expect(decodeBytes(new Uint8Array([0xfe, 0xff, ...be]))).toMatchObject({
      ok: true,
      text: 'groep;vb1',
      encoding: 'utf-16be',
    });
  });

  it('falls back to Windows-1252 for what is not UTF-8 (Excel)', () => {
    // 0xE9 = é and 0x80 = € in Windows-1252; neither is valid UTF-8 on its own.
    expect(decodeBytes(new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x3b, 0x80]))).toEqual({
      ok: true,
      text: 'Café;€',
      encoding: 'windows-1252',
    });
  });

  it.each([
    [[], 'empty_file'],
    [[0xef, 0xbb, 0xbf, 0x20, 0x0d, 0x0a], 'empty_file'],
    [[0x50, 0x4b, 0x03, 0x04, 0x00], 'binary_content'],
    [[0xd0, 0xcf, 0x11, 0xe0, 0xa1], 'binary_content'],
    [[0x25, 0x50, 0x44, 0x46, 0x2d], 'binary_content'],
    [[0x61, 0x00, 0x62, 0x00], 'binary_content'],
    [[0x61, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08], 'binary_content'],
    [[0xef, 0xbb, 0xbf, 0xff, 0xfe, 0xfd], 'undecodable'],
  ])('%j → %s', (bytes, code) => {
    expect(decodeBytes(new Uint8Array(bytes))).toMatchObject({ ok: false, code });
  });

  it('tells the user to save a workbook as CSV', () => {
    const r = decodeBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04]));
    expect(!r.ok && r.message).toMatch(/Excel workbook.*CSV/);
  });
});
