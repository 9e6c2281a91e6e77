import { similarityKernel, type SimilarityKernel } from './similarity-kernel.js';
import { alignedLayout } from './wasm-assembler.js';

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
 * The bigram similarity without strings: every bigram of the phrases gets a slot in an
 * open-addressing table keyed by its two UTF-16 code units, its postings are one flat array, and a
 * query is read code unit by code unit — no Set, no substring, no Map per gram. Sums run in the
 * same order as {@link PhraseIndex.similarityReference}, so the results are the same numbers.
 */
class InternedGrams {
  /**
   * Per slot of the open-addressing table, everything a query reads of its gram, side by side
   * (SLOT Int32s): its {@link gramKey}, the call that last counted it (so each distinct gram
   * counts once), where its postings start and end (start −1: an empty slot), the classes of the
   * phrases it occurs in (bit c for class c), and at SLOT_WEIGHT of `slotWeights` its IDF weight
   * squared. A gram's slot is one cache line: as six tables (key and id, stamp, weight, classes,
   * postings' start and end) each gram cost as many first-level cache misses: 165 of a match's
   * ~1,140 (callgrind's cache simulation, 2026-12-06; 130 with the slots).
   */
  private slots: Int32Array;
  /** `slots`' buffer as Float64s: slot i's weight is at SLOT_WEIGHT + i × SLOT / 2. */
  private slotWeights: Float64Array;
  private readonly slotMask: number;
  private readonly slotShift: number;
  private post: Int32Array;
  /**
   * The phrases are numbered here by class, so that each class's are one run: class c's are
   * classStart[c] … classStart[c + 1] − 1 (postings and norms use these numbers).
   */
  private classStart: Int32Array;
  private norms: Float64Array;
  /** 1 / norms[i], to rank phrases by multiplication (see similarity). */
  private inverseNorms: Float64Array;
  private readonly unseenWeight: number;
  private dots: Float64Array;
  private best: Float64Array;
  private generation = 0;
  /** Unseen grams of the current call, by the same hashing: [key, call] pairs. */
  private unseen: Int32Array;
  /**
   * The loops of {@link InternedGrams.similarity} as WebAssembly (src/nlu/similarity-kernel.ts),
   * over the tables above, which then live in its memory (`layout`: their byte offsets); undefined
   * without WebAssembly (`--jitless`), where the loops below run.
   */
  private kernel: SimilarityKernel | undefined;
  private layout: { text: number; slots: number; post: number; unseen: number; dots: number; norms: number; inverseNorms: number; classStart: number; best: number } | undefined;
  /** The text's code units, in the kernel's memory. */
  private units: Uint16Array | undefined;

