// Key words of the card's whose kana lost a voicing mark or a small form on the way in (half-width
// ｶｰﾄﾞ typed without its ﾞ, a phone's flick input, a recogniser): 「マイナンバーカート」「コンヒニ」
// 「ロツク」「パスワート」. Each damaged spelling is put back before the lexicon reads the text. Only
// spellings that are no other word residents write here (「カート」 is a shopping cart elsewhere, not
// in a question to the city about the card); function words (「つて」「てす」「たけ」) are left alone:
// 「かつて」「テスト」「竹」 make them other words too often. Read on normalised text (hiragana).
// Each restoration keeps the text's length, so positions marked in it (the last clause) still hold.

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
const DAMAGED = new RegExp([...RESTORED.keys()].join('|'), 'g');
// A quick first test: every damaged spelling holds one of these characters.
const HINT = /[とはつゆほよん]/;

/** The (normalised) text with the damaged spellings of RESTORED put back, or the text itself. */
export function withKanaRestored(normalised: string): string {
  if (!HINT.test(normalised)) return normalised;
  DAMAGED.lastIndex = 0;
  if (!DAMAGED.test(normalised)) return normalised;
  DAMAGED.lastIndex = 0;
  return normalised.replace(DAMAGED, (m) => RESTORED.get(m) ?? m);
}
