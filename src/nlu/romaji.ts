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

/** The spelling tables, for the first implementation kept in test/nlu/romaji-reference.ts. */
export const ROMAJI_TABLES = { VOWELS, ROWS, SPECIAL, YOON, ORDER } as const;

/** The syllable's length in letters, set by {@link syllable} with each syllable it returns. */
let syllableLength = 0;

/** SPECIAL by its key's code units (see {@link chunkCode}): no substring per lookup. */
const SPECIAL_BY_CODE = new Map(Object.entries(SPECIAL).map(([key, kana]) => [chunkCode(key, 0, key.length), kana]));

/** The code units of word[i…i+length) (2 or 3 of them) as one number, exactly. */
function chunkCode(word: string, i: number, length: number): number {
  let code = length;
  for (let j = 0; j < length; j++) code = code * 65536 + word.charCodeAt(i + j);
  return code;
}

// The one-letter tables by code unit (a word is [a-z'], see withRomajiReadings): looked up by a
// one-letter string, as `VOWELS[c]`, every lookup was a megamorphic keyed load by name.
const VOWEL_AT = byUnit(VOWELS);
// Each row as an array of its kana, not a string: row 'c' (all \0) is a one-byte string and the
// others two-byte, and the compiled syllable, having read one kind of string by index, was thrown
// back to slow code by the other.
const ROW_AT = byUnit(ROWS).map((row) => (row === undefined ? undefined : [...row]));
const YOON_AT = byUnit(YOON);
/** ORDER.indexOf(letter) by code unit. */
const ORDER_AT = new Int8Array(128).fill(-1);
for (let v = 0; v < ORDER.length; v++) ORDER_AT[ORDER.charCodeAt(v)] = v;
const A = 0x61;
const N = 0x6e;
const Y = 0x79;
const APOSTROPHE = 0x27;

function byUnit(table: Record<string, string>): (string | undefined)[] {
  const out = new Array<string | undefined>(128).fill(undefined);
  for (const [letter, kana] of Object.entries(table)) out[letter.charCodeAt(0)] = kana;
  return out;
}

/** The entry of a {@link byUnit} table for code unit `u`, or undefined (also for −1: no letter). */
function at<T>(table: readonly (T | undefined)[], u: number): T | undefined {
  return u >= 0 && u < 128 ? table[u] : undefined;
}

/** word's code unit at i, or −1 past its end (where the reference read undefined). */
function unitOr(word: string, i: number): number {
  return i < word.length ? word.charCodeAt(i) : -1;
}

/**
 * The kana of the syllable at word[i] (its length in syllableLength), or undefined: the first
 * implementation (test/nlu/romaji-reference.ts) without a substring or a tuple per syllable (romaji
 * was a sixth of an English match). Same answers, including the reference's 3 for a two-letter special at the word's end.
 */
function syllable(word: string, i: number): string | undefined {
  const rest = word.length - i;
  if (rest >= 2) {
    // The reference's slice(i, i + 3): two letters at the word's end (then counted as 3, as there).
    const three = SPECIAL_BY_CODE.get(chunkCode(word, i, Math.min(3, rest)));
    if (three !== undefined) {
      syllableLength = 3;
      return three;
    }
    const two = rest >= 3 ? SPECIAL_BY_CODE.get(chunkCode(word, i, 2)) : undefined;
    if (two !== undefined) {
      syllableLength = 2;
      return two;
    }
  }
  const c = word.charCodeAt(i);
  const vowel = at(VOWEL_AT, c);
  if (vowel !== undefined) {
    syllableLength = 1;
    return vowel;
  }
  const next = unitOr(word, i + 1);
  if (c === N && (next === -1 || next === APOSTROPHE || (at(VOWEL_AT, next) === undefined && next !== Y))) {
    syllableLength = next === APOSTROPHE ? 2 : 1;
    return 'ん';
  }
  if (next !== -1 && next === c && c !== N) {
    syllableLength = 1;
    return 'っ';
  }
  const row = at(ROW_AT, c);
  if (row === undefined || next === -1) return undefined;
  const yoon = next === Y ? at(YOON_AT, unitOr(word, i + 2)) : undefined;
  if (yoon !== undefined && row[1] !== '\0') {
    syllableLength = 3;
    return row[1]! + yoon;
  }
  const v = next < 128 ? ORDER_AT[next]! : -1;
  if (v < 0 || row[v] === '\0') return undefined;
  syllableLength = 2;
  return row[v]!;
}

/** Hiragana for one lower-case word, or undefined when it is not romaji. */
export function romajiToHiragana(word: string): string | undefined {
  let out = '';
  /** The code unit of the last syllable's final vowel, or −1. */
  let lastVowel = -1;
  for (let i = 0; i < word.length; ) {
    const c = word.charCodeAt(i);
    // 「aa」 is the long vowel of loanwords: 「kaado」 → かーど; other doubled vowels are written
    // out (「juuminhyou」 → じゅうみんひょう), as in Japanese spelling.
    if (c === A && c === lastVowel) {
      out += 'ー';
      lastVowel = -1;
      i++;
      continue;
    }
    const kana = syllable(word, i);
    if (kana === undefined) return undefined;
    out += kana;
    const end = unitOr(word, i + syllableLength - 1);
    lastVowel = at(VOWEL_AT, end) !== undefined ? end : -1;
    i += syllableLength;
  }
  return out;
}
