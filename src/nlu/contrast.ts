// What a message sets aside is not what it asks about: 「キャッシュカードではなく、マイナンバーカードの
// 暗証番号を忘れた」 is the card's PIN, 「e-Taxじゃなくて住民票取るほうの暗証番号」 the four-digit one, and
// 「暗証番号じゃなくてマイナンバーそのものを忘れた」 not a PIN at all. Read on the text as written, where
// katakana, punctuation and spaces still mark where the set-aside noun begins.

// A noun as written (kanji, katakana, Latin letters, digits), possibly 「…の…」 chained.
const NOUN = "[\\p{Script=Han}\\p{Script=Katakana}\\uFF70\\uFF9E\\uFF9F\\u30FCA-Za-z0-9\\uFF21-\\uFF3A\\uFF41-\\uFF5A\\uFF10-\\uFF19\\-・]+";
// 「確定申告のじゃなくて」 sets aside 「確定申告の(もの)」: the noun may end in the pronoun の.
// 「〜じゃなくても」「〜じゃなくて大丈夫?」 ask whether it may be otherwise (「本人じゃなくても解除できる?」):
// those keep the noun.
const CONTRASTED = new RegExp(`(?:${NOUN}の)*${NOUN}の?(?:では|じゃ)なく(?:て)?(?!て|も|な|大丈夫|いい|良い|よい|ok|OK|可能|平気)[、,，。\\s]*`, 'gu');

/**
 * The text without the nouns it sets aside with 「〜ではなく(て)」「〜じゃなく(て)」, or the text itself when
 * it has none (or is nothing else).
 */
export function dropContrasted(text: string): string {
  // Most messages have neither: the pattern (a scan from every position) runs only on those that do.
  if (!text.includes('じゃなく') && !text.includes('ではなく')) return text;
  CONTRASTED.lastIndex = 0;
  const kept = text.replace(CONTRASTED, '');
  return kept.trim() === '' ? text : kept;
}
