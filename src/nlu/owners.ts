// Another organisation's secret is what a message is about only when the secret or the event is
// theirs. A place, a document or a way of writing in (the lexicon's OTHER_OWNER_CONTEXT: 「税務署」
// 「年金手帳」「会社の」「メール」) is often only the story around the card's own PIN: where it happened
// (「税務署の申告相談会場でカードを使ったら、署名用のパスワードを2回打ち間違えました」), what proves who one is
// (「本人確認書類は年金手帳だけで足りる?」), how to write in (「メールやFAXで問い合わせできますか」). It
// is the owner (OTHER_SECRET_OWNER) when the secret or the event is attached to it (「郵便局の暗証番号」
// 「年金手帳をなくした」「運転免許証の4桁の暗証番号を忘れた」), or when the message names no secret or event at
// all and so is about the place or the document itself (「年金事務所の電話番号」「在留カードの更新」).
import type { Lexicon } from './lexicon.js';
import type { ScannedText } from './terms.js';

const OWNER = 'OTHER_SECRET_OWNER';
/** The lexicon's other business (粗大ごみ, 図書館, 補助金 …). */
export const UNRELATED = 'UNRELATED';
const CONTEXT = 'OTHER_OWNER_CONTEXT';
/** A secret or an event: the concepts a message about one has (one of them is enough). */
const SECRET_OR_EVENT = ['PIN', 'LOCK', 'LOCKED', 'FORGET', 'LOST', 'WRONG'] as const;

// Where the word's own phrase ends: a particle of place, means, company or condition (「税務署で」
// 「学校に持って行って」「年金手帳と」「メールや」「会社の上司に」), the card or its certificates (whose the
// secret after them is), or the next clause. 「の」「を」「が」「は」 keep the phrase going: 「在留カードの
// 暗証番号」「年金手帳をなくした」. Read on normalised text (katakana folded to hiragana, no punctuation).
// A particle follows no long vowel mark and starts no word of its own: 「入館げーとの暗証番号」「学校のやつ
// 忘れた」「携帯会社のねっと暗証番号」「会社のさいとのぱすわーど」 are one phrase.
const PHRASE_END = /(?<!ー)(?:に|で(?![きすし])|へ|(?<!っ)と(?!き|ころ|の)|や(?![つっ])|から|まで|なら|けど)|かーど|まいな|署名|証明|e-tax/u;
/** A particle of means or place of doing (「メールで」「メールや」), right after the word. */
const MEANS = /^(?:で(?![きすし])|や(?![つっ]))/u;
/** The ends of PHRASE_END that are the card's own words, which no renewal reads past. */
const OWN_WORD = /かーど|まいな|署名|証明|e-tax/u;
/** Another thing's secret said to be fine or recalled (「大丈夫なんですが」「すぐ思い出せたのに」), as a regex source (policy.ts reads it too). */
export const SAID_FINE = '思い出せ|おもいだせ|大丈夫|だいじょうぶ|問題な|もんだいな|ちゃんと|使えて|つかえて';
// Another secret named to compare the card's with is not the errand either: 「キャッシュカードみたいに暗証番号は
// 1個だけだと思ってた」「ロック画面のパスコードとは別に暗証番号があるの?」「銀行と同じ番号にしてたから変えたい」
// (26 labelled lines have another owner just before one of these, none of them `none`).
// So is another's secret said to be known, before the one that is not (「キャッシュカードの暗証番号は覚えてる
// のに、マイナのだけ出てこない」), and the old card's time (「住基カードの頃は暗証番号が1つだけだった」「免許証の
// 暗証番号は2つだったけど」); an errand done on the way (「銀行の暗証番号を変えたついでに」), set aside (「Suicaで
// 払えるかは置いといて」) or denied (「クレカの暗証番号じゃないよね」「Gmailのパスワードでもなかった」).
const COMPARED = new RegExp(
  String.raw`みたい[にな]|のように|(?:感覚|かんかく)で|と(?:間違え|まちがえ|勘違い|かんちがい)|の(?:頃|ころ|時代|時|とき)は|とは(?:別|べつ|違|ちが)|と ?(?:混ざ|まざ|混同|同じ|おなじ|一緒|いっしょ|ごっちゃ|違って|ちがって|かぶっ|被っ|重なっ|かさなっ)|(?:は|なら)[^ ]{0,4}?(?:覚え|おぼえ|分か|わか|言え|いえ)(?:て|っ|る|と|た)[^ ]{0,6}?(?:のに|けど|けれど|が|ですが)|(?:は|なら)[^ ]{0,4}?(?:${SAID_FINE})[^ ]{0,8}?(?:のに|けど|けれど|ですが)|(?:だった|でした)(?:けど|けれど|が)|(?:は|も)そう(?:やった|だった|でした)|(?:は|も)もう(?:変え|かえ|やっ|済ん|すん|終わ|おわ|直し|なおし)た|ついでに|(?:は|を)(?:置いといて|おいといて|さておき)|(?:暗証番号|ぱすわーど|ぱすこーど|pin|番号|の|こと|話)(?:じゃ|では|でも)(?:ない|なかっ|なく)|とは(?:関係|かんけい)(?:ない|なく|なし|ありません)|とは無関係|\b(?:(?:the )?same as|different from|differs? from|(?:un)?like(?! to\b)(?= [a-z])|similar to|rather than|than|not(?= (?:my|the|your|his|her|our)\b))\b`,
  'gu',
);
// The card's own PIN by a name no other secret has (「署名用」「住基用」「マイナの暗証番号」「マイナの長いほう」
// 「マイナンバーカードのも変えたい」): another owner named beside it (「ネットバンキングのパスワードとごっちゃに
// なって、署名用の暗証番号がわからない」「しょめいようのあんしょうばんごうをわすれました。ぎんこうのつうちょうにも
// かいてない」) is not whose PIN is asked about (88 of the 89 labelled lines that name both, the card's PIN
// not said to be known; the 89th asks which of two forgotten PINs 「免許証のほう」 is). 「マイナのだけ」 singles the
// card's out of others (the 5 labelled lines that say so are all in scope).
const CARDS_OWN_PIN = /署名用|しょめいよう|利用者証明用|英数字の(?:長い)?(?:ほう|方)の(?:暗証|ぱすわーど)|住基用|住民基本台帳用|券面事項|すまほ用電子証明書|(?:まいな(?:んばー)?(?:かーど)?|個人番号かーど)(?:の|は|も)?(?:方の|ほうの)?(?:暗証|ぱすわーど|pin|4桁|よんけた)|まいな(?:んばー)?(?:かーど)?の(?:長い|ながい|短い|みじかい|英数字)|まいな(?:んばー)?(?:かーど)?(?:と|や)[^ ]{1,8}?の(?:暗証|ぱすわーど|pin)|まいな(?:んばー)?(?:かーど)?の(?:方|ほう)の(?:番号|ばんごう)|まいな(?:んばー)?(?:かーど)?のも(?:変え|かえ|変更|忘れ|わすれ)|まいな保険証(?:の|で(?:使う|つかう|入れる|いれる)|に)(?:暗証|ぱすわーど|pin|4桁|よんけた)|まいな(?:んばー)?(?:かーど)?の(?:ほう|方)?だけ/u;
// Another owner as the topic (「銀行のほうが」), and a comparison told of it (「…のは小文字OKだったんだけど」).
const OWNER_AS_TOPIC = /^(?:の)?(?:ほう|方)(?:が|は)/u;
const TOLD_AS_A_COMPARISON = /(?:だった|でした|やった)(?:ん)?(?:だ)?(?:けど|けれど|が)/u;
/** The writer's PIN said to be remembered (「覚えているので」), or one of the card's (「4桁はわかる」「署名用は覚えてる」). */
const REMEMBERED = ['NOT_FORGOTTEN', 'FOUR_DIGIT_KNOWN', 'SIGNATURE_KNOWN'];
/** A comparison (COMPARED) that says the other thing's secret is known (「〜は覚えてるけど」). */
const OTHERS_KNOWN = new RegExp(`覚え|おぼえ|分か|わか|${SAID_FINE}`, 'u');
/** The card's PIN said to be known (「署名用はわかります」): then it is not what is asked about. */
const KNOWN = ['SIGNATURE_KNOWN', 'FOUR_DIGIT_KNOWN'];
const EACH_CARDS_OWN_PIN = new RegExp(CARDS_OWN_PIN.source, 'gu');
// What right after the card's PIN sets it aside in its turn: denied, unrelated, compared with or known
// (「マイナンバーカードの暗証番号とは違うよね」「マイナの暗証とは無関係です」「マイナカードの署名用と同じにした気が
// するけど違った」「マイナンバーカードの暗証番号みたいにネットで変えられる?」「マイナンバーカードの暗証番号は覚えてるのに」).
const SET_ASIDE_AFTER = /^.{0,4}?(?:とは|と)(?:違|ちが|別|べつ|無関係|むかんけい|関係な|かんけいな|同じ|おなじ|一緒|いっしょ)|^.{0,3}?(?:みたい|のよう)|^.{0,3}?(?:じゃな|ではな|でもな)|^.{0,3}?(?:は|なら)(?:覚え|おぼえ|わか|分か|大丈夫)/u;

