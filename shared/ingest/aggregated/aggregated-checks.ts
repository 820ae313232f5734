/**
 * The checks that need several rows of an aggregated export: the groups and their sums, the rows every level
 * must have, n against respondents, and each distribution against its n and mean. They run once every row is
 * sound on its own: on a file with bad rows they would mostly repeat those rows' problems in other words.
 */
import type { Instrument } from '../../instruments/schema.js';
import type { IngestErrorCode } from '../types.js';
import { describeKey, FactSheet, type ItemFact, type OptionFact } from './aggregated-facts.js';
import { type GroupTotals, levelKeys, respondentsOf } from './aggregated-groups.js';
import type { AggregatedColumn } from './aggregated-headers.js';

/**
 * Percentages of one distribution must add up to 100 within this: each rounded to one decimal, four or five
 * options are off by at most 0.25; 0.5 also allows a vendor's rounding to whole percents on a short scale.
 */
export const PERCENT_SUM_TOLERANCE = 0.5;
/** A distribution of counts says the mean exactly: Σ v·count / n and the mean, both to two decimals, may differ by this. */
export const COUNT_MEAN_TOLERANCE = 0.01;
/**
 * A distribution of percentages says the mean up to their rounding: Σ v·percent / Σ percent may differ from the
 * mean by this (whole percents on a 4-point scale are off by at most 0.02, one-decimal ones far less).
 */
export const PERCENT_MEAN_TOLERANCE = 0.05;
/** Room for the binary fractions of decimal input (0.1 + 0.2): far below any tolerance above. */
const EPSILON = 1e-9;

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Reports one problem: at a line (0 for the whole file) and column, which may be absent from the file. */
export type Locate = (
  line: number,
  column: AggregatedColumn | null,
  code: IngestErrorCode,
  message: string,
) => void;

/** Runs every check across rows; each problem goes to `locate`. `row` is `line` or `row` (a workbook's). */
export const checkFacts = (
  facts: FactSheet,
  totals: GroupTotals,
  opts: { instrument: Instrument; minGroupSize: number },
  locate: Locate,
  row: 'line' | 'row',
): void => {
  const { instrument, minGroupSize: min } = opts;
  if (!totals.any) {
    locate(
      0,
      'level',
      'missing_groups',
      'The file has no group rows: give the respondents of every group (onderwijssoort × leerjaar) that took part.',
    );
    return;
  }
  for (const { key, line } of facts.named.values()) {
    if (respondentsOf(totals, key) !== undefined) continue;
    locate(
      line,
      key.level === 'onderwijssoort' ? 'onderwijssoort' : 'leerjaar',
      'level_without_groups',
      `The file gives figures for ${describeKey(key)}, but no group row of it: its respondents are the sum of its groups.`,
    );
  }
  for (const { key, respondents, line } of facts.respondents.values()) {
    const sum = respondentsOf(totals, key);
    if (key.level === 'group' || sum === undefined || sum === respondents) continue;
    locate(
      line,
      'respondents',
      'inconsistent_respondents',
      `${describeKey(key)} has ${respondents} respondents here, but its groups add up to ${sum}.`,
    );
  }
  // Every item at every level large enough to be shown; a smaller level is suppressed whatever its figures.
  for (const key of levelKeys(totals, true)) {
    const respondents = respondentsOf(totals, key) as number;
    if (respondents < min) continue;
    instrument.items.forEach((item, i) => {
      if (facts.items.has(FactSheet.itemId(key, i))) return;
      locate(
        0,
        'item',
        'missing_item',
        `Item ${item.code} has no row at ${describeKey(key)} (${respondents} respondents); every item needs one at every level of ${min} respondents or more.`,
      );
    });
  }
  for (const fact of facts.items.values()) checkItem(fact, facts, totals, opts, locate, row);
  for (const [id, options] of facts.options) {
    const first = options[0] as OptionFact;
    if (facts.items.has(id) || respondentsOf(totals, first.key) === undefined) continue;
    locate(
      first.line,
      'item',
      'missing_item',
      `The distribution of item ${instrument.items[first.item]?.code} at ${describeKey(first.key)} has no item row (with n and mean) to go with it.`,
    );
  }
};

