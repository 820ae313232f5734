/**
 * The checks across levels of an aggregated export: the school's figures of an item against those of its
 * onderwijssoorten, and against those of its leerjaren. Every respondent belongs to exactly one onderwijssoort
 * (in VO; a PO school has none) and to exactly one leerjaar, so each set of levels splits the school's answers:
 * their n add up to the school's n, their means weighted by n give the school's mean, and a bullying item's
 * counts per option add up to the school's. Respondent rows can never contradict themselves so; a vendor's
 * aggregates can, and are refused (`inconsistent_levels`) when they do.
 *
 * A level may be left out (a suppressed small level's rows are optional), and a small cell's mean may be empty.
 * What is given must then still fit: the n given at most the school's, and at least the school's less what the
 * levels left out could hold; the school's mean within the range the missing answers (each 1..points) allow.
 *
 * These run after every check of aggregated-checks.ts has passed: on levels that are wrong on their own they
 * would only say the same again.
 */
import type { Instrument, Item } from '../../instruments/schema.js';
import type { Locate } from './aggregated-checks.js';
import { FactSheet, type ItemFact, type LevelKey } from './aggregated-facts.js';
import { type GroupTotals, levelKeys, respondentsOf } from './aggregated-groups.js';
import { hamiltonCounts } from './aggregated-levels.js';

/** Room for the binary fractions of decimal input and of the sums below, on the mean's scale. */
const EPSILON = 1e-9;

const SCHOOL: LevelKey = { level: 'school', onderwijssoort: null, leerjaar: null };

type Partition = 'onderwijssoort' | 'leerjaar';
const PLURAL: Record<Partition, string> = { onderwijssoort: 'onderwijssoorten', leerjaar: 'leerjaren' };

const short = (k: LevelKey) =>
  k.level === 'onderwijssoort' ? String(k.onderwijssoort) : `leerjaar ${k.leerjaar}`;
const fmt = (x: number) => String(Math.round(x * 1000) / 1000);

/**
 * How many decimals a file's means carry: the most any of its means is written with. A mean's own digits
 * understate it whenever a spreadsheet drops trailing zeros (2,50 is written 2,5, and 2,00 is written 2), and a
 * mean of 2 taken as rounded to whole points would allow ±0.5; a spreadsheet never adds digits. So every mean
 * counts as rounded to this many decimals, and a file gives every mean with the same decimals.
 */
const fileDecimals = (facts: FactSheet): number => {
  let most = 0;
  for (const f of facts.items.values()) if (f.mean !== null) most = Math.max(most, f.meanDecimals);
  return most;
};

/** Runs the checks across levels; each problem goes to `locate`. `row` is `line` or `row` (a workbook's). */
export const checkLevels = (
  facts: FactSheet,
  totals: GroupTotals,
  opts: { instrument: Instrument },
  locate: Locate,
  row: 'line' | 'row',
): void => {
  const decimals = fileDecimals(facts);
  /**
   * A given mean is the true mean rounded, so off by at most h, half a unit of its last decimal: 0.005 for two
   * decimals. The n-weighted mean of means each off by at most h is off by at most h too, so the school's mean
   * and its levels' weighted mean may differ by h + h: 0.01 with two decimals, 0.1 with one, nothing but
   * EPSILON with exact means (every decimal a vendor has). A smaller tolerance would refuse honest roundings
   * (2,08 for 2,0833 next to 2,06 and 2,11); a larger one would let a school's mean drift from its levels'.
   */
  const half = 0.5 * 10 ** -decimals;
  const partitions: Partition[] = ['onderwijssoort', 'leerjaar'];
  for (const partition of partitions) {
    // An onderwijssoort splits the school only when every respondent has one (VO; PO schools have none).
    if (partition === 'onderwijssoort' && totals.groups.some((g) => g.onderwijssoort === null)) continue;
    const subs = levelKeys(totals, false).filter((k) => k.level === partition);
    if (subs.length === 0) continue;
    opts.instrument.items.forEach((item, i) => {
      const school = facts.items.get(FactSheet.itemId(SCHOOL, i));
      if (!school) return; // a suppressed school may leave its item rows out
      const present: Array<{ key: LevelKey; fact: ItemFact }> = [];
      const missing: LevelKey[] = [];
      for (const key of subs) {
        const fact = facts.items.get(FactSheet.itemId(key, i));
        if (fact) present.push({ key, fact });
        else if ((respondentsOf(totals, key) ?? 0) > 0) missing.push(key);
      }
      const check = new LevelCheck(item, school, present, missing, totals, partition, locate, row);
      if (!check.n()) return;
      check.mean(half);
      if (item.bullying) check.distribution(facts, i);
    });
  }
};

