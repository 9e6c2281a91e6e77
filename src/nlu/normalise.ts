/**
 * Japanese text normalisation shared by the matcher, the slot readers and the lexicon loader.
 *
 * The goal is that every spelling a resident might type of the same word reaches the matcher as
 * one string: full-/half-width forms (NFKC), katakana vs hiragana (folded to hiragana, so lexicon
 * patterns are written once), ASCII case, repeated long-vowel marks and small typos that Japanese
 * IMEs commonly produce.
 */

import { foreignWordKeys, withJapaneseForForeignWords } from './foreign-words.js';
import { isKanaOnly, kanjiWordsIn, withKanjiForKana } from './kana-words.js';
import { analysePattern } from './pattern-scan.js';
import { romajiToHiragana } from './romaji.js';
import { unitAt } from './code-units.js';

// Misconversions that the lexicon's typo layer (`fuzzy`, `homophoneWords` in intents/_lexicon.yaml)
// cannot express: two changed characters, a changed last character, kana slips. Prefer adding a
// word or a same-reading kanji there; it is data staff can edit.
const SPELLING_FIXES: ReadonlyArray<readonly [RegExp, string]> = [
  [/暗正|暗しょう|あん証|安唱|暗証証/g, '暗証'],
  [/っ{2,}/g, 'っ'],
  [/偏向(?=したい|する|でき|方法|手続|の仕方)/g, '変更'],
  [/資確確認/g, '資格確認'],
  [/顔認識/g, '顔認証'],
  [/初期可/g, '初期化'],
  [/顔認照/g, '顔認証'],
  [/公布(?=って|は|の|で|を|\b)/g, '交付'],
  [/押しえ/g, '教え'],
  [/使い型/g, '使い方'],
  [/(\d)会(?=続|連続|間違|まちが|ミス|みす|失敗)/g, '$1回'],
  [/住民表/g, '住民票'],
  [/紹介書/g, '照会書'],
  [/出切る/g, '出来る'],
  [/かーお(?=の|を|が|で|は)/g, 'かーど'],
  [/面許/g, '免許'],
  [/へるぶ/g, 'へるぷ'],
  [/保険書/g, '保険証'],
  [/暗証番後|暗証番語/g, '暗証番号'],
  [/あんしょうばんご(?!う)/g, 'あんしょうばんごう'],
  [/まいなんば(?!ー)/g, 'まいなんばー'],
  [/ぱすわ[-ｰ‐−]?ど/g, 'ぱすわーど'],
  [/ぱすわーと(?!ど)/g, 'ぱすわーど'],
  // Not at the right spelling, which it would replace by itself: 「マイナンバーカード」 is in one
  // message of fifteen, and a fix that matches costs the pass over every fix (and the clause's read-off).
  [/ま(?!いなんばーかーど)[いぃ]な(?:ん)?ば[-ｰ‐−ー]?(?=かーど)/g, 'まいなんばー'],
  [/わすれちった|わすれちゃった|忘れちった/g, '忘れちゃった'],
  [/署命|著名用|署明|書名用/g, '署名'],
  [/ろつく/g, 'ろっく'],
  [/保健証/g, '保険証'],
  [/こんび二/g, 'こんびに'],
  [/電子証名書|電子照明書/g, '電子証明書'],
];

// Most messages hold none of the misconversions: one test of their union skips all thirty passes.
// (When none matches the text, applying them in turn changes nothing, so the skip is exact.)
const ANY_SPELLING_FIX = new RegExp(SPELLING_FIXES.map(([p]) => `(?:${p.source})`).join('|'));

/** The spelling fixes' regex sources: `npm run build` stores their analysis with the lexicon's (pattern-facts.json). */
export function spellingFixSources(): string[] {
  return SPELLING_FIXES.map(([pattern]) => pattern.source);
}

/**
 * The strings one of which occurs in every text a spelling fix matches (by pattern-scan.ts's
 * analysis), by first code unit: where none occurs, ANY_SPELLING_FIX cannot match and is not run
 * (it was the dearest step of a common text). Made on first use (from the build's stored analysis);
 * null if a fix has no such strings.
 */
let fixFactors: FixFactors | null | undefined;

