import { BASE_LANG, EASY_LANG, ENGLISH, type Lang } from './languages.js';

/**
 * Which language a message is written in, from the message alone: `ja` (kana or kanji), `en`
 * (words in Latin letters — English, and also Japanese typed in romaji 「PIN wasuremashita」,
 * whose writer reads Latin letters more easily than kana), or undefined when it carries no signal
 * (「4」, an emoji, 「ok」, 「PIN?」): the conversation's language is kept then.
 */
export function detectLanguage(text: string): typeof BASE_LANG | typeof ENGLISH | undefined {
  const japanese = text.match(JAPANESE_RUNS)?.length ?? 0;
  const words = (text.normalize('NFKC').toLowerCase().match(LATIN_WORD) ?? []).filter((w) => !NEUTRAL_WORDS.has(w));
  if (japanese > 0) {
    // 「How do I reset the マイナンバーカード PIN?」: an English sentence naming a Japanese word.
    return words.length >= 3 && words.length >= 3 * japanese ? ENGLISH : BASE_LANG;
  }
  return words.length > 0 ? ENGLISH : undefined;
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
  { lang: ENGLISH, pattern: /英語\s*(?:で|に)|えいご\s*(?:で|に)|\b(?:in|to)\s+english\b|\bspeak\s+english\b|^english(?:\s+please)?[.!?]*$|\benglish\s+please\b/iu },
];

// What is left of a request that asks nothing more: 「でお願いします」, "please", punctuation.
const FILLER = /^[\s、。,.!！?？]*(?:で|に|でお願い(?:します)?|でおねがい(?:します)?|で(?:話して|答えて|説明して|教えて)(?:ください)?|でください|に(?:して|切り替えて)(?:ください)?|して(?:ください)?|お願い(?:します)?|おねがい(?:します)?|please|pls|can you|could you|do you|answer|reply|talk|write|speak)*[\s、。,.!！?？]*$/iu;

/** The language a message asks to switch to, if it asks (「やさしい日本語で」「英語でお願いします」 "in English please"). */
export function readLanguageRequest(text: string): LanguageRequest | undefined {
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
