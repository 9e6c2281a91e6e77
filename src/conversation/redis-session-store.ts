import { randomBytes } from 'node:crypto';
import type { Logger } from '../logging/logger.js';
import type { LuaScript, RedisConnection } from '../state/redis-connection.js';
import type { ConversationState, SessionStore } from './session-store.js';

// Redis's own clock (TIME) orders the index, so instances whose clocks differ agree on what is idle.
const NOW = "local t = redis.call('TIME')\nlocal now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n";

/** KEYS: state, index. ARGV: json, ttl ms, most conversations. */
const SET_STATE: LuaScript = {
  name: 'mynapinSessionSet',
  keys: 2,
  lua: `${NOW}local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
redis.call('ZADD', KEYS[2], now, KEYS[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[3])
if over > 0 then
  local oldest = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #oldest, 2 do redis.call('DEL', oldest[i]) end
end
return 1`,
};

/** KEYS: state, index. ARGV: ttl ms. Reading restarts the idle timer, as in memory. */
const GET_STATE: LuaScript = {
  name: 'mynapinSessionGet',
  keys: 2,
  lua: `local value = redis.call('GET', KEYS[1])
if value then
  ${NOW}redis.call('PEXPIRE', KEYS[1], ARGV[1])
  redis.call('ZADD', KEYS[2], now, KEYS[1])
end
return value`,
};

/** KEYS: index. ARGV: ttl ms. */
const SIZE: LuaScript = {
  name: 'mynapinSessionSize',
  keys: 1,
  lua: `${NOW}redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
return redis.call('ZCARD', KEYS[1])`,
};

/** KEYS: lock. ARGV: token. Deletes the lock only if this holder still owns it. */
const RELEASE: LuaScript = {
  name: 'mynapinUnlock',
  keys: 1,
  lua: "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end\nreturn 0",
};

export interface RedisSessionStoreOptions {
  /** Idle time after which a conversation is forgotten (SESSION_TTL_SECONDS). Default 30 min. */
  ttlSeconds?: number;
  /** Most conversations kept; the least recently used go first (SESSION_MAX_CONVERSATIONS). */
  maxConversations?: number;
  /**
   * How long a conversation lock lives unless released (default 5 s): a process that dies holding
   * it blocks the conversation for at most this long. A turn takes milliseconds.
   */
  lockTtlMs?: number;
  /** How long a turn waits for the lock before answering without it (default lockTtlMs + 1 s). */
  lockWaitMs?: number;
  logger?: Logger;
}

/**
 * A {@link SessionStore} on Redis, shared by every instance: each state is one JSON string with
 * the idle TTL as `PX` (the whole {@link ConversationState}, whatever fields it grows), a sorted
 * index (by last use, on Redis's clock) gives the size and drops the least recently used beyond
 * the bound. The lock works across processes: `SET lock token NX PX`, retried with a short
 * back-off, released by a compare-and-delete script; turns of one process queue in process first.
 */
export class RedisSessionStore implements SessionStore {
  readonly ttlMs: number;
  readonly maxConversations: number;
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;
  private readonly indexKey: string;
  private readonly localTurns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisSessionStoreOptions = {},
  ) {
    this.ttlMs = (options.ttlSeconds ?? 1800) * 1000;
    this.maxConversations = options.maxConversations ?? 10_000;
    this.lockTtlMs = options.lockTtlMs ?? 5000;
    this.lockWaitMs = options.lockWaitMs ?? this.lockTtlMs + 1000;
    this.indexKey = redis.key('sessions');
  }

  async get(key: string): Promise<ConversationState | undefined> {
    const raw = (await this.redis.script(GET_STATE, [this.stateKey(key), this.indexKey], [this.ttlMs])) as string | null;
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as ConversationState;
    } catch {
      return undefined; // not ours or damaged: the conversation starts afresh
    }
  }

  async set(key: string, state: ConversationState): Promise<void> {
    await this.redis.script(SET_STATE, [this.stateKey(key), this.indexKey], [JSON.stringify(state), this.ttlMs, this.maxConversations]);
  }

  async delete(key: string): Promise<void> {
    const k = this.stateKey(key);
    await this.redis.run((c) => c.multi().del(k).zrem(this.indexKey, k).exec());
  }

  async size(): Promise<number> {
    return Number(await this.redis.script(SIZE, [this.indexKey], [this.ttlMs]));
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    // Turns of one conversation in this process wait for each other here, so only one of them
    // at a time polls Redis for the lock, and they keep their arrival order.
    const previous = this.localTurns.get(key);
    const run = (previous ?? Promise.resolve()).then(() => this.withRedisLock(key, fn));
    const release = (): void => {
      if (this.localTurns.get(key) === tail) this.localTurns.delete(key);
    };
    const tail: Promise<void> = run.then(release, release);
    this.localTurns.set(key, tail);
    return run;
  }

  /**
   * Takes the Redis lock (throws {@link RedisUnavailableError} before `fn` runs if Redis is down),
   * runs `fn`, and releases the lock if it still holds it.
   */
  private async withRedisLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const lockKey = this.redis.key(`lock:${key}`);
    const token = randomBytes(12).toString('base64url');
    const deadline = Date.now() + this.lockWaitMs;
    let delay = 2;
    let held = false;
    for (;;) {
      const reply = await this.redis.run((c) => c.set(lockKey, token, 'PX', this.lockTtlMs, 'NX'));
      if (reply === 'OK') {
        held = true;
        break;
      }
      if (Date.now() >= deadline) break;
      await sleep(delay * (1 + Math.random()));
      delay = Math.min(delay * 2, 50);
    }
    if (!held) {
      // Another turn has held it for longer than a turn takes; answering matters more.
      this.options.logger?.warn({ waitedMs: this.lockWaitMs }, 'conversation lock still taken; answering without it');
    }
    try {
      return await fn();
    } finally {
      if (held) await this.redis.script(RELEASE, [lockKey], [token]).catch(() => {}); // else it expires
    }
  }

  private stateKey(key: string): string {
    return this.redis.key(`session:${key}`);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