interface FixFactors {
  /**
   * Bit {@link unitPairSlot}(a, b) set for the first two code units (a, b) of each factor of two or
   * more: one read of this 8 KB bitset per position rules out nearly every position (the factors'
   * first units are common kana, あ, ま, っ, and the second rules them out).
   */
  pairs: Int32Array;
  /** The factors of two or more by their first two code units (a × 0x10000 + b). */
  byPair: Map<number, string[]>;
  /** Bit u: a factor is the one code unit u (none in the project's fixes). */
  singles: Int32Array;
  anySingle: boolean;
  perFix: readonly string[][];
}

/** A slot of a 65,536-bit table for the code unit pair (a, b). */
function unitPairSlot(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 16;
}

function spellingFixFactors(): FixFactors | null {
  const pairs = new Int32Array(65536 / 32);
  const byPair = new Map<number, string[]>();
  const singles = new Int32Array(65536 / 32);
  let anySingle = false;
  const perFix: string[][] = [];
  for (const source of spellingFixSources()) {
    const { factors, always } = analysePattern(source);
    if (always || !factors || factors.some((factor) => factor.length === 0)) return null;
    perFix.push([...factors]);
    for (const factor of factors) {
      const a = factor.charCodeAt(0);
      if (factor.length === 1) {
        singles[a >>> 5]! |= 1 << (a & 31);
        anySingle = true;
        continue;
      }
      const b = factor.charCodeAt(1);
      const slot = unitPairSlot(a, b);
      pairs[slot >>> 5]! |= 1 << (slot & 31);
      const key = a * 0x10000 + b;
      const list = byPair.get(key);
      if (list) list.push(factor);
      else byPair.set(key, [factor]);
    }
  }
  return { pairs, byPair, singles, anySingle, perFix };
}

/**
 * Every spelling fix in turn, as `s.replace(pattern, replacement)` for each; a fix none of whose
 * factors occurs in the text as it stands then cannot match, and is skipped.
 */
function applySpellingFixes(text: string): string {
  if (fixFactors === undefined) fixFactors = spellingFixFactors();
  const perFix = fixFactors?.perFix;
  let s = text;
  // Plain loops: a closure per fix and per factor test made this a tenth of what a match allocates.
  for (let i = 0; i < SPELLING_FIXES.length; i++) {
    if (perFix) {
      const factors = perFix[i]!;
      let found = false;
      for (let f = 0; f < factors.length && !found; f++) found = s.includes(factors[f]!);
      if (!found) continue;
    }
    const [pattern, replacement] = SPELLING_FIXES[i]!;
    s = s.replace(pattern, replacement);
  }
  return s;
}

/**
 * Whether one of the spelling fixes' factors occurs in `units[0…length)` (always true without them):
 * at each position, the pair of code units there looked up in one bitset, and only where it is set
 * the factors that start with that pair compared. (A table by first unit, 64 KB read at every
 * character, then a second table by the pair was ~5 ns a character, a fifth of normalising a
 * message; this ~3.5, 2026-12-07.)
 */
function mayNeedSpellingFix(units: Uint16Array, length: number): boolean {
  if (fixFactors === undefined) fixFactors = spellingFixFactors();
  if (fixFactors === null) return true;
  const { pairs, byPair, singles, anySingle } = fixFactors;
  for (let k = 0; k < length; k++) {
    const a = units[k]!;
    if (anySingle && (singles[a >>> 5]! & (1 << (a & 31))) !== 0) return true;
    if (k + 1 === length) break;
    const b = units[k + 1]!;
    const slot = unitPairSlot(a, b);
    if ((pairs[slot >>> 5]! & (1 << (slot & 31))) === 0) continue;
    const factors = byPair.get(a * 0x10000 + b);
    if (factors === undefined) continue;
    for (let i = 0; i < factors.length; i++) {
      const factor = factors[i]!;
      if (k + factor.length > length) continue;
      let j = 2;
      while (j < factor.length && units[k + j] === factor.charCodeAt(j)) j++;
      if (j === factor.length) return true;
    }
  }
  return false;
}