/** The checks of one item at the school against one set of levels. */
class LevelCheck {
  private readonly at: string;
  private readonly levels: string;

  constructor(
    private readonly item: Item,
    private readonly school: ItemFact,
    private readonly present: Array<{ key: LevelKey; fact: ItemFact }>,
    private readonly missing: LevelKey[],
    private readonly totals: GroupTotals,
    partition: Partition,
    private readonly locate: Locate,
    private readonly row: 'line' | 'row',
  ) {
    this.at = `item ${item.code} at the school (${row} ${school.line})`;
    this.levels = PLURAL[partition];
  }

  private fail(column: 'n' | 'mean' | 'count' | 'percent', line: number, message: string): void {
    this.locate(line, column, 'inconsistent_levels', message);
  }

  /** Σ n against the school's n; false when they do not fit (then the mean and counts are not compared). */
  n(): boolean {
    const sum = this.present.reduce((s, p) => s + p.fact.n, 0);
    const list = this.present.map((p) => `${short(p.key)} ${p.fact.n}`).join(', ');
    const n = this.school.n;
    if (this.missing.length === 0) {
      if (sum === n) return true;
      this.fail(
        'n',
        this.school.line,
        `n = ${n} for ${this.at}, but its ${this.levels} add up to ${sum} (${list}): every answer counts in exactly one of them.`,
      );
      return false;
    }
    const room = this.missing.reduce((s, k) => s + (respondentsOf(this.totals, k) ?? 0), 0);
    const without = this.missing.map(short).join(', ');
    if (sum > n) {
      this.fail(
        'n',
        this.school.line,
        `n = ${n} for ${this.at}, but the ${this.levels} given already add up to ${sum} (${list}; ${without} ${this.missing.length === 1 ? 'gives' : 'give'} no row of it).`,
      );
      return false;
    }
    if (n - sum > room) {
      this.fail(
        'n',
        this.school.line,
        `n = ${n} for ${this.at}, but its ${this.levels} give ${sum} (${list || 'none'}), and ${without}, without a row of it, ${this.missing.length === 1 ? 'has' : 'have'} only ${room} respondent${room === 1 ? '' : 's'}: at most ${sum + room}.`,
      );
      return false;
    }
    return true;
  }

  /**
   * The school's mean against the levels' means weighted by n. Answers whose mean is not given (a level left
   * out, or a small cell's empty mean) may have any mean on the scale: then the school's mean must lie in the
   * range they allow. `half` is the rounding of a given mean (see checkLevels): the school's and each given
   * level's, weighted by their n.
   */
  mean(half: number): void {
    const school = this.school;
    if (school.mean === null || school.n === 0) return;
    const known = this.present.filter((p) => p.fact.mean !== null && p.fact.n > 0);
    const knownN = known.reduce((s, p) => s + p.fact.n, 0);
    const weighted = known.reduce((s, p) => s + p.fact.n * (p.fact.mean as number), 0);
    const unknown = school.n - knownN;
    // On the sums' scale (n × mean): the school's rounding times its n, each level's times its n.
    const rounding = (school.n + knownN) * half;
    const slack = rounding + school.n * EPSILON;
    const total = school.n * school.mean;
    const low = weighted + unknown;
    const high = weighted + this.item.scale.points * unknown;
    if (total >= low - slack && total <= high + slack) return;
    const given = known.map((p) => `${short(p.key)}: ${p.fact.mean}, n ${p.fact.n}`).join('; ');
    const tolerance = Number((rounding / school.n).toPrecision(2));
    this.fail(
      'mean',
      school.line,
      unknown === 0
        ? `The mean ${school.mean} of ${this.at} does not fit its ${this.levels}: their means weighted by n (${given}) give ${fmt(weighted / knownN)}, and with the rounding of the means given they may differ by ${tolerance} at most.`
        : `The mean ${school.mean} of ${this.at} does not fit its ${this.levels}: with the means given (${given || 'none'}) and ${unknown} answer${unknown === 1 ? '' : 's'} whose mean is not given (each 1–${this.item.scale.points}), the school's mean lies between ${fmt(low / school.n)} and ${fmt(high / school.n)} (± ${tolerance}, the rounding of the means given).`,
    );
  }

