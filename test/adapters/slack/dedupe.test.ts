import { describe, expect, it } from 'vitest';
import { EventDeduper } from '../../../src/adapters/slack/dedupe.js';

describe('EventDeduper', () => {
  it('lets an id through once', () => {
    const d = new EventDeduper();
    expect(d.firstTime('Ev1')).toBe(true);
    expect(d.firstTime('Ev1')).toBe(false);
    expect(d.firstTime('Ev2')).toBe(true);
  });

  it('stays bounded, forgetting the oldest id first', () => {
    const d = new EventDeduper(3);
    for (const id of ['a', 'b', 'c', 'd']) d.firstTime(id);
    expect(d.size).toBe(3);
    expect(d.firstTime('d')).toBe(false);
    expect(d.firstTime('a')).toBe(true); // forgotten, so new again
  });
});