// A display name may be Japanese (「@マイナ相談 」 in a LINE group): then only a space or comma shows
// where it ends, so such a name counts only when one follows.
const LEADING_MENTIONS = /^(?:\s*@(?:[\w.-]+[\s,:、]*|[^\s@]+[\s,:、　]+))+/u;
// Slack's markup for a mention, a channel or a broadcast (「<@U07BOT001>」「<#C0123|help>」「<!here>」),
// anywhere in the text: a name, never a word of the question.
const SLACK_MARKUP = /<(?:@|#|!)[^<>\s]{1,80}>/g;
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// Zero-width characters and bidi controls are invisible: drop them so 「暗証\u200b番号」 stays one word.
const INVISIBLE_CHARS = /[\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g;
// Everything that is not a letter, a digit, kana/kanji, or the few symbols the lexicon uses.
const NOISE = /[^\p{L}\p{N}ー〜~\-+@.:/ ]+/gu;
// A kept symbol standing alone (「...」「ーー」) carries no meaning.
const JAPANESE_SPACE = /(?<=[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー]) (?=[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー])/gu;
const LONE_SYMBOLS = /(?<=^| )[ー〜~\-+@.:/]+(?= |$)/g;

/** Folds katakana (incl. ヴ, small forms) to hiragana; leaves ー and everything else alone. */
export function katakanaToHiragana(text: string): string {
  // A loop over code units: a replace() with a callback per character costs ten times more.
  let k = 0;
  for (; k < text.length; k++) {
    const u = text.charCodeAt(k);
    if (u >= 0x30a1 && u <= 0x30f6) break;
  }
  if (k === text.length) return text;
  let out = text.slice(0, k);
  for (; k < text.length; k++) {
    const u = text.charCodeAt(k);
    out += u >= 0x30a1 && u <= 0x30f6 ? String.fromCharCode(u - 0x60) : text[k];
  }
  return out;
}

/**
 * Normalises one user message for matching. Pure and fast (no allocation-heavy steps); the result
 * is lower-case, NFKC, hiragana-folded, with punctuation turned into single spaces.
 */
export function normalise(text: string): string {
  return normaliseWith(withKanjiForKana(text), true);
}

/** {@link normalise} without its shortcuts (every spelling fix runs): the reference for tests. */
export function normaliseReference(text: string): string {
  return normaliseWith(withKanjiForKana(text), false);
}

/**
 * The text normalised, with its words of other languages put into Japanese first
 * (foreign-words.ts). The common path notes whether the text holds a character such a word may be
 * found by (FOREIGN_KEYS), and most texts hold none: only those are read for them.
 */
function normaliseWith(text: string, fast: boolean): string {
  if (!fast) return normaliseGeneral(withJapaneseForForeignWords(text), false);
  const done = normaliseCommonText(text);
  if (done !== undefined && !sawForeignKey) return done;
  const read = withJapaneseForForeignWords(text);
  let readDone = done;
  if (read !== text) {
    // Not read off: what was marked in the text (normaliseMarking) is not where it is in the text read.
    readDone = normaliseCommonText(read);
    markedOut.start = -1;
  }
  // One call of the general path for both texts: a second one, reached only by a text with a word
  // of another language and an uncommon character, had no feedback when the first such message
  // came, and threw away the compiled normaliseWith and the two it is inlined into.
  return readDone ?? normaliseGeneral(read, true);
}

/** {@link normaliseWith} by regular expressions and NFKC: for text with characters the common path does not fold. */
function normaliseGeneral(text: string, fast: boolean): string {
  // A leading chat mention (「@mynapin 」) addresses the bot; it is not part of the question.
  let s = text.normalize('NFKC').replace(SLACK_MARKUP, ' ').replace(LEADING_MENTIONS, '').replace(INVISIBLE_CHARS, '').replace(CONTROL_CHARS, ' ').toLowerCase();
  s = fast ? katakanaToHiragana(s) : s.replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));
  // Long-vowel marks: the hyphen-like characters that stand for ー after kana, and repeats.
  s = s.replace(/([\u3041-\u3096])[-‐−–—―ｰ~〜]+/g, '$1ー').replace(/ー{2,}/g, 'ー');
  return normaliseRest(s, fast);
}

/** The steps after the long-vowel marks: spelling fixes, noise, spaces, romaji readings. */
function normaliseRest(folded: string, fast: boolean): string {
  let s = folded;
  if (!fast) for (const [pattern, replacement] of SPELLING_FIXES) s = s.replace(pattern, replacement);
  else if (ANY_SPELLING_FIX.test(s)) s = applySpellingFixes(s);
  s = s.replace(NOISE, ' ').replace(LONE_SYMBOLS, ' ').replace(/\s+/g, ' ').trim();
  // Japanese is written without spaces; a space between two Japanese characters is a pause
  // (「あんしょうばんごうが いくつ あるの」), not a word boundary the lexicon should see.
  s = s.replace(JAPANESE_SPACE, '');
  return withRomajiReadings(s);
}