  constructor(postings: ReadonlyMap<string, number[]>, idf: ReadonlyMap<string, number>, norms: readonly number[], owner: readonly number[], classCount: number) {
    const grams: { key: number; weight: number; list: number[]; touches: number }[] = [];
    const flat: number[] = [];
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
      const w = idf.get(gram)!;
      let touches = 0;
      for (const i of list) touches |= 1 << owner[i]!;
      grams.push({ key: gramKey(gram.charCodeAt(0), gram.length === 2 ? gram.charCodeAt(1) : -1), weight: w * w, list: list.map((i) => place[i]!), touches });
    }
    let slotCount = 64;
    while (slotCount < grams.length * 2) slotCount *= 2;
    this.slotMask = slotCount - 1;
    this.slotShift = 32 - Math.log2(slotCount);
    this.slots = new Int32Array(slotCount * SLOT);
    this.slotWeights = new Float64Array(this.slots.buffer);
    for (let at = 0; at < slotCount; at++) this.slots[at * SLOT + SLOT_START] = -1;
    for (const { key, weight, list, touches } of grams) {
      let at = Math.imul(key, 0x9e3779b1) >>> this.slotShift;
      while (this.slots[at * SLOT + SLOT_START] !== -1) at = (at + 1) & this.slotMask;
      const slot = at * SLOT;
      this.slots[slot + SLOT_KEY] = key;
      this.slots[slot + SLOT_START] = flat.length;
      for (const i of list) flat.push(i);
      this.slots[slot + SLOT_END] = flat.length;
      this.slots[slot + SLOT_CLASSES] = touches;
      this.slotWeights[(slot >> 1) + SLOT_WEIGHT] = weight;
    }
    this.post = Int32Array.from(flat);
    this.norms = Float64Array.from(order, (i) => norms[i]!);
    this.inverseNorms = this.norms.map((norm) => 1 / norm);
    this.unseenWeight = Math.log(1 + norms.length) ** 2;
    this.dots = new Float64Array(norms.length);
    this.best = new Float64Array(classCount);
    this.unseen = new Int32Array(2 * 1024);
  }

  /** Whether startKernel has run (the kernel may still be undefined: no WebAssembly). */
  private kernelTried = false;

  /**
   * Moves the tables into the memory of a new instance of the kernel, one after the other, 8-byte
   * aligned, and has it answer from now on (stamps and all: the next call goes on from them).
   * Without WebAssembly it stays undefined and the JavaScript loops answer.
   */
  private startKernel(): void {
    const next = alignedLayout();
    const layout = {
      text: next(2 * MAX_UNITS),
      slots: next(this.slots.byteLength),
      post: next(this.post.byteLength),
      unseen: next(this.unseen.byteLength),
      dots: next(this.dots.byteLength),
      norms: next(this.norms.byteLength),
      inverseNorms: next(this.inverseNorms.byteLength),
      classStart: next(this.classStart.byteLength),
      best: next(this.best.byteLength),
    };
    const instance = similarityKernel(next(0));
    if (!instance) return;
    const buffer = instance.buffer;
    const moved = <T extends Int32Array | Float64Array>(table: T, at: number): T => {
      const view = (table instanceof Int32Array ? new Int32Array(buffer, at, table.length) : new Float64Array(buffer, at, table.length)) as T;
      view.set(table as never);
      return view;
    };
    this.slots = moved(this.slots, layout.slots);
    this.slotWeights = new Float64Array(buffer, layout.slots, this.slots.length / 2);
    this.post = moved(this.post, layout.post);
    this.unseen = moved(this.unseen, layout.unseen);
    this.dots = moved(this.dots, layout.dots);
    this.norms = moved(this.norms, layout.norms);
    this.inverseNorms = moved(this.inverseNorms, layout.inverseNorms);
    this.classStart = moved(this.classStart, layout.classStart);
    this.best = moved(this.best, layout.best);
    this.units = new Uint16Array(buffer, layout.text, MAX_UNITS);
    this.layout = layout;
    this.kernel = instance.kernel;
  }

  /** The similarity, or undefined for a text with a character outside the BMP (the reference answers). */
  similarity(text: string): Float64Array | undefined {
    const n = text.length;
    if (n > MAX_UNITS) return undefined; // the unseen-gram table holds a few hundred
    if (++this.generation === 0x7fffffff) {
      for (let at = 0; at < this.slots.length; at += SLOT) this.slots[at + SLOT_SEEN] = 0;
      this.unseen.fill(0);
      this.generation = 1;
    }
    const gen = this.generation;
    if (!this.kernelTried && ++callsBeforeKernels >= KERNEL_AFTER) {
      this.kernelTried = true;
      this.startKernel();
    }
    const { kernel, layout, units } = this;
    if (kernel && layout && units) {
      for (let k = 0; k < n; k++) units[k] = text.charCodeAt(k);
      const { slots, post, unseen, dots, norms, inverseNorms, classStart, best } = layout;
      const surrogate = kernel(n, gen, this.slotShift, this.slotMask, this.best.length, layout.text, slots, post, unseen, dots, norms, inverseNorms, classStart, best, this.unseenWeight);
      return surrogate === 0 ? this.best : undefined;
    }
    const { dots, slots, slotWeights, post, best, classStart } = this;
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
      const slot = this.slotOf(key);
      if (slot < 0) {
        if (this.firstUnseen(key, gen)) queryNorm += this.unseenWeight; // unseen gram: as rare as they come
        continue;
      }
      if (slots[slot + SLOT_SEEN] === gen) continue;
      slots[slot + SLOT_SEEN] = gen;
      const w2 = slotWeights[(slot >> 1) + SLOT_WEIGHT]!;
      queryNorm += w2;
      touched |= slots[slot + SLOT_CLASSES]!;
      const end = slots[slot + SLOT_END]!;
      for (let p = slots[slot + SLOT_START]!; p < end; p++) dots[post[p]!]! += w2;
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

  /** Where the slot of the gram of {@link gramKey} `key` starts in `slots`, or −1. */
  private slotOf(key: number): number {
    const slots = this.slots;
    let at = Math.imul(key, 0x9e3779b1) >>> this.slotShift;
    for (;;) {
      const slot = at * SLOT;
      if (slots[slot + SLOT_START] === -1) return -1;
      if (slots[slot + SLOT_KEY] === key) return slot;
      at = (at + 1) & this.slotMask;
    }
  }

  /** Whether the gram of {@link gramKey} `key` is met for the first time in this call (and remembers it). */
  private firstUnseen(key: number, gen: number): boolean {
    const unseen = this.unseen;
    const mask = (unseen.length >> 1) - 1;
    let slot = (Math.imul(key, 0x9e3779b1) >>> 22) & mask; // the table holds 1,024
    for (;;) {
      // A slot's key and call side by side: one cache line, not one in each of two tables.
      if (unseen[2 * slot + 1] !== gen) {
        unseen[2 * slot + 1] = gen;
        unseen[2 * slot] = key;
        return true;
      }
      if (unseen[2 * slot] === key) return false;
      slot = (slot + 1) & mask;
    }
  }
}

/**
 * The JavaScript loops answer the first calls, the kernel the rest: a one-shot `mynapin ask` then
 * never assembles and compiles it (~1 ms of a cold start), and a running bot has it by its 64th
 * message. Both give the same numbers.
 *
 * Counted in the process, not per index: each index's kernel is a function of its own instance,
 * and the English matcher's index reached its 64th call only at the 4,500th line of the benchmark,
 * after similarity() had been compiled for the Japanese kernel alone — its call of another target
 * threw the compiled similarity away (compiled again in the timed pass). Now an index that comes
 * later starts its kernel at its first call, before similarity() is compiled for good.
 */
const KERNEL_AFTER = 64;
/** Calls answered by the JavaScript loops in this process, by every index (see KERNEL_AFTER). */
let callsBeforeKernels = 0;

/** The longest text InternedGrams reads (longer ones go to the reference). */
const MAX_UNITS = 1000;

/** InternedGrams' slots: eight Int32s (32 bytes, two to a cache line), the weight a Float64 at the end. */
const SLOT = 8;
const SLOT_KEY = 0;
const SLOT_SEEN = 1;
const SLOT_START = 2;
const SLOT_END = 3;
const SLOT_CLASSES = 4;
/** The weight's index among a slot's four Float64s (its Int32s 6 and 7). */
const SLOT_WEIGHT = 3;

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
