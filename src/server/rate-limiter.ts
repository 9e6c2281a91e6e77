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

/** Creates a {@link RateLimiter}. */
export function createRateLimiter(options: RateLimiterOptions): MemoryRateLimiter {
  return new RecentClientsLimiter(options);
}

const NONE = -1;
const INITIAL_SLOTS = 256;

/**
 * Token buckets of the `maxClients` clients seen most recently, kept in typed arrays: slot `i`
 * holds one client's tokens and last refill, and a doubly linked list of slots (`newer` / `older`)
 * keeps them in order of last use, so a full table forgets the client not seen for longest.
 *
 * Why not a Map of bucket objects: a request from a known client here writes numbers into arrays
 * that live as long as the process, and allocates nothing. The earlier two-generation Maps (a new
 * Map once the current one held maxClients / 2 clients) were rebuilt about twice a second under
 * bench/chat-load.mjs's 6,000 client addresses, and each discarded Map, its grown tables and the
 * address strings it held had lived long enough to reach the old generation: the largest single
 * source of the server's old-generation garbage (sampling heap profiler, objects collected by
 * full collections), which the full collections' 6–9 ms pauses then cleared.
 */
class RecentClientsLimiter implements MemoryRateLimiter {
  private readonly capacity: number;
  private readonly refillPerMs: number;
  private readonly now: () => number;
  private readonly slots = new Map<string, number>();
  private readonly clients: string[] = [];
  private readonly maxClients: number;
  // Grown by doubling up to maxClients as clients come, so a limiter that sees few costs little.
  private tokens: Float64Array;
  private updatedAt: Float64Array;
  private newer: Int32Array;
  private older: Int32Array;
  private newest = NONE;
  private oldest = NONE;

  constructor(options: RateLimiterOptions) {
    this.capacity = options.perMinute;
    this.refillPerMs = options.perMinute / 60_000;
    this.now = options.now ?? Date.now;
    this.maxClients = Math.max(1, Math.floor(options.maxClients ?? 10_000));
    const slots = Math.min(this.maxClients, INITIAL_SLOTS);
    this.tokens = new Float64Array(slots);
    this.updatedAt = new Float64Array(slots);
    this.newer = new Int32Array(slots);
    this.older = new Int32Array(slots);
  }

  get size(): number {
    return this.slots.size;
  }

  take(clientKey: string): RateDecision {
    const t = this.now();
    let slot = this.slots.get(clientKey);
    if (slot === undefined) slot = this.admit(clientKey, t);
    else if (slot !== this.newest) {
      this.unlink(slot);
      this.pushNewest(slot);
    }
    const tokens = Math.min(this.capacity, this.tokens[slot]! + (t - this.updatedAt[slot]!) * this.refillPerMs);
    this.updatedAt[slot] = t;
    if (tokens >= 1) {
      this.tokens[slot] = tokens - 1;
      return ALLOWED;
    }
    this.tokens[slot] = tokens;
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - tokens) / this.refillPerMs / 1000));
    return { allowed: false, retryAfterSeconds };
  }

  /** A slot for a client not remembered: a free one, or the one of the client not seen for longest. */
  private admit(clientKey: string, t: number): number {
    let slot: number;
    if (this.clients.length === this.tokens.length && this.tokens.length < this.maxClients) this.grow();
    if (this.clients.length < this.tokens.length) {
      slot = this.clients.length;
      this.clients.push(clientKey);
    } else {
      slot = this.oldest;
      this.unlink(slot);
      this.slots.delete(this.clients[slot]!);
      this.clients[slot] = clientKey;
    }
    this.slots.set(clientKey, slot);
    this.tokens[slot] = this.capacity;
    this.updatedAt[slot] = t;
    this.pushNewest(slot);
    return slot;
  }

  private grow(): void {
    const slots = Math.min(this.maxClients, this.tokens.length * 2);
    const larger = <T extends Float64Array | Int32Array>(from: T, make: (n: number) => T): T => {
      const to = make(slots);
      to.set(from);
      return to;
    };
    this.tokens = larger(this.tokens, (n) => new Float64Array(n));
    this.updatedAt = larger(this.updatedAt, (n) => new Float64Array(n));
    this.newer = larger(this.newer, (n) => new Int32Array(n));
    this.older = larger(this.older, (n) => new Int32Array(n));
  }

  private unlink(slot: number): void {
    const newer = this.newer[slot]!;
    const older = this.older[slot]!;
    if (newer === NONE) this.newest = older;
    else this.older[newer] = older;
    if (older === NONE) this.oldest = newer;
    else this.newer[older] = newer;
  }

  private pushNewest(slot: number): void {
    this.older[slot] = this.newest;
    this.newer[slot] = NONE;
    if (this.newest === NONE) this.oldest = slot;
    else this.newer[this.newest] = slot;
    this.newest = slot;
  }
}

const ALLOWED: RateDecision = Object.freeze({ allowed: true });