// ---- The same steps for common text in two loops over code units ------------------------------
//
// Nearly every message is kana, kanji, ASCII, full-width ASCII and a few Japanese punctuation
// marks. For those characters NFKC, lower-casing and the regular expressions above reduce to a
// table per code unit, so normaliseCommonText does them without a regex pass each (normalise
// took a third of a match). Any other character (half-width kana, emoji, accents, invisible
// characters, `@` of a mention, `<` of Slack's markup) sends the text down the general path. A test holds the two equal
// on every labelled line, its variants, and random strings of tricky characters.

/**
 * What a code unit becomes after NFKC, control characters and lower case (NOT_COMMON: not common).
 * Two bytes an entry, not four: the table is read at random, by character.
 */
const NOT_COMMON = 0xffff;
const COMMON = new Uint16Array(65536).fill(NOT_COMMON);
{
  for (let u = 0; u < 0x20; u++) COMMON[u] = 0x20;
  COMMON[0x7f] = 0x20;
  for (let u = 0x20; u < 0x7f; u++) COMMON[u] = u >= 0x41 && u <= 0x5a ? u + 0x20 : u;
  COMMON[0x40] = NOT_COMMON; // a mention: the general path strips it
  COMMON[0x3c] = NOT_COMMON; // Slack's <@U…> <#C…|name> <!here>: the general path drops them
  for (let u = 0x3041; u <= 0x3096; u++) COMMON[u] = u;
  for (let u = 0x30a1; u <= 0x30f6; u++) COMMON[u] = u - 0x60;
  for (let u = 0x30f7; u <= 0x30fc; u++) COMMON[u] = u;
  for (let u = 0x4e00; u <= 0x9fff; u++) COMMON[u] = u;
  COMMON[0x3000] = 0x20;
  for (const u of [0x3001, 0x3002, 0x3005, 0x300c, 0x300d, 0x300e, 0x300f, 0x3010, 0x3011, 0x301c]) COMMON[u] = u;
  for (let u = 0xff01; u <= 0xff5e; u++) COMMON[u] = COMMON[u - 0xfee0]!;
}
const HORIZONTAL_ELLIPSIS = 0x2026; // NFKC: three full stops
// Half-width katakana: NFKC widens them, and their (semi-)voiced marks ﾞ ﾟ become combining marks
// that join the kana before them (ｶﾞ → ガ). Tables made on first use.
let halfWidth: Int32Array | undefined;
/** (kana − 0x3041) * 2 + (0: ゛, 1: ゜) → the composed kana, or 0. */
let voiced: Int32Array | undefined;
function halfWidthTables(): void {
  halfWidth = new Int32Array(0xffa0 - 0xff61);
  for (let u = 0xff61; u < 0xffa0; u++) {
    const wide = String.fromCharCode(u).normalize('NFKC');
    halfWidth[u - 0xff61] = wide.length === 1 ? wide.charCodeAt(0) : -1;
  }
  voiced = new Int32Array((0x30fb - 0x3041) * 2);
  for (let u = 0x3041; u < 0x30fb; u++) {
    for (const [k, mark] of ['\u3099', '\u309a'].entries()) {
      const composed = (String.fromCharCode(u) + mark).normalize('NFC');
      voiced[(u - 0x3041) * 2 + k] = composed.length === 1 ? composed.charCodeAt(0) : 0;
    }
  }
}

