import type { ConversationState, SessionStore } from '../conversation/session-store.js';
import type { RedisConnection } from './redis-connection.js';
import type { SharedStore } from './shared-store.js';

/**
 * Runs `op` on the shared (Redis) store while it is available, else — or when it fails — on the
 * process's own store. The resident gets an answer either way; what is lost while Redis is down
 * is sharing (another instance does not see the state), not the answer. The connection logs the
 * outage once.
 */
async function preferShared<S, T>(redis: RedisConnection, shared: S, local: S, op: (store: S) => Promise<T>): Promise<T> {
  if (redis.available) {
    try {
      return await op(shared);
    } catch {
      // RedisUnavailableError (logged once by the connection) or a damaged value: use memory.
    }
  }
  return op(local);
}

/** A {@link SharedStore} on Redis that falls back to a process-local one while Redis is down. */
export class FallbackSharedStore implements SharedStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly shared: SharedStore,
    private readonly local: SharedStore,
  ) {}

  claim(key: string, ttlMs: number): Promise<boolean> {
    return preferShared(this.redis, this.shared, this.local, (s) => s.claim(key, ttlMs));
  }
  getJson<T>(key: string): Promise<T | undefined> {
    return preferShared(this.redis, this.shared, this.local, (s) => s.getJson<T>(key));
  }
  setJson(key: string, value: unknown, ttlMs: number): Promise<void> {
    return preferShared(this.redis, this.shared, this.local, (s) => s.setJson(key, value, ttlMs));
  }
  delete(key: string): Promise<void> {
    return preferShared(this.redis, this.shared, this.local, (s) => s.delete(key));
  }
  append(key: string, item: string, ttlMs: number): Promise<void> {
    return preferShared(this.redis, this.shared, this.local, (s) => s.append(key, item, ttlMs));
  }
  drain(key: string): Promise<string[]> {
    return preferShared(this.redis, this.shared, this.local, (s) => s.drain(key));
  }
}

/**
 * A {@link SessionStore} on Redis that also writes every state to a process-local store, and reads
 * and locks there while Redis is down: a conversation goes on with the instance it is talking to
 * during an outage (it is only not shared with the others until Redis is back).
 */
export class FallbackSessionStore implements SessionStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly shared: SessionStore,
    private readonly local: SessionStore,
  ) {}

  get(key: string): Promise<ConversationState | undefined> {
    return preferShared(this.redis, this.shared, this.local, (s) => s.get(key));
  }

  async set(key: string, state: ConversationState): Promise<void> {
    await this.local.set(key, state);
    if (this.redis.available) await this.shared.set(key, state).catch(() => {});
  }

  async delete(key: string): Promise<void> {
    await this.local.delete(key);
    if (this.redis.available) await this.shared.delete(key).catch(() => {});
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if (this.redis.available) {
      let started = false;
      try {
        return await this.shared.withLock(key, () => {
          started = true;
          return fn();
        });
      } catch (err) {
        // Only a failure to take the lock falls back; an error of the turn itself is the caller's.
        if (started) throw err;
      }
    }
    return this.local.withLock(key, fn);
  }

  size(): Promise<number> {
    return preferShared(this.redis, this.shared, this.local, (s) => s.size());
  }
}
