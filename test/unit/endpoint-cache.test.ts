/**
 * The bundles' endpoint cache (functions/lib/endpoint-cache.ts) against the package it stands in for: the same
 * steps, and the same random steps, give the same answers, expiry and least-recently-used eviction included.
 */
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EndpointCache } from '../../functions/lib/endpoint-cache.js';

/**
 * The package as the DynamoDB client loads it: resolved from the client's own middleware, not from wherever npm
 * hoisted a copy (it is no dependency of msv's own).
 */
const fromClient = createRequire(createRequire(import.meta.url).resolve('@aws-sdk/client-dynamodb'));
const fromMiddleware = createRequire(fromClient.resolve('@aws-sdk/middleware-endpoint-discovery'));
const { EndpointCache: PackageCache } = fromMiddleware('@aws-sdk/endpoint-cache') as {
  EndpointCache: new (capacity: number) => Cache;
};

type Cache = Pick<EndpointCache, 'getEndpoint' | 'get' | 'set' | 'delete' | 'has' | 'clear'>;

const START = new Date('2027-06-30T10:00:00Z');

/** Runs the steps on a cache of capacity 2 and records every answer. */
const steps = (cache: Cache) => {
  const seen: unknown[] = [];
  cache.set('a', [{ Address: 'a.example', CachePeriodInMinutes: 1 }]);
  cache.set('b', [{ Address: 'b.example', CachePeriodInMinutes: 10 }]);
  seen.push(cache.getEndpoint('a'), cache.has('b'));
  // 'a' was read last, so 'b' is the least recently used and goes.
  cache.set('c', [{ Address: 'c.example', CachePeriodInMinutes: 10 }]);
  seen.push(cache.has('a'), cache.has('b'), cache.has('c'), cache.get('x'));
  // Setting a key again makes it the most recent: 'a' goes, not 'c'.
  cache.set('c', [{ Address: 'c2.example', CachePeriodInMinutes: 10 }]);
  cache.set('d', [{ Address: 'd.example', CachePeriodInMinutes: 10 }]);
  seen.push(cache.has('a'), cache.has('c'), cache.has('d'));
  // A deleted key keeps its slot, as the most recent: 'c' goes when 'e' comes.
  cache.delete('d');
  cache.set('e', [{ Address: 'e.example', CachePeriodInMinutes: 1 }]);
  seen.push(cache.has('c'), cache.has('d'), cache.get('d'), cache.has('e'));
  vi.advanceTimersByTime(2 * 60 * 1000);
  // 'e' expired: read as nothing, and emptied.
  seen.push(cache.get('e'), cache.has('e'), cache.getEndpoint('e'));
  cache.set('f', []);
  seen.push(cache.has('f'), cache.getEndpoint('f'));
  cache.clear();
  seen.push(cache.has('e'), cache.has('f'));
  return seen;
};

/** A seeded sequence of random steps on a cache of capacity 3 over five keys, every answer recorded. */
const randomSteps = (cache: Cache, seed: number) => {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const seen: unknown[] = [];
  for (let i = 0; i < 5000; i++) {
    const key = `k${next(5)}`;
    const op = next(7);
    if (op === 0) cache.set(key, [{ Address: `${key}.${i}`, CachePeriodInMinutes: 1 + next(3) }]);
    else if (op === 1) cache.set(key, []);
    else if (op === 2) cache.delete(key);
    else if (op === 3) seen.push(cache.get(key));
    else if (op === 4) seen.push(cache.has(key));
    else if (op === 5) seen.push(cache.getEndpoint(key));
    else vi.advanceTimersByTime(next(90) * 1000);
    if (i % 1000 === 999) cache.clear();
  }
  return seen;
};

describe('the bundles’ endpoint cache', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers as @aws-sdk/endpoint-cache does, step by step', () => {
    vi.useFakeTimers({ now: START });
    const ours = steps(new EndpointCache(2));
    vi.setSystemTime(START);
    const theirs = steps(new PackageCache(2));
    expect(ours).toEqual(theirs);
    expect(ours.slice(0, 9)).toEqual(['a.example', true, true, false, true, undefined, false, true, true]);
    expect(ours.slice(9, 13)).toEqual([false, false, undefined, true]);
  });

  it('answers as the package does over random steps', () => {
    for (const seed of [1, 7, 2027]) {
      vi.useFakeTimers({ now: START });
      // One address per key at a time, so the random pick of getEndpoint cannot tell them apart.
      const ours = randomSteps(new EndpointCache(3), seed);
      vi.setSystemTime(START);
      const theirs = randomSteps(new PackageCache(3), seed);
      expect(ours).toEqual(theirs);
    }
  });

  it('has every method the package has, and refuses the capacities it refuses', () => {
    const methods = (c: object) =>
      Object.getOwnPropertyNames(c).filter((m) => m !== 'constructor' && !m.startsWith('touch'));
    expect(methods(EndpointCache.prototype).sort()).toEqual(methods(PackageCache.prototype).sort());
    for (const capacity of [0, -1, 1.5, Number.NaN]) {
      expect(() => new PackageCache(capacity)).toThrow();
      expect(() => new EndpointCache(capacity)).toThrow('capacity should be positive number');
    }
  });
});
