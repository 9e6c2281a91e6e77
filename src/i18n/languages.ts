/**
 * Languages the bot answers in. `ja` is the intent files themselves (intents/<id>.yaml); every other
 * language is a folder intents/locales/<lang>/ — a city adds one (zh, vi, pt…) by adding a folder.
 */
export type Lang = string;

/** The language of intents/<id>.yaml, _messages.yaml and _handoff.yaml. */
export const BASE_LANG = 'ja';
/** やさしい日本語: the first fallback of every other language (then `ja`). */
export const EASY_LANG = 'ja-easy';
/** English: the language whose municipality values come from MUNICIPALITY_*_EN. */
export const ENGLISH = 'en';

/** A language folder name: `en`, `ja-easy`, `zh-hant`, `pt-br` (lower case, letters and hyphens). */
export const LANG_CODE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/;

/** The languages a given language falls back to, itself first: lang → ja-easy → ja. */
export function fallbackChain(lang: Lang): Lang[] {
  const chain = [lang, EASY_LANG, BASE_LANG];
  return chain.filter((l, i) => chain.indexOf(l) === i);
}

/**
 * The language a client or platform names (`?lang=en`, `en-US`, LINE's `ja`, `ja_JP`, `ja-easy`),
 * as one of `known`; undefined when it names none of them. A regional tag falls back to its base
 * (`en-GB` → `en`); `ja-easy` and its spellings (`easy`, `ja-simple`, `yasashii`) are kept apart.
 */
export function parseLang(value: unknown, known: readonly Lang[]): Lang | undefined {
  if (typeof value !== 'string') return undefined;
  const tag = value.trim().toLowerCase().replace(/_/g, '-');
  if (tag === '') return undefined;
  if (/^(?:ja-?easy|easy|ja-simple|yasashii|ja-plain)$/.test(tag)) return known.includes(EASY_LANG) ? EASY_LANG : BASE_LANG;
  if (known.includes(tag)) return tag;
  const parts = tag.split('-');
  for (let n = parts.length - 1; n >= 1; n--) {
    const base = parts.slice(0, n).join('-');
    if (known.includes(base)) return base;
  }
  return undefined;
}
