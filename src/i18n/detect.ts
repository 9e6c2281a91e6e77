import { BASE_LANG, EASY_LANG, ENGLISH, type Lang } from './languages.js';

/**
 * Which language a message is written in, from the message alone: `ja` (kana or kanji), `en`
 * (words in Latin letters — English, and also Japanese typed in romaji 「PIN wasuremashita」,
 * whose writer reads Latin letters more easily than kana), or undefined when it carries no signal
 * (「4」, an emoji, 「ok」, 「PIN?」): the conversation's language is kept then.
 */
export function detectLanguage(text: string): typeof BASE_LANG | typeof ENGLISH | undefined {
  const common = detectCommon(text);
  return common === null ? detectLanguageReference(text) : common;
}

/** {@link detectLanguage} by regular expressions on the NFKC text: the reference for tests, and the path for rare characters. */
export function detectLanguageReference(text: string): typeof BASE_LANG | typeof ENGLISH | undefined {
  const japanese = text.match(JAPANESE_RUNS)?.length ?? 0;
  const words = (text.normalize('NFKC').toLowerCase().match(LATIN_WORD) ?? []).filter((w) => !NEUTRAL_WORDS.has(w));
  return decide(japanese, words.length);
}

function decide(japanese: number, words: number): typeof BASE_LANG | typeof ENGLISH | undefined {
  // Every comparison is made on every call, none behind another: a comparison the compiled code
  // had never seen made (a message with neither Japanese nor a word, 「4」, after thousands with
  // Japanese) threw detectCommon back to slow code in the middle of the benchmark's timed pass.
  const hasJapanese = japanese > 0;
  // 「How do I reset the マイナンバーカード PIN?」: an English sentence naming a Japanese word.
  const atLeastThree = words >= 3;
  const outnumber = words >= 3 * japanese;
  const anyWord = words > 0;
  if (hasJapanese) return atLeastThree && outnumber ? ENGLISH : BASE_LANG;
  return anyWord ? ENGLISH : undefined;
}

