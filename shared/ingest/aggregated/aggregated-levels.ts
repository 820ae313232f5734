/**
 * Turns the checked facts of an aggregated export into the Aggregates respondent rows give (aggregate.ts): the
 * same levels in the same order, the same suppression, the same rounding. Where respondent rows carry more
 * than a vendor's aggregate can (who answered which items), the comments say what stands in for it.
 */

import { DOMAINS, type Instrument, type Item } from '../../instruments/schema.js';
import { summarise } from '../summary.js';
import type {
  Aggregates,
  AnswerShare,
  DomainAggregate,
  ExportSummary,
  ItemAggregate,
  LevelAggregate,
} from '../types.js';
import { FactSheet, type ItemFact, type LevelKey } from './aggregated-facts.js';
import { type GroupTotals, levelKeys, respondentsOf } from './aggregated-groups.js';

/** As aggregate.ts rounds: half away from zero for the non-negative figures here. */
const round = (x: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};

/** An item's mean on 0–100, reversed items flipped so that higher is always better (as aggregate.ts scores). */
const score100 = (item: Item, mean: number): number => {
  const score = ((mean - 1) / (item.scale.points - 1)) * 100;
  return item.reversed ? 100 - score : score;
};

/** The Aggregates of a file whose rows and sums are all checked. */
export const buildAggregates = (
  facts: FactSheet,
  totals: GroupTotals,
  instrument: Instrument,
  minGroupSize: number,
): Aggregates => ({
  minGroupSize,
  levels: levelKeys(totals, true).map((key) =>
    levelOf(key, respondentsOf(totals, key) as number, facts, instrument, minGroupSize),
  ),
});

const levelOf = (
  key: LevelKey,
  respondents: number,
  facts: FactSheet,
  instrument: Instrument,
  min: number,
): LevelAggregate => {
  const levelSuppressed = respondents < min;
  // A suppressed level's item rows are optional: without one, its item has n 0 (and no figure is shown).
  const given = instrument.items.map((_, i) => facts.items.get(FactSheet.itemId(key, i)));
  const items = instrument.items.map((item, i) =>
    itemOf(item, given[i], levelSuppressed, min, facts, FactSheet.itemId(key, i)),
  );
  const domains = DOMAINS.filter((d) => instrument.items.some((i) => i.domain === d)).map(
    (domain): DomainAggregate => {
      let n = 0;
      let sum100 = 0;
      let largest = 0;
      instrument.items.forEach((item, i) => {
        const fact = given[i];
        if (item.domain !== domain || !item.inAverage || !fact) return;
        largest = Math.max(largest, fact.n);
        // An item whose mean the vendor left out (a small cell) cannot be pooled: its answers count in
        // neither the domain's n nor its mean. With every mean given this is aggregate.ts's pooling exactly:
        // n_i · mean100_i is the sum of item i's 0–100 scores.
        if (fact.mean === null || fact.n === 0) return;
        n += fact.n;
        sum100 += fact.n * score100(item, fact.mean);
      });
      // Respondent rows count who answered at least one averaged item of the domain; a vendor's aggregate
      // cannot say that. The largest item n is its best lower bound: so many answered that one item at least.
      const domainRespondents = largest;
      const suppressed = levelSuppressed || domainRespondents < min;
      return {
        domain,
        respondents: domainRespondents,
        n,
        suppressed,
        mean100: suppressed || n === 0 ? null : round(sum100 / n, 1),
      };
    },
  );
  return {
    level: key.level as LevelAggregate['level'],
    key: key.level === 'school' ? 'school' : String(key.onderwijssoort ?? key.leerjaar),
    respondents,
    suppressed: levelSuppressed,
    domains,
    items,
  };
};

