import { describe, expect, it } from 'vitest';
import { MemorySessionStore, StatelessSessionStore, type ConversationState, type SessionStore } from '../../src/conversation/session-store.js';
import { createTestBot } from './fixture.js';

const state = (turns: number): ConversationState => ({ slots: { pinType: 'four_digit' }, lastTurnAt: 0, turns });

function fakeClock(start = 1_000_000) {
  const clock = { now: start };
  return { clock, now: () => clock.now };
}

describe('MemorySessionStore: idle TTL', () => {
  it('keeps a conversation until it has been idle for the TTL', async () => {
    const { clock, now } = fakeClock();
    const store = new MemorySessionStore({ ttlSeconds: 60, now });
    await store.set('k', state(1));
    clock.now += 59_999;
    expect(await store.get('k')).toMatchObject({ turns: 1 });
    // Reading it restarted the idle timer.
    clock.now += 59_999;
    expect(await store.get('k')).toMatchObject({ turns: 1 });
    clock.now += 60_000;
    expect(await store.get('k')).toBeUndefined();
    expect(await store.size()).toBe(0);
  });

  it('drops expired conversations when others are written', async () => {
    const { clock, now } = fakeClock();
    const store = new MemorySessionStore({ ttlSeconds: 10, now });
    for (let i = 0; i < 100; i++) await store.set(`old${i}`, state(i));
    clock.now += 10_000;
    await store.set('new', state(0));
    expect(await store.size()).toBe(1);
  });
});

describe('MemorySessionStore: bounded size', () => {
  it('evicts the least recently used conversation first', async () => {
    const { clock, now } = fakeClock();
    const store = new MemorySessionStore({ maxConversations: 3, now });
    for (const k of ['a', 'b', 'c']) {
      await store.set(k, state(1));
      clock.now += 1;
    }
    await store.get('a'); // a is now the most recently used
    await store.set('d', state(1));
    expect(await store.size()).toBe(3);
    expect(await store.get('b')).toBeUndefined();
    for (const k of ['a', 'c', 'd']) expect(await store.get(k), k).toBeDefined();
  });

  it('never holds more than the bound', async () => {
    const store = new MemorySessionStore({ maxConversations: 50 });
    for (let i = 0; i < 1000; i++) await store.set(`k${i}`, state(i));
    expect(await store.size()).toBe(50);
    expect(await store.get('k999')).toMatchObject({ turns: 999 });
    expect(await store.get('k949')).toBeUndefined();
  });

  it('rejects nonsensical limits with a message naming the setting', () => {
    expect(() => new MemorySessionStore({ maxConversations: 0 })).toThrow(/SESSION_MAX_CONVERSATIONS/);
    expect(() => new MemorySessionStore({ ttlSeconds: 0 })).toThrow(/SESSION_TTL_SECONDS/);
  });
});

describe('MemorySessionStore: copies, not references', () => {
  it('gives back every field it was given, and nothing else', async () => {
    const store = new MemorySessionStore();
    const full: ConversationState = {
      lastIntent: 'lockout_rules',
      openQuestion: { kind: 'which_pin', intent: 'forgot_pin' },
      slots: { pinType: 'signature', wrongCount: 3 },
      lastTurnAt: 123,
      turns: 7,
    };
    await store.set('full', full);
    await store.set('bare', state(0));
    expect(await store.get('full')).toStrictEqual(full);
    expect(await store.get('bare')).toStrictEqual(state(0));
    expect(await store.get('full')).not.toBe(full);
  });

  it('a caller changing a state it read does not change the stored one', async () => {
    const store = new MemorySessionStore();
    await store.set('k', state(1));
    const read = (await store.get('k'))!;
    read.turns = 99;
    read.slots.pinType = 'signature';
    expect(await store.get('k')).toMatchObject({ turns: 1, slots: { pinType: 'four_digit' } });
  });
});

