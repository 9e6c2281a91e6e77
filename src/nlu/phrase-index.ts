/**
 * Nearest-phrase similarity over character bigrams, weighted by inverse document frequency.
 *
 * Why character bigrams: Japanese has no spaces, and a dictionary segmenter (Intl.Segmenter) splits
 * colloquial, dialect and typo'd text unpredictably; bigrams of the normalised text are robust to all
 * three, cost nothing to compute, and IDF weighting keeps words every intent shares (暗証番号) from
 * dominating. The score is the cosine of binary IDF vectors against the best phrase of each intent.
 */
export class PhraseIndex {
  private readonly postings = new Map<string, number[]>();
  private readonly idf = new Map<string, number>();
  private readonly norms: number[] = [];
  private readonly owner: number[] = [];
  private readonly scratch: Float64Array;
  /** The character-bigram tables of {@link PhraseIndex.similarity}, or undefined for another tokenizer. */
  private readonly grams: InternedGrams | undefined;

  /** `phrases[i]` are normalised texts belonging to class `classes[i]` (0…classCount-1). */
  constructor(
    phrases: readonly string[],
    classes: readonly number[],
    private readonly classCount: number,
    private readonly tokenize: (text: string) => Set<string> = bigrams,
  ) {
    const grams = phrases.map((p) => this.tokenize(p));
    grams.forEach((set, i) => {
      for (const g of set) {
        let list = this.postings.get(g);
        if (!list) this.postings.set(g, (list = []));
        list.push(i);
      }
      this.owner.push(classes[i]!);
    });
    const n = phrases.length;
    for (const [g, list] of this.postings) this.idf.set(g, Math.log(1 + n / list.length));
    for (const set of grams) {
      let sum = 0;
      for (const g of set) sum += this.idf.get(g)! ** 2;
      this.norms.push(Math.sqrt(sum) || 1);
    }
    this.scratch = new Float64Array(n);
    // InternedGrams keeps the classes a gram touches as the bits of one number: 32 at most.
    this.grams = this.tokenize === bigrams && classCount <= 32 ? new InternedGrams(this.postings, this.idf, this.norms, this.owner, classCount) : undefined;
  }

  /**
   * Best cosine similarity per class for a normalised text. Not re-entrant: the result is a shared
   * buffer, valid until the next call.
   */
  similarity(normalised: string): Float64Array {
    return this.grams?.similarity(normalised) ?? this.similarityReference(normalised);
  }

  /** {@link PhraseIndex.similarity} by sets of strings and maps, as first written: the reference for tests. */
  similarityReference(normalised: string): Float64Array {
    const dots = this.scratch;
    dots.fill(0);
    const query = this.tokenize(normalised);
    let queryNorm = 0;
    for (const g of query) {
      const w = this.idf.get(g);
      if (w === undefined) {
        queryNorm += Math.log(1 + this.norms.length) ** 2; // unseen gram: as rare as they come
        continue;
      }
      queryNorm += w * w;
      for (const i of this.postings.get(g)!) dots[i] = dots[i]! + w * w;
    }
    const best = new Float64Array(this.classCount);
    if (queryNorm === 0) return best;
    const qn = Math.sqrt(queryNorm);
    for (let i = 0; i < dots.length; i++) {
      const d = dots[i]!;
      if (d === 0) continue;
      const cos = d / (qn * this.norms[i]!);
      const c = this.owner[i]!;
      if (cos > best[c]!) best[c] = cos;
    }
    return best;
  }
}

/**
 * The bigram similarity without strings: every bigram of the phrases gets an id in an
 * open-addressing table keyed by its two UTF-16 code units, its postings are one flat array, and a
 * query is read code unit by code unit — no Set, no substring, no Map per gram. Sums run in the
 * same order as {@link PhraseIndex.similarityReference}, so the results are the same numbers.
 */
class InternedGrams {
  /**
   * Gram ids by {@link gramKey}, in a small open-addressing table of [key, id] pairs (id −1:
   * empty): 16 KB that stay in the first-level cache. (A dense table by code unit was 540 KB read
   * at random: a cache miss or three per gram, a third of the time.)
   */
  private readonly pairs: Int32Array;
  private readonly pairMask: number;
  private readonly pairShift: number;
  private readonly weight: Float64Array;
  private readonly postStart: Int32Array;
  private readonly post: Int32Array;
  /**
   * The phrases are numbered here by class, so that each class's are one run: class c's are
   * classStart[c] … classStart[c + 1] − 1 (postings and norms use these numbers).
   */
  private readonly classStart: Int32Array;
  private readonly norms: Float64Array;
  /** 1 / norms[i], to rank phrases by multiplication (see similarity). */
  private readonly inverseNorms: Float64Array;
  /** Per gram id, the classes of the phrases it occurs in, bit c for class c. */
  private readonly gramClasses: Int32Array;
  private readonly unseenWeight: number;
  private readonly dots: Float64Array;
  private readonly best: Float64Array;
  /** Per gram id, the call that last counted it (so each distinct gram counts once). */
  private readonly seen: Uint32Array;
  private generation = 0;
  /** Unseen grams of the current call, by the same hashing. */
  private readonly unseenKey: Int32Array;
  private readonly unseenStamp: Uint32Array;

