import { MemorySharedStore, type SharedStore } from '../../state/shared-store.js';

export interface SeenEventIdsOptions {
  /**
   * Where the claims live: the bot's {@link SharedStore}, so that with REDIS_URL every instance
   * (and the next process after a restart) agrees on what was answered. Default: own memory.
   */
  store?: SharedStore;
  /** How long an id is remembered (default 24 h; LINE redelivers for a shorter time). */
  ttlMs?: number;
  /** Bound of the default in-memory store (default 10,000 ids, the oldest dropped first). */
  maxEntries?: number;
  /** Clock of the default in-memory store (tests). */
  now?: () => number;
}

/**
 * Claims webhook event ids so a redelivered event is answered at most once: the first claim of an
 * id wins (atomically, `SET NX PX` on Redis), every later one — here or on another instance —
 * loses until the id expires.
 */
export class SeenEventIds {
  private readonly store: SharedStore;
  private readonly ttlMs: number;

  constructor(options: SeenEventIdsOptions = {}) {
    this.ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.store =
      options.store ?? new MemorySharedStore({ maxKeys: options.maxEntries ?? 10_000, ...(options.now ? { now: options.now } : {}) });
  }

  /** Claims `id`: true the first time, false when it was already claimed (and not expired). */
  firstTime(id: string): Promise<boolean> {
    return this.store.claim(`line:event:${id}`, this.ttlMs);
  }
}