const itemOf = (
  item: Item,
  fact: ItemFact | undefined,
  levelSuppressed: boolean,
  min: number,
  facts: FactSheet,
  id: string,
): ItemAggregate => {
  const n = fact?.n ?? 0;
  const suppressed = levelSuppressed || n < min;
  const mean = fact?.mean ?? null;
  // The mean as given, unrounded, scores the 0–100 figure: rounding it first would move mean100 by up to
  // 0.17 on a 4-point scale.
  const scored = !suppressed && item.inAverage && n > 0 && mean !== null;
  return {
    code: item.code,
    domain: item.domain,
    n,
    suppressed,
    mean: scored ? round(mean, 2) : null,
    mean100: scored ? round(score100(item, mean), 1) : null,
    distribution: item.bullying && !suppressed && n > 0 ? distributionOf(item, n, facts, id) : null,
  };
};

/**
 * The counts of n answers that percentages (one per option, in option order) stand for, by largest remainder
 * (Hamilton): each option gets the whole part of its quota percent / 100 × n, and the answers left go one each
 * to the largest remainders, a tie to the lower option first. The counts always add up to n.
 *
 * The quotas are not scaled to the percentages' own sum first. When the percentages are roundings of real
 * counts to d decimals and n < 100 × 10^d, every quota is within 0.5 of its count: a count above its quota
 * keeps its whole part, one below it gets one more, and those are exactly the larger remainders, so the real
 * counts come back. Scaling would move a large quota by up to n × (Σ percent − 100) / 100 and could lose them.
 * Only when the percentages are too far off 100 for that (more answers left than options, or fewer than none)
 * are the quotas scaled to add up to n, which classic Hamilton always can.
 */
export const hamiltonCounts = (percents: readonly number[], n: number): number[] => {
  // Rounded to 9 decimals: 14.3 × 7 / 100 must not floor below 1.001 by a binary fraction.
  const exact = (x: number) => Math.round(x * 1e9) / 1e9;
  const sum = percents.reduce((a, b) => a + b, 0);
  /** The floors and the remainders' order; `left` the answers still to give (0 ≤ left ≤ options when scaled). */
  const apportion = (quotas: number[]) => {
    const counts = quotas.map(Math.floor);
    const left = n - counts.reduce((a, b) => a + b, 0);
    const order = quotas
      .map((q, i) => ({ rest: q - Math.floor(q), i }))
      .sort((a, b) => b.rest - a.rest || a.i - b.i);
    order.slice(0, Math.max(0, left)).forEach(({ i }) => {
      counts[i] = (counts[i] as number) + 1;
    });
    return { counts, left };
  };
  const plain = apportion(percents.map((p) => exact((p * n) / 100)));
  if (plain.left >= 0 && plain.left <= percents.length) return plain.counts;
  if (sum === 0) return percents.map(() => 0); // only with n = 0 (the checks require it)
  // Scaled, the quotas add up to n: their floors to n minus fewer than one per option.
  return apportion(percents.map((p) => exact((p * n) / sum))).counts;
};

/**
 * Every option of the scale, in order; an option the file leaves out has count 0 (and 0%). Counts given are
 * kept; counts from percentages are hamiltonCounts, so they add up to n as given counts must.
 */
const distributionOf = (item: Item, n: number, facts: FactSheet, id: string): AnswerShare[] => {
  const options = facts.options.get(id) ?? [];
  const given = item.scale.labels.map((_, v) => options.find((x) => x.value === v + 1));
  if (options[0]?.percent !== null && options[0]?.percent !== undefined) {
    const percents = given.map((o) => o?.percent ?? 0);
    const counts = hamiltonCounts(percents, n);
    return item.scale.labels.map((label, v) => ({
      value: v + 1,
      label,
      count: counts[v] as number,
      percent: round(percents[v] as number, 1),
    }));
  }
  return item.scale.labels.map((label, v) => {
    const count = given[v]?.count ?? 0;
    return { value: v + 1, label, count, percent: round((count / n) * 100, 1) };
  });
};

/** The summary ingestExport gives, from the groups, marked as a vendor's aggregates. */
export const buildSummary = (
  totals: GroupTotals,
  instrument: string,
  format: { encoding: string; delimiter: ExportSummary['delimiter']; sheet?: string },
): ExportSummary => ({ ...summarise(totals.groups, instrument, format, []), source: 'vendor-aggregated' });
