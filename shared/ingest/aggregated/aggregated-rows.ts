/**
 * Reads the rows of an aggregated export one at a time: each is checked on its own — its kind, its level key,
 * its numbers — and, when clean, added to the FactSheet. What needs several rows (sums, required rows,
 * distributions) is aggregated-checks.ts's job, once every row is known to be sound.
 *
 * A row's kind follows from two cells: no item is a respondents row; an item without option is an item row; an
 * item with an option is a distribution row. Every other cell must then be filled or empty as that kind says, so
 * a row that mixes kinds is refused at the cell that does not belong.
 */
import type { Item } from '../../instruments/schema.js';
import { columnLetters } from '../../xlsx/xml-text.js';
import { quote } from '../row-validator.js';
import type { IngestError, IngestErrorCode, IngestOptions } from '../types.js';
import {
  type Conflict,
  describeKey,
  type FactSheet,
  type ItemFact,
  type LevelKey,
  type OptionFact,
} from './aggregated-facts.js';
import type { AggregatedColumn, AggregatedColumns } from './aggregated-headers.js';
import { readLevelKey } from './aggregated-keys.js';
import {
  classJudge,
  decimalsOf,
  itemFinder,
  onderwijssoortJudge,
  optionFinder,
  parseCount,
  parseDecimal,
  parseLevel,
} from './aggregated-values.js';

type Kind = 'respondents' | 'item' | 'distribution';

/** The cells each kind of row leaves empty, in column order. */
const EMPTY_IN: Record<Kind, readonly AggregatedColumn[]> = {
  respondents: ['n', 'mean', 'count', 'percent'],
  item: ['respondents', 'count', 'percent'],
  distribution: ['respondents', 'n', 'mean'],
};
const KIND_NAME: Record<Kind, string> = {
  respondents: 'a respondents row (item empty)',
  item: 'an item row (item, n and mean; option empty)',
  distribution: 'a distribution row (item, option and count or percent)',
};

/** Checks rows and collects their facts; reports each problem through `report`. */
export class AggregatedRowReader {
  private readonly findItem: (raw: string) => number | undefined;
  private readonly judgeOs: ReturnType<typeof onderwijssoortJudge>;
  private readonly judgeClass: (raw: string) => string;
  private readonly findOption: Array<(raw: string) => number | undefined>;
  private line = 0;
  private ok = true;
  /** The current row's class of its onderwijssoort (classJudge), `plain` without one; its cell as written. */
  private cls = 'plain';
  private rawOs = '';

  constructor(
    private readonly columns: AggregatedColumns,
    private readonly opts: IngestOptions,
    private readonly report: (e: IngestError) => void,
    readonly facts: FactSheet,
    /** A worksheet's rows: a row is never short, and a value right of the header is the problem. */
    private readonly workbook: boolean,
  ) {
    this.findItem = itemFinder(opts.instrument);
    this.judgeOs = onderwijssoortJudge(opts.instrument, opts.school);
    this.judgeClass = classJudge(opts.instrument);
    this.findOption = opts.instrument.items.map(optionFinder);
  }

  private fail(column: AggregatedColumn, code: IngestErrorCode, message: string): void {
    this.ok = false;
    const i = this.columns.index(column);
    this.report({
      line: this.line,
      column: i < 0 ? null : i + 1,
      field: this.columns.field(column),
      code,
      message,
    });
  }

