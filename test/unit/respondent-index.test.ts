import { describe, expect, it } from 'vitest';
import { type IndexKey, keyedHome, RespondentIndex } from '../../shared/ingest/respondent-index.js';
import { craftIds, ordinaryIds, unkeyedHome } from '../support/crafted-ids.js';

/** An index with a small batch, and the duplicates it has reported as `id@line<first`. */
const indexWith = (batch: number, expected = 512) => {
  const found: string[] = [];
  const index = new RespondentIndex(
    (id, line, first) => found.push(`${id}@${line}<${first}`),
    expected,
    batch,
  );
  return { index, found };
};

describe('RespondentIndex', () => {
  it('reports a duplicate only when its batch is flushed, with the line of the first occurrence', () => {
    const { index, found } = indexWith(4);
    index.add('a', 2);
    index.add('b', 3);
    index.add('a', 4);
    expect(found).toEqual([]);
    index.flush();
    expect(found).toEqual(['a@4<2']);
    index.flush();
    expect(found).toEqual(['a@4<2']);
  });

  it('flushes by itself when a batch is full, and finds duplicates across batches in the order added', () => {
    const { index, found } = indexWith(3);
    for (const [id, line] of [
      ['x', 2],
      ['y', 3],
      ['z', 4], // batch full: flushed here
      ['y', 5],
      ['x', 6],
    ] as const)
      index.add(id, line);
    expect(found).toEqual([]);
    index.add('y', 7); // second batch full
    expect(found).toEqual(['y@5<3', 'x@6<2', 'y@7<3']);
  });

  it('reports at once with a batch of one', () => {
    const { index, found } = indexWith(1);
    index.add('r1', 2);
    index.add('r1', 3);
    expect(found).toEqual(['r1@3<2']);
  });

  it('keeps every id while the table grows far beyond its expected size', () => {
    const { index, found } = indexWith(100, 10);
    for (let i = 0; i < 5000; i++) index.add(`R${i}`, i + 2);
    index.flush();
    expect(found).toEqual([]);
    for (const i of [0, 1234, 4999]) index.add(`R${i}`, 6000 + i);
    index.add('R5000', 9999);
    index.flush();
    expect(found).toEqual(['R0@6000<2', 'R1234@7234<1236', 'R4999@10999<5001']);
  });

  it('tells ids apart that differ only in case or order', () => {
    const { index, found } = indexWith(8);
    for (const [i, id] of ['ab', 'ba', 'AB', 'a', 'b', ''].entries()) index.add(id, i + 2);
    index.flush();
    expect(found).toEqual([]);
  });

  it('reports each duplicate once when the reporter flushes again', () => {
    const found: string[] = [];
    const index: RespondentIndex = new RespondentIndex(
      (id, line) => {
        found.push(`${id}@${line}`);
        index.flush();
      },
      512,
      8,
    );
    for (const [i, id] of ['a', 'a', 'b', 'a'].entries()) index.add(id, i + 2);
    index.flush();
    expect(found).toEqual(['a@3', 'a@5']);
  });
});

describe('RespondentIndex: where an id lands is not the uploader’s choice', () => {
  const n = 2000;
  /** Fixed keys, so that the test is deterministic; in a process the key is random. */
  const KEYS: IndexKey[] = [
    [1, 2, 3, 4],
    [0x12345678, -1, 0x0badf00d, 7],
    [0, 0, 0, 0],
  ];
  /** Slots looked at past the home slots while adding `ids` to an index sized for them. */
  const probesOf = (ids: readonly string[], key: IndexKey) => {
    const index = new RespondentIndex(
      () => {
        throw new Error('no duplicates expected');
      },
      ids.length,
      128,
      key,
    );
    for (const [i, id] of ids.entries()) index.add(id, i + 2);
    index.flush();
    return index.probes;
  };
  // Linear probing at most half full: about one extra slot per id on average. Clustered ids cost ~n²/2.
  const bound = 2 * n;

  it('keeps ordinary ids cheap', () => {
    for (const key of KEYS) expect(probesOf(ordinaryIds(n), key)).toBeLessThan(bound);
  });

  it('would cluster ids crafted with the key itself: the probe count shows it', () => {
    const key = KEYS[1] as IndexKey;
    const crafted = craftIds(n, (id) => keyedHome(id, key), 1024);
    expect(probesOf(crafted, key)).toBeGreaterThan(100 * bound);
  });

  it('does not cluster ids crafted against the unkeyed hash it used before', () => {
    const crafted = craftIds(n, unkeyedHome, 1024);
    for (const key of KEYS) expect(probesOf(crafted, key)).toBeLessThan(bound);
  });

  it('does not cluster ids crafted against a key the uploader guessed', () => {
    const [guessed, ...others] = KEYS as [IndexKey, ...IndexKey[]];
    const crafted = craftIds(n, (id) => keyedHome(id, guessed), 1024);
    for (const key of others) expect(probesOf(crafted, key)).toBeLessThan(bound);
  });

  it('does not cluster ids that differ only in their last characters', () => {
    const ids = Array.from({ length: n }, (_, i) => `${'x'.repeat(40)}${String.fromCharCode(0x4e00 + i)}`);
    for (const key of KEYS) expect(probesOf(ids, key)).toBeLessThan(bound);
  });
});