/**
 * Whether the (normalised) text names the card's own PIN by a name no other secret has (CARDS_OWN_PIN),
 * and not only to set it aside (SET_ASIDE_AFTER).
 */
export function namesTheCardsOwnPin(normalised: string): boolean {
  if (!CARDS_OWN_PIN.test(normalised)) return false;
  EACH_CARDS_OWN_PIN.lastIndex = 0;
  for (let m = EACH_CARDS_OWN_PIN.exec(normalised); m !== null; m = EACH_CARDS_OWN_PIN.exec(normalised)) {
    const after = m.index + m[0].length;
    if (!SET_ASIDE_AFTER.test(normalised.slice(after, after + 12))) return true;
  }
  return false;
}
// A sentence about a secret (storyEnd): SECRET_OR_EVENT, or a PIN named or acted on.
const STORY_SECRETS = [...SECRET_OR_EVENT, 'FOUR_DIGIT', 'SIGNATURE', 'CHANGE', 'RESET', 'UNLOCK', 'CERT', 'SMARTPHONE_CERT'];
/** The card's own words: a sentence with one of them asks about the card's secret, not another's. */
export const CARDS_OWN = ['CARD', 'SIGNATURE', 'FOUR_DIGIT', 'CERT', 'SMARTPHONE_CERT', 'PORTAL', 'INSURANCE', 'JPKI_APP'];
/** The card's own words that name a PIN or a service of its own, and so ask about it without a secret named. */
const SERVICE_OWN = CARDS_OWN.filter((name) => name !== 'CARD');
/** What makes a last sentence that names the card not a question about it (cardOnlyStory). */
const NOT_THE_CARDS_QUESTION = [OWNER, CONTEXT, 'BRING'];
/** How much before a comparison it may be about (「すまほのろっく解除の番号と混ざって」). */
const COMPARED_REACH = 12;
/** COMPARED without its global state, for a look ahead of a word. */
const COMPARED_AHEAD = new RegExp(COMPARED.source, 'u');
/** A comparison in English (COMPARED): what it compares with follows it. */
const ENGLISH = /^[a-z]/u;
/** How far after the word its secret or event may be (「会社の入館げーとの暗証番号」). */
const REACH = 20;

/**
 * What the other thing's afterword may not say happened to a secret (afterwordStart): then it is that
 * thing's trouble told, not a comparison. Its PIN named, or its card lost or reissued, compares.
 */
const AFTERWORD_EVENTS = ['FORGET', 'LOCK', 'LOCKED', 'WRONG'] as const;

/** What happened to the card's own PIN, told in a later sentence (cardAfterword): then it is the card's trouble too. */
const FIRST_PERSON_EVENTS = ['FORGET', 'LOCKED', 'WRONG'] as const;

/** The card named to compare another thing's way with (cardAfterword): 「〜と同じ」「〜みたいに」「〜とは違う」. */
const CARD_COMPARED = /(?:と|とき|時)(?:と)?(?:同じ|おなじ|一緒|いっしょ)|みたい|のように|とは(?:違|ちが|別|べつ)/u;

/** The card's PIN wanted or also at stake (「マイナの暗証番号も変えたい」): the card's question, not a thing told. */
const CARD_WANTED = /たい|ほしい|欲しい|(?:暗証|ぱすわーど|pin|番号|ばんごう)も/u;