// Character classes of the second loop: noise (0), space, a kept lone symbol ー〜~-+.:/ (a word
// of only these is dropped), anything else kept.
const Kind = { Noise: 0, Space: 1, Symbol: 2, Kept: 3 } as const;
const KIND = new Uint8Array(65536);
/** Hiragana, katakana, kanji or ー: a space between two of these is dropped. */
const JAPANESE = new Uint8Array(65536);
{
  KIND[0x20] = Kind.Space;
  for (let u = 0x30; u <= 0x39; u++) KIND[u] = Kind.Kept;
  for (let u = 0x61; u <= 0x7a; u++) KIND[u] = Kind.Kept;
  for (const ch of '-+.:/~〜ー') KIND[ch.charCodeAt(0)] = Kind.Symbol;
  // fill, not a loop: the 20,992 kanji were a loop of ~0.4 ms at every start.
  const japanese = (from: number, to: number): void => {
    KIND.fill(Kind.Kept, from, to + 1);
    JAPANESE.fill(1, from, to + 1);
  };
  japanese(0x3041, 0x3096);
  japanese(0x30f7, 0x30fa);
  japanese(0x4e00, 0x9fff);
  japanese(0x3005, 0x3005); // 々
  JAPANESE[0x30fc] = 1;
}

// Sized for the matcher's longest read (MatcherOptions.maxChars, 400 characters, three units each at
// most): growing them is code the first long message would reach, and reaching it deoptimised the
// compiled normalisation mid-run (it then ran unoptimised for a thousand messages or so).
let folded = new Uint16Array(3 * 400);
let joined = new Uint16Array(3 * 400);

function isDash(u: number): boolean {
  return u === 0x2d || u === 0x7e || u === 0x301c;
}

// Where a word of another language may be found, by code unit (foreign-words.ts); and whether the
// last text normaliseCommonText read to its end held one.
const FOREIGN_KEYS = foreignWordKeys();
let sawForeignKey = false;

/** {@link normalise} for text of common characters only; undefined for any other text. */
function normaliseCommonText(text: string): string | undefined {
  const n = text.length;
  if (n * 3 > folded.length) {
    if (n > 4096) return undefined;
    folded = new Uint16Array(n * 3);
    joined = new Uint16Array(n * 3);
  }
  // The buffers and the mark as locals: module variables that may be reassigned were loaded
  // (and their arrays' maps checked) again at every character.
  const units = folded;
  const kept = joined;
  const spanStart = markStart;
  const spanEnd = markEnd;
  // 1. NFKC, control characters, lower case, katakana → hiragana, long-vowel marks.
  let len = 0;
  let inDashRun = false;
  /** The last character after NFKC, before folding to hiragana (what a ﾞ joins), or 0. */
  let lastWide = 0;
  // Where the marked span (see normaliseMarking) starts and ends in `folded`, then in `joined`.
  let foldedStart = -1;
  let foldedEnd = -1;
  const foreignKeys = FOREIGN_KEYS;
  let foreign = 0;
  for (let k = 0; k < n; k++) {
    if (k === spanStart) foldedStart = len;
    else if (k === spanEnd) foldedEnd = len;
    const u = unitAt(text, k);
    let m = COMMON[u]!;
    if (m === NOT_COMMON) {
      if (u === HORIZONTAL_ELLIPSIS) {
        for (let d = 0; d < 3; d++) units[len++] = 0x2e;
        inDashRun = false;
        lastWide = 0;
        continue;
      }
      if (u < 0xff61 || u > 0xff9f) return undefined;
      if (halfWidth === undefined) halfWidthTables();
      if (u === 0xff9e || u === 0xff9f) {
        // Joins the kana before it (not a long-vowel mark, which was never dropped or merged).
        const composed = lastWide >= 0x3041 && lastWide < 0x30fb ? voiced![(lastWide - 0x3041) * 2 + (u - 0xff9e)]! : 0;
        if (composed === 0 || len === 0 || inDashRun) return undefined;
        lastWide = composed;
        units[len - 1] = COMMON[composed]!;
        continue;
      }
      const wide = halfWidth![u - 0xff61]!;
      if (wide < 0 || COMMON[wide] === NOT_COMMON) return undefined;
      lastWide = wide;
      m = COMMON[wide]!;
    } else {
      // u if it is kana (0x3041…0x30fa), else 0, without a branch: kana and kanji alternate in
      // every message, and a branch on it mispredicted at each turn. (d | (0xb9 − d)) has its
      // sign bit clear exactly when 0 ≤ d ≤ 0xb9.
      const d = u - 0x3041;
      lastWide = u & ~((d | (0xb9 - d)) >> 31);
    }
    foreign |= foreignKeys[m]!;
    if (isDash(m)) {
      if (inDashRun) continue;
      const prev = len > 0 ? units[len - 1]! : 0;
      if (prev >= 0x3041 && prev <= 0x3096) {
        m = 0x30fc;
        inDashRun = true;
      }
    } else inDashRun = false;
    if (m === 0x30fc && len > 0 && units[len - 1] === 0x30fc) continue;
    units[len++] = m;
  }
  if (spanEnd === n) foldedEnd = len;
  sawForeignKey = foreign !== 0;
  if (mayNeedSpellingFix(units, len)) {
    const afterFolding = unitsToString(units, len);
    if (ANY_SPELLING_FIX.test(afterFolding)) {
      foldedStart = -1; // a fix may change lengths and cross the mark: the span is not read off
      // The fixes write kana and kanji only, so the fixed text is still common text: the second
      // loop reads it as it reads any (instead of normaliseRest's regular expressions).
      const fixed = applySpellingFixes(afterFolding);
      if (fixed.length > units.length) return normaliseRest(afterFolding, true);
      for (let k = 0; k < fixed.length; k++) units[k] = fixed.charCodeAt(k);
      len = fixed.length;
    }
  }
  // 2. Noise → space, words of lone symbols dropped, spaces collapsed and trimmed, and dropped
  // between two Japanese characters.
  let out = 0;
  let inWord = false;
  let wordOnlySymbols = true;
  /** Where the current word (with the space before it) started, to drop it. */
  let wordStart = 0;
  let outStart = -1;
  let outEnd = -1;
  for (let k = 0; k <= len; k++) {
    if (k === foldedStart) outStart = out;
    else if (k === foldedEnd) outEnd = out;
    const u = k < len ? units[k]! : 0x20;
    const kind = KIND[u]!;
    if (kind >= Kind.Symbol) {
      if (!inWord) {
        inWord = true;
        wordOnlySymbols = true;
        wordStart = out;
        if (out > 0 && !(JAPANESE[kept[out - 1]!] === 1 && JAPANESE[u] === 1)) kept[out++] = 0x20;
      }
      if (kind === Kind.Kept) wordOnlySymbols = false;
      kept[out++] = u;
    } else if (inWord) {
      inWord = false;
      if (wordOnlySymbols) out = wordStart;
    }
  }
  // The string, and whether it has three Latin letters in a row (hasThreeLatinLetters) in the same
  // pass: most messages have none, and then no romaji reading is looked for.
  const codes = new Array<number>(out);
  let run = 0;
  let latin = false;
  for (let k = 0; k < out; k++) {
    const u = kept[k]!;
    codes[k] = u;
    if (u >= 0x61 && u <= 0x7a) {
      if (++run === 3) latin = true;
    } else run = 0;
  }
  const result = String.fromCharCode.apply(null, codes);
  if (!latin && outStart >= 0) {
    markedOut.start = outStart;
    markedOut.end = outEnd;
  }
  return latin ? withRomajiReadings(result) : result;
}

