/**
 * Checks an export's data rows one at a time against the instrument and the school, and counts each clean row's
 * answers into the aggregator as it goes. The same for every file format: CSV records and worksheet rows alike
 * arrive as an array of string fields with their line (or Excel row).
 */

import { isPrimarySector, leerjaarRange, type Onderwijssoort } from '../ids.js';
import { type Item, NOT_APPLICABLE, normaliseSpelling } from '../instruments/schema.js';
import { columnLetters } from '../xlsx/xml-text.js';
import type { Aggregator } from './aggregate.js';
import { onderwijssoortJudge, quote, type Refusal } from './cell-judgements.js';
import type { ColumnMap } from './headers.js';
import { leerjaarInRange, parseLeerjaar } from './normalise.js';
import { RespondentIndex } from './respondent-index.js';
import { SpellingCache } from './spelling-cache.js';
import type { IngestError, IngestOptions } from './types.js';

/** Longest value quoted back in an error message: enough to recognise, too short to leak a free-text answer. */
export { quote };

/** What one spelling of an onderwijssoort means: the value, none (empty where allowed), or an error. */
type OnderwijssoortVerdict = Onderwijssoort | null | { code: IngestError['code']; message: string };

/**
 * Validates one data row at a time, reports every problem in it and counts its answers into the aggregator.
 * The row's group is left in `onderwijssoort` and `leerjaar` (reused for every row: this is the hot path).
 */
export class RowValidator {
  onderwijssoort: Onderwijssoort | null = null;
  leerjaar = 0;

  /** The one piece of per-row state, needed to find duplicates: 12 bytes a respondent. Looks up in batches. */
  private readonly seen: RespondentIndex;
  private readonly notApplicable: Array<Set<string>>;
  /** Per item, the spellings the definition maps onto its scale (0 = not applicable): labels and recodes. */
  private readonly recoded: Array<ReadonlyMap<string, number>>;
  /** Per item, the highest single digit that means itself: 0 when a recode gives digits another meaning. */
  private readonly fastMax: Int32Array;
  /** A non-empty onderwijssoort's verdict, by the rule aggregates are judged by too. */
  private readonly judgeNonEmpty: (raw: string) => Onderwijssoort | Refusal;
  /** Per item, the verdict on each spelling off the fast path (words, recoded digits): -1 when it is no answer. */
  private readonly answerCaches: Array<SpellingCache<number>>;
  private readonly points: Int32Array;
  private readonly itemColumns: Int32Array;
  private readonly primary: boolean;
  private readonly range: { min: number; max: number };
  /** Exports repeat a handful of spellings thousands of times: normalise each spelling once. */
  private readonly leerjaarCache = new SpellingCache<number | null>((raw) => {
    const leerjaar = parseLeerjaar(raw, this.opts.school.sector);
    return leerjaar !== null && leerjaarInRange(leerjaar, this.opts.school.sector) ? leerjaar : null;
  });
  private readonly onderwijssoortCache = new SpellingCache<OnderwijssoortVerdict>((cell) =>
    this.judgeOnderwijssoort(cell.trim()),
  );
  private line = 0;
  private ok = true;
  /** Per item: where its answer 1 is counted (its value v at `countAt[i] + v`). */
  private readonly countAt: Int32Array;
  private readonly domainBits: Int32Array;

  constructor(
    private readonly columns: ColumnMap,
    private readonly opts: IngestOptions,
    private readonly record: (e: IngestError) => void,
    private readonly aggregator: Aggregator,
    expectedRows: number,
    /** A worksheet's rows: places are Excel rows, and a row is never short (empty cells are empty fields). */
    private readonly workbook = false,
  ) {
    const items = opts.instrument.items;
    this.notApplicable = items.map((i) => new Set(i.notApplicable.map((c) => c.toLowerCase())));
    this.recoded = items.map(recodeTable);
    // Only a table that gives a digit of the scale another meaning (0-based codes) turns the digits off; `9: nvt`
    // on a 4-point scale leaves 1–4 as they are.
    this.fastMax = Int32Array.from(items, (item, i) =>
      [...(this.recoded[i] as ReadonlyMap<string, number>)].some(
        ([k, v]) => /^\d+$/.test(k) && Number(k) >= 1 && Number(k) <= item.scale.points && v !== Number(k),
      )
        ? 0
        : item.scale.points,
    );
    this.judgeNonEmpty = onderwijssoortJudge(opts.instrument, opts.school);
    this.answerCaches = items.map((_, i) => new SpellingCache<number>((raw) => this.answer(raw, i) ?? -1));
    this.points = Int32Array.from(items, (i) => i.scale.points);
    this.itemColumns = Int32Array.from(columns.items);
    const layout = aggregator.layout;
    this.countAt = layout.offsets.map((o) => o - 1);
    this.domainBits = layout.domainBits;
    this.seen = new RespondentIndex(
      (respondent, line, first) =>
        this.record({
          line,
          column: columns.respondent + 1,
          field: (columns.headers[columns.respondent] ?? '').trim(),
          code: 'duplicate_respondent',
          message: `Respondent ${quote(respondent)} already occurs on ${workbook ? 'row' : 'line'} ${first}.`,
        }),
      Math.min(opts.maxRows, expectedRows),
    );
    this.primary = isPrimarySector(opts.school.sector);
    this.range = leerjaarRange(opts.school.sector);
  }

