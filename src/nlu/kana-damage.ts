// Key words of the card's whose kana lost a voicing mark or a small form on the way in (half-width
// ｶｰﾄﾞ typed without its ﾞ, a phone's flick input, a recogniser): 「マイナンバーカート」「コンヒニ」
// 「ロツク」「パスワート」. Each damaged spelling is put back before the lexicon reads the text. Only
// spellings that are no other word residents write here (「カート」 is a shopping cart elsewhere, not
// in a question to the city about the card); function words (「つて」「てす」「たけ」) are left alone:
// 「かつて」「テスト」「竹」 make them other words too often. Read on normalised text (hiragana).
// Each restoration keeps the text's length, so positions marked in it (the last clause) still hold.

import { unitAt } from './code-units.js';

const RESTORED: ReadonlyMap<string, string> = new Map([
  ['かーと', 'かーど'],
  ['こんひに', 'こんびに'],
  ['まいなんはー', 'まいなんばー'],
  ['ろつく', 'ろっく'],
  ['はすわーと', 'ぱすわーど'],
  ['ぱすわーと', 'ぱすわーど'],
  ['はすわーど', 'ぱすわーど'],
  ['きやつしゆ', 'きゃっしゅ'],
  ['めにゆー', 'めにゅー'],
  ['ほーたる', 'ぽーたる'],
  ['あんしよう', 'あんしょう'],
  ['はんこう', 'ばんごう'],
  ['はんごう', 'ばんごう'],
  ['ばんこう', 'ばんごう'],
  ['しよめい', 'しょめい'],
  ['ほけんしよう', 'ほけんしょう'],
  ['にんしよう', 'にんしょう'],
  ['てんわ', 'でんわ'],
  ['ぱすこーと', 'ぱすこーど'],
  ['はすこーと', 'ぱすこーど'],
]);
// Each damaged spelling by its first two code units, and a table of those pairs' hashes that rules
// out nearly every position of a text at one read (an alternation of the spellings tried each of them
// at every position: about a tenth of a match).
const BY_PAIR = new Map<number, { damaged: string; whole: string }[]>();
const PAIRS = new Uint8Array(1 << 16);
const pairKey = (a: number, b: number): number => (a << 16) | b;
const pairHash = (a: number, b: number): number => ((a * 31) ^ b) & 0xffff;
for (const [damaged, whole] of RESTORED) {
  const a = damaged.charCodeAt(0);
  const b = damaged.charCodeAt(1);
  PAIRS[pairHash(a, b)] = 1;
  const key = pairKey(a, b);
  BY_PAIR.set(key, [...(BY_PAIR.get(key) ?? []), { damaged, whole }]);
}

/** The first two code units of every damaged spelling withKanaRestored puts back. */
export const KANA_DAMAGE_PAIRS: readonly (readonly [number, number])[] = [...RESTORED.keys()].map((damaged) => [damaged.charCodeAt(0), damaged.charCodeAt(1)] as const);

/**
 * Whether {@link withKanaRestored} restores a damaged spelling that starts at `text[i]`, whose
 * first two code units are `a` and `b` (it looks only where i + 2 < text.length).
 */
export function kanaDamagedAt(text: string, i: number, a: number, b: number): boolean {
  if (PAIRS[pairHash(a, b)] === 0) return false;
  const spellings = BY_PAIR.get(pairKey(a, b));
  if (spellings === undefined) return false;
  for (const { damaged } of spellings) if (text.startsWith(damaged, i)) return true;
  return false;
}

/** The (normalised) text with the damaged spellings of RESTORED put back, or the text itself. */
export function withKanaRestored(normalised: string): string {
  let text = normalised;
  // unitAt, and the length read once (then again after a restoration): see code-units.ts.
  let n = text.length;
  for (let i = 0; i + 2 < n; i++) {
    const a = unitAt(text, i);
    const b = unitAt(text, i + 1);
    if (PAIRS[pairHash(a, b)] === 0) continue;
    const spellings = BY_PAIR.get(pairKey(a, b));
    if (spellings === undefined) continue;
    for (const { damaged, whole } of spellings) {
      if (text.startsWith(damaged, i)) {
        text = text.slice(0, i) + whole + text.slice(i + damaged.length);
        n = text.length;
        i += damaged.length - 1;
        break;
      }
    }
  }
  return text;
}
