import { describe, expect, it } from 'vitest';
import { UseOrder, UseOrderLinks } from '../../src/state/use-order.js';

class Item extends UseOrderLinks<Item> {
  constructor(readonly name: string) {
    super();
  }
}

/** The names from oldest to newest, checking the links both ways agree. */
function names(order: UseOrder<Item>): string[] {
  const forward: string[] = [];
  for (let e = order.oldest; e; e = e.newer) forward.push(e.name);
  const backward: string[] = [];
  for (let e = order.newest; e; e = e.older) backward.push(e.name);
  expect(backward.reverse()).toEqual(forward);
  return forward;
}

describe('UseOrder', () => {
  it('keeps entries in order of last use: pushed newest, touched moved to the newest end', () => {
    const order = new UseOrder<Item>();
    const [a, b, c] = [new Item('a'), new Item('b'), new Item('c')];
    order.push(a);
    order.push(b);
    order.push(c);
    expect(names(order)).toEqual(['a', 'b', 'c']);
    order.touch(a);
    expect(names(order)).toEqual(['b', 'c', 'a']);
    order.touch(a);
    expect(names(order)).toEqual(['b', 'c', 'a']);
    order.touch(c);
    expect(names(order)).toEqual(['b', 'a', 'c']);
  });

  it('unlinks from either end or the middle, and an unlinked entry can come back', () => {
    const order = new UseOrder<Item>();
    const items = ['a', 'b', 'c', 'd'].map((n) => new Item(n));
    for (const item of items) order.push(item);
    order.unlink(items[1]!);
    expect(names(order)).toEqual(['a', 'c', 'd']);
    order.unlink(items[0]!);
    order.unlink(items[3]!);
    expect(names(order)).toEqual(['c']);
    expect(items[0]).toMatchObject({ older: undefined, newer: undefined });
    order.push(items[0]!);
    expect(names(order)).toEqual(['c', 'a']);
    order.unlink(items[2]!);
    order.unlink(items[0]!);
    expect(names(order)).toEqual([]);
    expect(order.oldest).toBeUndefined();
    expect(order.newest).toBeUndefined();
  });

  it('clear forgets every entry', () => {
    const order = new UseOrder<Item>();
    order.push(new Item('a'));
    order.push(new Item('b'));
    order.clear();
    expect(names(order)).toEqual([]);
  });
});
