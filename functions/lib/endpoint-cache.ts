/**
 * Stands in for `@aws-sdk/endpoint-cache` in every bundle (MSV_BUNDLING's esbuild alias). The DynamoDB client
 * builds this cache at construction, for endpoint discovery, although no DynamoDB command of the SDK version msv
 * bundles uses discovery any more (and it is off unless `AWS_ENABLE_ENDPOINT_DISCOVERY` turns it on). The package
 * keeps its entries in mnemonist's LRU cache (with obliterator): ~7 KB of each bundle with a DynamoDB client,
 * loaded at every cold start.
 *
 * This is the same cache on a `Map`, which keeps its keys in insertion order: the same interface, the same expiry,
 * the least recently used key evicted at capacity, the same refusal of a capacity that is not a positive whole
 * number. Should a command use discovery again, it gets the cache it would have had:
 * test/unit/endpoint-cache.test.ts runs both through the same steps, and through random ones, and compares every
 * answer. Only the bundles: tests, `npm start` and the admin CLI run the package.
 */

/** An endpoint as DescribeEndpoints answers it. */
export interface Endpoint {
  Address: string;
  CachePeriodInMinutes: number;
}

interface EndpointWithExpiry {
  Address: string;
  Expires: number;
}

/** The endpoints discovered per cache key, each until its period ends. */
export class EndpointCache {
  private readonly cache = new Map<string, EndpointWithExpiry[]>();

  constructor(private readonly capacity: number) {
    // As mnemonist's LRU refuses it: a cache that stores nothing, or never evicts, would fail quietly.
    if (!Number.isInteger(capacity) || capacity <= 0) throw new Error('capacity should be positive number');
  }

  /** One of the key's unexpired endpoints, at random, as the package picks it. */
  getEndpoint(key: string): string | undefined {
    const endpoints = this.get(key);
    if (!endpoints || endpoints.length === 0) return undefined;
    return endpoints[Math.floor(Math.random() * endpoints.length)]?.Address;
  }

  /** The key's unexpired endpoints; a key whose endpoints all expired is emptied. A read makes it most recent. */
  get(key: string): EndpointWithExpiry[] | undefined {
    if (!this.has(key)) return undefined;
    const value = this.cache.get(key);
    if (!value) return undefined;
    this.touch(key, value);
    const now = Date.now();
    const unexpired = value.filter((endpoint) => now < endpoint.Expires);
    if (unexpired.length === 0) {
      this.delete(key);
      return undefined;
    }
    return unexpired;
  }

  set(key: string, endpoints: Endpoint[]): void {
    const now = Date.now();
    this.touch(
      key,
      endpoints.map(({ Address, CachePeriodInMinutes }) => ({
        Address,
        Expires: now + CachePeriodInMinutes * 60 * 1000,
      })),
    );
  }

  /** Empties the key (kept, as the package keeps it). */
  delete(key: string): void {
    this.touch(key, []);
  }

  /** Whether the key has endpoints, expired or not; unlike a read, it leaves the order as it is. */
  has(key: string): boolean {
    return (this.cache.get(key)?.length ?? 0) > 0;
  }

  clear(): void {
    this.cache.clear();
  }

  /** Puts the key last (most recent) and evicts the least recent key beyond the capacity. */
  private touch(key: string, value: EndpointWithExpiry[]): void {
    this.cache.delete(key);
    this.cache.set(key, value);
    if (this.cache.size > this.capacity) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}
