import { randomBytes } from 'node:crypto';
import type { Logger } from '../logging/logger.js';
import type { LuaScript, RedisConnection } from '../state/redis-connection.js';
import type { ConversationState, SessionStore } from './session-store.js';

// Redis's own clock (TIME) orders the index, so instances whose clocks differ agree on what is idle.
const NOW = "local t = redis.call('TIME')\nlocal now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n";

/** Lua that stores a state, indexes it by last use and drops the least recently used beyond the bound. */
const writeState = (state: string, index: string, json: string, ttl: string, max: string): string => `${NOW}local ttl = tonumber(${ttl})
redis.call('SET', ${state}, ${json}, 'PX', ttl)
redis.call('ZADD', ${index}, now, ${state})
redis.call('ZREMRANGEBYSCORE', ${index}, '-inf', now - ttl)
redis.call('PEXPIRE', ${index}, ttl)
local over = redis.call('ZCARD', ${index}) - tonumber(${max})
if over > 0 then
  local oldest = redis.call('ZPOPMIN', ${index}, over)
  for i = 1, #oldest, 2 do redis.call('DEL', oldest[i]) end
end
`;

/** KEYS: state, index. ARGV: json, ttl ms, most conversations. */
const SET_STATE: LuaScript = {
  name: 'mynapinSessionSet',
  keys: 2,
  lua: `${writeState('KEYS[1]', 'KEYS[2]', 'ARGV[1]', 'ARGV[2]', 'ARGV[3]')}return 1`,
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

/**
 * KEYS: lock, state, index. ARGV: token, lock ttl ms, idle ttl ms. Takes the lock and, when it
 * got it, reads the state in the same round trip: {1, state or nil} or {0}.
 */
const LOCK_AND_GET: LuaScript = {
  name: 'mynapinLockGet',
  keys: 3,
  lua: `if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {0} end
local value = redis.call('GET', KEYS[2])
if value then
  ${NOW}redis.call('PEXPIRE', KEYS[2], ARGV[3])
  redis.call('ZADD', KEYS[3], now, KEYS[2])
end
return {1, value}`,
};

/**
 * KEYS: lock, state, index. ARGV: token, what the turn did ('set' | 'delete' | ''), json, idle
 * ttl ms, most conversations. Writes the turn's state and releases the lock in one round trip.
 * A turn that outlived its lock while another holder took it writes nothing (its state is the
 * older one) and leaves that holder's lock alone (compare-and-delete).
 */
const COMMIT_AND_RELEASE: LuaScript = {
  name: 'mynapinCommitUnlock',
  keys: 3,
  lua: `local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
if ARGV[2] == 'set' then
${writeState('KEYS[2]', 'KEYS[3]', 'ARGV[3]', 'ARGV[4]', 'ARGV[5]')}elseif ARGV[2] == 'delete' then
  redis.call('DEL', KEYS[2])
  redis.call('ZREM', KEYS[3], KEYS[2])
end
if holder then redis.call('DEL', KEYS[1]) end
return 1`,
};

/** What a turn holding the lock has read and written so far (written to Redis on release). */
interface HeldTurn {
  /** The state JSON as the turn sees it (null: none). */
  current: string | null;
  write: '' | 'set' | 'delete';
}

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
  /** Turns of this process holding their conversation's Redis lock. */
  private readonly held = new Map<string, HeldTurn>();

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
    const turn = this.held.get(key);
    const raw = turn ? turn.current : ((await this.redis.script(GET_STATE, [this.stateKey(key), this.indexKey], [this.ttlMs])) as string | null);
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as ConversationState;
    } catch {
      return undefined; // not ours or damaged: the conversation starts afresh
    }
  }

  async set(key: string, state: ConversationState): Promise<void> {
    const turn = this.held.get(key);
    if (turn) {
      // Written with the lock's release, in the same round trip.
      turn.current = JSON.stringify(state);
      turn.write = 'set';
      return;
    }
    await this.redis.script(SET_STATE, [this.stateKey(key), this.indexKey], [JSON.stringify(state), this.ttlMs, this.maxConversations]);
  }

  async delete(key: string): Promise<void> {
    const turn = this.held.get(key);
    if (turn) {
      turn.current = null;
      turn.write = 'delete';
      return;
    }
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
   * Takes the Redis lock, reading the state in the same round trip (throws
   * {@link RedisUnavailableError} before `fn` runs if Redis is down), runs `fn` — whose get / set /
   * delete of this conversation then work on that copy — and writes what it changed and releases
   * the lock (if it still holds it) in one more round trip: two round trips a turn instead of four.
   */
  private async withRedisLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const keys = [this.redis.hashedKey(`lock:${key}`), this.stateKey(key), this.indexKey];
    const token = randomBytes(12).toString('base64url');
    const deadline = Date.now() + this.lockWaitMs;
    let delay = 2;
    let turn: HeldTurn | undefined;
    for (;;) {
      const [got, state] = (await this.redis.script(LOCK_AND_GET, keys, [token, this.lockTtlMs, this.ttlMs])) as [number, string | null];
      if (got === 1) {
        turn = { current: state ?? null, write: '' };
        break;
      }
      if (Date.now() >= deadline) break;
      await sleep(delay * (1 + Math.random()));
      delay = Math.min(delay * 2, 50);
    }
    if (!turn) {
      // Another turn has held it for longer than a turn takes; answering matters more.
      this.options.logger?.warn({ waitedMs: this.lockWaitMs }, 'conversation lock still taken; answering without it');
      return fn();
    }
    this.held.set(key, turn);
    try {
      return await fn();
    } finally {
      this.held.delete(key);
      const args = [token, turn.write, turn.current ?? '', this.ttlMs, this.maxConversations];
      // If Redis is gone now, the lock expires by itself; the caller's fallback store has the state.
      await this.redis.script(COMMIT_AND_RELEASE, keys, args).catch(() => {});
    }
  }

  private stateKey(key: string): string {
    return this.redis.hashedKey(`session:${key}`);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
