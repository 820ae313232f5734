/**
 * Export ingestion: bytes in; aggregates, or every problem with its line and column, out. Rows are read one at a
 * time and forgotten after aggregation. Any error rejects the whole export: a half-right file is never stored.
 */
import { decodeBytes } from '../csv/decode.js';
import { CsvSyntaxError, parseRecords, sniffDelimiter } from '../csv/parse.js';
import { isPrimarySector, leerjaarRange, type Onderwijssoort } from '../ids.js';
import { Aggregator } from './aggregate.js';
import { type ColumnMap, mapHeaders } from './headers.js';
import { leerjaarInRange, normaliseOnderwijssoort, parseLeerjaar } from './normalise.js';
import type { ExportSummary, IngestError, IngestOptions, IngestResult } from './types.js';

const DEFAULT_MAX_ERRORS = 100;
/** Longest value quoted back in an error message: enough to recognise, too short to leak a free-text answer. */
const QUOTE_MAX = 20;

const quote = (value: string) =>
  JSON.stringify(value.length > QUOTE_MAX ? `${value.slice(0, QUOTE_MAX)}…` : value);

export const ingestExport = (bytes: Uint8Array, opts: IngestOptions): IngestResult => {
  const maxErrors = opts.maxErrors ?? DEFAULT_MAX_ERRORS;
  const errors: IngestError[] = [];
  let errorCount = 0;
  const report = (error: IngestError) => {
    errorCount++;
    if (errors.length < maxErrors) errors.push(error);
  };
  const failed = (): IngestResult => ({ ok: false, errors, errorCount });

  const decoded = decodeBytes(bytes);
  if (!decoded.ok) {
    report({ line: 0, column: null, field: null, code: decoded.code, message: decoded.message });
    return failed();
  }
  const delimiter = sniffDelimiter(decoded.text);
  const records = parseRecords(decoded.text, delimiter);
  const { instrument, school } = opts;

  try {
    const header = records.next();
    if (header.done) {
      report({ line: 0, column: null, field: null, code: 'empty_file', message: 'The file is empty.' });
      return failed();
    }
    const mapped = mapHeaders(header.value.fields, instrument, school);
    if (!mapped.ok) {
      for (const e of mapped.errors) report(e);
      return failed();
    }
    const columns = mapped.columns;
    const validator = new RowValidator(columns, opts, report);
    const aggregator = new Aggregator(instrument, opts.minGroupSize);
    const summary = new SummaryCounter();

    let rows = 0;
    for (const record of records) {
      rows++;
      if (rows > opts.maxRows) {
        report({
          line: record.line,
          column: null,
          field: null,
          code: 'too_many_rows',
          message: `The file has more than ${opts.maxRows} respondents; split it or contact the service operator.`,
        });
        break;
      }
      const row = validator.check(record.fields, record.line);
      // Once the file is known to be rejected, only validation goes on: its aggregates would be thrown away.
      if (row && errorCount === 0) {
        aggregator.add(row);
        summary.add(row.onderwijssoort, row.leerjaar);
      }
    }
    if (rows === 0) {
      report({
        line: 0,
        column: null,
        field: null,
        code: 'empty_file',
        message: 'The file has a header row but no respondents.',
      });
    }
    if (errorCount > 0) return failed();
    return {
      ok: true,
      summary: summary.result(instrument.id, decoded.encoding, delimiter),
      aggregates: aggregator.result(),
    };
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    report({ line: err.line, column: null, field: null, code: 'unterminated_quote', message: err.message });
    return failed();
  }
};

type ValidRow = { onderwijssoort: Onderwijssoort | null; leerjaar: number; answers: Array<number | null> };

/** Validates one data row at a time; reports every problem in it and returns the row only when it is clean. */
class RowValidator {
  /** respondent id → line of first occurrence. The one piece of per-row state, needed to find duplicates. */
  private readonly seen = new Map<string, number>();
  private readonly notApplicable: Array<Set<string>>;
  private readonly points: Int32Array;
  private readonly primary: boolean;
  private readonly range: { min: number; max: number };

  constructor(
    private readonly columns: ColumnMap,
    private readonly opts: IngestOptions,
    private readonly report: (e: IngestError) => void,
  ) {
    this.notApplicable = opts.instrument.items.map(
      (i) => new Set(i.notApplicable.map((c) => c.toLowerCase())),
    );
    this.points = Int32Array.from(opts.instrument.items, (i) => i.scale.points);
    this.primary = isPrimarySector(opts.school.sector);
    this.range = leerjaarRange(opts.school.sector);
  }

