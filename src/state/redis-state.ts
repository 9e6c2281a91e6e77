import type { Env } from '../config/env.js';
import { MemorySessionStore, type SessionStore } from '../conversation/session-store.js';
import { RedisSessionStore } from '../conversation/redis-session-store.js';
import type { Logger } from '../logging/logger.js';
import { FallbackSessionStore, FallbackSharedStore } from './fallback-stores.js';
import { RedisConnection } from './redis-connection.js';
import { RedisSharedStore } from './redis-shared-store.js';
import { MemorySharedStore, type SharedStore } from './shared-store.js';

/** The state of several instances on one Redis, each store falling back to memory while it is down. */
export interface RedisState {
  redis: RedisConnection;
  store: SessionStore;
  shared: SharedStore;
  close(): Promise<void>;
}

/**
 * Connects to REDIS_URL and builds the shared stores. Waits up to `readyTimeoutMs` for the first
 * connection; if Redis is not reachable by then, start-up goes on with in-memory state (logged
 * once) and switches to Redis as soon as it connects.
 */
export async function connectRedisState(env: Env, logger: Logger, readyTimeoutMs = 3000): Promise<RedisState | undefined> {
  if (!env.REDIS_URL) return undefined;
  const redis = new RedisConnection({
    url: env.REDIS_URL,
    keyPrefix: env.REDIS_KEY_PREFIX,
    commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
    logger,
  });
  await redis.ready(readyTimeoutMs);
  const sessionLimits = { ttlSeconds: env.SESSION_TTL_SECONDS, maxConversations: env.SESSION_MAX_CONVERSATIONS };
  const store = new FallbackSessionStore(redis, new RedisSessionStore(redis, { ...sessionLimits, logger }), new MemorySessionStore(sessionLimits));
  const shared = new FallbackSharedStore(redis, new RedisSharedStore(redis), new MemorySharedStore());
  return { redis, store, shared, close: () => redis.close() };
}
