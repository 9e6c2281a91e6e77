import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { commonCharClass, detectLanguage, detectLanguageReference, readLanguageRequest, readLanguageRequestReference } from '../../src/i18n/detect.js';
import { loadExampleSets } from '../../src/nlu/classifier-training.js';
import { parseLang } from '../../src/i18n/languages.js';

describe('detectLanguage', () => {
  it.each([
    ['I forgot my PIN', 'en'],
    ['locked card what do I do', 'en'],
    ['PIN wasuremashita', 'en'],
    ['anshou bangou wasureta', 'en'],
    ['How do I reset the マイナンバーカード PIN?', 'en'],
    ['hello', 'en'],
    ['thanks!', 'en'],
    ['暗証番号忘れた', 'ja'],
    ['マイナンバーカードのPIN忘れた', 'ja'],
    ['JPKIのアプリでresetできる？', 'ja'],
    ['ｱﾝｼｮｳﾊﾞﾝｺﾞｳ', 'ja'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it.each(['4', '3', '👍', '🙏🙏', 'ok', 'ok?', 'OK', 'PIN?', '', '  ', '!!', 'yes', 'no', 'JPKI'])('%j carries no signal', (text) => {
    expect(detectLanguage(text)).toBeUndefined();
  });
});

describe('detectLanguage by its table of common code units', () => {
  it('knows each code unit as the regular expressions and NFKC do', () => {
    const japanese = /^[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー々〆]$/u;
    for (let unit = 0; unit < 0x10000; unit++) {
      const known = commonCharClass(unit);
      if (!known) continue;
      const ch = String.fromCharCode(unit);
      expect(japanese.test(ch), ch).toBe(known.japanese);
      const folded = ch.normalize('NFKC').toLowerCase();
      if (known.latin !== undefined) expect(folded).toBe(known.latin);
      else expect(folded, `U+${unit.toString(16)}`).not.toMatch(/[a-z']/);
    }
    for (let cp = 0x1f300; cp <= 0x1faff; cp++) {
      const ch = String.fromCodePoint(cp);
      expect(japanese.test(ch)).toBe(false);
      expect(ch.normalize('NFKC').toLowerCase()).not.toMatch(/[a-z']/);
    }
  });

  it('answers as the reference on every labelled line and on random strings of common and rare characters', () => {
    const texts = [...loadExampleSets().values()].flat().map((line) => line.text);
    const pool = [...'aZｚＡ\'＇ ok pin 　、。ーｰｶﾞﾞﾟ暗証ばんごうカード々〆〇・éé\u0301\u3099😀🙏️…´ω☀𠮷𝐀🄰123-', '\ud800', '\udc00'];
    let seed = 7;
    const random = (k: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % k);
    for (let i = 0; i < 5000; i++) {
      let text = '';
      const length = random(12);
      for (let j = 0; j < length; j++) text += pool[random(pool.length)];
      texts.push(text);
    }
    for (const text of texts) expect(detectLanguage(text), text).toBe(detectLanguageReference(text));
  });
});

describe('readLanguageRequest', () => {
  it('answers as every pattern on every message would, on every fixture text and the requests the patterns name', () => {
    const dir = join(REPO_ROOT, 'test/fixtures');
    const texts = readdirSync(dir)
      .filter((f) => f.endsWith('.tsv'))
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').slice(1).map((l) => l.split('\t')[1] ?? ''));
    const requests = ['やさしい日本語で', 'ひらがなでお願い', 'ふりがなをつけて', 'ルビ付きで', 'easy japanese', 'yasashii nihongo', 'もっとわかりやすくして', '簡単に説明して', '普通の日本語で', '日本語でお願いします', 'in Japanese', 'JAPANESE please', '英語で', 'えいごでおねがい', 'in English please', 'Speak English', 'ENGLISH'];
    let asked = 0;
    for (const text of [...texts, ...requests, ...requests.map((r) => `暗証番号を忘れました。${r}`)]) {
      const want = readLanguageRequestReference(text);
      if (want) asked++;
      expect(readLanguageRequest(text), text).toEqual(want);
    }
    expect(asked).toBeGreaterThan(requests.length);
  });

  it.each([
    ['やさしい日本語で', 'ja-easy', ''],
    ['やさしい日本語でお願いします', 'ja-easy', ''],
    ['かんたんな日本語で', 'ja-easy', ''],
    ['ひらがなで', 'ja-easy', ''],
    ['もっとわかりやすく', 'ja-easy', ''],
    ['easy japanese please', 'ja-easy', ''],
    ['ふつうの日本語で', 'ja', ''],
    ['普通の日本語でお願いします', 'ja', ''],
    ['日本語で', 'ja', ''],
    ['Japanese please', 'ja', ''],
    ['英語でお願いします', 'en', ''],
    ['in English please', 'en', ''],
    ['English', 'en', ''],
  ])('%s → %s', (text, lang, rest) => {
    expect(readLanguageRequest(text)).toEqual({ lang, rest });
  });

  it('keeps the question that comes with the request', () => {
    expect(readLanguageRequest('やさしい日本語で暗証番号を忘れた')).toEqual({ lang: 'ja-easy', rest: '暗証番号を忘れた' });
    expect(readLanguageRequest('Can you answer in English? I forgot my PIN')?.lang).toBe('en');
    expect(readLanguageRequest('Can you answer in English? I forgot my PIN')?.rest).toContain('I forgot my PIN');
    expect(readLanguageRequest('暗証番号を忘れました。英語で教えてください')?.lang).toBe('en');
    expect(readLanguageRequest('英語で話せますか')?.lang).toBe('en');
  });

  it.each(['かんたんに再設定できますか', '暗証番号を忘れた', 'I forgot my PIN', 'わかりやすく教えてほしいのですが、暗証番号の種類は？', '日本語が苦手です', '住民票を英語で出してもらうことはできますか', '英語で発行された証明書はある?'])(
    '%s is no request',
    (text) => {
      expect(readLanguageRequest(text)).toBeUndefined();
    },
  );
});

describe('parseLang', () => {
  const known = ['ja', 'en', 'ja-easy'];
  it.each([
    ['en', 'en'], ['en-US', 'en'], ['EN_gb', 'en'], ['ja', 'ja'], ['ja-JP', 'ja'], ['ja-easy', 'ja-easy'], ['easy', 'ja-easy'],
    ['zh', undefined], ['', undefined], [42, undefined],
  ])('%j → %s', (value, lang) => {
    expect(parseLang(value, known)).toBe(lang);
  });
});
