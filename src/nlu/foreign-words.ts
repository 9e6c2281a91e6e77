import { detectLanguage } from '../i18n/detect.js';
import { BASE_LANG } from '../i18n/languages.js';
import { FOREIGN_WORDS } from './foreign-words.data.js';

/**
 * The message with every word it holds from another language (foreign-words.data.ts) put into
 * Japanese: 「マイナンバーカード の senha 忘れた」 → 「… の パスワード 忘れた」, 「マイナカード 被锁了」 →
 * 「マイナカード ロック 了」. Residents writing Japanese as a second language leave the words they know
 * best in their own language; the lexicon, the key terms and the classifier learnt the Japanese
 * ones, and the lexicon reads them with the words around them (ロックされた). English words count
 * only in a message read as Japanese (i18n/detect.ts). A message with none of the words is returned
 * as it is; one with any is returned in lower case (normalisation folds case anyway).
 */
export function withJapaneseForForeignWords(text: string): string {
  const table = (words ??= readTable());
  const from = firstPossibleWord(text, table);
  if (from < 0) return text;
  const lower = text.toLowerCase();
  // 「How do I reset the 署名用 password?」 is English, and goes to the English matcher as written.
  const japanese = detectLanguage(text) === BASE_LANG;
  let out = '';
  let copied = 0;
  // Lower case keeps the length but for a few letters (İ): then the scan starts over from the start.
  for (let i = lower.length === text.length ? from : 0; i < lower.length; i++) {
    const u = lower.charCodeAt(i);
    const kind = table.first[u];
    if (kind === 0 || (kind === 1 && !table.pairs.has((u << 16) | lower.charCodeAt(i + 1)))) continue;
    const latinStart = isLatin(u);
    if (latinStart && i > 0 && isLatin(lower.charCodeAt(i - 1))) continue;
    for (const { word, to, english } of table.byFirst.get(u) ?? []) {
      if (english && !japanese) continue;
      if (!lower.startsWith(word, i)) continue;
      if (latinStart && isLatin(lower.charCodeAt(i + word.length))) continue;
      // Spaced off: a Latin word's neighbours stay words of their own; between Japanese characters
      // normalisation drops the spaces, and 「lock された」 reads as 「ロックされた」.
      out += `${lower.slice(copied, i)} ${to} `;
      copied = i + word.length;
      i = copied - 1;
      break;
    }
  }
  return copied === 0 ? text : out + lower.slice(copied);
}

interface Entry {
  word: string;
  to: string;
  english: boolean;
}

interface Table {
  /** By code unit: 0 starts no word; 1 starts one when the next code unit is in `pairs`; 2 may start one. */
  first: Uint8Array;
  /** (first << 16 | second code unit) of every word, Latin letters in lower case. */
  pairs: Set<number>;
  byFirst: Map<number, Entry[]>;
}

let words: Table | undefined;

/**
 * Where a word of the table may start in the text (−1: nowhere), by its first two characters. Most
 * Japanese messages hold none, and pay one lookup per character: many words start with a kanji
 * Japanese writes too (忘了, 市政府), never with the two characters a Japanese word starts with.
 */
function firstPossibleWord(text: string, table: Table): number {
  const { first, pairs } = table;
  for (let k = 0; k < text.length; k++) {
    const kind = first[text.charCodeAt(k)];
    if (kind === 0) continue;
    if (kind === 2 || pairs.has((lowerAscii(text.charCodeAt(k)) << 16) | lowerAscii(text.charCodeAt(k + 1)))) return k;
  }
  return -1;
}

function lowerAscii(u: number): number {
  return u >= 0x41 && u <= 0x5a ? u | 0x20 : u;
}

/** The words by their first character, longest first; made when the first message comes. */
function readTable(): Table {
  const first = new Uint8Array(65536);
  const pairs = new Set<number>();
  const byFirst = new Map<number, Entry[]>();
  for (const [to, { en = [], other }] of Object.entries(FOREIGN_WORDS)) {
    for (const [list, english] of [[en, true], [other, false]] as const) {
      for (const written of list) {
        const word = written.toLowerCase();
        const u = word.charCodeAt(0);
        // Plain Latin letters and kanji are common in Japanese messages: they start a word only with
        // the word's second character after them. Any other script (Hangul, accented letters,
        // Devanagari), and a word of one character, may start a word wherever it is.
        const byPair = word.length > 1 && ((u >= 0x61 && u <= 0x7a) || (u >= 0x3400 && u <= 0x9fff));
        for (const c of [u, word[0]!.toUpperCase().charCodeAt(0)]) first[c] = Math.max(first[c]!, byPair ? 1 : 2);
        if (byPair) pairs.add((u << 16) | word.charCodeAt(1));
        const entries = byFirst.get(u) ?? [];
        entries.push({ word, to, english });
        byFirst.set(u, entries);
      }
    }
  }
  for (const entries of byFirst.values()) entries.sort((a, b) => b.word.length - a.word.length);
  return { first, pairs, byFirst };
}

/** Latin letters, with the accented ones of Vietnamese, Portuguese and Spanish. */
function isLatin(u: number): boolean {
  return (u >= 0x61 && u <= 0x7a) || (u >= 0x41 && u <= 0x5a) || (u >= 0xc0 && u <= 0x24f && u !== 0xd7 && u !== 0xf7) || (u >= 0x1e00 && u <= 0x1eff);
}
