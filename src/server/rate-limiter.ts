/** The outcome of one {@link RateLimiter.take}. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiterOptions {
  /** Requests a client may make per minute (a burst of this many is allowed, then it refills evenly). */
  perMinute: number;
  /**
   * Most clients remembered at once (default 10,000). When full, the clients not seen for longest
   * are forgotten, so a flood of distinct addresses costs bounded memory (a forgotten client merely
   * starts afresh).
   */
  maxClients?: number;
  /** Clock in milliseconds; injectable for tests. */
  now?: () => number;
}

/** A per-client token bucket. */
export interface RateLimiter {
  /** Takes one request's token (synchronous in memory, a round trip on Redis). */
  take(clientKey: string): RateDecision | Promise<RateDecision>;
  /** How many clients are currently remembered in this process (for tests and health output). */
  readonly size: number;
}

/** The in-process {@link RateLimiter}: bounded memory, no waiting. */
export interface MemoryRateLimiter extends RateLimiter {
  take(clientKey: string): RateDecision;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Creates a {@link RateLimiter}. */
export function createRateLimiter(options: RateLimiterOptions): MemoryRateLimiter {
  const capacity = options.perMinute;
  const refillPerMs = options.perMinute / 60_000;
  const generationSize = Math.max(1, Math.floor((options.maxClients ?? 10_000) / 2));
  const now = options.now ?? Date.now;
  // Two generations rather than a strict least-recently-used list: a client seen in this or the
  // previous generation is remembered; when this one is full, the previous one is forgotten whole.
  // That bounds memory the same way, and a request costs one map lookup instead of the delete and
  // re-insert a strict LRU makes on every hit (measured on /api/chat with `npm run bench`).
  let current = new Map<string, Bucket>();
  let previous = new Map<string, Bucket>();

  return {
    take(clientKey) {
      const t = now();
      let bucket = current.get(clientKey);
      if (!bucket) {
        bucket = previous.get(clientKey) ?? { tokens: capacity, updatedAt: t };
        if (current.size >= generationSize) {
          previous = current;
          current = new Map();
        }
        current.set(clientKey, bucket);
      }
      bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.updatedAt) * refillPerMs);
      bucket.updatedAt = t;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return ALLOWED;
      }
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
      return { allowed: false, retryAfterSeconds };
    },
    get size() {
      let size = current.size;
      for (const key of previous.keys()) if (!current.has(key)) size++;
      return size;
    },
  };
}

const ALLOWED: RateDecision = Object.freeze({ allowed: true });
