import { detectLanguage } from '../i18n/detect.js';
import { BASE_LANG } from '../i18n/languages.js';
import { CHINESE_ANCHORS, FOREIGN_WORDS } from './foreign-words.data.js';
import { unitAt } from './code-units.js';

/**
 * The message with every word it holds from another language (foreign-words.data.ts) put into
 * Japanese: 「マイナンバーカード の senha 忘れた」 → 「… の パスワード 忘れた」, 「マイナカード 被锁了」 →
 * 「マイナカード ロック 了」. Residents writing Japanese as a second language leave the words they know
 * best in their own language; the lexicon, the key terms and the classifier learnt the Japanese
 * ones, and the lexicon reads them with the words around them (ロックされた). English words count
 * only in a message read as Japanese (i18n/detect.ts). A message with none of the words is returned
 * as it is.
 */
export function withJapaneseForForeignWords(text: string): string {
  const table = (words ??= readTable());
  const { keys, pairs } = table;
  let out: string | undefined;
  let copied = 0;
  // Asked only when an English word is found: most messages never need it.
  let japanese: boolean | undefined;
  // The text's code units through unitAt, its length read once: normalise hands this loop several
  // kinds of V8 string, and `text.charCodeAt` / `text.length` were looked up generically at every
  // character (see code-units.ts).
  const n = text.length;
  for (let i = 0; i < n; i++) {
    // One lookup per character; for most Japanese messages, nothing more.
    const unit = unitAt(text, i);
    const kind = keys[unit];
    if (kind === 0) continue;
    // A Latin word starts where a word does, never inside one.
    const latinStart = isLatin(unit);
    if (latinStart && i > 0 && isLatin(unitAt(text, i - 1))) continue;
    const u = lowerLatin(unit);
    let candidates: Entry[] | undefined;
    if (kind === 1) {
      // With its first two letters (a key in the last place starts no word of two).
      if (i + 1 === n) continue;
      const v = lowerLatin(unitAt(text, i + 1));
      if (pairs[pairKey(u, v)] === 0) continue;
      candidates = table.byPair.get(u * 0x10000 + v);
    } else candidates = table.byKey.get(u);
    // No `candidates ?? []`: an empty array literal is another kind of array than the table's lists,
    // and the first one the compiled loop met (a pair's hash shared with no word, a few lines in
    // thousands) threw it back to slow code and had it compiled again.
    if (candidates === undefined) continue;
    // By index, not for-of with destructuring (an iterator and four loads a word, a fifth of the function).
    for (let c = 0; c < candidates.length; c++) {
      const { word, to, english, key } = candidates[c]!;
      const start = i - key;
      if (start < copied || !matchesAt(text, start, word)) continue;
      const after = start + word.length;
      if (latinStart && after < n && isLatin(unitAt(text, after))) continue;
      // 「How do I reset the 署名用 password?」 is English, and goes to the English matcher as written.
      if (english && !(japanese ??= detectLanguage(text) === BASE_LANG)) continue;
      // Spaced off: a Latin word's neighbours stay words of their own; between Japanese characters
      // normalisation drops the spaces, and 「lock された」 reads as 「ロックされた」.
      out = `${out ?? ''}${text.slice(copied, start)} ${to} `;
      copied = start + word.length;
      i = copied - 1;
      break;
    }
  }
  return out === undefined ? text : out + text.slice(copied);
}

/**
 * By code unit, whether a word of the table may have its key there (non-zero). normalise.ts notes it
 * as it folds each character, and calls {@link withJapaneseForForeignWords} only for a text with one.
 */
export function foreignWordKeys(): Uint8Array {
  return (words ??= readTable()).keys;
}

interface Entry {
  word: string;
  to: string;
  english: boolean;
  /** Where in the word its key character is: 0, or a Chinese word's anchor (CHINESE_ANCHORS). */
  key: number;
}

interface Table {
  /**
   * By code unit, whether a word's key character it is (Latin letters in both cases): 0 no; 1 only
   * when the next code unit is the word's next too (`pairs`: plain Latin letters start words of
   * every language, 「PIN」 and 「pc」 among them); 2 yes (Hangul, accented letters, Devanagari, a
   * Chinese anchor).
   */
  keys: Uint8Array;
  /** 1 at pairKey of a Latin word's first two code units (lower case). */
  pairs: Uint8Array;
  /** The words whose key is 2, by their key character (lower case), longest first. */
  byKey: Map<number, Entry[]>;
  /** The words whose key is 1, by their first two code units (first × 0x10000 + second), longest first. */
  byPair: Map<number, Entry[]>;
}