/** A question with no question mark (「マイナカードのロックはどこで解除するの」): a question word, or a closing の/か/かな/っけ. */
const ASKS_UNMARKED = /どこ|どう(?:やって|すれ|したら|なる|なっ)|何(?!とか)|いつ|どれ|どっち|誰|だれ|いくら|(?:の|か|かな|っけ)\s*$/u;

/** The other owner's secret said to be known or fine (cardAfterword): 「〜は覚えているんですが」「〜はちゃんと使えて」. */
const OWNERS_SECRET_FINE = /(?:は|なら|も)[^ ]{0,4}?(?:覚え|おぼえ|分か|わか|大丈夫|だいじょうぶ|問題な|ちゃんと|使えて|つかえて)/u;

/** The other thing's secret's form told, the sentence's end (「PayPayは4桁」「銀行のは数字4つだよ」). */
const OWNERS_SECRETS_FORM_TOLD = /(?:は|も)(?:[0-9０-９]+(?:桁|けた|文字)|数字|英数字)[^ ]{0,6}$/u;

/** The other owner's trouble said to be over (fineThenAsked, cardAfterword): undone, fixed or reset by someone, in the past, or done (「解除済み」). */
const OWNERS_TROUBLE_FIXED = /(?:外して|はずして|解除して|直して|なおして|戻して|もどして|再設定して|りせっとして)(?:もらえ|もらっ|くれ)た|(?:外れ|はずれ|直っ|なおっ|治っ|戻っ|もどっ|解除でき|解除され|再設定でき)た|(?:解除|再設定|りせっと)(?:済|ずみ)/u;

/** A sentence that goes on with the thing told before it (fineThenAsked): 「その」「それ」, 「暗証番号も」. */
const REFERS_BACK = /^(?:その|それ|そっち|そちら|そこ|あっち|こっち)|^[^ ]{0,8}?(?:暗証番号|番号|ぱすわーど|pin|ばんごう)も/u;

/** The card's two kinds of PIN by their own names (namesOwnPinBeside). */
const NAMES_SIGNATURE = /署名用|しょめいよう|英数字/u;
const NAMES_FOUR_DIGIT = /利用者証明用|住基用|券面|4桁|4けた|よんけた/u;

/** After another owner's word, its sentence's topic marker (afterwordStart): 「は」, 「のは」, 「の更新は」. */
const OWNER_TOPIC = /^[^ ]{0,8}?は(?!ず)/u;

/** What OwnerReading.read did: took OTHER_SECRET_OWNER out (setAside), added it (resolve). */
export const SET_ASIDE = 1;
export const OWNED = 2;

export class OwnerReading {
  private readonly owner: number;
  private readonly context: number;
  private readonly secrets: readonly number[];
  private readonly renewal: readonly number[];
  private readonly unrelated: number;
  private readonly cardsOwn: readonly number[];
  private readonly known: readonly number[];
  /** STORY_SECRETS' and SERVICE_OWN's indices (those the lexicon has), for the bits of a sentence's ConceptSet. */
  private readonly storySecrets: readonly number[];
  /** PROXY's index: the card's proxy procedure, left once a comparison is set aside, is still the card's. */
  private readonly proxy: number;
  private readonly serviceOwn: readonly number[];
  private readonly notTheCardsQuestion: readonly number[];
  private readonly afterwordEvents: readonly number[];
  private readonly firstPersonEvents: readonly number[];
  private readonly pin: number;
  private readonly signatureKnown: number;
  /** REMEMBERED's indices (those the lexicon has). */
  private readonly remembered: readonly number[];
  /** REMEMBERED's and the card's PIN words' (「ゆうちょの4桁はすぐ思い出せたのに」: the 4 digits are the bank's). */
  private readonly namedWithKnown: readonly number[];
  private readonly fourDigitKnown: number;
  private readonly card: number;
  private readonly certificateDoc: number;
  private readonly words: RegExp | undefined;
  /** OTHER_SECRET_OWNER's own words (comparedFrom). */
  private readonly ownerWords: RegExp | undefined;
  private readonly names: readonly string[];
  /** The two concepts' bits in their words of ConceptSet.bits (0 for a concept the lexicon has not). */
  private readonly ownerMask: number;
  private readonly contextMask: number;
  /** COMPARED's bit in ConceptSet.watched (-1: not watched, always run it). */
  private readonly comparison: number;

  constructor(private readonly lexicon: Lexicon) {
    const index = lexicon.conceptIndex;
    this.names = lexicon.concepts.map((c) => c.name);
    this.owner = index.get(OWNER) ?? -1;
    this.context = index.get(CONTEXT) ?? -1;
    this.ownerMask = this.owner >= 0 ? 1 << (this.owner & 31) : 0;
    this.contextMask = this.context >= 0 ? 1 << (this.context & 31) : 0;
    this.secrets = indicesOf(index, SECRET_OR_EVENT);
    this.card = index.get('CARD') ?? -1;
    this.certificateDoc = index.get('CERTIFICATE_DOC') ?? -1;
    this.renewal = indicesOf(index, ['RENEWAL', 'REISSUE']);
    this.unrelated = index.get(UNRELATED) ?? -1;
    this.cardsOwn = indicesOf(index, CARDS_OWN);
    this.known = indicesOf(index, KNOWN);
    this.storySecrets = indicesOf(index, STORY_SECRETS);
    this.serviceOwn = indicesOf(index, SERVICE_OWN);
    this.pin = index.get('PIN') ?? -1;
    this.proxy = index.get('PROXY') ?? -1;
    this.signatureKnown = index.get('SIGNATURE_KNOWN') ?? -1;
    this.remembered = indicesOf(index, REMEMBERED);
    this.namedWithKnown = indicesOf(index, [...REMEMBERED, 'FOUR_DIGIT', 'SIGNATURE']);
    this.fourDigitKnown = index.get('FOUR_DIGIT_KNOWN') ?? -1;
    this.firstPersonEvents = indicesOf(index, FIRST_PERSON_EVENTS);
    this.afterwordEvents = indicesOf(index, AFTERWORD_EVENTS);
    this.notTheCardsQuestion = indicesOf(index, NOT_THE_CARDS_QUESTION);
    // A lexicon without the concept (the past ones the benchmarks replay) reads as it did.
    const concept = this.context >= 0 ? lexicon.concepts[this.context] : undefined;
    this.words = concept && new RegExp(concept.pattern.source, 'gu');
    const ownerConcept = this.owner >= 0 ? lexicon.concepts[this.owner] : undefined;
    this.ownerWords = ownerConcept && new RegExp(ownerConcept.pattern.source, 'gu');
    this.comparison = lexicon.watch(COMPARED.source)?.index ?? -1;
  }