  /**
   * Reports the duplicates found among the respondents checked so far. Every other report does this first, so
   * that errors stay in file order (and a row's duplicate id comes before its other problems, as it is checked
   * first); the caller does it once more after the last row.
   */
  flushDuplicates(): void {
    this.seen.flush();
  }

  private report(error: IngestError): void {
    this.seen.flush();
    this.record(error);
  }

  private fail(col: number, code: IngestError['code'], message: string): void {
    this.ok = false;
    this.report({
      line: this.line,
      column: col + 1,
      field: (this.columns.headers[col] ?? '').trim(),
      code,
      message,
    });
  }

  /** Validates a row and, when `count` is set and the row is clean so far, counts its answers as it goes. */
  check(fields: string[], line: number, count: boolean): boolean {
    const { columns } = this;
    this.line = line;
    this.ok = true;
    const width = columns.headers.length;
    if (
      fields.length !== width &&
      !(fields.length > width && fields.slice(width).every((f) => f.trim() === ''))
    ) {
      // Trailing empty fields (`;;;`) are what spreadsheets add; anything else means the row is shifted.
      if (this.workbook) return this.valueRightOfHeader(fields, line, width);
      this.report({
        line,
        column: null,
        field: null,
        code: 'field_count',
        message: `The row has ${fields.length} fields where the header has ${width}; check for a stray or missing delimiter.`,
      });
      return false;
    }

    const rawId = fields[columns.respondent] ?? '';
    // trim() only when needed: most ids have no surrounding spaces, and this runs for every row.
    const respondent =
      rawId.length > 0 && rawId.charCodeAt(0) > 32 && rawId.charCodeAt(rawId.length - 1) > 32
        ? rawId
        : rawId.trim();
    if (respondent === '') {
      this.fail(
        columns.respondent,
        'missing_respondent',
        'The respondent id is empty; every row needs an anonymous id.',
      );
    } else {
      // A duplicate is reported when its batch is flushed; the row is meanwhile checked (and counted) as if
      // clean, which is harmless: any error rejects the whole file, aggregates included.
      this.seen.add(respondent, line);
    }

    this.checkLeerjaar(fields[columns.leerjaar] ?? '');
    this.onderwijssoort = null;
    if (columns.onderwijssoort >= 0) this.checkOnderwijssoort(fields[columns.onderwijssoort] ?? '');

    // Counting while validating saves a second pass over the answers. A row that turns out bad halfway has
    // then been counted in part, but any bad row rejects the whole file, aggregates included.
    const group = count && this.ok ? this.aggregator.groupOf(this.onderwijssoort, this.leerjaar) : undefined;
    const counts = group?.counts;
    const { fastMax, itemColumns, countAt, domainBits } = this;
    let answered = 0;
    const n = fastMax.length;
    for (let i = 0; i < n; i++) {
      const raw = fields[itemColumns[i] as number] as string;
      // Fast path: the overwhelming majority of answers is a single digit within the scale. The rest, empty
      // answers, words and recoded digits included, takes the full check.
      let v = raw.length === 1 ? raw.charCodeAt(0) - 48 : 0;
      if (v < 1 || v > (fastMax[i] as number)) {
        v = this.otherAnswer(raw, i);
        if (v === 0) continue;
      }
      if (!counts) continue;
      const at = (countAt[i] as number) + v;
      counts[at] = (counts[at] as number) + 1;
      answered |= domainBits[i] as number;
    }
    if (group && this.ok) this.aggregator.finishRow(group, answered);
    return this.ok;
  }