// ---- A span's normalisation read off the whole text's ------------------------------------------
//
// The matcher normalises a message, then its last clause again (MatcherOptions.lastClauseWeight).
// For common text the clause's normalisation is a piece of the message's, found by marking where
// the clause starts and ends as normaliseCommonText goes (two comparisons per character; the
// function stays small, so the JIT keeps it optimised). What can differ at the piece's edges is
// ruled out in spanOfNormalised, and the clause is normalised on its own then.

/** The raw span being marked (−1: none), read by normaliseCommonText. */
let markStart = -1;
let markEnd = -1;
/** Where the marked span ended up in the last marked result (start −1: not read off). */
const markedOut = { start: -1, end: -1 };

/**
 * {@link normalise}, with the span `text[start…end)` (a part of it that a break and spaces delimit,
 * such as the last clause) marked: {@link spanOfNormalised} then reads the span's normalisation
 * off the result.
 */
export function normaliseMarking(text: string, start: number, end: number): string {
  const written = withKanjiForKana(text);
  // A text in kana alone gets its kanji words, and so does any span of it on its own: the span is
  // normalised on its own (spanOfNormalised), not read off the whole. So does a text with a word
  // of another language (normaliseWith); a span of a text with none has none (a span starts and
  // ends at a break).
  if (written !== text) {
    markedOut.start = -1;
    return normaliseWith(written, true);
  }
  markStart = start;
  markEnd = end;
  markedOut.start = -1;
  try {
    return normaliseWith(text, true);
  } finally {
    markStart = markEnd = -1;
  }
}

