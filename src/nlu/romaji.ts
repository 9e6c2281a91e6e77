/**
 * Romaji → hiragana, for residents who type Japanese in Latin letters (「anshou bangou wasureta」).
 * Hepburn and kunrei spellings; a doubled vowel becomes ー (「kaado」 → かーど) so lexicon words
 * written in katakana still match. Returns undefined when a word is not romaji (English words).
 */

const VOWELS: Record<string, string> = { a: 'あ', i: 'い', u: 'う', e: 'え', o: 'お' };
const ROWS: Record<string, string> = {
  k: 'かきくけこ', g: 'がぎぐげご', s: 'さしすせそ', z: 'ざじずぜぞ', t: 'たちつてと', d: 'だぢづでど',
  n: 'なにぬねの', h: 'はひふへほ', b: 'ばびぶべぼ', p: 'ぱぴぷぺぽ', m: 'まみむめも', r: 'らりるれろ',
  y: 'や\0ゆ\0よ', w: 'わ\0\0\0を', f: '\0\0ふ\0\0', j: '\0じ\0\0\0', l: 'らりるれろ', c: '\0\0\0\0\0', v: '\0\0ゔ\0\0',
};
const SPECIAL: Record<string, string> = {
  shi: 'し', chi: 'ち', tsu: 'つ', sha: 'しゃ', shu: 'しゅ', sho: 'しょ', she: 'しぇ', cha: 'ちゃ', chu: 'ちゅ',
  cho: 'ちょ', che: 'ちぇ', ja: 'じゃ', ju: 'じゅ', jo: 'じょ', je: 'じぇ', fa: 'ふぁ', fi: 'ふぃ', fe: 'ふぇ',
  fo: 'ふぉ', ti: 'ち', tu: 'つ', si: 'し', zi: 'じ', hu: 'ふ', di: 'ぢ', du: 'づ',
};
const YOON: Record<string, string> = { a: 'ゃ', u: 'ゅ', o: 'ょ' };
const ORDER = 'aiueo';

function syllable(word: string, i: number): [kana: string, length: number] | undefined {
  for (const len of [3, 2]) {
    const chunk = word.slice(i, i + len);
    if (SPECIAL[chunk]) return [SPECIAL[chunk]!, len];
  }
  const c = word[i]!;
  if (VOWELS[c]) return [VOWELS[c]!, 1];
  const next = word[i + 1];
  if (c === 'n' && (next === undefined || next === "'" || (!VOWELS[next] && next !== 'y'))) {
    return [next === 'n' && !VOWELS[word[i + 2] ?? ''] ? 'ん' : 'ん', next === "'" ? 2 : 1];
  }
  if (next && next === c && c !== 'n' && !VOWELS[c]) return ['っ', 1];
  const row = ROWS[c];
  if (!row || next === undefined) return undefined;
  if (next === 'y' && YOON[word[i + 2] ?? ''] && row[1] !== '\0') return [row[1]! + YOON[word[i + 2]!]!, 3];
  const v = ORDER.indexOf(next);
  if (v < 0 || row[v] === '\0') return undefined;
  return [row[v]!, 2];
}

/** Hiragana for one lower-case word, or undefined when it is not romaji. */
export function romajiToHiragana(word: string): string | undefined {
  let out = '';
  let lastVowel = '';
  for (let i = 0; i < word.length; ) {
    const c = word[i]!;
    // 「aa」 is the long vowel of loanwords: 「kaado」 → かーど; other doubled vowels are written
    // out (「juuminhyou」 → じゅうみんひょう), as in Japanese spelling.
    if (c === 'a' && c === lastVowel) {
      out += 'ー';
      lastVowel = '';
      i++;
      continue;
    }
    const s = syllable(word, i);
    if (!s) return undefined;
    out += s[0];
    lastVowel = VOWELS[word[i + s[1] - 1] ?? ''] ? word[i + s[1] - 1]! : '';
    i += s[1];
  }
  return out;
}
