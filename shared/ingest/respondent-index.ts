/**
 * Remembers which respondent ids a file has used, to find duplicates, without keeping the ids themselves.
 *
 * A Map of 100,000 id strings costs more than parsing the whole file (measured: 125 ms against 51 ms), so ids are
 * kept as a 64-bit hash (two independent 32-bit hashes) in one flat typed array with open addressing: 12 bytes a
 * respondent and no garbage. Two different ids share both hashes with a probability of about n²/2⁶⁵, i.e. 3 in
 * 10¹⁰ for a 100,000-row file: far below any other source of error, and the message names both lines.
 */
export class RespondentIndex {
  /** Slots of three ints: hash a, hash b, line of first occurrence (0 = empty; lines start at 1). */
  private table: Int32Array;
  private size = 0;

  /** @param expected rows the file probably has: sizing up front avoids rehashing while it fills. */
  constructor(expected = 512) {
    let slots = 1024;
    while (slots < expected * 2) slots *= 2;
    this.table = new Int32Array(slots * 3);
  }

  /** Records `id` at `line`; returns the line of an earlier occurrence, or 0 when the id is new. */
  addOrGet(id: string, line: number): number {
    let a = 0x811c9dc5;
    let b = 0x9747b28c;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    const table = this.table;
    const mask = table.length / 3 - 1;
    let slot = (a ^ (b >>> 7)) & mask;
    for (;;) {
      const at = slot * 3;
      const existing = table[at + 2] as number;
      if (existing === 0) {
        table[at] = a;
        table[at + 1] = b;
        table[at + 2] = line;
        if (++this.size * 2 > mask + 1) this.grow();
        return 0;
      }
      if (table[at] === a && table[at + 1] === b) return existing;
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
      let slot = (a ^ (b >>> 7)) & mask;
      while (table[slot * 3 + 2] !== 0) slot = (slot + 1) & mask;
      table[slot * 3] = a;
      table[slot * 3 + 1] = b;
      table[slot * 3 + 2] = line;
    }
    this.table = table;
  }
}
