/**
 * The bundles' endpoint cache (functions/lib/endpoint-cache.ts) against the package it stands in for: the same
 * steps give the same answers, expiry and least-recently-used eviction included.
 */
import { EndpointCache as PackageCache } from '@aws-sdk/endpoint-cache';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EndpointCache } from '../../functions/lib/endpoint-cache.js';

type Cache = Pick<EndpointCache, 'getEndpoint' | 'get' | 'set' | 'delete' | 'has' | 'clear'>;

/** Runs the steps on a cache of capacity 2 and records every answer. */
const run = (cache: Cache) => {
  const seen: unknown[] = [];
  cache.set('a', [{ Address: 'a.example', CachePeriodInMinutes: 1 }]);
  cache.set('b', [{ Address: 'b.example', CachePeriodInMinutes: 10 }]);
  seen.push(cache.getEndpoint('a'), cache.has('b'));
  // 'a' was read last, so 'b' is the least recently used and goes.
  cache.set('c', [{ Address: 'c.example', CachePeriodInMinutes: 10 }]);
  seen.push(cache.has('a'), cache.has('b'), cache.has('c'), cache.get('x'));
  vi.advanceTimersByTime(2 * 60 * 1000);
  // 'a' expired: read as nothing, and emptied.
  seen.push(cache.get('a'), cache.has('a'), cache.getEndpoint('c'));
  cache.delete('c');
  seen.push(cache.has('c'), cache.get('c'));
  cache.set('d', []);
  seen.push(cache.has('d'), cache.getEndpoint('d'));
  cache.clear();
  seen.push(cache.has('a'), cache.has('c'), cache.has('d'));
  return seen;
};

describe('the bundles’ endpoint cache', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers as @aws-sdk/endpoint-cache does, step by step', () => {
    vi.useFakeTimers({ now: new Date('2027-06-30T10:00:00Z') });
    const ours = run(new EndpointCache(2));
    vi.setSystemTime(new Date('2027-06-30T10:00:00Z'));
    const theirs = run(new PackageCache(2));
    expect(ours).toEqual(theirs);
    expect(ours.slice(0, 6)).toEqual(['a.example', true, true, false, true, undefined]);
  });
});
