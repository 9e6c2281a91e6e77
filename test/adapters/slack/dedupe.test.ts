import { describe, expect, it } from 'vitest';
import { EventDeduper } from '../../../src/adapters/slack/dedupe.js';
import { MemorySharedStore } from '../../../src/state/shared-store.js';

describe('EventDeduper', () => {
  it('lets an id through once', async () => {
    const d = new EventDeduper();
    expect(await d.firstTime('Ev1')).toBe(true);
    expect(await d.firstTime('Ev1')).toBe(false);
    expect(await d.firstTime('Ev2')).toBe(true);
  });

  it('stays bounded, forgetting the oldest id first', async () => {
    const d = new EventDeduper(undefined, 3);
    for (const id of ['a', 'b', 'c', 'd']) await d.firstTime(id);
    expect(await d.firstTime('d')).toBe(false);
    expect(await d.firstTime('a')).toBe(true); // forgotten, so new again
  });

  it('claims in the shared store, so two instances answer a retried event once', async () => {
    const store = new MemorySharedStore();
    expect(await new EventDeduper(store).firstTime('Ev9')).toBe(true);
    expect(await new EventDeduper(store).firstTime('Ev9')).toBe(false);
  });
});
