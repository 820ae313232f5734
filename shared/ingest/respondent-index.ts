/**
 * Remembers which respondent ids a file has used, to find duplicates, without keeping the ids themselves.
 *
 * A Map of 100,000 id strings costs more than parsing the whole file (measured: 125 ms against 51 ms), so ids are
 * kept as a 64-bit hash (two independent 32-bit hashes) in one flat typed array with open addressing: 12 bytes a
 * respondent and no garbage. Two different ids share both hashes with a probability of about n²/2⁶⁵, i.e. 3 in
 * 10¹⁰ for a 100,000-row file: far below any other source of error, and the message names both lines.
 *
 * The hash is keyed, so that the uploader cannot steer the cost. With one fixed hash, ids can be chosen offline
 * whose home slots all fall in a few slots of the table; linear probing then walks past every earlier id for each
 * new one (100,000 such ids took 7 s against 0.09 s). Both 32-bit hashes start from a key drawn once per process,
 * and the home slot is a keyed mix of the two (murmur3's finaliser with more key in between), so where an id lands
 * is unknown outside the process. A few integer operations per id; the per-character loop is as before.
 *
 * Ids are looked up in batches. A 100,000-row table (3 MB) does not stay in the CPU cache while the rest of the
 * file streams past, so every lookup was a cache miss, one at a time: 13–15 ms of an 80 ms ingest. A batch first
 * touches the slots of all its ids, in a loop whose loads do not depend on each other so that the CPU fetches
 * them side by side, and only then inserts: about 5 ms for the same file. Duplicates are therefore found when a
 * batch is flushed, not when an id is added: a caller that reports errors in file order flushes before
 * reporting anything else.
 */

/** Four 32-bit words of key: the start of each hash, and two for the home slot's mix. */
export type IndexKey = readonly [number, number, number, number];

/** Drawn once per process (Web Crypto, in Node and browsers alike), never logged or stored. */
const PROCESS_KEY: IndexKey = (() => {
  const words = globalThis.crypto.getRandomValues(new Int32Array(4));
  return [words[0] as number, words[1] as number, words[2] as number, words[3] as number];
})();

/**
 * The home slot's hash of fingerprint (a, b) under key words k2 and k3: the two halves folded into one word with
 * key in between (a bijection in each half), then murmur3's finaliser, so that every input bit reaches every
 * slot bit.
 */
const mix = (a: number, b: number, k2: number, k3: number): number => {
  let h = Math.imul(a ^ k2, 0xcc9e2d51);
  h = ((h << 15) | (h >>> 17)) ^ b ^ k3;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
};

/**
 * The 32-bit hash whose low bits are `id`'s home slot in an index with `key`: what an uploader would need to
 * choose colliding ids. The index computes the same inline (tests check that crafting with it clusters).
 */
export const keyedHome = (id: string, key: IndexKey): number => {
  let a = key[0];
  let b = key[1];
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return mix(a, b, key[2], key[3]);
};

export class RespondentIndex {
  /** Slots of three ints: hash a, hash b, line of first occurrence (0 = empty; lines start at 1). */
  private table: Int32Array;
  private size = 0;
  /**
   * The batch: hash a, hash b, home hash and line of each id not yet looked up, and the ids themselves for the
   * report.
   */
  private readonly pending: Int32Array;
  private readonly pendingIds: string[];
  private pendingCount = 0;
  private readonly batch: number;
  /** Keeps the touching loads observable so that the compiler cannot drop them. */
  private touched = 0;
  private readonly k0: number;
  private readonly k1: number;
  private readonly k2: number;
  private readonly k3: number;
  /** Slots looked at past the home slots, over every lookup so far: what a steered file would drive up. */
  probes = 0;

  /**
   * @param onDuplicate called on flush, in the order the ids were added, for each id that was added before
   *   (`first` is the line of its first occurrence).
   * @param expected rows the file probably has: sizing up front avoids rehashing while it fills.
   * @param batch ids per batch; 1 looks every id up at once (as tests may want).
   * @param key the hash key; the process's random one unless a test fixes it.
   */
  constructor(
    private readonly onDuplicate: (id: string, line: number, first: number) => void,
    expected = 512,
    batch = 128,
    key: IndexKey = PROCESS_KEY,
  ) {
    [this.k0, this.k1, this.k2, this.k3] = key;
    let slots = 1024;
    while (slots < expected * 2) slots *= 2;
    this.table = new Int32Array(slots * 3);
    this.batch = Math.max(1, Math.floor(batch));
    this.pending = new Int32Array(this.batch * 4);
    this.pendingIds = new Array<string>(this.batch).fill('');
  }

  /** Records `id` at `line` (lines start at 1). A duplicate is reported to `onDuplicate` by a later flush. */
  add(id: string, line: number): void {
    let a = this.k0;
    let b = this.k1;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    const k = this.pendingCount;
    const at = k * 4;
    this.pending[at] = a;
    this.pending[at + 1] = b;
    this.pending[at + 2] = mix(a, b, this.k2, this.k3);
    this.pending[at + 3] = line;
    this.pendingIds[k] = id;
    this.pendingCount = k + 1;
    if (k + 1 === this.batch) this.flush();
  }

  /** Looks up every id added since the last flush, and reports the duplicates among them. */
  flush(): void {
    const n = this.pendingCount;
    if (n === 0) return;
    // Emptied first: an onDuplicate that flushes again (it may report, and reporting flushes) finds nothing.
    this.pendingCount = 0;
    const pending = this.pending;
    this.touch(n);
    for (let k = 0; k < n; k++) {
      const at = k * 4;
      const line = pending[at + 3] as number;
      const first = this.insert(
        pending[at] as number,
        pending[at + 1] as number,
        pending[at + 2] as number,
        line,
      );
      if (first !== 0) this.onDuplicate(this.pendingIds[k] as string, line, first);
    }
    // Let go of the ids: the index keeps no id longer than one batch.
    this.pendingIds.fill('', 0, n);
  }

  /** Loads each pending id's home slot; no load waits for another, so the cache misses overlap. */
  private touch(n: number): void {
    const { table, pending } = this;
    const mask = table.length / 3 - 1;
    let sum = this.touched;
    for (let at = 2; at < n * 4; at += 4) {
      sum ^= table[((pending[at] as number) & mask) * 3 + 2] as number;
    }
    this.touched = sum;
  }

  /**
   * Inserts hash (a, b), whose home hash is `home`, first seen at `line`; returns the line of an earlier
   * occurrence, or 0 when new.
   */
  private insert(a: number, b: number, home: number, line: number): number {
    const table = this.table;
    const mask = table.length / 3 - 1;
    let slot = home & mask;
    for (let steps = 0; ; steps++) {
      const at = slot * 3;
      const existing = table[at + 2] as number;
      if (existing === 0) {
        this.probes += steps;
        table[at] = a;
        table[at + 1] = b;
        table[at + 2] = line;
        if (++this.size * 2 > mask + 1) this.grow();
        return 0;
      }
      if (table[at] === a && table[at + 1] === b) {
        this.probes += steps;
        return existing;
      }
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = table.length / 3 - 1;
    for (let at = 0; at < old.length; at += 3) {
      const line = old[at + 2] as number;
      if (line === 0) continue;
      const a = old[at] as number;
      const b = old[at + 1] as number;
      let slot = mix(a, b, this.k2, this.k3) & mask;
      while (table[slot * 3 + 2] !== 0) slot = (slot + 1) & mask;
      table[slot * 3] = a;
      table[slot * 3 + 1] = b;
      table[slot * 3 + 2] = line;
    }
    this.table = table;
  }
}
