/**
 * The copy of an accepted export that msv keeps for re-processing, without the columns its instrument ignores:
 * a column such as `geslacht` or `opmerking` is never read, so it must not be stored either. The file is read
 * again through the same record stream ingestion used (so a workbook's worksheet is the one that was checked)
 * and written as UTF-8 CSV with `;`, which re-processing reads like any upload.
 */
import { openSource } from './open-source.js';
import type { IngestOptions } from './types.js';

/**
 * A field as CSV needs it: quoted when it holds a quote, a line break or any delimiter the reader may sniff
 * (`;`, `,`, tab) — a header taken from a question's text may hold commas, and the copy must read back alike.
 */
const NEEDS_QUOTES = /[;,\t"\r\n]/;
export const csvField = (value: string): string =>
  NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/**
 * The export's records without the columns at `ignored` (0-based places), as UTF-8 CSV.
 * @throws Error when the bytes no longer open: they were accepted a moment ago, so that is a bug, not bad input.
 */
export const withoutColumns = (
  bytes: Uint8Array,
  opts: IngestOptions,
  ignored: readonly number[],
): Uint8Array => {
  const source = openSource(bytes, opts);
  if (!source.ok) throw new Error(`an accepted export no longer opens: ${source.error.code}`);
  const skip = new Set(ignored);
  const lines: string[] = [];
  for (let fields = source.records.nextFields(); fields; fields = source.records.nextFields()) {
    lines.push(
      fields
        .filter((_, i) => !skip.has(i))
        .map(csvField)
        .join(';'),
    );
  }
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
};