  /** Checks one row; its facts are added only when the whole row is clean. */
  read(fields: string[], line: number): void {
    this.line = line;
    this.ok = true;
    if (!this.widthOk(fields)) return;
    const cols = this.columns;
    const get = (c: AggregatedColumn) => cols.value(fields, c);

    const rawLevel = get('level');
    const level = parseLevel(rawLevel);
    if (level === undefined) {
      if (rawLevel === '')
        this.fail(
          'level',
          'missing_value',
          'The level is empty; expected school, onderwijssoort, leerjaar or group.',
        );
      else
        this.fail(
          'level',
          'unknown_level',
          `${quote(rawLevel)} is not a level; expected school, onderwijssoort, leerjaar or group.`,
        );
      return; // without its level, what the other cells should hold is unknown
    }
    const key = readLevelKey(
      level,
      get('onderwijssoort'),
      get('leerjaar'),
      this.opts.school,
      this.judgeOs,
      (c, code, m) => this.fail(c, code, m),
    );
    this.rawOs = get('onderwijssoort');
    this.cls = key?.onderwijssoort ? this.judgeClass(this.rawOs) : 'plain';

    const rawItem = get('item');
    const rawOption = get('option');
    const kind: Kind = rawItem === '' ? 'respondents' : rawOption === '' ? 'item' : 'distribution';
    if (kind === 'respondents' && rawOption !== '') {
      this.fail(
        'option',
        'unexpected_value',
        `${KIND_NAME.respondents} has no option; name the item or leave the option empty.`,
      );
    }
    for (const c of EMPTY_IN[kind]) {
      if (get(c) !== '')
        this.fail(
          c,
          'unexpected_value',
          `${cap(KIND_NAME[kind])} leaves ${c} empty (found ${quote(get(c))}).`,
        );
    }
    if (kind === 'respondents') {
      const respondents = this.count('respondents', get('respondents'));
      if (this.ok && key && respondents !== undefined) this.addRespondents(key, respondents);
      return;
    }

    let item: number | undefined;
    if (level === 'group') {
      this.fail(
        'item',
        'unexpected_value',
        'A group row gives its respondents only (item empty); give item figures at level school, onderwijssoort or leerjaar.',
      );
    } else {
      item = this.findItem(rawItem);
      if (item === undefined) {
        this.fail(
          'item',
          'unknown_item',
          `${quote(rawItem)} is not an item of instrument ${this.opts.instrument.id}.`,
        );
      }
    }
    const def = item === undefined ? undefined : this.opts.instrument.items[item];
    if (kind === 'item') {
      const n = this.count('n', get('n'));
      const mean = this.mean(get('mean'), def, n);
      if (this.ok && key && item !== undefined && n !== undefined && mean !== undefined) {
        const meanDecimals = mean === null ? 0 : decimalsOf(get('mean'));
        this.addItem({ key, item, n, mean, meanDecimals, line });
      }
      return;
    }
    this.readDistribution(key, item, def, rawOption, get('count'), get('percent'));
  }

  /** A row of as many fields as the header (trailing empty ones, as spreadsheets add, allowed). */
  private widthOk(fields: string[]): boolean {
    const width = this.columns.headers.length;
    if (fields.length === width || fields.slice(width).every((f) => f.trim() === '')) return true;
    const extra = fields.findIndex((f, i) => i >= width && f.trim() !== '');
    this.report(
      this.workbook
        ? {
            line: this.line,
            column: extra + 1,
            field: null,
            code: 'field_count',
            message: `Column ${columnLetters(extra + 1)} has a value, but the header row ends at column ${columnLetters(width)}.`,
          }
        : {
            line: this.line,
            column: null,
            field: null,
            code: 'field_count',
            message: `The row has ${fields.length} fields where the header has ${width}; check for a stray or missing delimiter.`,
          },
    );
    return false;
  }

  private count(column: 'respondents' | 'n' | 'count', raw: string): number | undefined {
    if (raw === '') {
      this.fail(
        column,
        'missing_value',
        `This row needs ${column === 'count' ? 'a count' : `its ${column}`}.`,
      );
      return undefined;
    }
    const v = parseCount(raw);
    if (v === undefined) {
      this.fail(
        column,
        'invalid_number',
        `${quote(raw)} is not a whole number of 0 or more (digits only, no thousands separators).`,
      );
    }
    return v;
  }

  /** The item row's mean (null when empty), or undefined after reporting it. */
  private mean(raw: string, item: Item | undefined, n: number | undefined): number | null | undefined {
    if (raw === '') return null; // whether it may be empty depends on n and the level: aggregated-checks.ts
    const mean = parseDecimal(raw);
    if (mean === undefined) {
      this.fail('mean', 'invalid_number', `${quote(raw)} is not a decimal number (such as 3,25 or 3.25).`);
      return undefined;
    }
    if (n === 0) {
      this.fail('mean', 'unexpected_value', 'With n = 0 nothing was answered: leave the mean empty.');
      return undefined;
    }
    if (item && (mean < 1 || mean > item.scale.points)) {
      this.fail(
        'mean',
        'mean_out_of_scale',
        `The mean ${quote(raw)} of item ${item.code} is outside its scale 1–${item.scale.points}.`,
      );
      return undefined;
    }
    return mean;
  }