  /** A worksheet row with a value right of the header's last column: that value has no column to be in. */
  private valueRightOfHeader(fields: string[], line: number, width: number): false {
    const extra = fields.findIndex((f, i) => i >= width && f.trim() !== '');
    this.report({
      line,
      column: extra + 1,
      field: null,
      code: 'field_count',
      message: `Column ${columnLetters(extra + 1)} has a value, but the header row ends at column ${columnLetters(width)}.`,
    });
    return false;
  }

  private checkLeerjaar(raw: string): void {
    const leerjaar = this.leerjaarCache.get(raw);
    if (leerjaar === null) {
      const what = this.primary ? 'groep' : 'leerjaar';
      this.fail(
        this.columns.leerjaar,
        'invalid_leerjaar',
        `${quote(raw.trim())} is not a valid ${what} for a ${this.opts.school.sector} school; expected ${this.range.min}–${this.range.max}.`,
      );
      this.leerjaar = 0;
    } else {
      this.leerjaar = leerjaar;
    }
  }

  private checkOnderwijssoort(cell: string): void {
    const verdict = this.onderwijssoortCache.get(cell);
    if (typeof verdict === 'string' || verdict === null) {
      this.onderwijssoort = verdict;
    } else {
      this.fail(this.columns.onderwijssoort, verdict.code, verdict.message);
    }
  }

  private judgeOnderwijssoort(raw: string): OnderwijssoortVerdict {
    const offered = this.opts.school.onderwijssoorten;
    if (raw === '') {
      return offered.length > 0
        ? {
            code: 'unknown_onderwijssoort',
            message: `The onderwijssoort is empty; expected one of ${offered.join(', ')}.`,
          }
        : null;
    }
    return this.judgeNonEmpty(raw);
  }

  /**
   * The value of an answer that is not a plain digit within the scale: 0 when it is empty or not applicable,
   * and 0 after reporting out_of_scale when it is not a valid answer.
   */
  private otherAnswer(raw: string, i: number): number {
    if (raw.length === 0) return 0;
    const v = (this.answerCaches[i] as SpellingCache<number>).get(raw);
    if (v >= 0) return v;
    const item = this.opts.instrument.items[i];
    if (item) {
      const na = item.notApplicable.length > 0 ? `, or one of ${item.notApplicable.join(', ')}` : '';
      const expected = (this.fastMax[i] as number) > 0 ? `1–${item.scale.points}, ` : '';
      this.fail(
        this.itemColumns[i] as number,
        'out_of_scale',
        `Answer ${quote(raw.trim())} is outside the ${item.scale.points}-point scale of item ${item.code}; expected ${expected}a label of the scale (${quote(item.scale.labels[0] ?? '')} …), empty${na}.`,
      );
    }
    return 0;
  }

  /** The answer value, 0 for empty or not applicable, undefined when it is not a valid answer. */
  private answer(raw: string, item: number): number | undefined {
    const points = this.points[item] as number;
    const value = raw.trim();
    if (value === '') return 0;
    const recoded = (this.recoded[item] as ReadonlyMap<string, number>).get(normaliseSpelling(value));
    if (recoded !== undefined) return recoded;
    if ((this.fastMax[item] as number) > 0 && /^\d+$/.test(value)) {
      const v = Number(value);
      if (v >= 1 && v <= points) return v;
    }
    if ((this.notApplicable[item] as Set<string>).has(value.toLowerCase())) return 0;
    return undefined;
  }
}

/**
 * An item's spellings onto its scale: the scale's labels (always answers), then the scale's recode table, then
 * the item's own, each later one winning; `nvt` becomes 0, which the caller treats as not applicable.
 */
const recodeTable = (item: Item): ReadonlyMap<string, number> => {
  const table = new Map<string, number>();
  for (const [i, label] of item.scale.labels.entries()) table.set(normaliseSpelling(label), i + 1);
  for (const recode of [item.scale.recode, item.recode]) {
    for (const [spelling, value] of Object.entries(recode ?? {})) {
      table.set(normaliseSpelling(spelling), value === NOT_APPLICABLE ? 0 : value);
    }
  }
  return table;
};
