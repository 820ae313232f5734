/**
 * Streaming aggregation of respondent rows into per-level, per-domain and per-item figures.
 *
 * Rows are counted once, into the finest group they belong to (onderwijssoort × leerjaar): one counter per item
 * and answer value. Every level (school, onderwijssoort, leerjaar) is a sum of groups, and every mean and
 * distribution follows from the counts, so a row costs one increment per answer and memory does not grow with
 * the number of rows.
 */
import { ONDERWIJSSOORTEN, type Onderwijssoort } from '../ids.js';
import { DOMAINS, type Domain, type Instrument } from '../instruments/schema.js';
import type { Aggregates, DomainAggregate, ItemAggregate, LevelAggregate } from './types.js';

export interface AggregateRow {
  onderwijssoort: Onderwijssoort | null;
  leerjaar: number;
  /** One entry per instrument item, in instrument order: the answer value, or null for empty / not applicable. */
  answers: ReadonlyArray<number | null>;
}

const round = (x: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};

/** Leerjaren are 1..8; index 0 is unused. */
const LEERJAAR_SLOTS = 9;
const NO_ONDERWIJSSOORT = ONDERWIJSSOORTEN.length;

/** Counters of one group or level. */
export interface Counters {
  respondents: number;
  /** Answer counts of all items in one array: item i's value v is at offsets[i] + v - 1. */
  counts: Float64Array;
  /** Respondents who answered at least one averaged item of each domain. */
  domainRespondents: Float64Array;
}

export class Aggregator {
  /** Group counters indexed by onderwijssoort slot × LEERJAAR_SLOTS + leerjaar, created on first use. */
  private readonly groups: Array<Counters | undefined>;
  /** Domains present in the instrument, in DOMAINS order. */
  private readonly domains: Domain[];
  private readonly itemDomain: Int32Array;
  private readonly offsets: Int32Array;
  private readonly totalValues: number;
  /** 0–100 score per item and value (same layout as counts), reversed items already flipped. */
  private readonly score100: Float64Array;
  /** Per item: the bit of its domain when it counts towards the domain's averages, else 0. */
  private readonly domainBits: Int32Array;
  private readonly osSlot = new Map<Onderwijssoort, number>(ONDERWIJSSOORTEN.map((o, i) => [o, i]));

  constructor(
    private readonly instrument: Instrument,
    private readonly minGroupSize: number,
  ) {
    const items = instrument.items;
    this.domains = DOMAINS.filter((d) => items.some((i) => i.domain === d));
    this.itemDomain = Int32Array.from(items, (i) => this.domains.indexOf(i.domain));
    this.offsets = new Int32Array(items.length);
    let total = 0;
    items.forEach((item, i) => {
      this.offsets[i] = total;
      total += item.scale.points;
    });
    this.totalValues = total;
    this.score100 = new Float64Array(total);
    items.forEach((item, i) => {
      const p = item.scale.points;
      for (let v = 1; v <= p; v++) {
        const score = ((v - 1) / (p - 1)) * 100;
        this.score100[(this.offsets[i] as number) + v - 1] = item.reversed ? 100 - score : score;
      }
    });
    // A row's answered domains fit in one integer (three domains): no per-row array to clear.
    this.domainBits = Int32Array.from(items, (item, i) =>
      item.inAverage ? 1 << (this.itemDomain[i] as number) : 0,
    );
    this.groups = new Array((ONDERWIJSSOORTEN.length + 1) * LEERJAAR_SLOTS);
  }

  private newCounters(): Counters {
    return {
      respondents: 0,
      counts: new Float64Array(this.totalValues),
      domainRespondents: new Float64Array(this.domains.length),
    };
  }

  /**
   * The counters of the group (onderwijssoort × leerjaar) a row belongs to, for a reader that counts answers as
   * it validates them: `counts[offsets[i] + v - 1]++` per answer, then `finishRow`. Saves a second pass.
   */
  groupOf(onderwijssoort: Onderwijssoort | null, leerjaar: number): Counters {
    const os = onderwijssoort === null ? NO_ONDERWIJSSOORT : (this.osSlot.get(onderwijssoort) as number);
    const slot = os * LEERJAAR_SLOTS + leerjaar;
    let group = this.groups[slot];
    if (!group) {
      group = this.newCounters();
      this.groups[slot] = group;
    }
    return group;
  }

  /**
   * Item layout for readers that count through groupOf: item i's value v is counted at `offsets[i] + v - 1`,
   * and a row that answers item i answers the domains in `domainBits[i]` (0 for items outside the averages).
   */
  get layout(): { offsets: Int32Array; domainBits: Int32Array } {
    return { offsets: this.offsets, domainBits: this.domainBits };
  }

  /**
   * Completes a row counted through groupOf: bit d of `answeredDomains` is set when the row answered an
   * averaged item of domain d (the OR of `layout.domainBits` over its answered items).
   */
  finishRow(group: Counters, answeredDomains: number): void {
    group.respondents++;
    const { domainRespondents } = group;
    for (let d = 0, bits = answeredDomains; bits !== 0; d++, bits >>>= 1) {
      domainRespondents[d] = (domainRespondents[d] as number) + (bits & 1);
    }
  }