  /**
   * setAside then resolve (below) on a message's concepts: SET_ASIDE and OWNED say which changed them.
   * Most messages have neither another owner nor a context word, known from two bits.
   */
  read(normalised: string, concepts: Set<string>): number {
    const bits = (concepts as { bits?: Uint32Array }).bits;
    if (bits !== undefined && (bits[this.owner >> 5]! & this.ownerMask) === 0 && (bits[this.context >> 5]! & this.contextMask) === 0) return 0;
    return (this.setAside(normalised, concepts) ? SET_ASIDE : 0) | (this.resolve(normalised, concepts) ? OWNED : 0);
  }

  /**
   * Whether the message's context words are the owner of what it asks about; if so, adds
   * OTHER_SECRET_OWNER to its concepts (the bits of a ConceptSet, or a reference lexicon's Set of
   * names). Scans the words' phrases: call it before the lexicon's shared scan buffer is read again.
   */
  resolve(normalised: string, concepts: Set<string>): boolean {
    if (this.words === undefined) return false;
    const bits = (concepts as { bits?: Uint32Array }).bits;
    if (bits === undefined) {
      if (!concepts.has(CONTEXT) || concepts.has(OWNER)) return false;
      const named = this.secrets.some((i) => concepts.has(this.names[i]!));
      if (named ? !this.attached(normalised) : this.onlyAside(normalised)) return false;
      addInOrder(concepts, this.names, this.owner);
      return true;
    }
    if (!has(bits, this.context) || has(bits, this.owner)) return false;
    if (this.anyOf(bits, this.secrets) ? !this.attached(normalised) : this.onlyAside(normalised)) return false;
    set(bits, this.owner);
    return true;
  }

  /**
   * Whether the other owners the lexicon found are all only compared with (「キャッシュカードみたいに」); if
   * so, takes OTHER_SECRET_OWNER out of the concepts (then resolve may still find a place that owns
   * the secret). Scans the message without the compared words, as resolve scans.
   */
  setAside(normalised: string, concepts: Set<string>): boolean {
    const { bits, watched } = concepts as { bits?: Uint32Array; watched?: Uint32Array };
    if (bits === undefined ? !concepts.has(OWNER) : !has(bits, this.owner)) return false;
    // The scan watches the comparisons' words: most messages with another owner have none.
    if (watched !== undefined && this.comparison >= 0 && !has(watched, this.comparison)) return false;
    COMPARED.lastIndex = 0;
    if (!COMPARED.test(normalised)) return false;
    let kept = '';
    let from = 0;
    /** Where a comparison that says the other's secret is known (「銀行のは覚えてるけど」) is, to read `kept` without it. */
    let knownAt = -1;
    let knownEnd = -1;
    COMPARED.lastIndex = 0;
    for (let m = COMPARED.exec(normalised); m !== null; m = COMPARED.exec(normalised)) {
      if (ENGLISH.test(m[0])) {
        // English names what it compares with after the word (「same as my credit card pin」).
        kept += normalised.slice(from, m.index) + ' ';
        from = this.comparedUntil(normalised, m.index + m[0].length);
        COMPARED.lastIndex = Math.max(COMPARED.lastIndex, from);
        continue;
      }
      kept += normalised.slice(from, Math.max(from, this.comparedFrom(normalised, m.index))) + ' ';
      from = m.index;
      if (knownAt < 0 && OTHERS_KNOWN.test(m[0])) {
        knownAt = kept.length;
        knownEnd = knownAt + m[0].length;
      }
    }
    kept += normalised.slice(from);
    // What is left must still ask about a secret, an event, the card or one of its own services or
    // certificates (「クレカの更新みたいに郵送で済む?」 after the certificate's notice, 「ATMでお金おろすついでに
    // 住民票とれる?」): 「銀行のカードと同じ番号に統一したい」 does not say which card's number it changes, and
    // stays another owner's.
    const left = this.scanned(kept);
    if (has(left, this.owner) || !(this.anyOf(left, this.secrets) || this.anyOf(left, this.cardsOwn) || has(left, this.certificateDoc) || has(left, this.proxy))) return false;
    removeConcept(concepts, this.owner, OWNER);
    // The other's secret said to be known is not the card's PIN remembered: NOT_FORGOTTEN, or a PIN of the
    // card's said known, found only with that comparison is the other's (「マイナの暗証番号忘れた。銀行のは覚えてる
    // けど」 asks to reset the card's; 「銀行の4桁はわかるのに、マイナンバーカードの4桁が出てこない」 is the 4-digit PIN's).
    if (knownAt >= 0 && this.anyOf(bits ?? this.scanned(normalised), this.namedWithKnown)) {
      const left = this.scanned(kept.slice(0, knownAt) + ' ' + kept.slice(knownEnd));
      for (const i of this.namedWithKnown) {
        if (has(left, i)) continue;
        removeConcept(concepts, i, this.names[i]!);
      }
    }
    return true;
  }

  /**
   * Where what an English comparison ending at `after` is about ends: the last of the other owner's words
   * in a run that starts within COMPARED_REACH after it (「like my bank app did」 compares the bank app),
   * or `after` when none does.
   */
  private comparedUntil(normalised: string, after: number): number {
    const words = this.ownerWords;
    if (words === undefined) return after;
    let end = after;
    words.lastIndex = after;
    for (let m = words.exec(normalised); m !== null && m.index <= end + COMPARED_REACH; m = words.exec(normalised)) {
      if (m[0].length === 0) words.lastIndex++;
      else end = m.index + m[0].length;
    }
    return end;
  }

