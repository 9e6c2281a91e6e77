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

const CONTEXT = 'OTHER_OWNER_CONTEXT';
/** A secret or an event: the concepts a message about one has (one of them is enough). */
const SECRET_OR_EVENT = ['PIN', 'LOCK', 'LOCKED', 'FORGET', 'LOST', 'WRONG'] as const;

// Where the word's own phrase ends: a particle of place, means, company or condition (「税務署で」
// 「学校に持って行って」「年金手帳と」「メールや」「会社の上司に」), the card or its certificates (whose the
// secret after them is), or the next clause. 「の」「を」「が」「は」 keep the phrase going: 「在留カードの
// 暗証番号」「年金手帳をなくした」. Read on normalised text (katakana folded to hiragana, no punctuation).
// A particle follows no long vowel mark and starts no word of its own: 「入館げーとの暗証番号」「学校のやつ
// 忘れた」「会社のときの」 are one phrase.
const PHRASE_END = /(?<!ー)(?:に|で(?![きすし])|へ|と(?!き|ころ)|や(?![つっ])|から|まで|なら|けど)|かーど|まいな|署名|証明|e-tax/u;
/** The ends of PHRASE_END that are the card's own words, which no renewal reads past. */
const OWN_WORD = /かーど|まいな|署名|証明|e-tax/u;
/** How far after the word its secret or event may be (「会社の入館げーとの暗証番号」). */
const REACH = 20;

export class OwnerReading {
  private readonly owner: number;
  private readonly context: number;
  private readonly secrets: readonly number[];
  private readonly renewal: readonly number[];
  private readonly words: RegExp | undefined;
  private readonly names: readonly string[];

  constructor(private readonly lexicon: Lexicon) {
    const index = lexicon.conceptIndex;
    this.names = lexicon.concepts.map((c) => c.name);
    this.owner = index.get('OTHER_SECRET_OWNER') ?? -1;
    this.context = index.get(CONTEXT) ?? -1;
    this.secrets = SECRET_OR_EVENT.map((name) => index.get(name) ?? -1).filter((i) => i >= 0);
    this.renewal = ['RENEWAL', 'REISSUE'].map((name) => index.get(name) ?? -1).filter((i) => i >= 0);
    // A lexicon without the concept (the past ones the benchmarks replay) reads as it did.
    const concept = this.context >= 0 ? lexicon.concepts[this.context] : undefined;
    this.words = concept && new RegExp(concept.pattern.source, 'gu');
  }

  /**
   * Whether the message's context words are the owner of what it asks about; if so, adds
   * OTHER_SECRET_OWNER to its concepts (the bits of a ConceptSet, or a reference lexicon's Set of
   * names). Scans the words' phrases: call it before the lexicon's shared scan buffer is read again.
   */
  resolve(normalised: string, concepts: Set<string>): boolean {
    if (this.words === undefined) return false;
    const bits = (concepts as { bits?: Uint32Array }).bits;
    // Most messages have no context word: known from one bit, before anything is made.
    if (bits === undefined ? !concepts.has(CONTEXT) : !has(bits, this.context)) return false;
    const present = bits === undefined ? (i: number) => concepts.has(this.names[i]!) : (i: number) => has(bits, i);
    if (present(this.owner)) return false;
    if (this.secrets.some(present) ? !this.attached(normalised) : this.onlyAside(normalised)) return false;
    if (bits === undefined) addInOrder(concepts, this.names, this.owner);
    else set(bits, this.owner);
    return true;
  }

  /** Adds OTHER_SECRET_OWNER to another scan of the message (its last clause) that has the words. */
  mark(concepts: ScannedText | Set<string>): void {
    const bits = (concepts as { bits?: Uint32Array }).bits;
    if (bits !== undefined) {
      if (has(bits, this.context)) set(bits, this.owner);
    } else if ((concepts as Set<string>).has(CONTEXT)) addInOrder(concepts as Set<string>, this.names, this.owner);
  }

  /** Whether every context word is only where or how (「メールで問い合わせ」「学校に出す」). */
  private onlyAside(normalised: string): boolean {
    const words = this.words!;
    words.lastIndex = 0;
    for (let m = words.exec(normalised); m !== null; m = words.exec(normalised)) {
      const after = m.index + m[0].length;
      if (m[0].length === 0) words.lastIndex++;
      const end = PHRASE_END.exec(normalised.slice(after, after + 3));
      if (end === null || end.index !== 0 || OWN_WORD.test(end[0])) return false;
    }
    return true;
  }

  /** Whether a secret or an event is in the phrase of one of the context words. */
  private attached(normalised: string): boolean {
    const words = this.words!;
    words.lastIndex = 0;
    for (let m = words.exec(normalised); m !== null; m = words.exec(normalised)) {
      const after = m.index + m[0].length;
      if (m[0].length === 0) words.lastIndex++;
      // The word itself may carry the event (「パスポートを紛失」「免許証をなくし」).
      const phrase = normalised.slice(m.index, this.phraseEnd(normalised, m.index, after));
      if (this.anyIn(phrase, this.secrets)) return true;
    }
    return false;
  }

  /**
   * Where the phrase of the word from `start` to `after` ends. The word's own renewal goes on with it
   * (「免許証の更新で暗証番号を決めた」: the licence's PIN), a place it names does not (「税務署の会場で」).
   */
  private phraseEnd(normalised: string, start: number, after: number): number {
    let from = after;
    for (let hop = 0; ; hop++) {
      const rest = normalised.slice(from, from + REACH);
      const end = PHRASE_END.exec(rest);
      if (end === null) return from + rest.length;
      const at = from + end.index;
      if (hop > 0 || OWN_WORD.test(end[0]) || !this.anyIn(normalised.slice(start, at), this.renewal)) return at;
      from = at + end[0].length;
    }
  }

  /** Whether one of the concepts `wanted` is in `text`. */
  private anyIn(text: string, wanted: readonly number[]): boolean {
    const lexicon = this.lexicon;
    if (lexicon.scan === undefined) {
      const found = lexicon.conceptsIn(text);
      return wanted.some((i) => found.has(this.names[i]!));
    }
    const scanned = lexicon.scan(text).bits;
    return wanted.some((i) => has(scanned, i));
  }
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