let words: Table | undefined;

/** The table, made when the first message comes. */
function readTable(): Table {
  const keys = new Uint8Array(65536);
  const pairs = new Uint8Array(65536);
  const byKey = new Map<number, Entry[]>();
  const byPair = new Map<number, Entry[]>();
  for (const [to, { en = [], other }] of Object.entries(FOREIGN_WORDS)) {
    for (const [list, english] of [[en, true], [other, false]] as const) {
      for (const written of list) {
        const word = written.toLowerCase();
        const key = keyOf(word);
        const u = word.charCodeAt(key);
        const pairGated = key === 0 && word.length > 1 && u >= 0x61 && u <= 0x7a;
        if (pairGated) pairs[pairKey(u, word.charCodeAt(1))] = 1;
        for (const c of new Set([u, word[key]!.toUpperCase().charCodeAt(0)])) keys[c] = Math.max(keys[c]!, pairGated ? 1 : 2);
        const index = pairGated ? u * 0x10000 + word.charCodeAt(1) : u;
        const map = pairGated ? byPair : byKey;
        const entries = map.get(index) ?? [];
        entries.push({ word, to, english, key });
        map.set(index, entries);
      }
    }
  }
  for (const entries of [...byKey.values(), ...byPair.values()]) entries.sort((a, b) => b.word.length - a.word.length);
  primeLowerLatin();
  return { keys, pairs, byKey, byPair };
}

/**
 * Runs lowerLatin's path for accented letters (toLowerCase), once per process: reached only by a
 * message with such a letter, it had no feedback when the first came, and threw the compiled
 * withJapaneseForForeignWords (which inlines it) back to slow code, to be compiled again (~10 ms
 * of CPU in a benchmark's timed pass). V8 records no feedback for a function's first calls, hence
 * the 64 (~20 µs).
 */
function primeLowerLatin(): void {
  for (let k = 0; k < 64; k++) lowerLatin(0xc0 + k);
}

/** A Chinese word's first anchor character (CHINESE_ANCHORS); any other word's first character. */
export function keyOf(word: string): number {
  if (!isHan(word.charCodeAt(0))) return 0;
  for (let k = 0; k < word.length; k++) if (CHINESE_ANCHORS.includes(word[k]!)) return k;
  return -1;
}

/** Whether `word` (lower case) is written at `text[at…]`, in any case. */
function matchesAt(text: string, at: number, word: string): boolean {
  if (at + word.length > text.length) return false;
  for (let j = 0; j < word.length; j++) if (lowerLatin(unitAt(text, at + j)) !== word.charCodeAt(j)) return false;
  return true;
}

/** The lower case of a Latin letter (accented ones included); any other code unit as it is. */
function lowerLatin(u: number): number {
  if (u < 0xc0) return u >= 0x41 && u <= 0x5a ? u | 0x20 : u;
  return u < 0x250 || (u >= 0x1e00 && u <= 0x1eff) ? String.fromCharCode(u).toLowerCase().charCodeAt(0) : u;
}

/** Where a word's first two code units are marked in Table.pairs (two pairs may share a place). */
function pairKey(first: number, second: number): number {
  return ((first << 7) ^ second) & 0xffff;
}

/**
 * Latin letters, with the accented ones of Vietnamese, Portuguese and Spanish, by code unit. A table,
 * not a chain of range comparisons: the compiled withJapaneseForForeignWords inlines this, and the
 * first message with an accented letter reached a comparison it had never made and threw it back
 * to slow code (it was then compiled again, ~20 ms of a process's CPU).
 */
const LATIN = new Uint8Array(65536);
LATIN.fill(1, 0x41, 0x5b);
LATIN.fill(1, 0x61, 0x7b);
LATIN.fill(1, 0xc0, 0x250);
LATIN[0xd7] = LATIN[0xf7] = 0; // × ÷
LATIN.fill(1, 0x1e00, 0x1f00);

/** Whether code unit `u` is a Latin letter (see LATIN). */
function isLatin(u: number): boolean {
  return LATIN[u] === 1;
}

function isHan(u: number): boolean {
  return u >= 0x3400 && u <= 0x9fff;
}