  /**
   * Where what a comparison at `at` is about begins: the first of the other owner's words within
   * COMPARED_REACH before it, when they run right up to it (「暗証番号を変えたい。クレカみたいに」 compares
   * クレカ alone, and the PIN before it is still asked about; 「ロック画面のパスコードとは別に」 both words),
   * nothing when none of them is within the reach (「今の暗証番号はわかってるけど変えたい」 is the card's
   * own PIN said known), or COMPARED_REACH before it otherwise (「銀行のカードと同じ番号に」).
   */
  private comparedFrom(normalised: string, at: number): number {
    const reach = at - COMPARED_REACH;
    const words = this.ownerWords;
    if (words === undefined) return reach;
    // The first of the owner's words that end inside the reach, and whether one ends right at the comparison.
    let first = -1;
    let endsAtIt = false;
    words.lastIndex = 0;
    for (let m = words.exec(normalised); m !== null && m.index < at; m = words.exec(normalised)) {
      const end = m.index + m[0].length;
      if (m[0].length === 0) words.lastIndex++;
      else if (end > reach) {
        if (first < 0) first = m.index;
        if (end === at) endsAtIt = true;
      }
    }
    return endsAtIt ? first : first < 0 ? at : reach;
  }

  /**
   * Whether the story functions may find a story for the message as a whole (its concepts): another owner
   * still in the concepts (fineThenAsked needs none of the card's words: 「ATMでお金をおろしてきたところです。
   * 3回間違えて使えなくなりました」), or other business (UNRELATED) or an owner only compared with (setAside)
   * beside one of the card's own words (「銀行に寄ったついでに市役所にも来ましたが、iPhone対応っていつから?」: the
   * classifier should read the question after it alone). Most messages have none of them, and are not read
   * again sentence by sentence.
   */
  mayBeStory(concepts: Set<string>, ownerSetAside = false): boolean {
    const bits = (concepts as { bits?: Uint32Array }).bits;
    if (bits === undefined) return concepts.has(OWNER) || ((ownerSetAside || concepts.has(UNRELATED)) && CARDS_OWN.some((n) => concepts.has(n)));
    return has(bits, this.owner) || ((ownerSetAside || has(bits, this.unrelated)) && this.anyOf(bits, this.cardsOwn));
  }

  /**
   * Where the story ends, when a concept that says the message is not the card's (the other owner, or
   * UNRELATED's other business) is only the story before the question: each sentence that names it names no secret,
   * event or word of the card's, and a later sentence without it asks about the card's own secret or
   * service (「先週、銀行で通帳を作ってきました。署名用の暗証番号ってアプリでリセットできる?」「図書館で本を
   * 借りてきたところで、紙の保険証はまだ使える?」). The card named alone is not enough: 「財布を落としました。
   * キャッシュカードが入っていて、マイナンバーカードは家に置いてありました」. A sentence with the secret and
   * none of the card's words may still be the owner's (「住基カードが出てきました。暗証番号も覚えていません」),
   * and a last sentence that names it asks about it (「カードとパスポートを持っていますが、パスポートの更新は
   * どこで?」). `sentences` are each sentence's concepts, read as the message's are; `asks[k]`: sentence
   * k is written as a question, which no story is. The index of the sentence after the story, or -1.
   */
  storyEnd(sentences: readonly Set<string>[], concept: string = OWNER, asks: readonly boolean[] = []): number {
    const named = this.lexicon.conceptIndex.get(concept) ?? -1;
    let lastNamed = -1;
    let lastAsked = -1;
    for (let k = 0; k < sentences.length; k++) {
      const concepts = sentences[k]!;
      const secret = this.holdsAny(concepts, STORY_SECRETS, this.storySecrets);
      const own = this.holdsAny(concepts, CARDS_OWN, this.cardsOwn);
      // A story tells; a sentence that asks about the other business is a question of its own.
      if (this.holds(concepts, concept, named)) lastNamed = Math.max(lastNamed, secret || own || asks[k] ? Infinity : k);
      else if ((secret && own) || this.holdsAny(concepts, SERVICE_OWN, this.serviceOwn)) lastAsked = k;
    }
    return lastNamed >= 0 && lastAsked > lastNamed ? lastNamed + 1 : -1;
  }

  /**
   * The other way round: the card is only the story, and the question is another owner's secret
   * (「マイナンバーカードは去年作りました。証券会社のパスワードを5回間違えてロックされました」): each sentence
   * that names the card names no secret or event, and another names one with the owner and none of the
   * card's own words. A last sentence that names the card and asks about it is the question, not the
   * story (「キャッシュカードは3回でロックだけど、マイナンバーカードも同じ?」), unless it names another owner
   * or the card only as a proof of identity (「マイナカードで本人確認すれば済む?」). `asks[k]`: sentence k
   * asks, and not about another thing named last (「…けど免許は?」).
   */
  cardOnlyStory(sentences: readonly Set<string>[], asks: readonly boolean[] = []): boolean {
    let cardSeen = false;
    let ownedElsewhere = false;
    const last = sentences.length - 1;
    for (let k = 0; k < sentences.length; k++) {
      const concepts = sentences[k]!;
      const secret = this.holdsAny(concepts, STORY_SECRETS, this.storySecrets);
      if (this.holds(concepts, 'CARD', this.card)) {
        if (secret || (k === last && asks[k] === true && !this.holdsAny(concepts, NOT_THE_CARDS_QUESTION, this.notTheCardsQuestion))) return false;
        cardSeen = true;
      } else if (secret && this.holds(concepts, OWNER, this.owner)) {
        if (this.holdsAny(concepts, CARDS_OWN, this.cardsOwn)) return false;
        ownedElsewhere = true;
      }
    }
    return cardSeen && ownedElsewhere;
  }

