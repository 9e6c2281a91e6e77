/** The outcome of one {@link RateLimiter.take}. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiterOptions {
  /** Requests a client may make per minute (a burst of this many is allowed, then it refills evenly). */
  perMinute: number;
  /**
   * Most clients remembered at once. When full, the least recently seen client is forgotten, so a
   * flood of distinct addresses costs bounded memory (the forgotten client merely starts afresh).
   */
  maxClients?: number;
  /** Clock in milliseconds; injectable for tests. */
  now?: () => number;
}

/** A per-client token bucket with bounded memory. */
export interface RateLimiter {
  take(clientKey: string): RateDecision;
  /** How many clients are currently remembered (for tests and health output). */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Creates a {@link RateLimiter}. */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const capacity = options.perMinute;
  const refillPerMs = options.perMinute / 60_000;
  const maxClients = options.maxClients ?? 10_000;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order; re-inserting on every hit makes the first key the least
  // recently seen one, which is what we evict.
  const buckets = new Map<string, Bucket>();

  return {
    take(clientKey) {
      const t = now();
      let bucket = buckets.get(clientKey);
      if (bucket) {
        buckets.delete(clientKey);
        bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.updatedAt) * refillPerMs);
        bucket.updatedAt = t;
      } else {
        if (buckets.size >= maxClients) {
          const oldest = buckets.keys().next();
          if (!oldest.done) buckets.delete(oldest.value);
        }
        bucket = { tokens: capacity, updatedAt: t };
      }
      buckets.set(clientKey, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
      return { allowed: false, retryAfterSeconds };
    },
    get size() {
      return buckets.size;
    },
  };
}