/**
 * `normalise(text.slice(start, end))`, read off `whole` (what the last call of
 * {@link normaliseMarking} gave, for the same text and span) when that is certain to be the same,
 * else normalised on its own.
 *
 * The span must be delimited as a clause is: what follows it is only spaces and sentence ends
 * (CLAUSE_BREAK in matcher.ts), never a half-width voicing mark. Then the folding of each
 * character depends only on the one before through long-vowel marks and dashes, which the span's
 * first character may not be; the span's words are cut where the whole text's are, except that a
 * first or last word of symbols only (dropped alone) may join the neighbour's word: the edges
 * must not be symbols. The space the whole text puts before the span's first word is not the span's.
 * No spelling fix applied to the whole text (else the span is not read off), so none applies to
 * the span: the fixes have no lookbehind and no anchor, and their negative lookaheads (no う, ー,
 * ど next) see past the span's end only a space, a sentence end or a conjunction's first kana.
 */
export function spanOfNormalised(text: string, start: number, end: number, whole: string): string {
  const from = markedOut.start;
  const to = markedOut.end;
  // A span in kana alone gets its kanji words (withKanjiForKana) though the whole text did not.
  if (from >= 0 && !isKanaOnly(text, start, end) && to >= from && edgeKind(text.charCodeAt(start)) === Kind.Kept && edgeKind(text.charCodeAt(end - 1)) !== Kind.Symbol) {
    return whole.charCodeAt(from) === 0x20 ? whole.slice(from + 1, to) : whole.slice(from, to);
  }
  return normalise(text.slice(start, end));
}

/** What KIND says of a character after normaliseCommonText's folding; Symbol when that is not one character. */
function edgeKind(u: number): number {
  const m = COMMON[u]!;
  return m !== NOT_COMMON && !isDash(m) ? KIND[m]! : Kind.Symbol;
}

/**
 * The string of `units[0…length)`. By a plain array of numbers: `String.fromCharCode.apply` over
 * a typed array's subarray takes the generic array-like path, and cost half again as much.
 */
function unitsToString(units: Uint16Array, length: number): string {
  const codes = new Array<number>(length);
  for (let k = 0; k < length; k++) codes[k] = units[k]!;
  return String.fromCharCode.apply(null, codes);
}

/**
 * Appends the hiragana reading of every word typed in romaji (「anshou bangou wasureta」), so the
 * lexicon's Japanese patterns match it; English words (lock, help) are left as they are.
 */
function withRomajiReadings(s: string): string {
  if (!hasThreeLatinLetters(s)) return s;
  const readings: string[] = [];
  for (const m of s.matchAll(ROMAJI_WORD)) {
    // 「wa」 alone is the topic particle written as it sounds (「ginkou no wa oboeteru」): は, as the
    // lexicon's patterns read a topic (「〜のは覚えてる」).
    const word = m[2]!;
    const kana = word === 'wa' ? 'は' : romajiToHiragana(word);
    // Digits typed onto the word stay with it (「4keta」 → 4けた).
    if (kana) readings.push(m[1] + kana);
  }
  if (readings.length === 0) return s;
  // Joined without spaces: romaji splits words where Japanese writes none (「kao ninshou」). Then
  // the kanji of the words the reading spells, as a message in kana gets them (kana-words.ts).
  const kana = readings.join('');
  const kanji = kanjiWordsIn(kana);
  return kanji === '' ? `${s} ${kana}` : `${s} ${kana} ${kanji}`;
}

/** A romaji word with the digits typed onto its front. */
const ROMAJI_WORD = /([0-9]*)([a-z']{2,})/g;

/** `/[a-z]{3}/.test(s)`, without a regex pass over every message. */
function hasThreeLatinLetters(s: string): boolean {
  let run = 0;
  for (let k = 0; k < s.length; k++) {
    const u = s.charCodeAt(k);
    if (u >= 0x61 && u <= 0x7a) {
      if (++run === 3) return true;
    } else run = 0;
  }
  return false;
}

/** Folds a lexicon pattern the same way as user text (kana and width), without touching regex syntax. */
export function normalisePattern(pattern: string): string {
  return katakanaToHiragana(pattern.normalize('NFKC'));
}
