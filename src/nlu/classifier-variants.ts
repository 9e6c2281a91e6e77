/**
 * Generated variants of an example phrase, so one phrase written by staff also teaches the n-gram
 * classifier the ways residents will write it: without particles, in plain or polite form, with
 * Kansai/western dialect endings, with a dropped or swapped character. Works on normalised text
 * (katakana already folded to hiragana, half-width forms already widened by normalise(), so those
 * variants need no generating here). Deterministic: the same phrase always gives the same variants.
 */

// (pattern, replacement) pairs turning one ending or particle into another; each that applies
// gives one variant.
const REWRITES: ReadonlyArray<readonly [RegExp, string]> = [
  // particles dropped after a kanji word (暗証番号を忘れた → 暗証番号忘れた)
  [/([\p{Script=Han}])[をがはにでへ](?=[^\s])/gu, '$1'],
  [/([\p{Script=Han}])の(?=[\p{Script=Han}])/gu, '$1'],
  // polite → plain
  [/ましたか/g, 'たの'],
  [/ました/g, 'た'],
  [/ません/g, 'ない'],
  [/ますか/g, 'る?'],
  [/でしょうか/g, 'かな'],
  [/ですか/g, '?'],
  [/です/g, ''],
  [/ください/g, ''],
  // plain → polite
  [/(た)$/g, '$1んですが'],
  [/ない$/g, 'ないのですが'],
  [/(?<![?？])$/g, 'でしょうか'],
  // western dialect endings
  [/ない/g, 'へん'],
  [/ない/g, 'ん'],
  [/てしまった|ちゃった/g, 'てもうた'],
  [/だ|です/g, 'や'],
  [/ですか|でしょうか/g, 'やろか'],
  [/いい/g, 'ええ'],
  [/(?:どう|どの?よう)/g, 'どない'],
];

/** A small deterministic generator (mulberry32) seeded from the phrase. */
function rng(seed: string): () => number {
  let a = 0;
  for (let i = 0; i < seed.length; i++) a = (Math.imul(a, 31) + seed.charCodeAt(i)) | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Variants of a normalised phrase (never the phrase itself, no duplicates): every rewrite of
 * {@link REWRITES} that changes it, plus {@link typoVariants}.
 */
export function phraseVariants(phrase: string, typos = 2): string[] {
  const out = new Set<string>();
  for (const [pattern, replacement] of REWRITES) {
    const v = phrase.replace(pattern, replacement);
    if (v !== phrase && v.trim() !== '') out.add(v);
  }
  for (const v of typoVariants(phrase, typos)) out.add(v);
  out.delete(phrase);
  return [...out];
}

/**
 * `typos` copies of a normalised phrase of four characters or more, alternately with one inner
 * character dropped and with two neighbours swapped (never the phrase itself, no duplicates).
 */
export function typoVariants(phrase: string, typos: number): string[] {
  const chars = Array.from(phrase);
  if (chars.length < 4) return [];
  const out = new Set<string>();
  const random = rng(phrase);
  for (let t = 0; t < typos; t++) {
    const i = 1 + Math.floor(random() * (chars.length - 2));
    const copy = chars.slice();
    if (t % 2 === 0) copy.splice(i, 1);
    else [copy[i], copy[i + 1]] = [copy[i + 1]!, copy[i]!];
    out.add(copy.join(''));
  }
  out.delete(phrase);
  return [...out];
}