  /**
   * Where an afterword begins: the question about the card comes first, and another owner is named only
   * after it, as what happened with that other thing (「マイナのロック解除って即日?キャッシュカードは2週間
   * かかった」「電子証明書の更新ってコンビニでできる?免許の更新は警察署だけど」). A sentence before it asks
   * (`asks[k]`) about a secret, an event or one of the card's own words, and names no other owner; from it
   * on, no sentence asks, says something was forgotten, locked or mistyped (AFTERWORD_EVENTS) or names a
   * word of the card's, and each that names the other owner makes it the topic (OWNER_TOPIC: 「〜は」
   * 「〜のは」), as a comparison does: 「暗証番号って
   * 何桁?ゆうちょ銀行のです」 says whose PIN is asked. `texts[k]`: sentence k, normalised. The index of
   * the afterword's first sentence, or -1.
   */
  afterwordStart(sentences: readonly Set<string>[], asks: readonly boolean[], texts: readonly string[]): number {
    let start = -1;
    for (let k = 0; k < sentences.length; k++) {
      if (this.holds(sentences[k]!, OWNER, this.owner)) {
        start = k;
        break;
      }
    }
    if (start < 1) return -1;
    let asked = false;
    for (let k = 0; k < start; k++) {
      const concepts = sentences[k]!;
      if (asks[k] && (this.holdsAny(concepts, STORY_SECRETS, this.storySecrets) || this.holdsAny(concepts, CARDS_OWN, this.cardsOwn))) asked = true;
    }
    if (!asked) return -1;
    for (let k = start; k < sentences.length; k++) {
      const concepts = sentences[k]!;
      if (asks[k] || this.holdsAny(concepts, AFTERWORD_EVENTS, this.afterwordEvents) || this.holdsAny(concepts, CARDS_OWN, this.cardsOwn)) return -1;
      if (this.holds(concepts, OWNER, this.owner) && !this.ownerIsTopic(texts[k]!)) return -1;
    }
    return start;
  }

  /**
   * The other way round from afterwordStart: another owner's secret asked first, and the card's own words
   * only after it, as a comparison, a thing heard or done before (「クレカの暗証番号の変更ってネットでできる?
   * マイナのほうはこの前役所で変えた」「エポスカードのPINを忘れた。マイナンバーカードの暗証番号を忘れたときと同じで
   * 窓口に行くの?」): the first sentence names the owner with a secret or an event, or asks, and none of the
   * card's words; each later sentence that names them tells (no question, marked or not: ASKS_UNMARKED;
   * nothing forgotten, locked or mistyped; nothing wanted: CARD_WANTED) or compares (CARD_COMPARED), and no
   * later sentence of nobody's tells its own trouble. Then the card's PIN named is not the one asked about.
   */
  cardAfterword(sentences: readonly Set<string>[], asks: readonly boolean[], texts: readonly string[]): boolean {
    const first = sentences[0]!;
    if (!this.holds(first, OWNER, this.owner) || this.holdsAny(first, CARDS_OWN, this.cardsOwn)) return false;
    if (!asks[0] && !this.holdsAny(first, AFTERWORD_EVENTS, this.afterwordEvents) && !this.holds(first, 'PIN', this.pin)) return false;
    // The other secret said to be known or fine, not asked about (「キャッシュカードの暗証番号は覚えているんですが、」),
    // is the contrast before the card's question: the context bench's prefixes lost 75 lines without this.
    if (!asks[0] && (OWNERS_SECRET_FINE.test(texts[0]!) || OWNERS_TROUBLE_FIXED.test(texts[0]!))) return false;
    let named = false;
    for (let k = 1; k < sentences.length; k++) {
      const concepts = sentences[k]!;
      if (!this.holdsAny(concepts, CARDS_OWN, this.cardsOwn)) {
        // A later sentence of nobody's with its own trouble may be the card's question (「忘れた場合の手順教えて」).
        if (!this.holds(concepts, OWNER, this.owner) && this.holdsAny(concepts, FIRST_PERSON_EVENTS, this.firstPersonEvents)) return false;
        continue;
      }
      named = true;
      const tells = !asks[k] && !this.holdsAny(concepts, FIRST_PERSON_EVENTS, this.firstPersonEvents) && !CARD_WANTED.test(texts[k]!) && !ASKS_UNMARKED.test(texts[k]!);
      if (!tells && !CARD_COMPARED.test(texts[k]!)) return false;
    }
    return named;
  }

  /**
   * Where the card's question begins after another thing said to be fine or known (「Suicaはちゃんと使えて
   * います。代理人でロック解除できる?」「銀行のカードの番号はちゃんと覚えてるんだけど、しやくしょのどこに行けば
   * いいの」): each sentence before it names another owner, says its secret is known or fine (OWNERS_SECRET_FINE),
   * or, in a whole sentence, names no secret at all (「ATMでお金をおろしてきたところです。」), asks nothing and tells no
   * trouble (AFTERWORD_EVENTS); from it on no sentence names another owner, and one asks (`fullStops[k]`: sentence k
   * ends with a full stop, not a clause's comma). The index of that first sentence, or -1. In this channel a PIN asked about with nobody's named is the
   * card's: the context bench's 「another card that is fine」 prefixes lost a fifth of their lines without this.
   * Sentences told before the other owner's (no secret or event, no question: 「先週カードを受け取って、」) are the
   * story too; then the other owner's must be a whole sentence (`periods[k]`: 。！？ or a line break), and its trouble
   * may be told as over (OWNERS_TROUBLE_FIXED: 「SIMのロックは外してもらえたけど、」).
   */
  fineThenAsked(sentences: readonly Set<string>[], asks: readonly boolean[], texts: readonly string[], fullStops: readonly boolean[] = [], periods: readonly boolean[] = fullStops): number {
    let start = -1;
    let asked = false;
    let onlyTold = false;
    let secretNamed = false;
    let ownerSeen = false;
    let lead = false;
    for (let k = 0; k < sentences.length; k++) {
      const concepts = sentences[k]!;
      if (this.holds(concepts, OWNER, this.owner)) {
        ownerSeen = true;
        if (start >= 0 || asks[k]) return -1;
        // The other thing's trouble told as over (「SIMのロックは外してもらえたけど、」「電話したら直ったけど、」) is fine too.
        if (OWNERS_TROUBLE_FIXED.test(texts[k]!)) continue;
        if (this.holdsAny(concepts, AFTERWORD_EVENTS, this.afterwordEvents)) return -1;
        // Its secret's form told as a whole sentence (「PayPayは4桁。」) is a comparison set beside the card's question.
        if (OWNERS_SECRET_FINE.test(texts[k]!) || (periods[k] === true && OWNERS_SECRETS_FORM_TOLD.test(texts[k]!))) continue;
        // A whole sentence of only what was done there (「ATMでお金をおろしてきたところです。」) naming no secret;
        // a clause (「住基カードがまだあるんだけど、」) goes on with what it names.
        // After a sentence told before it, only a whole sentence (「…済ませました。」), not a clause (「…しようとしたら、」).
        if ((lead ? periods[k] : fullStops[k]) !== true || this.holdsAny(concepts, STORY_SECRETS, this.storySecrets)) return -1;
        onlyTold = true;
        continue;
      }
      // What was told before the other thing (「先週カードを受け取って、銀行の手続きも済ませました。」) is the story too,
      // when it names no secret or event and asks nothing.
      if (!ownerSeen) {
        if (asks[k] || this.holdsAny(concepts, STORY_SECRETS, this.storySecrets)) return -1;
        lead = true;
        continue;
      }
      // 「住基カードが出てきました。暗証番号も覚えていません」: the question goes on with the thing told.
      if (start < 0 && REFERS_BACK.test(texts[k]!)) return -1;
      if (start < 0) start = k;
      if (asks[k] || ASKS_UNMARKED.test(texts[k]!)) asked = true;
      if (this.holdsAny(concepts, STORY_SECRETS, this.storySecrets) || this.holds(concepts, 'PROXY', this.proxy)) secretNamed = true;
    }
    // After a story of only what was done, the question must name a secret or the proxy's errand itself
    // (「…不正利用だと思うのですが、まず何をすればいいですか」 goes on with the story's own business).
    return asked && (!onlyTold || secretNamed) ? start : -1;
  }