const JAPANESE_RUNS = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー々〆]+/gu;
// Two letters or more: a lone letter (「a」「4g」) says nothing.
const LATIN_WORD = /[a-z][a-z']+/g;
// Words residents of any language type in a Japanese chat as they are.
const NEUTRAL_WORDS = new Set([
  'ok', 'okay', 'okk', 'oke', 'k', 'kk', 'pin', 'pins', 'jpki', 'id', 'ng', 'lol', 'www', 'ww', 'no', 'yes', 'yeah',
  'mynumber', 'myna', 'line', 'app', 'qr', 'e-tax', 'etax', 'tax', 'wifi', 'pc', 'sim', 'nfc', 'ios', 'iphone',
  'android', 'lawson', 'famima', 'hmm', 'hm', 'um', 'uh', 'oh', 'ah', 'eh', 'xd', 'btw',
]);

// ---- The same counts in one loop over code units, for common characters ------------------------
//
// Every message passes here (language-matcher.ts routes on it), and nearly every one is kana,
// kanji, ASCII, full-width ASCII and Japanese punctuation. For those code units, JAPANESE_RUNS'
// class and what NFKC and lower case make of them are a table: kana and kanji stay what they are,
// full-width ASCII becomes ASCII, and nothing else turns into a Latin letter. Any other code unit
// (accents, combining marks, half-width voicing marks, surrogates…) sends the text to the reference.

/** Per code unit: what it is to {@link detectLanguage} (Unknown: not common, use the reference). */
const Char = { Unknown: 0, Japanese: 1, Other: 2, Letter: 3, Apostrophe: 4 } as const;
const CHAR = new Uint8Array(65536);
/** For a Letter: its lower-case ASCII code after NFKC. */
const LOWER = new Uint8Array(65536);
{
  const set = (from: number, to: number, kind: number): void => {
    CHAR.fill(kind, from, to + 1);
  };
  const ascii = (base: number): void => {
    set(base, base + 0x7f, Char.Other);
    for (let c = 0x41; c <= 0x5a; c++) {
      CHAR[base + c] = CHAR[base + c + 0x20] = Char.Letter;
      LOWER[base + c] = LOWER[base + c + 0x20] = c + 0x20;
    }
    CHAR[base + 0x27] = Char.Apostrophe;
  };
  ascii(0);
  ascii(0xfee0); // full-width ASCII (U+FF01…FF5E; FF00 and FF5F… are set below or left unknown)
  CHAR[0xfee0 + 0x7f] = Char.Unknown;
  set(0xfee0, 0xff00, Char.Unknown);
  set(0x3000, 0x3004, Char.Other); // ideographic space 、。〃〄
  set(0x3005, 0x3007, Char.Japanese); // 々〆〇
  set(0x3008, 0x3020, Char.Other); // brackets, 〒, 〜, quotes
  set(0x3021, 0x3029, Char.Japanese); // Hangzhou numerals (Han)
  set(0x3041, 0x3096, Char.Japanese); // hiragana
  set(0x309d, 0x309f, Char.Japanese); // ゝゞゟ
  set(0x30a1, 0x30fa, Char.Japanese); // katakana
  CHAR[0x30fb] = Char.Other; // ・
  set(0x30fc, 0x30ff, Char.Japanese); // ーヽヾヿ
  set(0x4e00, 0x9fff, Char.Japanese); // CJK unified ideographs
  set(0xff61, 0xff65, Char.Other); // half-width 。「」、・
  set(0xff66, 0xff6f, Char.Japanese); // half-width katakana
  CHAR[0xff70] = Char.Other; // half-width ｰ (Common, unlike ー)
  set(0xff71, 0xff9d, Char.Japanese);
  set(0xff9e, 0xff9f, Char.Other); // half-width ﾞﾟ: NFKC joins them to the kana before, never to a letter
  set(0x2000, 0x206f, Char.Other); // general punctuation: …, spaces, dashes, quotes, ‼
  set(0x2190, 0x21ff, Char.Other); // arrows
  set(0x2500, 0x27bf, Char.Other); // box drawing, shapes, ☀☎, dingbats
  set(0xfe00, 0xfe0f, Char.Other); // variation selectors (emoji presentation)
}

/** Emoji and pictographs (U+1F300…1FAFF): not Japanese, and NFKC leaves them alone. */
function isPictograph(high: number, low: number): boolean {
  if (low < 0xdc00 || low > 0xdfff) return false;
  const cp = ((high - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
  return cp >= 0x1f300 && cp <= 0x1faff;
}

/** The code unit classes of {@link detectLanguage}'s table, for tests. */
export function commonCharClass(unit: number): { japanese: boolean; latin?: string } | undefined {
  const kind = CHAR[unit]!;
  if (kind === Char.Unknown) return undefined;
  return { japanese: kind === Char.Japanese, latin: kind === Char.Letter ? String.fromCharCode(LOWER[unit]!) : kind === Char.Apostrophe ? "'" : undefined };
}

/**
 * {@link detectLanguage} from JAPANESE_RUNS' matches and the LATIN_WORD words not in NEUTRAL_WORDS,
 * counted by the table; null when the text has a code unit the table does not know.
 */
function detectCommon(text: string): typeof BASE_LANG | typeof ENGLISH | undefined | null {
  const n = text.length;
  // Most messages are kana and kanji with no Latin letter and no unknown unit: then only whether
  // a Japanese character occurs decides, and one loop that ORs each unit's kind as a bit says so,
  // with no branch per character (the run counting below mispredicted at every kana–kanji turn).
  let kinds = 0;
  for (let k = 0; k < n; k++) kinds |= 1 << CHAR[text.charCodeAt(k)]!;
  if ((kinds & ((1 << Char.Unknown) | (1 << Char.Letter))) === 0) return decide((kinds >> Char.Japanese) & 1, 0);
  let japanese = 0;
  let words = 0;
  let previous: number = Char.Other;
  let anyLetter = false;
  for (let k = 0; k < n; k++) {
    const unit = text.charCodeAt(k);
    let kind = CHAR[unit]!;
    if (kind === Char.Unknown) {
      if (unit < 0xd800 || unit > 0xdbff || !isPictograph(unit, text.charCodeAt(k + 1))) return null;
      kind = Char.Other;
      k++;
    }
    if (kind === Char.Japanese && previous !== Char.Japanese) japanese++;
    else if (kind === Char.Letter) anyLetter = true;
    previous = kind;
  }
  // Most messages have no Latin letter at all: no second pass for words then.
  if (!anyLetter) return decide(japanese, 0);
  // decide() answers English as soon as the words reach this many: the rest need not be read.
  const enough = japanese === 0 ? 1 : Math.max(3, 3 * japanese);
  for (let k = 0; k < n; k++) {
    // LATIN_WORD: a letter, then one or more letters or apostrophes, as long as they go.
    if (CHAR[text.charCodeAt(k)] !== Char.Letter) continue;
    let end = k + 1;
    while (end < n && CHAR[text.charCodeAt(end)]! >= Char.Letter) end++;
    if (end - k < 2) continue;
    // A word longer than every neutral one is not neutral: no need to spell it out.
    if (end - k > LONGEST_NEUTRAL_WORD || !NEUTRAL_WORDS.has(lowerWord(text, k, end))) words++;
    if (words >= enough) return ENGLISH;
    k = end - 1;
  }
  return decide(japanese, words);
}

const LONGEST_NEUTRAL_WORD = Math.max(...[...NEUTRAL_WORDS].map((w) => w.length));

/** text[from, to) as LATIN_WORD reads it after NFKC and lower case (every unit a Letter or Apostrophe). */
function lowerWord(text: string, from: number, to: number): string {
  let word = '';
  for (let j = from; j < to; j++) word += CHAR[text.charCodeAt(j)] === Char.Letter ? String.fromCharCode(LOWER[text.charCodeAt(j)]!) : "'";
  return word;
}

/** A request to change the conversation's language, and what the message asks besides. */
export interface LanguageRequest {
  lang: Lang;
  /** The message without the request (「やさしい日本語で暗証番号忘れた」 → 「暗証番号忘れた」); '' when it was only the request. */
  rest: string;
}

interface RequestPattern {
  lang: Lang;
  pattern: RegExp;
  /** Only when the message is nothing but the request (「わかりやすく」 inside a question is not one). */
  alone?: boolean;
}

// やさしい日本語 before plain 日本語: 「やさしい日本語で」 also contains 「日本語で」.
const REQUESTS: readonly RequestPattern[] = [
  { lang: EASY_LANG, pattern: /(?:やさしい|易しい|優しい|簡単な|かんたんな|カンタンな|わかりやすい|分かりやすい|やさしー)\s*(?:日本語|にほんご|ニホンゴ)|ひらがな(?:で|が|に|だけ|おおめ|多め)|ふりがな(?:を|で|つけ|付け|をつけ)|ルビ(?:を|付|つけ)|\b(?:easy|simple|plain)\s+japanese\b|yasashii\s*nihongo/iu },
  { lang: EASY_LANG, pattern: /^(?:もっと|もう少し|もうすこし)?\s*(?:わかりやすく|分かりやすく|やさしく|易しく|かんたんに|簡単に)\s*(?:して|言って|いって|説明して|書いて|教えて)?\s*(?:ください|下さい|ほしい|欲しい|お願い(?:します)?|おねがい(?:します)?)?[。.!！?？]*$/u, alone: true },
  { lang: BASE_LANG, pattern: /(?:ふつう|普通|通常|ふつー|いつも)の\s*(?:日本語|にほんご)|(?:むずかしい|難しい)\s*(?:日本語|にほんご)\s*で(?:いい|大丈夫|だいじょうぶ|ok)/iu },
  { lang: BASE_LANG, pattern: /^(?:日本語|にほんご)\s*(?:で|に)\s*(?:お願い(?:します)?|おねがい(?:します)?|して|ください|話して|答えて)?[。.!！?？]*$|\b(?:in|to)\s+japanese\b|^japanese(?:\s+please)?[.!?]*$/iu },
  // Not a document in English (「住民票を英語で出してもらえる?」「英語に翻訳した証明書」): a question of its own.
  { lang: ENGLISH, pattern: /(?<!(?:住民票|証明書|戸籍|謄本|抄本|書類|届|申請書|通知書|ぶんしょ|文書)を?\s*)(?:英語|えいご)\s*(?:で|に)(?!\s*(?:出|だし|だせ|発行|はっこう|取|とれ|とって|作|つく|記載|翻訳|訳|表記|書かれ|なって|なった|対応した))|\b(?:in|to)\s+english\b|\bspeak\s+english\b|^english(?:\s+please)?[.!?]*$|\benglish\s+please\b/iu },
];

// What is left of a request that asks nothing more: 「でお願いします」, "please", punctuation.
const FILLER = /^[\s、。,.!！?？]*(?:で|に|でお願い(?:します)?|でおねがい(?:します)?|で(?:話して|答えて|説明して|教えて)(?:ください)?|でください|に(?:して|切り替えて)(?:ください)?|して(?:ください)?|お願い(?:します)?|おねがい(?:します)?|please|pls|can you|could you|do you|answer|reply|talk|write|speak)*[\s、。,.!！?？]*$/iu;

// A word every match of REQUESTS contains: most messages have none, and the patterns' lookbehind
// and alternations cost ~2 µs a message (3% of `classify`, 2026-12-06). A new pattern adds its
// words here; test/i18n/detect.test.ts holds this to every pattern on every fixture text.
const ANY_REQUEST_WORD = /英語|えいご|english|日本語|にほんご|ニホンゴ|japanese|nihongo|ひらがな|ふりがな|ルビ|わかりやすく|分かりやすく|やさしく|易しく|かんたんに|簡単に/i;

/** The language a message asks to switch to, if it asks (「やさしい日本語で」「英語でお願いします」 "in English please"). */
export function readLanguageRequest(text: string): LanguageRequest | undefined {
  if (!ANY_REQUEST_WORD.test(text)) return undefined;
  return readLanguageRequestReference(text);
}

/** {@link readLanguageRequest} without the first test: every pattern on every message (the reference for tests). */
export function readLanguageRequestReference(text: string): LanguageRequest | undefined {
  const trimmed = text.trim();
  for (const { lang, pattern, alone } of REQUESTS) {
    const m = pattern.exec(trimmed);
    if (!m) continue;
    const rest = (trimmed.slice(0, m.index) + ' ' + trimmed.slice(m.index + m[0].length)).trim();
    const onlyRequest = rest === '' || FILLER.test(rest) || isFillerWords(rest);
    if (alone && !onlyRequest) continue;
    return { lang, rest: onlyRequest ? '' : rest.replace(/^[\s、。,.:：]*(?:で|に)?[\s、。,.:：]+|^(?:で|に)(?=[\p{L}])/u, '').trim() };
  }
  return undefined;
}

function isFillerWords(rest: string): boolean {
  return rest
    .toLowerCase()
    .split(/[\s、。,.!！?？]+/)
    .filter(Boolean)
    .every((w) => FILLER.test(w));
}
