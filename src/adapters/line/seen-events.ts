/**
 * Remembers recently handled webhook event ids so a redelivered event is answered at most once.
 * Memory is bounded twice: entries expire after `ttlMs`, and past `maxEntries` the oldest go first
 * (a Map iterates in insertion order, so the first key is always the oldest).
 */
export class SeenEventIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly options: { maxEntries: number; ttlMs: number; now?: () => number } = {
      maxEntries: 10_000,
      ttlMs: 24 * 60 * 60 * 1000,
    },
  ) {}

  /** Records `id`; returns false when it was already recorded (and not expired). */
  firstTime(id: string): boolean {
    const now = (this.options.now ?? Date.now)();
    this.evictExpired(now);
    const expiresAt = this.seen.get(id);
    if (expiresAt !== undefined && expiresAt > now) return false;
    this.seen.delete(id);
    this.seen.set(id, now + this.options.ttlMs);
    while (this.seen.size > this.options.maxEntries) {
      const oldest = this.seen.keys().next();
      if (oldest.done) break;
      this.seen.delete(oldest.value);
    }
    return true;
  }

  /** How many ids are remembered (for tests and metrics). */
  get size(): number {
    return this.seen.size;
  }

  private evictExpired(now: number): void {
    // Insertion order = expiry order (fixed TTL), so stop at the first live entry.
    for (const [id, expiresAt] of this.seen) {
      if (expiresAt > now) break;
      this.seen.delete(id);
    }
  }
}
