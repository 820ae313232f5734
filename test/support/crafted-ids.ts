/**
 * Respondent ids chosen to pile up in the duplicate index (shared/ingest/respondent-index.ts), as an uploader who
 * knows the index's hash would choose them: every id's home slot falls in the first few slots of the table, so
 * with linear probing each new id walks past all the earlier ones, about n²/2 probes for n ids. Used by the
 * unit test and the ingest bench.
 */

/**
 * The index's hash before it was keyed (up to commit 508ce14): FNV-1a and a murmur-like step over the UTF-16
 * code units, the same for every process, and the home slot `(a ^ (b >>> 7)) & mask`.
 */
export const unkeyedHome = (id: string): number => {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return a ^ (b >>> 7);
};

/**
 * Tables up to 2^20 slots (a million-row file) are covered: an id whose low 20 bits of `home` are below
 * `width` lands in the first `width` slots of every smaller power-of-two table too.
 */
const COVERED_BITS = 20;

/**
 * `count` distinct ids `R<8 digits>` (the shape of `ordinaryIds`) whose `home` lands in the first `width` slots of
 * any power-of-two table of up to 2^20 slots. About `count × 2^20 / width` candidates are hashed.
 */
export const craftIds = (count: number, home: (id: string) => number, width = 4096): string[] => {
  const mask = (1 << COVERED_BITS) - 1;
  const out: string[] = [];
  for (let k = 10_000_000; out.length < count; k++) {
    if (k > 99_999_999) throw new Error('ran out of 8-digit candidates');
    const id = `R${k}`;
    if ((home(id) & mask) < width) out.push(id);
  }
  return out;
};

/** `count` ids of the same shape and length as the crafted ones, in plain order. */
export const ordinaryIds = (count: number): string[] =>
  Array.from({ length: count }, (_, r) => `R${10_000_000 + r}`);
