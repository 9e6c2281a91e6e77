// What a message sets aside is not what it asks about: 「キャッシュカードではなく、マイナンバーカードの
// 暗証番号を忘れた」 is the card's PIN, 「e-Taxじゃなくて住民票取るほうの暗証番号」 the four-digit one, and
// 「暗証番号じゃなくてマイナンバーそのものを忘れた」 not a PIN at all. Read on the text as written, where
// katakana, punctuation and spaces still mark where the set-aside noun begins.

// A noun as written (kanji, katakana, Latin letters, digits), possibly 「…の…」 chained.
const NOUN = "[\\p{Script=Han}\\p{Script=Katakana}\\uFF70\\uFF9E\\uFF9F\\u30FCA-Za-z0-9\\uFF21-\\uFF3A\\uFF41-\\uFF5A\\uFF10-\\uFF19\\-・]+";
// 「確定申告のじゃなくて」 sets aside 「確定申告の(もの)」: the noun may end in the pronoun の.
// 「〜じゃなくても」「〜じゃなくて大丈夫?」 ask whether it may be otherwise (「本人じゃなくても解除できる?」):
// those keep the noun.
// 「長いほうじゃなくて」「英数字のやつじゃなく」: an adjective or a noun with 「ほう / やつ」 is set aside too.
const CONTRASTED = new RegExp(`(?:${NOUN}の)*(?:${NOUN}|\\p{Script=Han}+い)(?:の?(?:ほう|方|やつ))?の?(?:では|じゃ)なく(?:て)?(?!て|も|な|大丈夫|いい|良い|よい|ok|OK|可能|平気)[、,，。\\s]*`, 'gu');

// What did not happen is not the errand either: 「暗証番号忘れたとかじゃなくて、そもそも何種類あるの」,
// 「暗証番号は忘れてないけどロックされた」, 「ロックはされてないし覚えてるけど、変えたい」. The forgetting,
// the lock, the loss or the change a message denies is dropped; what it was about stays.
// 「まだ一度も間違えて入力はしていません」: wrong entries denied leave a forgotten PIN, not the count.
const EVENT = '(?:忘れ|わすれ|ロック|ろっく|ﾛｯｸ|なくし|無くし|失くし|落とし|変え|かえ|間違え|まちがえ|ミス|みす)';
// 「まだ」「一度も」 go with it; its object (「暗証番号は」) stays: 「暗証番号を忘れたわけではなく、変えたい」 still asks about the PIN.
const STILL = '(?:まだ)?(?:一度も|いちども|1回も|一回も|１回も)?';
const DENIED_EVENT = new RegExp(
  // 「忘れたとかじゃなくて」「ロックされたわけではなく」「変えたいんじゃない」
  `${STILL}${EVENT}[^、。,，.!?！？\\s]{0,6}?(?:とか|って|ん|の|わけ)(?:では|じゃ)(?:なく(?:て)?|ない(?:です|んです|よ)?)(?![てもな])` +
    // 「忘れてない」「ロックはされていません」「忘れてはないよ」
    `|${STILL}${EVENT}(?:て(?:入力|にゅうりょく))?(?:は|が|も)?(?:され|かか|し)?っ?(?:て|で)(?:は|も)?い?(?:ない|ません|ねえ|ねー|へん)(?![とか])(?:です|みたい|よう|し|けど|けれど|が|よ|から)*`,
  'gu',
);
// A denial (a quick first test: a quarter of messages have one), then an event word with a denial
// soon after it: what every DENIED_EVENT has (1% of the benchmark's messages).
const DENIAL_WORD = /な[いく]|ません|ね[えー]|へん/;
const DENIAL_HINT = new RegExp(`${EVENT}[^、。,，.!?！？\\s]{0,10}?(?:ない|なく|ません|ねえ|ねー|へん)`, 'u');
// The denial and the punctuation after it.
const DENIAL_AND_BREAK = new RegExp(`(?:${DENIED_EVENT.source})[、,，。\\s]*`, 'gu');

/** 「じゃなく」 or 「ではなく」: what every CONTRASTED has. */
const CONTRAST_WORD = /(?:じゃ|では)なく/;

