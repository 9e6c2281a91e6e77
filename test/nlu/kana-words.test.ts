import { describe, expect, it } from 'vitest';
import { KANA_READINGS } from '../../src/nlu/kana-readings.data.js';
import { isKanaOnly, withKanjiForKana } from '../../src/nlu/kana-words.js';
import { normalise, normaliseReference } from '../../src/nlu/normalise.js';
import { createTestBot } from '../conversation/fixture.js';

describe('withKanjiForKana (src/nlu/kana-words.ts)', () => {
  it('adds the kanji of the words a message in kana alone spells out', () => {
    const read = withKanjiForKana('としょかん の かーど の ばんごう わすれた');
    expect(read.startsWith('としょかん の かーど の ばんごう わすれた ')).toBe(true);
    expect(read).toContain('図書館');
    expect(read).toContain('番号');
  });

  it('reads each word once, however often it is written', () => {
    expect(withKanjiForKana('ばんごう が たくさん。 どれ が なんの ばんごう')).toBe('ばんごう が たくさん。 どれ が なんの ばんごう 番号');
  });

  it('leaves a message with any kanji, or with no kana, as it is', () => {
    expect(withKanjiForKana('図書館の かーど の ばんごう わすれた')).toBe('図書館の かーど の ばんごう わすれた');
    expect(withKanjiForKana('I forgot my PIN')).toBe('I forgot my PIN');
    expect(withKanjiForKana('ﾏｲﾅ 暗証番号')).toBe('ﾏｲﾅ 暗証番号');
    expect(withKanjiForKana('')).toBe('');
  });

  it('reads a message in katakana alone, full- or half-width, as the same words in hiragana', () => {
    expect(withKanjiForKana('ﾊﾞﾝｺﾞｳ ﾍﾝｺｳ ｼﾀｲ')).toBe('ﾊﾞﾝｺﾞｳ ﾍﾝｺｳ ｼﾀｲ 番号変更');
    expect(withKanjiForKana('アンショウバンゴウ')).toBe('アンショウバンゴウ 暗証番号');
    // katakana among hiragana is a loanword, a word boundary, not read as hiragana
    expect(withKanjiForKana('パスワードわすれた')).not.toContain('番号');
  });

  it('reads a word only where one starts (「いかないと」 holds no 課内)', () => {
    expect(KANA_READINGS.split('\n')).toContain('かない\t課内');
    expect(withKanjiForKana('しやくしょに いかないと だめ?')).not.toContain('課内');
    // after a particle a word may start, without spaces
    expect(withKanjiForKana('かーどのあんしょうばんごうをわすれた')).toContain('暗証番号');
  });

  it('tells which spans it may read', () => {
    expect(isKanaOnly('暗証番号。あんしょうばんごう', 5, 14)).toBe(true);
    expect(isKanaOnly('暗証番号。あんしょうばんごう', 0, 14)).toBe(false);
    expect(isKanaOnly('PIN lock', 0, 8)).toBe(false);
    expect(isKanaOnly('PIN ﾛｯｸ', 0, 7)).toBe(true);
  });

  it('the generated table: one hiragana reading of three kana or more per kanji word, sorted, no reading twice', () => {
    const rows = KANA_READINGS.split('\n').map((line) => line.split('\t'));
    expect(rows.length).toBeGreaterThan(500);
    for (const row of rows) {
      expect(row).toHaveLength(2);
      expect(row[0]).toMatch(/^[\u3041-\u3096]{3,}$/);
      expect(row[1]).toMatch(/^[\u3400-\u9fff]+$/);
    }
    const readings = rows.map((r) => r[0]!);
    expect(new Set(readings).size).toBe(readings.length);
    expect([...readings].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(readings);
  });

  it('normalise and its reference read the same kana message the same way', () => {
    for (const text of ['としょかん の かーど の ばんごう わすれた', 'あんしょうばんごう を わすれました', 'ﾏｲﾅ の あんしょうばんごう']) {
      expect(normalise(text)).toBe(normaliseReference(text));
    }
    expect(normalise('としょかん の かーど')).toBe('としょかんのかーど図書館');
  });
});

describe('a message in kana alone reads as its kanji would', () => {
  it.each([
    // another card's number, named in kana: as its kanji spelling reads (「図書館のカードの番号忘れた」)
    ['としょかん の かーど の ばんごう わすれた', 'none'],
    ['じゅうき かーど の ばんごう わすれた', 'none'],
    ['ふるい じゅうき かーど が ろっく された', 'none'],
    ['こくみんけんこうほけん の ほけんりょう が たかい', 'none'],
    // and the card's own PINs still are
    ['あんしょうばんごう を わすれました', 'forgot_pin'],
    ['じゅうきようのあんしょうばんごうってなにに つかうの', 'pin_types'],
    ['しょめいよう の ぱすわーど を わすれました', 'forgot_signature_pin'],
    // half-width katakana from an older phone: 「変更」 was read only in hiragana
    ['ﾊﾞﾝｺﾞｳ ﾍﾝｺｳ ｼﾀｲ', 'change_pin'],
    ['ﾊﾟｽ ﾍﾝｺｳ ｼﾀｲ', 'change_pin'],
  ] as const)('%s → %s', async (text, intent) => {
    const { chat } = createTestBot();
    expect((await chat.send('a', text)).intent).toBe(intent);
  });
});
