import type { LuaScript, RedisConnection } from '../state/redis-connection.js';
import { createRateLimiter, type RateDecision, type RateLimiter, type RateLimiterOptions } from './rate-limiter.js';

/**
 * The token bucket of {@link createRateLimiter}, kept in one Redis hash per client and updated by
 * one script (atomic: two instances cannot both spend the last token). KEYS: bucket. ARGV:
 * capacity, refill per ms. Returns 0 when allowed, else the milliseconds until a token is back.
 */
const TAKE: LuaScript = {
  name: 'mynapinRateTake',
  keys: 1,
  lua: `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or capacity
local at = tonumber(bucket[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.max(1, math.ceil((1 - tokens) / rate)) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
return wait`,
};

/**
 * A {@link RateLimiter} shared by every instance on one Redis (`name` tells the limiters of one
 * bot apart: `chat`, `updates`). While Redis is down each instance limits on its own, in memory.
 */
export function createRedisRateLimiter(redis: RedisConnection, name: string, options: RateLimiterOptions): RateLimiter {
  const local = createRateLimiter(options);
  const refillPerMs = options.perMinute / 60_000;
  const take = async (clientKey: string): Promise<RateDecision> => {
    try {
      const waitMs = Number(await redis.script(TAKE, [redis.hashedKey(`rate:${name}:${clientKey}`)], [options.perMinute, refillPerMs]));
      return waitMs === 0 ? ALLOWED : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    } catch {
      return local.take(clientKey); // Redis down: logged once by the connection
    }
  };
  return {
    take: (clientKey) => (redis.available ? take(clientKey) : local.take(clientKey)),
    get size() {
      return local.size;
    },
  };
}

const ALLOWED: RateDecision = Object.freeze({ allowed: true });
