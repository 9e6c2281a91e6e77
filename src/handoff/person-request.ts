import { normalise } from '../nlu/normalise.js';

/*
 * 「人と話したい」 is not a question about the card, so it is no intent (the intent ids are a
 * public contract): it is a signal read from the message beside the intent. Patterns run on the
 * normalised text (katakana folded to hiragana, NFKC, lower case), so オペレーター, ﾀﾝﾄｳｼｬ and
 * half-width forms need no patterns of their own.
 */

// Someone who is a person at the municipality. A bare 人 must not follow a kanji, so 代理人,
// 本人, 個人, 他人, 友人 are not read as "a person to talk to".
const PERSON =
  '(?:(?<![\\p{Script=Han}])人(?:間)?|ひと|にんげん|担当[者社車]?(?:の(?:方|かた|人|ひと))?(?:さん|様)?|たんとう(?:しゃ)?|職員(?:さん)?|しょくいん|係(?:の(?:方|人))|かかりの(?:方|人|ひと)|すたっふ|相談員|窓口の(?:方|人|ひと)|役所の(?:方|人|ひと)|役場の(?:方|人|ひと))';
// Talking to them or being put through; not 「人に、代わりに入力するので」「人には代わりの書類」
// (代わり: instead of).
const CONNECT =
  '(?:話(?:し|せ|さ|す)|はな(?:し|せ|さ|す)|しゃべ|喋|繋|つな[いがげぎ]|(?:代わ|かわ)(?:って|れ|り(?![にの]))|替わ|換わ|対応して|相談(?:し|でき|させ)|呼んで|よんで|出して|だして)';
// A few words between them (「人と直接話したい」); no sentence end, and never a number being told
// (「人に暗証番号を話してもいい？」 is a privacy question, not a request).
const GAP = '(?:(?!番号|ばんごう)[^。．.!！?？]){0,5}?';

const PATTERNS: readonly RegExp[] = [
  // 「担当者と話したい」「職員さんに繋いで」; not 「窓口担当です。祖母の代わりに…」 (です is who is writing).
  new RegExp(`${PERSON}(?:と|に|へ|さんと|さんに|で(?!す))${GAP}${CONNECT}`, 'u'),
  // 「有人チャット」「オペレーター希望」「人間がいい」
  /有人|おぺれーた|生身の/u,
  /(?<![\p{Script=Han}])人間(?:が|で|を|に)(?:いい|希望|お願い|おねがい)/u,
  // 「電話じゃなくてチャットで聞きたい」「電話は苦手なのでここで相談したい」
  /(?:電話|でんわ)(?:じゃ|では|でわ|は|が)?(?:なく|無く|なしで|苦手|にがて|むり|無理|できな|出来な|かけられな)[^。．]{0,16}(?:ちゃっと|ここ|らいん|line|文字|もじ|めっせーじ)で[^。．]{0,8}(?:聞|き[きけ]|相談|質問|話|はな|問い合わせ|といあわせ|やりとり|やり取り)/u,
  // 「担当者を呼んで」「担当者お願いします」
  new RegExp(`(?:担当[者社車]|たんとうしゃ|職員|おぺれーた)(?:を|さんを|の方を)?(?:呼|よ|お願い|おねがい|希望|出して)`, 'u'),
];

// 「暗証番号を人にしゃべったらまずい？」 asks about telling a secret, not for a person.
const TELLING_A_SECRET =
  /(?:番号|ばんごう|暗証|ぱすわーど|ぴん)[^。．!！?？]{0,10}(?:人|ひと|職員|担当者?)(?:に|へ)[^。．!！?？]{0,4}(?:話|はな|しゃべ|喋|言|い[っう]|伝え|教え)/u;

// 「代表電話に掛ければ担当につないでもらえますか」 asks how the phone line works, not for a person here.
const BY_PHONE = /(?:電話|でんわ)[^。．!！?？]{0,8}(?:かけ|掛け|架け|すれ|し)(?:れば|たら)/u;

// 「人間のオペレーターさんが答えているんですか」 asks who is answering, not for a person.
const WHO_ANSWERS = /(?:人間|ひと|人|おぺれーたー?)(?:さん)?が(?:答え|こたえ|返事|返信|回答|対応)(?:て|し)/u;

/**
 * Whether a message asks to talk to a person (「人と話したい」「担当者につないで」「電話じゃなくて
 * チャットで聞きたい」, dialect and typo forms included). Cheap: a few regular expressions.
 */
export function asksForPerson(text: string): boolean {
  if (text.length > 500) return false;
  const n = normalise(text);
  return !TELLING_A_SECRET.test(n) && !BY_PHONE.test(n) && !WHO_ANSWERS.test(n) && PATTERNS.some((p) => p.test(n));
}
