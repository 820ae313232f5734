import { describe, expect, it } from 'vitest';
import { SpellingCache } from '../../shared/ingest/spelling-cache.js';

/** A cache of the length of a spelling (null for `x`) that counts how often it judged. */
const counting = (listed?: number) => {
  const judged: string[] = [];
  const cache = new SpellingCache<number | null>((s) => {
    judged.push(s);
    return s === 'x' ? null : s.length;
  }, listed);
  return { cache, judged };
};

describe('SpellingCache', () => {
  it('judges each spelling once, a null verdict included', () => {
    const { cache, judged } = counting();
    const cells = 'havo;vwo;havo;x;vwo;x;havo'.split(';');
    expect(cells.map((c) => cache.get(c))).toEqual([4, 3, 4, null, 3, null, 4]);
    expect(judged).toEqual(['havo', 'vwo', 'x']);
  });

  it('tells spellings apart by their exact characters', () => {
    const { cache } = counting();
    expect(['havo', 'HAVO', ' havo', ''].map((c) => cache.get(c))).toEqual([4, 4, 5, 0]);
    expect(cache.get(' havo ')).toBe(6);
  });

  it('keeps spellings beyond its list in a Map, judged once as well', () => {
    const { cache, judged } = counting(2);
    const cells = ['a', 'bb', 'ccc', 'x', 'dddd', 'ccc', 'x', 'a', 'dddd', 'bb'];
    expect(cells.map((c) => cache.get(c))).toEqual([1, 2, 3, null, 4, 3, null, 1, 4, 2]);
    expect(judged).toEqual(['a', 'bb', 'ccc', 'x', 'dddd']);
  });
});