/**
 * The text without the nouns it sets aside with 「〜ではなく(て)」「〜じゃなく(て)」 and the events it
 * denies (「忘れてないけど」), or the text itself when it has none (or is nothing else).
 */
export function dropContrasted(text: string): string {
  // Most messages have neither: the patterns (a scan from every position) run only on those that may.
  // One regular expression for both words: two String.prototype.includes (called by name, as
  // `text.includes` met half a dozen kinds of V8 string, see code-units.ts) cost half again as much.
  const contrasts = CONTRAST_WORD.test(text);
  const denies = DENIAL_WORD.test(text) && DENIAL_HINT.test(text);
  if (!contrasts && !denies) return text;
  let kept = text;
  if (contrasts) {
    CONTRASTED.lastIndex = 0;
    kept = kept.replace(CONTRASTED, '');
  }
  if (denies) {
    DENIAL_AND_BREAK.lastIndex = 0;
    kept = kept.replace(DENIAL_AND_BREAK, '');
  }
  return kept.trim() === '' ? text : kept;
}

// 「ロックは無事に解除してもらえました。ついでに聞きたいのですが、市営プールは冬も泳げますか」: what a
// message says is settled comes before the switch; what it asks comes after. A switch is a marker after
// a sentence or clause end, or 「〜ついでに、」 closed by a comma (「ATMでお金をおろすついでに、店のコピー機で
// 印鑑証明を取れる?」: the errand before it is the occasion, the question follows; 「更新のついでに再設定も
// できる?」 without one keeps its occasion). The last one counts.
// 「ついでに直せる?」「ついでに再設定してもらえる?」: the same errand done at the same visit, not a new topic.
const SAME_ERRAND = String.raw`[、,，\s]*(?:直|なお|やって|して|再設定|設定|変え|かえ|手続|頼|たの|お願い|済ませ|一緒|何とか|なんとか)`;
// 「それより早く行っても」「それより前に」: than that, a comparison, not 「それより、」 (rather, another thing).
const COMPARED_TO_THAT = String.raw`[早遅前後先多少長短高安大小近遠]|はや|おそ|まえ|あと|さき|おお|すく`;
const TOPIC_SWITCH = new RegExp(String.raw`^[\s\S]*(?:[。．.！!？?、,，]\s*(?:でも|だけど|ですが|が)?\s*(?:ついでに(?!${SAME_ERRAND})|ところで|ところが今度は|別件(?:です|なんです)?(?:が|けど)?|それとは別に|それより(?:も)?(?!${COMPARED_TO_THAT})|話(?:は|が)変わ(?:りますが|るけど|って))[、,，\s]*|ついでに[、,，]\s*)`, 'u');
const SWITCH_WORD = /ついでに|ところ(?:で|が今度)|別件|それとは別に|それより|話(?:は|が)変わ/;

/** The text from its last topic switch on (「…解決しました。別件ですが、…」), or the text itself. */
export function afterTopicSwitch(text: string): string {
  if (!SWITCH_WORD.test(text)) return text;
  const switched = TOPIC_SWITCH.exec(text);
  if (!switched) return text;
  const rest = text.slice(switched[0].length);
  if (rest.trim() === '') return text;
  // A question, then a remark after the switch that asks nothing (「暗証番号は4桁のほう?…ついでに公共料金も払うんだけど」):
  // the question is still what the message asks.
  if (QUESTION_MARK.test(switched[0]) && !ASKS_SOMETHING.test(rest)) return text;
  return rest;
}
const QUESTION_MARK = /[?？]/;
const ASKS_SOMETHING = /[?？]|か[。．.!！]?\s*$|どこ|どう|何|なに|なん|いつ|どれ|どっち|いくら|誰|だれ|(?:の|かな|っけ|よね)\s*$/u;

// 「暗証番号の件ではありません。」「コンビニ交付の話ではありません」: a sentence that only says what the
// question is not about is dropped whole (the noun it names is what the message sets aside).
// Not when it asks (「住基カードの暗証番号のことじゃないんですか?」「〜の話ではありませんか」): that is the question.
const NOT_ABOUT = /[^。．.！!？?\n]*(?:の|という)(?:件|話|こと|質問|相談)(?:では|じゃ)(?:ありません(?!か)|ないです(?!か)|ない(?!ん(?:です|だ)?か|の[?？]|か|よね|でしょ|っけ))(?:ので|が|けど)?[。．.！!、,，\s]*/gu;