  private readDistribution(
    key: LevelKey | undefined,
    item: number | undefined,
    def: Item | undefined,
    rawOption: string,
    rawCount: string,
    rawPercent: string,
  ): void {
    let value: number | undefined;
    if (def && item !== undefined) {
      if (!def.bullying) {
        this.fail(
          'item',
          'not_a_bullying_item',
          `Item ${def.code} is not a bullying item; only bullying items have a distribution per option.`,
        );
      } else {
        value = (this.findOption[item] as (raw: string) => number | undefined)(rawOption);
        if (value === undefined) {
          this.fail(
            'option',
            'invalid_option',
            `${quote(rawOption)} is not an option of item ${def.code}; expected 1–${def.scale.points} or a label of its scale (${quote(def.scale.labels[0] ?? '')} …).`,
          );
        }
      }
    }
    let count: number | null = null;
    let percent: number | null = null;
    let percentDecimals = 0;
    if (rawCount !== '' && rawPercent !== '') {
      this.fail('percent', 'unexpected_value', 'A distribution row gives a count or a percent, not both.');
    } else if (rawCount === '' && rawPercent === '') {
      this.fail(
        this.columns.index('count') >= 0 ? 'count' : 'percent',
        'missing_value',
        'A distribution row needs a count or a percent.',
      );
    } else if (rawCount !== '') {
      count = this.count('count', rawCount) ?? null;
    } else {
      percent = parseDecimal(rawPercent) ?? null;
      percentDecimals = decimalsOf(rawPercent);
      if (percent === null || percent > 100) {
        this.fail(
          'percent',
          'invalid_number',
          `${quote(rawPercent)} is not a percentage from 0 to 100 (such as 12,5 or 12.5).`,
        );
      }
    }
    if (!this.ok || !key || item === undefined || value === undefined) return;
    this.addOption({ key, item, value, count, percent, percentDecimals, line: this.line });
  }

  private addRespondents(key: LevelKey, respondents: number): void {
    const earlier = this.facts.addRespondents(key, respondents, this.line, this.cls);
    if (earlier) this.duplicate('respondents', `The respondents of ${describeKey(key)}`, earlier.line);
  }

  private addItem(fact: ItemFact): void {
    const conflict = this.facts.addItem(fact, this.cls);
    const what = `Item ${this.code(fact.item)} at ${describeKey(fact.key)}`;
    if (conflict?.kind === 'class') this.otherClass('item', what, fact, conflict);
    else if (conflict) this.duplicate('item', what, conflict.line);
  }

  private addOption(fact: OptionFact): void {
    const conflict = this.facts.addOption(fact, this.cls);
    if (conflict?.kind === 'duplicate') {
      const what = `Option ${fact.value} of item ${this.code(fact.item)} at ${describeKey(fact.key)}`;
      this.duplicate('option', what, conflict.line);
    } else if (conflict?.kind === 'class') {
      this.otherClass(
        'option',
        `The distribution of item ${this.code(fact.item)} at ${describeKey(fact.key)}`,
        fact,
        conflict,
      );
    } else if (conflict?.kind === 'mixed') {
      const [given, other] = conflict.counts ? ['counts', 'percent'] : ['percentages', 'count'];
      this.fail(
        other as AggregatedColumn,
        'mixed_distribution',
        `The distribution of item ${this.code(fact.item)} at ${describeKey(fact.key)} is given as ${given} (${this.workbook ? 'row' : 'line'} ${conflict.line}); give every option so, not as a ${other}.`,
      );
    }
  }

  /**
   * An item's figures at an onderwijssoort from a second class of it (`havo/vwo` next to `havo`). Its group
   * rows add up, but n, mean and distribution are not pooled: with an empty mean or percentages, the pooled
   * figures would be a guess. The vendor pools them, or gives them as one class.
   */
  private otherClass(column: AggregatedColumn, what: string, fact: ItemFact | OptionFact, c: Conflict): void {
    const os = fact.key.onderwijssoort;
    this.fail(
      column,
      'duplicate_row',
      `${what}: ${quote(this.rawOs)} counts as ${os}, and ${this.workbook ? 'row' : 'line'} ${c.line} already gives this item's figures for another class of ${os}. Group rows of two classes add up, but an item's figures cannot be pooled from their rows (an empty mean, or percentages of each class's own n, would have to be guessed): give the item once for ${os}, with n summed over both classes, the mean weighted by n and the counts summed.`,
    );
  }

  private duplicate(column: AggregatedColumn, what: string, line: number): void {
    this.fail(
      column,
      'duplicate_row',
      `${what}: already given on ${this.workbook ? 'row' : 'line'} ${line}.`,
    );
  }

  private code(item: number): string {
    return this.opts.instrument.items[item]?.code ?? String(item);
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