  /**
   * A bullying item's counts per option: the levels' add up to the school's when every level has counts,
   * and stay at or below them when some have none. Percentages take part only through counts they fix
   * exactly (exactCounts); a distribution whose percentages do not is left out, as if not given.
   */
  distribution(facts: FactSheet, i: number): void {
    const school = exactCounts(facts, this.school, this.item, i);
    if (!school) return;
    const parts = this.present.map((p) => ({ key: p.key, counts: exactCounts(facts, p.fact, this.item, i) }));
    const complete = this.missing.length === 0 && parts.every((p) => p.counts !== undefined);
    const counted = parts.filter((p) => p.counts !== undefined);
    const options = facts.options.get(FactSheet.itemId(SCHOOL, i)) ?? [];
    const column = options[0]?.percent !== null && options[0]?.percent !== undefined ? 'percent' : 'count';
    school.forEach((own, v) => {
      const sum = counted.reduce((s, p) => s + (p.counts?.[v] ?? 0), 0);
      if (complete ? sum === own : sum <= own) return;
      const list = counted.map((p) => `${short(p.key)} ${p.counts?.[v] ?? 0}`).join(', ');
      const option = options.find((o) => o.value === v + 1);
      const what =
        column === 'percent'
          ? `the school's count of option ${v + 1} (from its percentages) is ${own}`
          : `the school's count of option ${v + 1} is ${own}`;
      this.fail(
        column,
        option?.line ?? this.school.line,
        complete
          ? `Item ${this.item.code}: ${what} (${this.row} ${option?.line ?? this.school.line}), but its ${this.levels}' counts add up to ${sum} (${list}).`
          : `Item ${this.item.code}: ${what} (${this.row} ${option?.line ?? this.school.line}), but the ${this.levels} given already count ${sum} (${list}).`,
      );
    });
  }
}

/**
 * The counts per option (in option order) of an item's distribution at one level, when the file fixes them:
 * counts as given; percentages only when they stand for exactly one set of counts. With percentages to d
 * decimals (the most any of the distribution's percentages is written with; fewer than the vendor used only
 * makes this skip more often), a count c of n shows as 100·c/n rounded, and two counts differ by 100/n: when n is
 * below 100 × 10^d that is more than the rounding, so at most one count fits each percentage, and
 * hamiltonCounts finds it. The counts are exact when each of them gives its percentage back within the
 * rounding. Otherwise (n too large for the decimals, or percentages that fit no counts) undefined: the checks
 * across levels skip that distribution rather than compare counts that were guessed.
 */
const exactCounts = (facts: FactSheet, fact: ItemFact, item: Item, i: number): number[] | undefined => {
  const given = facts.options.get(FactSheet.itemId(fact.key, i)) ?? [];
  const n = fact.n;
  const byValue = (pick: (value: number) => number | null | undefined) =>
    item.scale.labels.map((_, v) => pick(v + 1) ?? 0);
  if (n === 0) return byValue(() => 0);
  const first = given[0];
  if (!first) return undefined; // a small cell's distribution may be left out
  if (first.count !== null) return byValue((value) => given.find((o) => o.value === value)?.count);
  const decimals = Math.max(...given.map((o) => o.percentDecimals));
  if (n >= 100 * 10 ** decimals) return undefined;
  const rounding = 0.5 * 10 ** -decimals;
  const percents = byValue((value) => given.find((o) => o.value === value)?.percent);
  const counts = hamiltonCounts(percents, n);
  const fits = counts.every(
    (c, v) => Math.abs((100 * c) / n - (percents[v] as number)) <= rounding + EPSILON,
  );
  return fits ? counts : undefined;
};
