import { describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../../src/conversation/session-store.js';
import { createTestBot } from './fixture.js';

const JAPANESE = /[ぁ-ん]{3}/;
const READING = /（[ぁ-ん]+）/; // やさしい日本語 gives hard kanji a reading: 窓口（まどぐち）

describe('conversation: the language of each reply', () => {
  it('English in, English out; a message with no language keeps the conversation’s language', async () => {
    const { chat } = createTestBot();
    const first = await chat.send('a', 'I forgot my my number card PIN');
    expect(first.lang).toBe('en');
    expect(first.clarifying).toBe(true);
    expect(first.text).not.toMatch(JAPANESE);
    // The which-PIN chips are English and their text is understood.
    const choice = first.suggestions.find((s) => /signature/i.test(s.label))!;
    const second = await chat.send('a', choice.text);
    expect(second.intent).toBe('forgot_signature_pin');
    expect(second.lang).toBe('en');
    for (const neutral of ['4', '👍', 'ok']) {
      const reply = await chat.send('a', neutral);
      expect(reply.lang, neutral).toBe('en');
      expect(reply.text, neutral).not.toMatch(JAPANESE);
    }
    const ja = await chat.send('a', '窓口は何時まで？');
    expect(ja.lang).toBe('ja');
    expect((await chat.send('a', '👍')).lang).toBe('ja');
  });

  it('English answers the which-PIN question and the wrong-entry count in English', async () => {
    const { chat } = createTestBot();
    await chat.send('b', 'I forgot my PIN');
    const fourDigit = await chat.send('b', 'the 4 digit one');
    expect(fourDigit.intent).toBe('forgot_pin');
    expect(fourDigit.text).toMatch(/4-digit/);
    const count = await chat.send('c', 'I entered the wrong signature PIN 2 times');
    expect(count.intent).toBe('lockout_rules');
    expect(count.text).toMatch(/\b3\b/); // 5 - 2 tries left
  });

  it('やさしい日本語 on request answers the last question again, keeps it for Japanese, and 「ふつうの日本語で」 ends it', async () => {
    const { chat } = createTestBot();
    const normal = await chat.send('d', 'カードがロックされました');
    expect(normal.lang).toBe('ja');
    expect(normal.suggestions.at(-1)).toMatchObject({ label: 'やさしい日本語で', text: 'やさしい日本語で' });
    const easy = await chat.send('d', 'やさしい日本語で');
    expect(easy.lang).toBe('ja-easy');
    expect(easy.intent).toBe(normal.intent);
    expect(easy.text).toMatch(READING);
    expect(easy.suggestions.map((s) => s.label)).not.toContain('やさしい日本語で');
    const next = await chat.send('d', '代理人でもいいですか');
    expect(next.lang).toBe('ja-easy');
    expect(next.text).toMatch(READING);
    const back = await chat.send('d', 'ふつうの日本語でお願いします');
    expect(back.lang).toBe('ja');
    expect(back.text).not.toMatch(READING);
  });

  it('a request with a question answers the question in the requested language', async () => {
    const { chat } = createTestBot();
    const reply = await chat.send('e', 'かんたんな日本語で。カードをなくしました');
    expect(reply.lang).toBe('ja-easy');
    expect(reply.intent).toBe('lost_card');
    const english = await chat.send('f', '英語でお願いします');
    expect(english.lang).toBe('en');
    expect(english.text).not.toMatch(JAPANESE);
  });

  it('the platform language is asked only when needed, once, and a slow or failing lookup answers in ja', async () => {
    const { engine } = createTestBot();
    let asked = 0;
    const defaultLang = async () => {
      asked++;
      return 'en';
    };
    expect((await engine.respond({ conversationKey: 'line:U1', text: '暗証番号を忘れた', defaultLang })).lang).toBe('ja');
    expect(asked).toBe(0);
    expect((await engine.respond({ conversationKey: 'line:U2', text: '👍', defaultLang })).lang).toBe('en');
    expect((await engine.respond({ conversationKey: 'line:U2', text: '🙏', defaultLang })).lang).toBe('en');
    expect(asked).toBe(1);
    const failing = await engine.respond({ conversationKey: 'line:U3', text: '👍', defaultLang: () => Promise.reject(new Error('LINE down')) });
    expect(failing.lang).toBe('ja');
    const started = Date.now();
    const slow = await engine.respond({ conversationKey: 'line:U4', text: '👍', defaultLang: () => new Promise(() => {}) });
    expect(slow.lang).toBe('ja');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('the channel’s language (web switch, --lang) applies to messages with no language of their own', async () => {
    const { engine } = createTestBot();
    expect((await engine.respond({ conversationKey: 'web:1', text: '😀', lang: 'ja-easy' })).lang).toBe('ja-easy');
    expect((await engine.respond({ conversationKey: 'web:1', text: '暗証番号を忘れた', lang: 'ja-easy' })).lang).toBe('ja-easy');
    expect((await engine.respond({ conversationKey: 'web:1', text: 'locked card', lang: 'ja-easy' })).lang).toBe('en');
    expect((await engine.respond({ conversationKey: 'web:2', text: '😀', lang: 'klingon' })).lang).toBe('ja');
  });

  it('the privacy warning and fixed messages are in the conversation’s language', async () => {
    const { chat } = createTestBot();
    await chat.send('g', 'hello');
    const warned = await chat.send('g', 'my PIN is 1234, is it locked?');
    expect(warned.privacyWarning).toBe(true);
    expect(warned.text).not.toMatch(JAPANESE);
    expect(warned.text).not.toContain('1234');
    const empty = await chat.send('g', '   ');
    expect(empty.text).not.toMatch(JAPANESE);
  });
});

describe('session store: the language is part of the state', () => {
  it('is copied in and out', async () => {
    const store = new MemorySessionStore();
    await store.set('k', { slots: {}, lastTurnAt: 1, turns: 1, lang: 'en' });
    const state = await store.get('k');
    expect(state?.lang).toBe('en');
    state!.lang = 'ja';
    expect((await store.get('k'))?.lang).toBe('en');
  });
});
