// Redis going away and coming back, on a real redis-server: the stores keep answering from
// memory, quickly, with one log line for the outage and one for the recovery, and use Redis again.
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationState } from '../../src/conversation/session-store.js';
import { loadEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/logging/logger.js';
import { createRedisRateLimiter } from '../../src/server/redis-rate-limiter.js';
import { connectRedisState, type RedisState } from '../../src/state/redis-state.js';
import { redisServerAvailable, startRedisServer, type TestRedis } from '../helpers/redis-server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const state = (turns: number): ConversationState => ({ slots: { wrongCount: turns }, lastTurnAt: 1, turns });

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

const haveRedis = redisServerAvailable();

describe.skipIf(!haveRedis)('Redis going away (real redis-server)', { timeout: 30_000 }, () => {
  let redis: TestRedis;
  let live: RedisState | undefined;
  let logs: Array<{ level: number; msg: string }> = [];

  async function connect(commandTimeoutMs = 300): Promise<RedisState> {
    logs = [];
    const logger = createLogger({
      level: 'info',
      stream: new Writable({
        write(chunk, _enc, done) {
          logs.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    });
    const env = loadEnv({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'failover:', REDIS_COMMAND_TIMEOUT_MS: String(commandTimeoutMs) });
    live = await connectRedisState(env, logger);
    return live!;
  }
  const outageLines = () => logs.filter((l) => l.msg.startsWith('redis unavailable'));
  const backLines = () => logs.filter((l) => l.msg.startsWith('redis is back'));

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    await live?.close();
    live = undefined;
  });

  it('killed: keeps answering from memory, fast, logs once, and goes back to Redis when it returns', async () => {
    const s = await connect();
    expect(s.redis.available).toBe(true);
    await s.store.set('web:c1', state(2));
    expect(await s.shared.claim('line:event:before', 60_000)).toBe(true);
    const limiter = createRedisRateLimiter(s.redis, 'chat', { perMinute: 1000 });

    await redis.kill();
    await until(() => !s.redis.available);
    const started = Date.now();
    for (let i = 0; i < 50; i++) {
      // The conversation this instance was having goes on from its own memory.
      expect(await s.store.withLock('web:c1', () => s.store.get('web:c1'))).toMatchObject({ turns: 2 });
      await s.store.set('web:c1', state(2));
      expect(await s.shared.claim(`line:event:during${i}`, 60_000)).toBe(true);
      expect(await s.shared.claim(`line:event:during${i}`, 60_000)).toBe(false); // dedupe per process
      expect((await limiter.take('10.0.0.1')).allowed).toBe(true);
    }
    expect(Date.now() - started).toBeLessThan(1000); // no command waited for the dead server
    expect(outageLines()).toHaveLength(1);
    expect(outageLines()[0]!.level).toBe(50);

    await redis.restart();
    await until(() => s.redis.available);
    expect(backLines()).toHaveLength(1);
    // Redis again: a claim is written there (the restarted server was empty).
    expect(await s.shared.claim('line:event:after', 60_000)).toBe(true);
    expect(await redis.command(['EXISTS', s.redis.hashedKey('line:event:after')])).toBe(':1\r\n');
    await s.store.set('web:c2', state(1));
    expect(await redis.command(['EXISTS', s.redis.hashedKey('session:web:c2')])).toBe(':1\r\n');
    expect(outageLines()).toHaveLength(1);
  });

  it('frozen (answers nothing): a command fails after REDIS_COMMAND_TIMEOUT_MS, later ones at once, until it answers again', async () => {
    const s = await connect(200);
    await s.shared.setJson('k', 1, 60_000);
    redis.pause();
    try {
      let started = Date.now();
      expect(await s.shared.claim('line:event:frozen', 60_000)).toBe(true); // from memory, after the timeout
      expect(Date.now() - started).toBeLessThan(1000);
      started = Date.now();
      for (let i = 0; i < 20; i++) await s.store.get(`web:f${i}`);
      expect(Date.now() - started).toBeLessThan(200); // Redis is known to be down: no more waiting
      expect(outageLines()).toHaveLength(1);
    } finally {
      redis.resume();
    }
    await until(() => s.redis.available);
    expect(await s.shared.getJson('k')).toBe(1);
    expect(backLines()).toHaveLength(1);
  });

  it('not reachable at start-up: starts anyway on memory and uses Redis once it is there', async () => {
    await redis.stop();
    try {
      const s = await connect();
      expect(s.redis.available).toBe(false);
      expect(await s.shared.claim('line:event:early', 60_000)).toBe(true);
      expect(outageLines()).toHaveLength(1);
      await redis.restart();
      await until(() => s.redis.available);
      expect(await s.shared.claim('line:event:late', 60_000)).toBe(true);
      expect(await redis.command(['EXISTS', s.redis.hashedKey('line:event:late')])).toBe(':1\r\n');
    } finally {
      if ((await redis.command(['PING']).catch(() => '')) === '') await redis.restart();
    }
  });
});