  check(fields: string[], line: number): ValidRow | undefined {
    const { columns, report } = this;
    const width = columns.headers.length;
    if (
      fields.length !== width &&
      !(fields.length > width && fields.slice(width).every((f) => f.trim() === ''))
    ) {
      // Trailing empty fields (`;;;`) are what spreadsheets add; anything else means the row is shifted.
      report({
        line,
        column: null,
        field: null,
        code: 'field_count',
        message: `The row has ${fields.length} fields where the header has ${width}; check for a stray or missing delimiter.`,
      });
      return undefined;
    }
    let ok = true;
    const err = (col: number, code: IngestError['code'], message: string) => {
      ok = false;
      report({ line, column: col + 1, field: (columns.headers[col] ?? '').trim(), code, message });
    };

    const respondent = (fields[columns.respondent] ?? '').trim();
    if (respondent === '') {
      err(
        columns.respondent,
        'missing_respondent',
        'The respondent id is empty; every row needs an anonymous id.',
      );
    } else {
      const first = this.seen.get(respondent);
      if (first !== undefined) {
        err(
          columns.respondent,
          'duplicate_respondent',
          `Respondent ${quote(respondent)} already occurs on line ${first}.`,
        );
      } else {
        this.seen.set(respondent, line);
      }
    }

    const rawLeerjaar = fields[columns.leerjaar] ?? '';
    const leerjaar = parseLeerjaar(rawLeerjaar, this.opts.school.sector);
    if (leerjaar === null || !leerjaarInRange(leerjaar, this.opts.school.sector)) {
      const what = this.primary ? 'groep' : 'leerjaar';
      err(
        columns.leerjaar,
        'invalid_leerjaar',
        `${quote(rawLeerjaar.trim())} is not a valid ${what} for a ${this.opts.school.sector} school; expected ${this.range.min}–${this.range.max}.`,
      );
    }

    let onderwijssoort: Onderwijssoort | null = null;
    if (columns.onderwijssoort >= 0) {
      const raw = (fields[columns.onderwijssoort] ?? '').trim();
      const offered = this.opts.school.onderwijssoorten;
      if (raw === '') {
        if (offered.length > 0) {
          err(
            columns.onderwijssoort,
            'unknown_onderwijssoort',
            `The onderwijssoort is empty; expected one of ${offered.join(', ')}.`,
          );
        }
      } else if (this.primary || offered.length === 0) {
        err(
          columns.onderwijssoort,
          'unknown_onderwijssoort',
          `This school has no onderwijssoorten; leave the column empty (found ${quote(raw)}).`,
        );
      } else {
        onderwijssoort = normaliseOnderwijssoort(raw);
        if (onderwijssoort === null) {
          err(
            columns.onderwijssoort,
            'unknown_onderwijssoort',
            `${quote(raw)} is not an onderwijssoort; expected one of ${offered.join(', ')}.`,
          );
        } else if (!offered.includes(onderwijssoort)) {
          err(
            columns.onderwijssoort,
            'onderwijssoort_not_offered',
            `The school does not offer ${onderwijssoort}; it offers ${offered.join(', ')}.`,
          );
        }
      }
    }

    const items = this.opts.instrument.items;
    const answers: Array<number | null> = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const col = columns.items[i] as number;
      const raw = fields[col] ?? '';
      const value = this.answer(raw, i);
      if (value === undefined) {
        const item = items[i];
        if (!item) continue;
        const na = item.notApplicable.length > 0 ? `, or one of ${item.notApplicable.join(', ')}` : '';
        err(
          col,
          'out_of_scale',
          `Answer ${quote(raw.trim())} is outside the ${item.scale.points}-point scale of item ${item.code}; expected 1–${item.scale.points}, empty${na}.`,
        );
        answers[i] = null;
      } else {
        answers[i] = value;
      }
    }
    return ok && leerjaar !== null ? { onderwijssoort, leerjaar, answers } : undefined;
  }

  /** The answer value, null for empty or not applicable, undefined when it is not a valid answer. */
  private answer(raw: string, item: number): number | null | undefined {
    const points = this.points[item] as number;
    // Fast path: the overwhelming majority of answers is a single digit.
    if (raw.length === 1) {
      const v = raw.charCodeAt(0) - 48;
      if (v >= 1 && v <= points) return v;
    }
    const value = raw.trim();
    if (value === '') return null;
    if (/^\d+$/.test(value)) {
      const v = Number(value);
      if (v >= 1 && v <= points) return v;
    }
    if ((this.notApplicable[item] as Set<string>).has(value.toLowerCase())) return null;
    return undefined;
  }
}

/** Respondents per leerjaar, onderwijssoort and group, in the order the summary lists them. */
class SummaryCounter {
  private readonly groups = new Map<
    string,
    { onderwijssoort: Onderwijssoort | null; leerjaar: number; respondents: number }
  >();
  private respondents = 0;

  add(onderwijssoort: Onderwijssoort | null, leerjaar: number): void {
    this.respondents++;
    const key = `${onderwijssoort ?? ''}|${leerjaar}`;
    const group = this.groups.get(key);
    if (group) group.respondents++;
    else this.groups.set(key, { onderwijssoort, leerjaar, respondents: 1 });
  }

  result(instrument: string, encoding: string, delimiter: ExportSummary['delimiter']): ExportSummary {
    const groups = [...this.groups.values()].sort(
      (a, b) => (a.onderwijssoort ?? '').localeCompare(b.onderwijssoort ?? '') || a.leerjaar - b.leerjaar,
    );
    const leerjaren: Record<string, number> = {};
    const onderwijssoorten: Record<string, number> = {};
    for (const g of groups) {
      leerjaren[g.leerjaar] = (leerjaren[g.leerjaar] ?? 0) + g.respondents;
      if (g.onderwijssoort)
        onderwijssoorten[g.onderwijssoort] = (onderwijssoorten[g.onderwijssoort] ?? 0) + g.respondents;
    }
    return {
      instrument,
      encoding,
      delimiter,
      respondents: this.respondents,
      leerjaren,
      onderwijssoorten,
      groups,
    };
  }
}
