import { describe, expect, it } from 'vitest';
import { katakanaToHiragana, normalise } from '../../src/nlu/normalise.js';
import { romajiToHiragana } from '../../src/nlu/romaji.js';
import { romajiToHiraganaReference } from './romaji-reference.js';
import { loadExampleSets } from '../../src/nlu/classifier-training.js';

describe('normalise', () => {
  it.each([
    ['ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ', 'まいなんばーかーど'],
    ['マイナンバーカード', 'まいなんばーかーど'],
    ['ＰＩＮ　ＬＯＣＫ', 'pin lock ぴん'],
    ['暗正番号を忘れた', '暗証番号を忘れた'],
    ['暗証番後', '暗証番号'],
    ['パスワ-ド', 'ぱすわーど'],
    ['ﾊﾟｽﾜｰﾄﾞ', 'ぱすわーど'],
    ['ロックーーー', 'ろっくー'],
    ['３回まちがえた！！', '3回まちがえた'],
    ['  忘れた\t\n ', '忘れた'],
    ['HELP', 'help'],
    ['署名用?', '署名用'],
    ['e-Tax', 'e-tax'],
    // a leading mention addresses the bot; a Japanese display name ends at a space or comma
    ['@mynapin ロック解除', 'ろっく解除'],
    ['@マイナ相談 こんばんは', 'こんばんは'],
    ['@マイナ相談、暗証番号', '暗証番号'],
    ['@市役所ボット　@mynapin 忘れた', '忘れた'],
  ])('%j → %j', (input, expected) => {
    expect(normalise(input)).toBe(expected);
  });

  it('drops zero-width and bidi characters, and turns control characters into spaces', () => {
    expect(normalise('暗証\u200b番号を\u202e忘れた\u0007')).toBe('暗証番号を忘れた');
    expect(normalise('暗証\u0000番号')).toBe('暗証番号');
    expect(normalise('PIN\u0000LOCK')).toBe('pin lock ぴん');
  });

  it('turns emoji-only and punctuation-only text into the empty string', () => {
    expect(normalise('😅🙏')).toBe('');
    expect(normalise('！？…。')).toBe('');
  });

  it('does not mangle common words that contain kana look-alikes', () => {
    expect(normalise('できるかどうか')).toBe('できるかどうか');
  });

  it('folds only katakana to hiragana, leaving ー and kanji alone', () => {
    expect(katakanaToHiragana('ロック解除ー')).toBe('ろっく解除ー');
  });

  it('adds the hiragana reading of romaji words, then the kanji of the words it spells, and leaves English words alone', () => {
    expect(normalise('anshou bangou wasureta')).toBe('anshou bangou wasureta あんしょうばんごうわすれた 暗証番号');
    expect(normalise('mainanbaa kaado')).toBe('mainanbaa kaado まいなんばーかーど');
    expect(normalise('juuminhyou')).toBe('juuminhyou じゅうみんひょう 住民票');
    // 「toshokan」 reads 図書館 as 「としょかん」 in kana does (kana-words.ts), so the library card is another's
    expect(normalise('toshokan no kaado')).toBe('toshokan no kaado としょかんのかーど 図書館');
    expect(normalise('help')).toBe('help');
    expect(normalise('lock')).toBe('lock');
    // digits typed onto a word stay in its reading
    expect(normalise('maina no 4keta wasureta')).toBe('maina no 4keta wasureta まいなの4けたわすれた');
  });

  it('reads 10,000 characters without trouble', () => {
    expect(normalise('あ'.repeat(10_000))).toHaveLength(10_000);
  });
});

describe('romajiToHiragana', () => {
  it('answers as the first implementation (the reference) on every Latin word of the labelled lines and 50,000 random words', () => {
    const words = new Set<string>();
    for (const line of [...loadExampleSets().values()].flat()) for (const w of line.text.toLowerCase().match(/[a-z']{2,}/g) ?? []) words.add(w);
    let seed = 1;
    const random = (k: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % k);
    const letters = "aiueonkstyhjfwzdbpmrgcvlx'";
    for (let i = 0; i < 50_000; i++) {
      let w = '';
      for (let j = 1 + random(9); j > 0; j--) w += letters[random(letters.length)];
      words.add(w);
    }
    for (const w of ['ja', 'shi', 'tsu', 'kaado', 'n', "n'", 'nn', 'kyo', 'cha', 'ch', 'sh']) words.add(w);
    for (const w of words) expect(romajiToHiragana(w), w).toBe(romajiToHiraganaReference(w));
  });
});