const checkItem = (
  fact: ItemFact,
  facts: FactSheet,
  totals: GroupTotals,
  opts: { instrument: Instrument; minGroupSize: number },
  locate: Locate,
  row: 'line' | 'row',
): void => {
  const respondents = respondentsOf(totals, fact.key);
  if (respondents === undefined) return; // level_without_groups says it
  const item = opts.instrument.items[fact.item];
  if (!item) return;
  const at = `item ${item.code} at ${describeKey(fact.key)}`;
  const min = opts.minGroupSize;
  if (fact.n > respondents) {
    locate(
      fact.line,
      'n',
      'n_exceeds_respondents',
      `n = ${fact.n} for ${at}, which has only ${respondents} respondents.`,
    );
  }
  // A vendor leaves a small cell's mean out; a mean that would be shown must be there. Items outside the
  // averages (yes/no/don't know) never show one.
  if (fact.mean === null && item.inAverage && fact.n > 0 && fact.n >= min) {
    locate(
      fact.line,
      'mean',
      'missing_mean',
      `The mean of ${at} is empty, but with n = ${fact.n} (${min} or more) it is shown.`,
    );
  }
  if (!item.bullying) return;
  const options = facts.options.get(FactSheet.itemId(fact.key, fact.item)) ?? [];
  const first = options[0];
  if (!first) {
    if (respondents >= min && fact.n >= min) {
      locate(
        fact.line,
        'option',
        'missing_distribution',
        `Bullying item ${item.code} at ${describeKey(fact.key)} needs its distribution: one row per option with its count or percent.`,
      );
    }
    return;
  }
  const last = (options[options.length - 1] as OptionFact).line;
  const lines = last === first.line ? `${row} ${first.line}` : `${row}s ${first.line}–${last}`;
  if (first.count !== null) {
    const sum = options.reduce((s, o) => s + (o.count ?? 0), 0);
    if (sum !== fact.n) {
      locate(
        first.line,
        'count',
        'distribution_mismatch',
        `The counts of ${at} (${lines}) add up to ${sum}, but its n is ${fact.n} (${row} ${fact.line}).`,
      );
      return;
    }
    if (fact.mean === null || fact.n === 0) return;
    const implied = options.reduce((s, o) => s + o.value * (o.count ?? 0), 0) / fact.n;
    if (Math.abs(round2(implied) - round2(fact.mean)) > COUNT_MEAN_TOLERANCE + EPSILON) {
      locate(
        first.line,
        'count',
        'distribution_mismatch',
        `The counts of ${at} (${lines}) give a mean of ${round2(implied)}, but its mean is ${fact.mean} (${row} ${fact.line}).`,
      );
    }
    return;
  }
  const sum = options.reduce((s, o) => s + (o.percent ?? 0), 0);
  const wanted = fact.n === 0 ? 0 : 100;
  const tolerance = fact.n === 0 ? 0 : PERCENT_SUM_TOLERANCE;
  if (Math.abs(sum - wanted) > tolerance + EPSILON) {
    locate(
      first.line,
      'percent',
      'distribution_mismatch',
      fact.n === 0
        ? `The percentages of ${at} (${lines}) add up to ${round2(sum)}, but with n = 0 nobody answered (${row} ${fact.line}).`
        : `The percentages of ${at} (${lines}) add up to ${round2(sum)}, not 100 (± ${PERCENT_SUM_TOLERANCE}).`,
    );
    return;
  }
  if (fact.mean === null || fact.n === 0) return;
  // Normalised by their own sum, so that the rounding of the total does not count twice.
  const implied = options.reduce((s, o) => s + o.value * (o.percent ?? 0), 0) / sum;
  if (Math.abs(implied - fact.mean) > PERCENT_MEAN_TOLERANCE + EPSILON) {
    locate(
      first.line,
      'percent',
      'distribution_mismatch',
      `The percentages of ${at} (${lines}) give a mean of ${round2(implied)}, but its mean is ${fact.mean} (${row} ${fact.line}); they may differ by ${PERCENT_MEAN_TOLERANCE} at most.`,
    );
  }
};
