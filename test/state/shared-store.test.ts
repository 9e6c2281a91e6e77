import { describe, expect, it } from 'vitest';
import { MemorySharedStore } from '../../src/state/shared-store.js';

describe('MemorySharedStore', () => {
  it('claims a key once while it lives, and again after it expires', async () => {
    let t = 0;
    const store = new MemorySharedStore({ now: () => t });
    expect(await store.claim('line:event:1', 1000)).toBe(true);
    expect(await store.claim('line:event:1', 1000)).toBe(false);
    t = 1000;
    expect(await store.claim('line:event:1', 1000)).toBe(true);
  });

  it('stores JSON values until they expire', async () => {
    let t = 0;
    const store = new MemorySharedStore({ now: () => t });
    await store.setJson('handoff:h1', { state: 'open', n: 2 }, 500);
    expect(await store.getJson('handoff:h1')).toEqual({ state: 'open', n: 2 });
    t = 500;
    expect(await store.getJson('handoff:h1')).toBeUndefined();
  });

  it('appends to a list and drains it oldest first, once', async () => {
    const store = new MemorySharedStore();
    await store.append('outbox:web:c1', 'a', 60_000);
    await store.append('outbox:web:c1', 'b', 60_000);
    expect(await store.drain('outbox:web:c1')).toEqual(['a', 'b']);
    expect(await store.drain('outbox:web:c1')).toEqual([]);
  });

  it('keeps at most maxKeys keys, dropping the oldest', async () => {
    const store = new MemorySharedStore({ maxKeys: 2 });
    await store.setJson('a', 1, 60_000);
    await store.setJson('b', 2, 60_000);
    await store.setJson('c', 3, 60_000);
    expect(store.size).toBe(2);
    expect(await store.getJson('a')).toBeUndefined();
    expect(await store.getJson('c')).toBe(3);
  });
});
