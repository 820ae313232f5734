/**
 * Streaming aggregation of respondent rows into per-level, per-domain and per-item figures. Rows are added one
 * at a time and forgotten; only counters per level are kept, so memory does not grow with the number of rows.
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

/** Counters of one level (the school, one onderwijssoort or one leerjaar). */
class LevelCounters {
  respondents = 0;
  readonly itemN: Float64Array;
  readonly itemSum: Float64Array;
  /** Answer counts of all items in one array: item i's value v is at offset[i] + v - 1. */
  readonly counts: Int32Array;
  readonly domainN: Float64Array;
  readonly domainSum100: Float64Array;
  readonly domainRespondents: Float64Array;

  constructor(items: number, totalValues: number, domains: number) {
    this.itemN = new Float64Array(items);
    this.itemSum = new Float64Array(items);
    this.counts = new Int32Array(totalValues);
    this.domainN = new Float64Array(domains);
    this.domainSum100 = new Float64Array(domains);
    this.domainRespondents = new Float64Array(domains);
  }
}

export class Aggregator {
  private readonly school: LevelCounters;
  private readonly byOnderwijssoort = new Map<Onderwijssoort, LevelCounters>();
  private readonly byLeerjaar = new Map<number, LevelCounters>();
  /** Domains present in the instrument, in DOMAINS order. */
  private readonly domains: Domain[];
  private readonly itemDomain: Int32Array;
  private readonly inAverage: Uint8Array;
  private readonly offsets: Int32Array;
  private readonly totalValues: number;
  /** 0–100 score per item and value (same layout as counts), reversed items already flipped. */
  private readonly score100: Float64Array;
  private readonly answered: Uint8Array;

  constructor(
    private readonly instrument: Instrument,
    private readonly minGroupSize: number,
  ) {
    const items = instrument.items;
    this.domains = DOMAINS.filter((d) => items.some((i) => i.domain === d));
    this.itemDomain = Int32Array.from(items, (i) => this.domains.indexOf(i.domain));
    this.inAverage = Uint8Array.from(items, (i) => (i.inAverage ? 1 : 0));
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
    this.answered = new Uint8Array(this.domains.length);
    this.school = this.newCounters();
  }

  private newCounters(): LevelCounters {
    return new LevelCounters(this.instrument.items.length, this.totalValues, this.domains.length);
  }

  /** Adds one valid respondent. Answers must already be within each item's scale. */
  add(row: AggregateRow): void {
    let os: LevelCounters | undefined;
    if (row.onderwijssoort !== null) {
      os = this.byOnderwijssoort.get(row.onderwijssoort);
      if (!os) {
        os = this.newCounters();
        this.byOnderwijssoort.set(row.onderwijssoort, os);
      }
    }
    let lj = this.byLeerjaar.get(row.leerjaar);
    if (!lj) {
      lj = this.newCounters();
      this.byLeerjaar.set(row.leerjaar, lj);
    }
    const answered = this.answered;
    answered.fill(0);
    const answers = row.answers;
    for (const level of os ? [this.school, os, lj] : [this.school, lj]) {
      level.respondents++;
      for (let i = 0; i < answers.length; i++) {
        const v = answers[i];
        if (v === null || v === undefined) continue;
        const at = (this.offsets[i] as number) + v - 1;
        level.itemN[i] = (level.itemN[i] as number) + 1;
        level.itemSum[i] = (level.itemSum[i] as number) + v;
        level.counts[at] = (level.counts[at] as number) + 1;
        if (this.inAverage[i] === 1) {
          const d = this.itemDomain[i] as number;
          level.domainN[d] = (level.domainN[d] as number) + 1;
          level.domainSum100[d] = (level.domainSum100[d] as number) + (this.score100[at] as number);
          answered[d] = 1;
        }
      }
      // The row's answers are the same at every level, so answered[] ends up the same each time round.
      for (let d = 0; d < answered.length; d++) {
        level.domainRespondents[d] = (level.domainRespondents[d] as number) + (answered[d] as number);
      }
    }
  }

  result(): Aggregates {
    const levels: LevelAggregate[] = [this.levelResult('school', 'school', this.school)];
    for (const os of ONDERWIJSSOORTEN) {
      const c = this.byOnderwijssoort.get(os);
      if (c) levels.push(this.levelResult('onderwijssoort', os, c));
    }
    for (const lj of [...this.byLeerjaar.keys()].sort((a, b) => a - b)) {
      levels.push(this.levelResult('leerjaar', String(lj), this.byLeerjaar.get(lj) as LevelCounters));
    }
    return { minGroupSize: this.minGroupSize, levels };
  }

  private levelResult(level: LevelAggregate['level'], key: string, c: LevelCounters): LevelAggregate {
    const min = this.minGroupSize;
    const levelSuppressed = c.respondents < min;
    const domains: DomainAggregate[] = this.domains.map((domain, d) => {
      const respondents = c.domainRespondents[d] as number;
      const n = c.domainN[d] as number;
      const suppressed = levelSuppressed || respondents < min;
      return {
        domain,
        respondents,
        n,
        suppressed,
        mean100: suppressed || n === 0 ? null : round((c.domainSum100[d] as number) / n, 1),
      };
    });
    const items: ItemAggregate[] = this.instrument.items.map((item, i) => {
      const n = c.itemN[i] as number;
      const suppressed = levelSuppressed || n < min;
      const off = this.offsets[i] as number;
      let sum100 = 0;
      for (let v = 1; v <= item.scale.points; v++)
        sum100 += (c.counts[off + v - 1] as number) * (this.score100[off + v - 1] as number);
      const scored = !suppressed && item.inAverage && n > 0;
      return {
        code: item.code,
        domain: item.domain,
        n,
        suppressed,
        mean: scored ? round((c.itemSum[i] as number) / n, 2) : null,
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
    return { level, key, respondents: c.respondents, suppressed: levelSuppressed, domains, items };
  }
}
