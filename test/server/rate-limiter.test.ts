import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/server/rate-limiter.js';

describe('createRateLimiter', () => {
  it('allows a burst of perMinute, then refills one request every 60/perMinute seconds', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 6, now: () => now });
    for (let i = 0; i < 6; i++) expect(limiter.take('a').allowed).toBe(true);
    const denied = limiter.take('a');
    expect(denied).toEqual({ allowed: false, retryAfterSeconds: 10 });
    now += 9_000;
    expect(limiter.take('a').allowed).toBe(false);
    now += 1_000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('counts clients separately', () => {
    const limiter = createRateLimiter({ perMinute: 1, now: () => 0 });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('b').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('remembers at most maxClients, forgetting those not seen for longest', () => {
    const limiter = createRateLimiter({ perMinute: 1, maxClients: 100, now: () => 0 });
    limiter.take('kept');
    for (let i = 0; i < 10_000; i++) {
      limiter.take(`flood-${i}`);
      if (i % 50 === 0) limiter.take('kept'); // seen recently, so never evicted
    }
    expect(limiter.size).toBeLessThanOrEqual(100);
    expect(limiter.size).toBeGreaterThanOrEqual(50);
    expect(limiter.take('kept').allowed).toBe(false);
    // An evicted client starts afresh rather than staying blocked forever.
    expect(limiter.take('flood-0').allowed).toBe(true);
  });
});

describe('createRateLimiter: which clients it forgets', () => {
  it('forgets exactly the client seen least recently once maxClients are remembered', () => {
    const limiter = createRateLimiter({ perMinute: 1, maxClients: 3, now: () => 0 });
    for (const client of ['a', 'b', 'c']) expect(limiter.take(client).allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false); // a is now the most recently seen
    expect(limiter.take('d').allowed).toBe(true); // b, seen least recently, is forgotten
    expect(limiter.size).toBe(3);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('c').allowed).toBe(false);
    expect(limiter.take('d').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true); // starts afresh; a, now seen least recently, goes
    expect(limiter.take('d').allowed).toBe(false);
    expect(limiter.take('a').allowed).toBe(true);
  });
});

describe('createRateLimiter: many clients', () => {
  it("keeps every client's bucket as its table grows", () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 2, maxClients: 5000, now: () => now });
    for (let i = 0; i < 3000; i++) expect(limiter.take(`c${i}`).allowed).toBe(true);
    expect(limiter.size).toBe(3000);
    for (let i = 0; i < 3000; i++) expect(limiter.take(`c${i}`).allowed, `c${i}`).toBe(true);
    for (let i = 0; i < 3000; i += 97) expect(limiter.take(`c${i}`).allowed, `c${i}`).toBe(false);
    now += 30_000; // one token back
    expect(limiter.take('c0').allowed).toBe(true);
    expect(limiter.take('c0').allowed).toBe(false);
  });
});
