import { describe, expect, it } from 'vitest';
import { SeenEventIds } from '../../../src/adapters/line/seen-events.js';

describe('SeenEventIds', () => {
  it('reports an id only the first time', () => {
    const seen = new SeenEventIds({ maxEntries: 10, ttlMs: 1000 });
    expect(seen.firstTime('a')).toBe(true);
    expect(seen.firstTime('a')).toBe(false);
    expect(seen.firstTime('b')).toBe(true);
  });

  it('forgets ids after the TTL', () => {
    let now = 0;
    const seen = new SeenEventIds({ maxEntries: 10, ttlMs: 1000, now: () => now });
    seen.firstTime('a');
    now = 999;
    expect(seen.firstTime('a')).toBe(false);
    now = 1000;
    expect(seen.firstTime('a')).toBe(true);
  });

  it('never holds more than maxEntries, dropping the oldest', () => {
    const seen = new SeenEventIds({ maxEntries: 100, ttlMs: 60_000 });
    for (let i = 0; i < 10_000; i++) seen.firstTime(`id${i}`);
    expect(seen.size).toBe(100);
    expect(seen.firstTime('id9999')).toBe(false);
    expect(seen.firstTime('id0')).toBe(true);
  });
});