  constructor(postings: ReadonlyMap<string, number[]>, idf: ReadonlyMap<string, number>, norms: readonly number[], owner: readonly number[], classCount: number) {
    const weights: number[] = [];
    const starts: number[] = [0];
    const flat: number[] = [];
    const classes: number[] = [];
    const keys: number[] = [];
    // Phrase i is renumbered place[i], in order of class (a phrase's sum is over its grams in the
    // text's order whatever its number, so the sums are the same numbers).
    const order = owner.map((_, i) => i).sort((x, y) => owner[x]! - owner[y]! || x - y);
    const place = new Int32Array(owner.length);
    order.forEach((i, at) => (place[i] = at));
    this.classStart = new Int32Array(classCount + 1);
    for (const c of owner) this.classStart[c + 1]!++;
    for (let c = 0; c < classCount; c++) this.classStart[c + 1]! += this.classStart[c]!;
    for (const [gram, list] of postings) {
      // Grams with a character outside the BMP stay with the reference path (see similarity).
      if (gram.length > 2 || /[\ud800-\udfff]/.test(gram)) continue;
      keys.push(gramKey(gram.charCodeAt(0), gram.length === 2 ? gram.charCodeAt(1) : -1));
      const w = idf.get(gram)!;
      weights.push(w * w);
      let touches = 0;
      for (const i of list) {
        flat.push(place[i]!);
        touches |= 1 << owner[i]!;
      }
      classes.push(touches);
      starts.push(flat.length);
    }
    this.weight = Float64Array.from(weights);
    let pairSlots = 64;
    while (pairSlots < keys.length * 2) pairSlots *= 2;
    this.pairMask = pairSlots - 1;
    this.pairShift = 32 - Math.log2(pairSlots);
    this.pairs = new Int32Array(pairSlots * 2).fill(-1);
    keys.forEach((key, id) => {
      let at = Math.imul(key, 0x9e3779b1) >>> this.pairShift;
      while (this.pairs[2 * at + 1] !== -1) at = (at + 1) & this.pairMask;
      this.pairs[2 * at] = key;
      this.pairs[2 * at + 1] = id;
    });
    this.postStart = Int32Array.from(starts);
    this.post = Int32Array.from(flat);
    this.norms = Float64Array.from(order, (i) => norms[i]!);
    this.inverseNorms = this.norms.map((norm) => 1 / norm);
    this.gramClasses = Int32Array.from(classes);
    this.unseenWeight = Math.log(1 + norms.length) ** 2;
    this.dots = new Float64Array(norms.length);
    this.best = new Float64Array(classCount);
    this.seen = new Uint32Array(weights.length);
    this.unseenKey = new Int32Array(1024);
    this.unseenStamp = new Uint32Array(1024);
  }