const NOT_ABOUT_HINT = /(?:件|話|こと|質問|相談)(?:では|じゃ)/;
// 「my bank card PIN is locked, not my number card」: the card set aside in English.
/** 「not 」 or 「Not 」, which every NOT_THE_CARD_IN_ENGLISH has (one regular expression: two includes cost twice as much). */
const NOT_WORD = /[nN]ot /;
const NOT_THE_CARD_IN_ENGLISH = /[,.;]?\s*\b(?:it'?s |this is )?not (?:about )?(?:my |the |a )?(?:my ?number|mynumber)(?: card)?\b[,.;!]?/giu;

/** The text without its sentences of the form 「〜の件ではありません」 (or the card set aside in English), or the text itself. */
export function withoutNotAbout(text: string): string {
  let kept = text;
  if (NOT_ABOUT_HINT.test(kept)) {
    NOT_ABOUT.lastIndex = 0;
    kept = kept.replace(NOT_ABOUT, '');
  }
  if (NOT_WORD.test(kept)) {
    NOT_THE_CARD_IN_ENGLISH.lastIndex = 0;
    kept = kept.replace(NOT_THE_CARD_IN_ENGLISH, ' ');
  }
  // Nothing set aside (nearly every message): no trim() of the whole text to compare with ''.
  if (kept === text) return text;
  return kept.trim() === '' ? text : kept;
}

// 「…窓口は何階？よろしくお願いします。」「…使えますか。ありがとうございます。」: a closing courtesy is no
// greeting and no thanks, and as the last clause it read as one (every labelled line that ends so opens
// with a greeting or thanks for an answer; a question ending so answered 「greeting」「thanks」). A closing
// sentence or clause of よろしく / お願いします / 以上です is dropped when something comes before it; thanks
// only after a question (「よくわかりました。ありがとう」 thanks for an answer). conversation/policy.ts reads
// a message that closes so, asks nothing and tells no topic as a greeting (「市民課の田中です。よろしく
// お願いします」).
const CLOSING =
  /(?:どうぞ|何卒|なにとぞ|今後とも)?\s*(?:((?:よろしく|宜しく|よろしゅう)(?:お願い|おねがい|御願い)?(?:いた|致)?(?:します|しまーす|申し上げます|です|ね|っす)?|(?:お願い|おねがい)(?:いた|致)?します|以上です)|(?:よろしく)?(?:ありがとう|有難う|有り難う)(?:ございます)?|(?:感謝|かんしゃ)(?:します|いたします))[。．.！!〜~ー…♪\s]*$/u;
/** What ends the sentence or clause before a closing. */
const BEFORE_CLOSING = /[。．.！!？?、,，\s]/u;
/** Whether the text's last word character (past trailing punctuation) is one a closing ends with: す, く, ね, う. */
function endsAsClosingMay(text: string): boolean {
  for (let k = text.length - 1; k >= 0; k--) {
    const u = text.charCodeAt(k);
    if (TRAILING.has(u) || u <= 0x20) continue;
    return u === 0x3059 || u === 0x304f || u === 0x306d || u === 0x3046;
  }
  return false;
}
/** What may follow a closing's last word: 。．.！!〜~ー…♪, ideographic space. */
const TRAILING: ReadonlySet<number> = new Set([...'。．.！!〜~ー…♪\u3000'].map((c) => c.charCodeAt(0)));

/**
 * Whether `text[from…]` holds the start of a closing's word (よろ, 宜, 願, ねが, 以上, ありが, 有難, 有り,
 * 感, かん): one pass over the code units; most messages have none of them near their end.
 */
function hasClosingWord(text: string, from: number): boolean {
  for (let k = from; k < text.length - 1; k++) {
    const next = text.charCodeAt(k + 1);
    switch (text.charCodeAt(k)) {
      case 0x3088: // よ
        if (next === 0x308d) return true; // ろ
        break;
      case 0x5b9c: // 宜
      case 0x9858: // 願
      case 0x611f: // 感
        return true;
      case 0x306d: // ね
        if (next === 0x304c) return true; // が
        break;
      case 0x4ee5: // 以
        if (next === 0x4e0a) return true; // 上
        break;
      case 0x3042: // あ
        if (next === 0x308a) return true; // り
        break;
      case 0x6709: // 有
        if (next === 0x96e3 || next === 0x308a) return true; // 難, り
        break;
      case 0x304b: // か
        if (next === 0x3093) return true; // ん
        break;
    }
  }
  return false;
}
/** What thanks for an answer says before it (「よくわかりました。ありがとう」「助かりました、ありがとう」). */
const ACKNOWLEDGED = /わか|分か|了解|りょうかい|承知|助か|たすか|なるほど|参考|丁寧|ていねい|手数|おかげ|お陰|解決|納得|すっきり|安心|ok|おk/u;
/** What a question or a request ends with, before the closing. */
const ASKED_BEFORE = /(?:[?？]|か|かな|かね|の|ください|下さい|くださいませ|教えて|おしえて|たい|たいです|ほしい|欲しい|どうすれば|どうしたら|いい|良い|ですか|ますか)[。．.！!、,，\s]*$/u;

/** The text without a closing courtesy after its question (「。よろしくお願いします。」), or the text itself. */
export function withoutClosing(text: string): string {
  // The closing is short and last: only the end of the text is read (a fifth of the benchmark's lines
  // hold one of its words; the tail keeps the pattern's scan to a few dozen positions).
  if (!endsAsClosingMay(text)) return text;
  const from = text.length > CLOSING_REACH ? text.length - CLOSING_REACH : 0;
  if (!hasClosingWord(text, from)) return text;
  const closing = CLOSING.exec(from === 0 ? text : text.slice(from));
  if (closing === null) return text;
  const start = from + closing.index;
  if (start === 0 || !BEFORE_CLOSING.test(text[start - 1]!)) return text;
  const kept = text.slice(0, start);
  if (kept.trim().length < 2) return text;
  if (closing[1] !== undefined) return kept;
  return ASKED_BEFORE.test(kept) && !ACKNOWLEDGED.test(kept) ? kept : text;
}

/** Whether the text ends with a closing よろしく (「…。よろしくお願いします」), which may greet. */
export function closesWithCourtesy(text: string): boolean {
  if (!endsAsClosingMay(text)) return false;
  const from = text.length > CLOSING_REACH ? text.length - CLOSING_REACH : 0;
  const courtesy = CLOSING.exec(from === 0 ? text : text.slice(from))?.[1];
  return courtesy !== undefined && /よろし|宜し/.test(courtesy);
}

/** How far from the end a closing may start. */
const CLOSING_REACH = 40;

// 「質問です。バイト先のタイムカードの暗証番号忘れた」: an opening that only announces the question holds no
// word of it, but the classifier learnt 「質問です」 from questions about the card and read the rest in its
// light. An opening sentence or clause of that kind alone is dropped when a question follows it.
const OPENING =
  /^\s*(?:(?:あの|あのー|あのう|えっと|えーと|えと)[、,，\s]*)?(?:しつもん|質問)(?:です|があります|があるんですが|があるのですが|させてください|なんですが|なんですけど)[。．.！!、,，\s]+|^\s*(?:お尋ねします|おたずねします|お伺いします|伺います)[。．.！!、,，\s]+/u;

/** The text without an opening that only announces a question (「質問です。」), or the text itself. */
export function withoutOpening(text: string): string {
  const first = text.charCodeAt(0);
  // Most messages open with none of these words' first characters (あ, え, し, 質, お, 伺, or a space).
  if (first !== 0x3042 && first !== 0x3048 && first !== 0x3057 && first !== 0x8cea && first !== 0x304a && first !== 0x4f3a && first > 0x20 && first !== 0x3000) return text;
  const opening = OPENING.exec(text);
  if (opening === null) return text;
  const rest = text.slice(opening[0].length);
  return rest.trim().length < 4 ? text : rest;
}
