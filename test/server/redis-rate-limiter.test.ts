import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { createRedisRateLimiter } from '../../src/server/redis-rate-limiter.js';
import { RedisConnection } from '../../src/state/redis-connection.js';
import { redisServerAvailable, startRedisServer, type TestRedis } from '../helpers/redis-server.js';

const haveRedis = redisServerAvailable();

describe.skipIf(!haveRedis)('the web rate limiter on a real redis-server', () => {
  let redis: TestRedis;
  const connections: RedisConnection[] = [];
  const connect = async (): Promise<RedisConnection> => {
    const c = new RedisConnection({ url: redis.url, keyPrefix: 'rl:', logger: createLogger({ level: 'silent' }) });
    connections.push(c);
    await c.ready(5000);
    return c;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((c) => c.close()));
    await redis.command(['FLUSHALL']);
  });

  it('gives a client its burst once across two instances, however the requests interleave', async () => {
    const a = createRedisRateLimiter(await connect(), 'chat', { perMinute: 6 });
    const b = createRedisRateLimiter(await connect(), 'chat', { perMinute: 6 });
    const decisions = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).take('203.0.113.7')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(6);
    const denied = decisions.find((d) => !d.allowed);
    // 6 per minute refill one every 10 s.
    expect(denied).toEqual({ allowed: false, retryAfterSeconds: 10 });
    // Another client has its own bucket.
    expect((await a.take('203.0.113.8')).allowed).toBe(true);
  });

  it('refills evenly', async () => {
    const a = createRedisRateLimiter(await connect(), 'chat', { perMinute: 60 });
    for (let i = 0; i < 60; i++) expect((await a.take('c')).allowed).toBe(true);
    expect(await a.take('c')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    expect((await a.take('c')).allowed).toBe(true);
    expect((await a.take('c')).allowed).toBe(false);
  });

  it('keeps separate limiters apart and lets idle buckets expire', async () => {
    const redisA = await connect();
    const chat = createRedisRateLimiter(redisA, 'chat', { perMinute: 1 });
    const updates = createRedisRateLimiter(redisA, 'updates', { perMinute: 1 });
    expect((await chat.take('c')).allowed).toBe(true);
    expect((await updates.take('c')).allowed).toBe(true);
    expect((await chat.take('c')).allowed).toBe(false);
    const ttl = Number(/:(-?\d+)/.exec(await redis.command(['PTTL', redisA.hashedKey('rate:chat:c')]))?.[1]);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(61_000); // a full refill, plus a second
  });
});