  /**
   * Takes out of a message's concepts each PIN said known (REMEMBERED) that no sentence from `from` on
   * holds: the story before the question said it of the other owner's secret.
   */
  keepRememberedOf(concepts: Set<string>, sentences: readonly Set<string>[], from: number): void {
    const bits = (concepts as { bits?: Uint32Array }).bits;
    for (const i of this.remembered) {
      if (!(bits === undefined ? concepts.has(this.names[i]!) : has(bits, i))) continue;
      let later = false;
      for (let k = from; k < sentences.length && !later; k++) later = this.holds(sentences[k]!, this.names[i]!, i);
      if (later) continue;
      removeConcept(concepts, i, this.names[i]!);
    }
  }

  /** Whether a sentence before `end` holds `concept` (by its bits, as the story functions read them). */
  namedBefore(sentences: readonly Set<string>[], end: number, concept: string): boolean {
    const i = this.lexicon.conceptIndex.get(concept) ?? -1;
    for (let k = 0; k < end; k++) if (this.holds(sentences[k]!, concept, i)) return true;
    return false;
  }

  /** Whether one of the other owner's words is the topic of its sentence (「キャッシュカードは」「免許の更新は」). */
  private ownerIsTopic(text: string): boolean {
    for (const words of [this.ownerWords, this.words]) {
      if (words === undefined) continue;
      words.lastIndex = 0;
      for (let m = words.exec(text); m !== null; m = words.exec(text)) {
        if (m[0].length === 0) words.lastIndex++;
        else if (OWNER_TOPIC.test(text.slice(m.index + m[0].length, m.index + m[0].length + 10))) return true;
      }
    }
    return false;
  }

  // A sentence's concepts (storyEnd, cardOnlyStory) by their bits, as mayBeStory reads the message's:
  // `has` of a ConceptSet looked each name up in a Map, and the closures of some() made the story
  // functions costly to compile (~25 ms of a benchmark's run, for 2% of its messages). The sentences'
  // ConceptSets are never iterated, so their bits are what `has` reads. A reference lexicon's Set of
  // names has no bits: it is asked by name.

  /** Whether a sentence's concepts hold `name`, of index `i` in this lexicon (-1: none). */
  private holds(concepts: Set<string>, name: string, i: number): boolean {
    const bits = (concepts as { bits?: Uint32Array }).bits;
    return bits === undefined ? concepts.has(name) : has(bits, i);
  }

  /** Whether a sentence's concepts hold one of `names`, whose indices in this lexicon are `indices`. */
  private holdsAny(concepts: Set<string>, names: readonly string[], indices: readonly number[]): boolean {
    const bits = (concepts as { bits?: Uint32Array }).bits;
    return bits === undefined ? names.some((name) => concepts.has(name)) : this.anyOf(bits, indices);
  }

  /**
   * The text without another owner's words, for the classifier and the phrases once the owner is set
   * aside: 「キャッシュカードの番号は覚えてるのにマイナのだけ忘れる」 was declined, the classifier reading
   * キャッシュカード as out of scope though the key terms had already dropped it. Measured on every labelled
   * line (2026-12-07): +24 right, 4 lost (another's secret set aside though it was the question's).
   */
  withoutOwners(normalised: string): string {
    return this.ownerWords ? normalised.replace(this.ownerWords, '') : normalised;
  }

  /** Takes OTHER_SECRET_OWNER out of another scan of the message (its last clause), as setAside did. */
  unmark(concepts: ScannedText | Set<string>): void {
    const bits = (concepts as { bits?: Uint32Array }).bits;
    if (bits !== undefined) bits[this.owner >> 5]! &= ~(1 << (this.owner & 31));
    else (concepts as Set<string>).delete(OWNER);
  }

  /**
   * Whether another owner is named beside the card's own PIN named by its own name (CARDS_OWN_PIN), which
   * the message does not say is known (「銀行のパスワードを忘れました。署名用の暗証番号はわかります」 is the
   * bank's): then the other owner is not whose PIN is asked about. Read after the story (storyPart), which
   * hands the classifier the question alone when the other owner is only a story before it. One of the card's
   * PINs said known with the other named (「証券会社の口座開設で署名用の暗証番号を求められ、忘れていました。4桁のほうは
   * 分かります」) still asks about the card's.
   */
  namesOwnPinBeside(normalised: string, concepts: Set<string>): boolean {
    if (!this.holds(concepts, OWNER, this.owner)) return false;
    if (this.holdsAny(concepts, KNOWN, this.known)) {
      const signatureKnown = this.holds(concepts, 'SIGNATURE_KNOWN', this.signatureKnown);
      const fourDigitKnown = this.holds(concepts, 'FOUR_DIGIT_KNOWN', this.fourDigitKnown);
      if (signatureKnown === fourDigitKnown) return false;
      // The known one is the card's; the other of its PINs, named, is the one asked about.
      if (!(signatureKnown ? NAMES_FOUR_DIGIT : NAMES_SIGNATURE).test(normalised)) return false;
    }
    return namesTheCardsOwnPin(normalised) && !this.ownerIsTheTopicAfter(normalised);
  }

