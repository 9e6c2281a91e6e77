/**
 * Small pieces of state that every instance of mynapin behind one channel must agree on: which
 * webhook events were already answered, open staff hand-offs, messages waiting for a web page to
 * poll. Values are strings or JSON; every key expires. The in-memory store serves one process; a
 * Redis store (REDIS_URL) serves several. Conversation states have their own {@link SessionStore}.
 */
export interface SharedStore {
  /**
   * Records `key` unless it is already recorded (Redis: SET NX PX). True the first time, false
   * while an earlier claim lives: the way to answer a redelivered event once.
   */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** The JSON value stored at `key`, or undefined (absent or expired). */
  getJson<T>(key: string): Promise<T | undefined>;
  /** Stores `value` as JSON at `key` for `ttlMs`. */
  setJson(key: string, value: unknown, ttlMs: number): Promise<void>;
  /** Drops `key` (a value, a claim or a list). */
  delete(key: string): Promise<void>;
  /** Appends `item` to the list at `key`; the list lives `ttlMs` after its last append. */
  append(key: string, item: string, ttlMs: number): Promise<void>;
  /** Removes and returns every item of the list at `key`, oldest first (atomically). */
  drain(key: string): Promise<string[]>;
}

export interface MemorySharedStoreOptions {
  /** Most keys kept; the oldest is dropped first (default 100,000). */
  maxKeys?: number;
  /** Clock in epoch milliseconds; injectable for tests. */
  now?: () => number;
}

type Entry = { kind: 'value'; value: string; expiresAt: number } | { kind: 'list'; items: string[]; expiresAt: number };

/** A {@link SharedStore} for one process, bounded in size. */
export class MemorySharedStore implements SharedStore {
  private readonly entries = new Map<string, Entry>();
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: MemorySharedStoreOptions = {}) {
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.put(key, { kind: 'value', value: '1', expiresAt: this.now() + ttlMs });
    return true;
  }

  async getJson<T>(key: string): Promise<T | undefined> {
    const entry = this.live(key);
    return entry?.kind === 'value' ? (JSON.parse(entry.value) as T) : undefined;
  }

  async setJson(key: string, value: unknown, ttlMs: number): Promise<void> {
    this.put(key, { kind: 'value', value: JSON.stringify(value), expiresAt: this.now() + ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async append(key: string, item: string, ttlMs: number): Promise<void> {
    const entry = this.live(key);
    const items = entry?.kind === 'list' ? entry.items : [];
    items.push(item);
    this.put(key, { kind: 'list', items, expiresAt: this.now() + ttlMs });
  }

  async drain(key: string): Promise<string[]> {
    const entry = this.live(key);
    this.entries.delete(key);
    return entry?.kind === 'list' ? entry.items : [];
  }

  /** Number of live keys (tests). */
  get size(): number {
    return this.entries.size;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private put(key: string, entry: Entry): void {
    // Re-inserting keeps the Map in write order, so the first key is the one written longest ago.
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxKeys) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}