describe('MemorySessionStore: per-conversation lock', () => {
  // Read-modify-write with a pause in between, as a turn does (match, answer, then store).
  async function increment(store: SessionStore, key: string): Promise<void> {
    const current = (await store.get(key)) ?? state(0);
    await new Promise((r) => setTimeout(r, 1));
    await store.set(key, { ...current, turns: current.turns + 1 });
  }

  it('serialises work on the same key: no lost update', async () => {
    const store = new MemorySessionStore();
    await Promise.all(Array.from({ length: 20 }, () => store.withLock('k', () => increment(store, 'k'))));
    expect((await store.get('k'))!.turns).toBe(20);
  });

  it('(control) without the lock the same work loses updates', async () => {
    const store = new MemorySessionStore();
    await Promise.all(Array.from({ length: 20 }, () => increment(store, 'k')));
    expect((await store.get('k'))!.turns).toBeLessThan(20);
  });

  it('runs different keys concurrently and keeps order within a key', async () => {
    const store = new MemorySessionStore();
    const order: string[] = [];
    let releaseA!: () => void;
    const blockA = new Promise<void>((r) => (releaseA = r));
    const a1 = store.withLock('a', async () => {
      await blockA;
      order.push('a1');
    });
    const a2 = store.withLock('a', async () => {
      order.push('a2');
    });
    await store.withLock('b', async () => {
      order.push('b');
    });
    releaseA();
    await Promise.all([a1, a2]);
    expect(order).toEqual(['b', 'a1', 'a2']);
  });

  it("keeps a running turn's lock when the locks of many other conversations are forgotten", async () => {
    const store = new MemorySessionStore({ maxConversations: 10 });
    const order: string[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const first = store.withLock('k', async () => {
      await blocked;
      order.push('first');
    });
    // Enough other conversations for the idle ones to be swept several times.
    for (let i = 0; i < 5000; i++) await store.withLock(`other-${i}`, async () => {});
    const second = store.withLock('k', async () => {
      order.push('second');
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });

  it('a failing turn releases the lock for the next one', async () => {
    const store = new MemorySessionStore();
    await expect(store.withLock('k', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(store.withLock('k', async () => 'ok')).resolves.toBe('ok');
  });
});

describe('the engine over the store', () => {
  it('concurrent turns of one user are all counted and keep their order', async () => {
    const { engine, store } = createTestBot();
    const key = 'line:U1';
    const turns = ['暗証番号を忘れました', '署名用です', 'ロックされました', '家族に頼めますか'];
    const replies = await Promise.all(turns.map((text) => engine.respond({ conversationKey: key, text })));
    expect(replies.map((r) => r.intent)).toEqual(['forgot_pin', 'forgot_signature_pin', 'unlock_procedure', 'proxy_procedure']);
    expect((await store.get(key))!.turns).toBe(4);
  });

  it('forget() drops the conversation', async () => {
    const { engine, store } = createTestBot();
    await engine.respond({ conversationKey: 'k', text: 'ロックされました' });
    await engine.forget('k');
    expect(await store.get('k')).toBeUndefined();
  });
});

describe('StatelessSessionStore (classify: every line its own conversation)', () => {
  it('keeps nothing: a state set is never read back, and it counts no conversation', async () => {
    const store = new StatelessSessionStore();
    await store.set('a', { slots: { pinType: 'signature' }, lastTurnAt: 1, turns: 1, lastIntent: 'forgot_signature_pin' });
    expect(await store.get('a')).toBeUndefined();
    expect(await store.size()).toBe(0);
    expect(await store.withLock('a', async () => 'ran')).toBe('ran');
  });

  it('answers a second message of the same key as a fresh conversation, exactly as a new key would', async () => {
    const stateless = createTestBot({ store: new StatelessSessionStore() });
    const memory = createTestBot();
    await stateless.chat.send('a', '暗証番号を忘れました');
    await memory.chat.send('a', '暗証番号を忘れました');
    // With memory, 「署名用です」 answers the which-PIN question; without, it is read on its own,
    // as the same words from a new conversation are.
    const afterMemory = await memory.chat.send('a', '署名用です');
    const afterNothing = await stateless.chat.send('a', '署名用です');
    const fresh = await memory.chat.send('b', '署名用です');
    expect(afterMemory.intent).toBe('forgot_signature_pin');
    expect(afterNothing).toEqual(fresh);
  });
});