  /** Adds one valid respondent. Answers must already be within each item's scale (0 or null = no answer). */
  add(row: AggregateRow): void {
    this.addAnswers(row.onderwijssoort, row.leerjaar, row.answers);
  }

  /** The hot path: `answers[i]` is item i's value, or 0 / null when the item was not answered. */
  addAnswers(
    onderwijssoort: Onderwijssoort | null,
    leerjaar: number,
    answers: ArrayLike<number | null>,
  ): void {
    const group = this.groupOf(onderwijssoort, leerjaar);
    const { counts } = group;
    const { offsets, domainBits } = this;
    let answered = 0;
    const n = offsets.length;
    for (let i = 0; i < n; i++) {
      const v = answers[i];
      if (!v) continue;
      const at = (offsets[i] as number) + v - 1;
      counts[at] = (counts[at] as number) + 1;
      answered |= domainBits[i] as number;
    }
    this.finishRow(group, answered);
  }

  /** Respondents per (onderwijssoort, leerjaar) group, ordered by onderwijssoort then leerjaar. */
  groupSizes(): Array<{ onderwijssoort: Onderwijssoort | null; leerjaar: number; respondents: number }> {
    const out: Array<{ onderwijssoort: Onderwijssoort | null; leerjaar: number; respondents: number }> = [];
    this.groups.forEach((g, slot) => {
      if (!g) return;
      const os = Math.floor(slot / LEERJAAR_SLOTS);
      out.push({
        onderwijssoort: os === NO_ONDERWIJSSOORT ? null : (ONDERWIJSSOORTEN[os] as Onderwijssoort),
        leerjaar: slot % LEERJAAR_SLOTS,
        respondents: g.respondents,
      });
    });
    return out;
  }

  result(): Aggregates {
    const sum = (filter: (os: number, lj: number) => boolean): Counters => {
      const total = this.newCounters();
      this.groups.forEach((g, slot) => {
        if (!g || !filter(Math.floor(slot / LEERJAAR_SLOTS), slot % LEERJAAR_SLOTS)) return;
        total.respondents += g.respondents;
        for (let k = 0; k < g.counts.length; k++)
          total.counts[k] = (total.counts[k] as number) + (g.counts[k] as number);
        for (let d = 0; d < g.domainRespondents.length; d++) {
          total.domainRespondents[d] =
            (total.domainRespondents[d] as number) + (g.domainRespondents[d] as number);
        }
      });
      return total;
    };
    const present = (pred: (os: number, lj: number) => boolean) =>
      this.groups.some((g, slot) => g && pred(Math.floor(slot / LEERJAAR_SLOTS), slot % LEERJAAR_SLOTS));

    const levels: LevelAggregate[] = [
      this.levelResult(
        'school',
        'school',
        sum(() => true),
      ),
    ];
    ONDERWIJSSOORTEN.forEach((os, i) => {
      if (present((o) => o === i))
        levels.push(
          this.levelResult(
            'onderwijssoort',
            os,
            sum((o) => o === i),
          ),
        );
    });
    for (let lj = 1; lj < LEERJAAR_SLOTS; lj++) {
      if (present((_, l) => l === lj))
        levels.push(
          this.levelResult(
            'leerjaar',
            String(lj),
            sum((_, l) => l === lj),
          ),
        );
    }
    return { minGroupSize: this.minGroupSize, levels };
  }

  private levelResult(level: LevelAggregate['level'], key: string, c: Counters): LevelAggregate {
    const min = this.minGroupSize;
    const levelSuppressed = c.respondents < min;
    const domainN = new Float64Array(this.domains.length);
    const domainSum100 = new Float64Array(this.domains.length);

    const items: ItemAggregate[] = this.instrument.items.map((item, i) => {
      const off = this.offsets[i] as number;
      let n = 0;
      let sum = 0;
      let sum100 = 0;
      for (let v = 1; v <= item.scale.points; v++) {
        const count = c.counts[off + v - 1] as number;
        n += count;
        sum += count * v;
        sum100 += count * (this.score100[off + v - 1] as number);
      }
      if (item.inAverage) {
        const d = this.itemDomain[i] as number;
        domainN[d] = (domainN[d] as number) + n;
        domainSum100[d] = (domainSum100[d] as number) + sum100;
      }
      const suppressed = levelSuppressed || n < min;
      const scored = !suppressed && item.inAverage && n > 0;
      return {
        code: item.code,
        domain: item.domain,
        n,
        suppressed,
        mean: scored ? round(sum / n, 2) : null,
        mean100: scored ? round(sum100 / n, 1) : null,
        distribution:
          item.bullying && !suppressed && n > 0
            ? item.scale.labels.map((label, v) => {
                const count = c.counts[off + v] as number;
                return { value: v + 1, label, count, percent: round((count / n) * 100, 1) };
              })
            : null,
      };
    });

    const domains: DomainAggregate[] = this.domains.map((domain, d) => {
      const respondents = c.domainRespondents[d] as number;
      const n = domainN[d] as number;
      const suppressed = levelSuppressed || respondents < min;
      return {
        domain,
        respondents,
        n,
        suppressed,
        mean100: suppressed || n === 0 ? null : round((domainSum100[d] as number) / n, 1),
      };
    });
    return { level, key, respondents: c.respondents, suppressed: levelSuppressed, domains, items };
  }
}
