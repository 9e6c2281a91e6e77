import { describe, expect, it } from 'vitest';
import { SeenEventIds } from '../../../src/adapters/line/seen-events.js';
import { MemorySharedStore } from '../../../src/state/shared-store.js';

describe('SeenEventIds', () => {
  it('reports an id only the first time', async () => {
    const seen = new SeenEventIds({ maxEntries: 10, ttlMs: 1000 });
    expect(await seen.firstTime('a')).toBe(true);
    expect(await seen.firstTime('a')).toBe(false);
    expect(await seen.firstTime('b')).toBe(true);
  });

  it('forgets ids after the TTL', async () => {
    let now = 0;
    const seen = new SeenEventIds({ maxEntries: 10, ttlMs: 1000, now: () => now });
    await seen.firstTime('a');
    now = 999;
    expect(await seen.firstTime('a')).toBe(false);
    now = 1000;
    expect(await seen.firstTime('a')).toBe(true);
  });

  it('never holds more than maxEntries, dropping the oldest', async () => {
    const seen = new SeenEventIds({ maxEntries: 100, ttlMs: 60_000 });
    for (let i = 0; i < 10_000; i++) await seen.firstTime(`id${i}`);
    expect(await seen.firstTime('id9999')).toBe(false);
    expect(await seen.firstTime('id0')).toBe(true);
  });

  it('claims in the store it is given, so every instance sharing it agrees', async () => {
    const store = new MemorySharedStore();
    const instanceA = new SeenEventIds({ store });
    const instanceB = new SeenEventIds({ store });
    expect(await instanceA.firstTime('01EV')).toBe(true);
    expect(await instanceB.firstTime('01EV')).toBe(false);
    expect(store.size).toBe(1);
  });
});