  /** The similarity, or undefined for a text with a character outside the BMP (the reference answers). */
  similarity(text: string): Float64Array | undefined {
    const n = text.length;
    if (n > 1000) return undefined; // the unseen-gram table holds a few hundred
    if (++this.generation === 0xffffffff) {
      this.seen.fill(0);
      this.unseenStamp.fill(0);
      this.generation = 1;
    }
    const gen = this.generation;
    const { dots, weight, postStart, post, seen, best, gramClasses, classStart } = this;
    for (let c = 0; c < best.length; c++) best[c] = 0; // a loop: fill() is a call into the runtime
    /** The classes of the phrases summed so far, bit c for class c. */
    let touched = 0;
    let queryNorm = 0;
    const grams = n === 1 ? 1 : n - 1;
    // A one-character text is one gram, its unigram, keyed as the pair (UNIGRAM_UNIT, its unit)
    // (see gramKey): `single` makes that key by the arithmetic every pair's key goes through, so no
    // code of this loop is for one-character texts alone. (The compiled loop had never run such
    // code, and deoptimised when the first one-character text came, mid-run.)
    const single = n === 1 ? 1 : 0;
    // A surrogate anywhere sends the text to the reference: checked as the grams are read (every
    // code unit is some gram's `a` or `b`), with the sums so far cleared first.
    for (let k = 0; k < grams; k++) {
      const a = text.charCodeAt(k);
      const b = text.charCodeAt(k + 1 - single);
      if ((a >= 0xd800 && a <= 0xdfff) || (b >= 0xd800 && b <= 0xdfff)) {
        for (; touched !== 0; touched &= touched - 1) {
          const c = 31 - Math.clz32(touched & -touched);
          dots.fill(0, classStart[c]!, classStart[c + 1]!);
        }
        return undefined;
      }
      if (single === 0 && (a === 32 || b === 32)) continue;
      const key = ((a + single * (UNIGRAM_UNIT - a)) << 16) | b;
      const id = this.idOf(key);
      if (id < 0) {
        if (this.firstUnseen(key, gen)) queryNorm += this.unseenWeight; // unseen gram: as rare as they come
        continue;
      }
      if (seen[id] === gen) continue;
      seen[id] = gen;
      const w2 = weight[id]!;
      queryNorm += w2;
      touched |= gramClasses[id]!;
      const end = postStart[id + 1]!;
      for (let p = postStart[id]!; p < end; p++) dots[post[p]!]! += w2;
    }
    if (queryNorm === 0) return best;
    const qn = Math.sqrt(queryNorm);
    const norms = this.norms;
    // Every phrase of each touched class, one run per class (the untouched ones' cosine is 0): no
    // list of the phrases touched kept while summing, and a class's best in a local, not re-read
    // from memory after each division (both were most of this function).
    //
    // The division is made only for a phrase that may beat or tie the class's best so far: its
    // dot × 1/norm, a multiplication, is within a few ulps of its cosine × qn, so a phrase whose
    // product is under (1 − 1e-12) of the best product has a lower cosine and is skipped. The best
    // is still the same division of the same numbers, so the result is too (a division a phrase
    // cost a third of this function).
    const inverseNorms = this.inverseNorms;
    for (; touched !== 0; touched &= touched - 1) {
      const c = 31 - Math.clz32(touched & -touched);
      let top = 0;
      let topProduct = 0;
      let divideOver = 0;
      const end = classStart[c + 1]!;
      for (let i = classStart[c]!; i < end; i++) {
        const dot = dots[i]!;
        dots[i] = 0;
        const product = dot * inverseNorms[i]!;
        if (product <= divideOver) continue;
        const cos = dot / (qn * norms[i]!);
        if (cos > top) top = cos;
        if (product > topProduct) {
          topProduct = product;
          divideOver = product * (1 - 1e-12);
        }
      }
      best[c] = top;
    }
    return best;
  }

  /** The id of the gram of {@link gramKey} `key`, or −1. */
  private idOf(key: number): number {
    const pairs = this.pairs;
    let at = Math.imul(key, 0x9e3779b1) >>> this.pairShift;
    for (;;) {
      const id = pairs[2 * at + 1]!;
      if (id === -1 || pairs[2 * at] === key) return id;
      at = (at + 1) & this.pairMask;
    }
  }

  /** Whether the gram of {@link gramKey} `key` is met for the first time in this call (and remembers it). */
  private firstUnseen(key: number, gen: number): boolean {
    const mask = this.unseenKey.length - 1;
    let slot = (Math.imul(key, 0x9e3779b1) >>> 22) & mask; // the table holds 1,024
    for (;;) {
      if (this.unseenStamp[slot] !== gen) {
        this.unseenStamp[slot] = gen;
        this.unseenKey[slot] = key;
        return true;
      }
      if (this.unseenKey[slot] === key) return false;
      slot = (slot + 1) & mask;
    }
  }
}

/**
 * One number per gram of the table: `(a << 16) | b` for the bigram (a, b), and for the unigram of
 * a one-character text (b = −1) a key whose first unit is a low surrogate, which no bigram looked
 * up has (a text with a surrogate goes to the reference path first). One table and one lookup for
 * both: a separate unigram lookup was code that only one-character texts reach, and reaching it
 * deoptimised the compiled similarity mid-run.
 */
function gramKey(a: number, b: number): number {
  return b === -1 ? (UNIGRAM_UNIT << 16) | a : (a << 16) | b;
}
const UNIGRAM_UNIT = 0xdc00;

/** The set of character bigrams of a text (spaces kept as boundaries; single characters as unigrams). */
export function bigrams(text: string): Set<string> {
  const set = new Set<string>();
  const chars = Array.from(text);
  if (chars.length === 1) set.add(chars[0]!);
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i]!;
    const b = chars[i + 1]!;
    if (a === ' ' || b === ' ') continue;
    set.add(a + b);
  }
  return set;
}

// Made on first use: building it loads ICU's dictionaries, a tenth of a cold start.
let wordSegmenter: Intl.Segmenter | undefined;

/**
 * The word-like segments of a text by the ICU dictionary segmenter. Kept for comparison with
 * {@link bigrams} (see `MatcherOptions.tokenizer`): it is slower and, on typo'd and dialect text,
 * less accurate — the measurements are in README.md.
 */
export function segmenterWords(text: string): Set<string> {
  const set = new Set<string>();
  wordSegmenter ??= new Intl.Segmenter('ja', { granularity: 'word' });
  for (const s of wordSegmenter.segment(text)) if (s.isWordLike) set.add(s.segment);
  return set;
}
