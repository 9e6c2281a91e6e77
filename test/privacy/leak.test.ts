import { describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../../src/conversation/session-store.js';
import { createTestBot } from '../conversation/fixture.js';

// Every message carries a secret; none of its digits may reach the reply, the log or the store.
const CASES = [
  { text: '暗証番号 7305 で合ってる?', secret: '7305' },
  { text: 'マイナンバーは 9876 5432 1093 です。暗証番号を忘れました', secret: '987654321093' },
  { text: '４桁の暗証番号は８２４６だけど３回間違えた', secret: '8246' },
  { text: '署名用の暗証番号 QWERTY789 を入れたらロックされた', secret: 'QWERTY789' },
  { text: '6159', secret: '6159' },
] as const;

const digitsOf = (s: string) => s.normalize('NFKC').replace(/[^0-9A-Z]/g, '');
// Clocks are digits too (an epoch in milliseconds holds any four in a row sooner or later): they are
// not what the resident typed, so they are zeroed before the search.
const withoutClocks = (s: string) => s.replace(/"(time|lastTurnAt|at|ms)":\s*[\d.]+/g, '"$1":0');

describe('secrets never leave the message', () => {
  it.each(CASES)('$text', async ({ text, secret }) => {
    const store = new MemorySessionStore();
    const { chat, logLines } = createTestBot({ store });
    const reply = await chat.send('resident', text);
    // One more turn so that a leak stored in the state would surface in later logs too.
    await chat.send('resident', 'ありがとう');

    expect(reply.privacyWarning).toBe(true);
    const needle = digitsOf(secret);
    const haystacks = {
      reply: JSON.stringify(reply),
      log: withoutClocks(logLines.join('\n')),
      store: withoutClocks(JSON.stringify(await store.get(chat.keyOf('resident')))),
    };
    for (const [where, hay] of Object.entries(haystacks)) {
      expect(digitsOf(hay), where).not.toContain(needle);
      expect(hay.normalize('NFKC'), where).not.toContain(secret.normalize('NFKC'));
    }
    expect(logLines.length).toBeGreaterThan(0);
  });

  it('still answers the question that came with the secret', async () => {
    const { chat } = createTestBot();
    const reply = await chat.send('a', 'マイナンバーは 9876 5432 1093 です。暗証番号を忘れました');
    expect(reply.intent).toBe('forgot_pin');
    expect(reply.privacyWarning).toBe(true);
    const locked = await chat.send('b', '署名用の暗証番号 QWERTY789 を入れたらロックされた');
    expect(locked.intent).toBe('unlock_procedure');
  });

  it('the store holds no text at all, only what the bot concluded', async () => {
    const store = new MemorySessionStore();
    const { chat } = createTestBot({ store });
    await chat.send('a', '暗証番号を忘れました');
    const saved = await store.get(chat.keyOf('a'));
    expect(Object.keys(saved!).sort()).toEqual(['lang', 'lastIntent', 'lastTurnAt', 'openQuestion', 'slots', 'turns']);
    expect(JSON.stringify(saved)).not.toContain('忘れ');
  });
});