  /**
   * Another owner made the topic after the card's PIN (「銀行のキャッシュカードとマイナンバーカードの暗証番号を同じにしてた。
   * 銀行のほうがロックされたんだけど」): the question is that owner's, though the card's PIN was named first. Not a
   * comparison told as 「〜のは…だったけど」 (「ネット銀行のは小文字OKだったんだけど」), which leaves the card's question.
   */
  private ownerIsTheTopicAfter(normalised: string): boolean {
    const words = this.ownerWords;
    if (words === undefined) return false;
    EACH_CARDS_OWN_PIN.lastIndex = 0;
    let cardPinEnd = -1;
    for (let m = EACH_CARDS_OWN_PIN.exec(normalised); m !== null; m = EACH_CARDS_OWN_PIN.exec(normalised)) cardPinEnd = m.index + m[0].length;
    if (cardPinEnd < 0) return false;
    words.lastIndex = cardPinEnd;
    for (let m = words.exec(normalised); m !== null; m = words.exec(normalised)) {
      if (m[0].length === 0) { words.lastIndex++; continue; }
      const after = normalised.slice(m.index + m[0].length, m.index + m[0].length + 24);
      if (OWNER_AS_TOPIC.test(after) && !TOLD_AS_A_COMPARISON.test(after)) return true;
    }
    return false;
  }

  /** Adds OTHER_SECRET_OWNER to another scan of the message (its last clause) that has the words. */
  mark(concepts: ScannedText | Set<string>): void {
    const bits = (concepts as { bits?: Uint32Array }).bits;
    if (bits !== undefined) {
      if (has(bits, this.context)) set(bits, this.owner);
    } else if ((concepts as Set<string>).has(CONTEXT)) addInOrder(concepts as Set<string>, this.names, this.owner);
  }

  /**
   * Whether every context word is only where or how something is done (「メールやFAXで問い合わせ」
   * 「ハローワークで手続き」); not where one goes or what one needs (「パスポートの申請に必要なもの」).
   */
  private onlyAside(normalised: string): boolean {
    const words = this.words!;
    words.lastIndex = 0;
    for (let m = words.exec(normalised); m !== null; m = words.exec(normalised)) {
      const after = m.index + m[0].length;
      if (m[0].length === 0) words.lastIndex++;
      if (MEANS.test(normalised.slice(after, after + 2))) continue;
      // Only compared with, in its own phrase (「免許の更新みたいにハガキを持って行けばいいの?」), as attached reads it.
      const rest = normalised.slice(after, after + REACH);
      const end = PHRASE_END.exec(rest);
      const compared = COMPARED_AHEAD.exec(rest);
      if (compared === null || (end !== null && compared.index > end.index)) return false;
    }
    return true;
  }

  /** Whether a secret or an event is in the phrase of one of the context words. */
  private attached(normalised: string): boolean {
    const words = this.words!;
    words.lastIndex = 0;
    for (let m = words.exec(normalised); m !== null; m = words.exec(normalised)) {
      const start = m.index;
      const after = start + m[0].length;
      if (m[0].length === 0) words.lastIndex++;
      // The word itself may carry the event (「パスポートを紛失」「免許証をなくし」).
      const rest = normalised.slice(after, after + REACH);
      const end = PHRASE_END.exec(rest);
      // A word only compared with owns nothing (「免許更新みたいに暗証番号いる?」「免許の更新はがきみたいに、電子証明書の…」).
      const compared = COMPARED_AHEAD.exec(rest);
      if (compared !== null && (end === null || compared.index <= end.index)) continue;
      const at = after + (end === null ? rest.length : end.index);
      const found = this.scanned(normalised.slice(start, at));
      if (this.anyOf(found, this.secrets)) return true;
      // The word's own renewal goes on with it (「免許証の更新で暗証番号を決めた」: the licence's PIN), a
      // place it names does not (「税務署の会場で」): one more phrase, up to the next end.
      if (end === null || OWN_WORD.test(end[0]) || !this.anyOf(found, this.renewal)) continue;
      const from = at + end[0].length;
      const next = normalised.slice(from, from + REACH);
      const nextEnd = PHRASE_END.exec(next);
      if (this.anyOf(this.scanned(nextEnd === null ? next : next.slice(0, nextEnd.index)), this.secrets)) return true;
    }
    return false;
  }

  /** The concept bits of a text (the lexicon's shared scan buffer, or made from a reference Set). */
  private scanned(text: string): Uint32Array {
    const lexicon = this.lexicon;
    if (lexicon.scan !== undefined) return lexicon.scan(text).bits;
    const found = lexicon.conceptsIn(text);
    const bits = new Uint32Array(Math.ceil(this.names.length / 32));
    this.names.forEach((name, i) => {
      if (found.has(name)) set(bits, i);
    });
    return bits;
  }

  private anyOf(bits: Uint32Array, wanted: readonly number[]): boolean {
    for (let k = 0; k < wanted.length; k++) if (has(bits, wanted[k]!)) return true;
    return false;
  }
}

/** The lexicon's indices of the named concepts it has (a past lexicon may lack some). */
function indicesOf(index: ReadonlyMap<string, number>, names: readonly string[]): number[] {
  return names.map((name) => index.get(name) ?? -1).filter((i) => i >= 0);
}

/** Takes the concept of index `i` (named `name`) out of a ConceptSet's bits, or out of a Set of names. */
export function removeConcept(concepts: Set<string>, i: number, name: string): void {
  if (i < 0) return;
  const bits = (concepts as { bits?: Uint32Array }).bits;
  if (bits !== undefined) bits[i >> 5]! &= ~(1 << (i & 31));
  else concepts.delete(name);
}

/** Adds the concept of index `i` to a Set of names kept in lexicon order (as a ConceptSet lists them). */
export function addInOrder(concepts: Set<string>, names: readonly string[], i: number): void {
  const found = new Set([...concepts, names[i]!]);
  concepts.clear();
  for (const name of names) if (found.has(name)) concepts.add(name);
}

const has = (bits: Uint32Array, i: number): boolean => i >= 0 && (bits[i >> 5]! & (1 << (i & 31))) !== 0;
const set = (bits: Uint32Array, i: number): void => {
  bits[i >> 5]! |= 1 << (i & 31);
};
