import { describe, expect, it } from 'vitest';
import { CHINESE_ANCHORS, FOREIGN_WORDS } from '../../src/nlu/foreign-words.data.js';
import { keyOf, withJapaneseForForeignWords } from '../../src/nlu/foreign-words.js';
import { normalise, normaliseReference } from '../../src/nlu/normalise.js';
import { createTestBot } from '../conversation/fixture.js';

describe('withJapaneseForForeignWords (src/nlu/foreign-words.ts)', () => {
  it.each([
    ['マイナンバーカード の senha 忘れた', 'パスワード'],
    ['マイナンバーカードの 密码 わすれた', 'パスワード'],
    ['マイナカード 被锁了 どうしたら', 'ロック'],
    ['マイナンバーカード khóa された', 'ロック'],
    ['マイナンバーカード 비밀번호를 잊어버렸어요', 'パスワード'],
    ['Xin chào', 'こんにちは'],
    ['Obrigado!', 'ありがとう'],
  ])('puts a word of another language into Japanese: %s → %s', (text, japanese) => {
    expect(withJapaneseForForeignWords(text)).toContain(japanese);
  });

  it('puts the word in its place, so the lexicon reads it with its neighbours (「lock された」 → ロックされた)', () => {
    expect(normalise('マイナカード lock された')).toBe('まいなかーどろっくされた');
    expect(normalise('マイナンバーカード の senha 忘れた')).toBe('まいなんばーかーどのぱすわーど忘れた');
  });

  it('reads English words only in a message read as Japanese', () => {
    expect(withJapaneseForForeignWords('PINがlockされた')).toContain('ロック');
    // half-width katakana is Japanese too, as the detector reads it
    expect(withJapaneseForForeignWords('ﾏｲﾅ lock ｻﾚﾀ')).toContain('ロック');
    expect(withJapaneseForForeignWords('I forgot my password')).toBe('I forgot my password');
    expect(withJapaneseForForeignWords('How do I reset the 署名用 password?')).toBe('How do I reset the 署名用 password?');
  });

  it('reads Latin-script words whole, never inside another word', () => {
    for (const text of ['マイナの unlock', 'マイナの clavel', 'マイナの passwordless', 'マイナの blockchain', 'ハローワーク']) {
      const read = withJapaneseForForeignWords(text);
      expect(read).not.toContain('ロック');
      expect(read).not.toContain('パスワード');
    }
    expect(withJapaneseForForeignWords('マイナの unlock')).toContain('解除');
  });

  it('leaves Japanese text as it is, including words Chinese writes the same way (代理人, 市役所, 忘れた)', () => {
    for (const text of ['代理人の本人確認、健康保険の資格確認書と年金手帳でいけますか', '市役所で暗証番号を再設定したい', '暗証番号を忘れた', '']) {
      expect(withJapaneseForForeignWords(text)).toBe(text);
    }
  });

  it('the table: every word in lower case, none listed twice, none that Japanese writes in kana', () => {
    const all = Object.values(FOREIGN_WORDS).flatMap(({ en = [], other }) => [...en, ...other]);
    expect(all.length).toBeGreaterThan(200);
    for (const word of all) {
      expect(word).toBe(word.toLowerCase());
      expect(word).not.toMatch(/[\u3041-\u30ff]/);
    }
    expect(new Set(all).size).toBe(all.length);
    // every Chinese word is found by a character Japanese does not write
    for (const word of all.filter((w) => /^[\u3400-\u9fff]/.test(w))) expect(keyOf(word), word).toBeGreaterThanOrEqual(0);
    expect(CHINESE_ANCHORS).not.toMatch(/[密忘市銀個]/);
  });

  it('finds a Chinese word by its anchor, wherever the anchor is in it (密码: 码)', () => {
    expect(withJapaneseForForeignWords('カードの密码を忘れた')).toBe('カードの パスワード を忘れた');
    expect(withJapaneseForForeignWords('銀行の密度')).toBe('銀行の密度');
  });

  it('normalise and its reference read a mixed message the same way', () => {
    for (const text of ['マイナンバーカード の senha 忘れた, como faz?', 'マイナカード 被锁了', 'khóa された', 'ＰＩＮがｌｏｃｋされた']) {
      expect(normalise(text)).toBe(normaliseReference(text));
    }
  });
});

describe('a word of another language inside Japanese reads as its Japanese word would', () => {
  it.each([
    ['マイナンバーカード の senha 忘れた, como faz?', 'forgot_pin'],
    ['マイナカード 被锁了 どうしたら', 'unlock_procedure'],
    ['マイナンバーカード khóa された、どこ 行く?', 'unlock_procedure'],
    ['PINがlockされた。何もっていけばいい?', 'unlock_procedure'],
    ['Xin chào', 'greeting'],
    // a whole message in another language, when its words are in the table
    ['Esqueci a senha do cartão my number', 'forgot_pin'],
    ['我忘记了个人编号卡的密码', 'forgot_pin'],
    // another owner's secret stays out of scope in any language
    ['banco の senha 忘れた', 'none'],
  ] as const)('%s → %s', async (text, intent) => {
    const { chat } = createTestBot();
    expect((await chat.send('a', text)).intent).toBe(intent);
  });
});
