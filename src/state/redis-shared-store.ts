import type { LuaScript, RedisConnection } from './redis-connection.js';
import type { SharedStore } from './shared-store.js';

// Both atomic: a second instance draining the same outbox gets [] rather than the same items.
const DRAIN: LuaScript = {
  name: 'mynapinDrain',
  keys: 1,
  lua: "local items = redis.call('LRANGE', KEYS[1], 0, -1)\nredis.call('DEL', KEYS[1])\nreturn items",
};

/**
 * The {@link SharedStore} of several instances, on Redis: a claim is `SET key 1 NX PX ttl` (only
 * one instance, ever, gets true while it lives), values are JSON strings with `PX`, lists are
 * `RPUSH` + `PEXPIRE` in one MULTI, and a drain is one Lua script (LRANGE + DEL). Keys are the
 * connection's prefix, the key's namespace and a digest ({@link RedisConnection.hashedKey}). Commands throw {@link RedisUnavailableError} when Redis is down; wrap
 * the store in {@link FallbackSharedStore} to keep answering then.
 */
export class RedisSharedStore implements SharedStore {
  constructor(private readonly redis: RedisConnection) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const reply = await this.redis.run((c) => c.set(this.redis.hashedKey(key), '1', 'PX', ms(ttlMs), 'NX'));
    return reply === 'OK';
  }

  async getJson<T>(key: string): Promise<T | undefined> {
    const raw = await this.redis.run((c) => c.get(this.redis.hashedKey(key)));
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async setJson(key: string, value: unknown, ttlMs: number): Promise<void> {
    await this.redis.run((c) => c.set(this.redis.hashedKey(key), JSON.stringify(value), 'PX', ms(ttlMs)));
  }

  async delete(key: string): Promise<void> {
    await this.redis.run((c) => c.del(this.redis.hashedKey(key)));
  }

  async append(key: string, item: string, ttlMs: number): Promise<void> {
    const k = this.redis.hashedKey(key);
    await this.redis.run(async (c) => {
      const results = await c.multi().rpush(k, item).pexpire(k, ms(ttlMs)).exec();
      const failed = results?.find(([err]) => err);
      if (!results || failed) throw failed?.[0] ?? new Error('MULTI aborted');
    });
  }

  async drain(key: string): Promise<string[]> {
    return (await this.redis.script(DRAIN, [this.redis.hashedKey(key)], [])) as string[];
  }
}

/** Redis refuses PX 0 and fractions: at least 1 ms, whole. */
function ms(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs));
}
