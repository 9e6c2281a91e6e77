/**
 * A character n-gram naive Bayes classifier over the normalised text: the statistical part of the
 * matcher that learns from example sentences instead of from the lexicon's regular expressions.
 *
 * Why naive Bayes over hashed character 1–3-grams:
 * - Japanese has no spaces; character n-grams of the normalised text (kana already folded,
 *   half-width already widened by normalise()) need no dictionary and survive dialect and typos.
 * - Training is counting: a full retrain over ~10,000 example sentences takes tens of milliseconds,
 *   so a phrase staff add at run time (`review`) is learnt on the next hot reload, with no build.
 * - Features are hashed into a fixed table (one byte per entry, `buckets × classes`, four to a word), so inference
 *   computes each n-gram's bucket from the character codes and adds one row per n-gram: no strings,
 *   no maps, no allocation per call.
 *
 * Each example counts each of its n-grams once (binarised multinomial NB, the stronger variant on
 * short texts); classes have uniform priors, since how many examples a class has says nothing about
 * how often residents ask it.
 */

import { readJsonHeader, tablesDigest, withJsonHeader } from './stored-tables.js';
import { classifierKernel, classifierSimdKernel, SIMD_MAX_WORDS, type ClassifierKernel } from './classifier-kernel.js';
import { alignedLayout } from './wasm-assembler.js';

/** One labelled training sentence (already normalised the way the matcher normalises input). */
export interface ClassifierExample {
  text: string;
  /** Class index, 0…classCount-1. */
  label: number;
  /** How much the example counts (default 1): staff phrases count more than logged lines. */
  weight?: number;
}

export interface ClassifierOptions {
  /** log2 of the hash table's bucket count. 16 → 65,536 buckets. */
  bucketBits: number;
  /** Additive (Laplace/Lidstone) smoothing of the n-gram counts. */
  alpha: number;
  /** Longest n-gram (1…3). */
  maxN: number;
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = { bucketBits: 16, alpha: 0.1, maxN: 3 };

/** The model file's table layout (see NgramClassifier.packed); files of another layout are not read. */
const PACKED_LAYOUT = 'distinct-rows-by-4-le';
/**
 * The same table with each bucket's row number as two bytes, as the model holds it (see
 * rowNumberOf): a cold start views the file's bytes as the model's arrays where they lie, instead
 * of copying 1.6 MB and turning 65,536 offsets into row numbers one by one (~4 ms of a cold ask).
 */
const ROW_NUMBERS_LAYOUT = 'row-numbers-by-2-distinct-rows-by-4-le';
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Int32s into `out` at `at`, little-endian. */
function writeInt32s(out: Buffer, at: number, values: Int32Array): void {
  if (LITTLE_ENDIAN) Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(out, at);
  else for (let i = 0; i < values.length; i++) out.writeInt32LE(values[i]!, at + 4 * i);
}

/** `count` little-endian Int32s of `bytes` from `at`. */

function readInt32s(bytes: Buffer, at: number, count: number): Int32Array {
  const values = new Int32Array(count);
  if (LITTLE_ENDIAN) Buffer.from(values.buffer).set(bytes.subarray(at, at + 4 * count));
  else for (let i = 0; i < count; i++) values[i] = bytes.readInt32LE(at + 4 * i);
  return values;
}

/** The distinct rows of `all` (`words` Int32s each, in order of first use) and each row's offset among them. */
function distinctRows(all: Int32Array, words: number): { packed: Int32Array; rowOf: Int32Array } {
  const count = all.length / words;
  const rowOf = new Int32Array(count);
  const firstOf = new Map<number, number[]>(); // hash → offsets in `all` of distinct rows with it
  const kept: number[] = [];
  for (let r = 0; r < count; r++) {
    let h = 0x811c9dc5;
    for (let j = 0; j < words; j++) h = Math.imul(h ^ all[r * words + j]!, 0x01000193);
    let same = firstOf.get(h);
    if (!same) firstOf.set(h, (same = []));
    const match = same.find((o) => {
      for (let j = 0; j < words; j++) if (all[o + j] !== all[r * words + j]) return false;
      return true;
    });
    if (match !== undefined) {
      rowOf[r] = rowOf[match / words]!;
      continue;
    }
    same.push(r * words);
    rowOf[r] = kept.length * words;
    kept.push(r);
  }
  const packed = new Int32Array(kept.length * words);
  kept.forEach((r, i) => packed.set(all.subarray(r * words, (r + 1) * words), i * words));
  return { packed, rowOf };
}

/**
 * The same rows, the likeliest n-grams' first (by the sum of the row's bytes, highest first; ties
 * in their first-use order), and `rowOf` renumbered to match. Inference reads a row per n-gram,
 * and a text's n-grams are mostly the common ones: in first-use order their rows were spread over
 * the whole table, a cache line each; likeliest first, they share lines in its first few KB. The
 * sums read the same bytes, so every log-likelihood is the same number.
 */
function likeliestRowsFirst({ packed, rowOf }: { packed: Int32Array; rowOf: Int32Array }, words: number, classCount: number): { packed: Int32Array; rowOf: Int32Array } {
  const rows = packed.length / words;
  const sums = new Int32Array(rows);
  for (let r = 0; r < rows; r++) for (let k = 0; k < classCount; k++) sums[r]! += (packed[r * words + (k >> 2)]! >>> ((k & 3) * 8)) & 0xff;
  const order = Array.from({ length: rows }, (_, r) => r).sort((x, y) => sums[y]! - sums[x]! || x - y);
  const placeOf = new Int32Array(rows);
  const sorted = new Int32Array(packed.length);
  order.forEach((r, at) => {
    placeOf[r] = at;
    sorted.set(packed.subarray(r * words, (r + 1) * words), at * words);
  });
  return { packed: sorted, rowOf: rowOf.map((offset) => placeOf[offset / words]! * words) };
}

/** Bucket → row number of `rowOf`'s offsets into a table of `packedLength` Int32s: two bytes each while the rows fit. */
function rowNumbers(rowOf: Int32Array, words: number, packedLength: number): Uint16Array | Uint32Array {
  const numbers = packedLength / words <= 0x10000 ? new Uint16Array(rowOf.length) : new Uint32Array(rowOf.length);
  for (let b = 0; b < rowOf.length; b++) numbers[b] = rowOf[b]! / words;
  return numbers;
}

// Start/end markers, so n-grams at the edges (「…ますか」 at the end, 「あの」 at the start) are their own features.
const START = 0x02;
const END = 0x03;

/**
 * Calls `visit(bucket)` for every 1…maxN-gram of the text (with start/end markers), in order.
 * A bucket may repeat. Exported for the trainer; inference inlines the same arithmetic.
 */
function forEachGram(text: string, mask: number, maxN: number, visit: (bucket: number) => void): void {
  let p1 = START; // previous character
  let p2 = -1; // the one before (-1: none)
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : END;
    if (c !== END) visit(bucketOf(hash1(c), mask));
    if (maxN >= 2) visit(bucketOf(hash2(p1, c), mask));
    if (maxN >= 3 && p2 >= 0) visit(bucketOf(hash3(p2, p1, c), mask));
    p2 = p1;
    p1 = c;
  }
}

function hash1(c: number): number {
  return Math.imul(c ^ 0x2c1b3c6d, 0x9e3779b1);
}
function hash2(a: number, b: number): number {
  return Math.imul((Math.imul(a, 0x01000193) ^ b) + 0x297a2d39, 0x85ebca6b);
}
function hash3(a: number, b: number, c: number): number {
  return Math.imul((Math.imul(Math.imul(a, 0x01000193) ^ b, 0x01000193) ^ c) + 0x6c8e9cf5, 0xc2b2ae35);
}
function bucketOf(h: number, mask: number): number {
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h & mask;
}

/**
 * A trained character n-gram naive Bayes model. `logLikelihoods` fills per-class log-likelihoods of
 * a normalised text; the matcher turns them into one more piece of evidence per intent.
 */
export class NgramClassifier {
  /**
   * log P(gram bucket | class), bucket-major and quantised to one byte: value ≈ center + scale ×
   * byte. A byte per entry keeps the table small enough to stay in the processor's cache (a Float32
   * table four times the size made every n-gram a cache miss); the 1/255-of-range steps are far
   * below the differences between classes. The bytes are packed four classes to a 32-bit word and
   * biased by +128: class 4j + i of a row is bits 8i…8i+7 of the row's word j, 0…255 (see
   * {@link NgramClassifier.logLikelihoods} for why). Each distinct row is stored once: most buckets
   * hold no n-gram of the training (all of them the same row of smoothed zeros), and of 65,536
   * buckets ~10,500 rows differ, so the table is a quarter of the size and stays in the cache
   * where the whole matcher runs. The model file holds the same arrays. Moved into the kernel's
   * memory when it starts (see startKernel): the same numbers, read by both paths.
   */
  private packed: Int32Array;
  /**
   * Bucket → the number of its row in `packed` (offset / words). Two bytes a bucket while the rows
   * fit (always with 16 bucket bits): it is read at random once per n-gram, and as four-byte
   * offsets (the model file's layout) its 256 KB took that much more of the cache the matcher runs in.
   */
  private rowNumberOf: Uint16Array | Uint32Array;
  /** Words per row of `packed`: classCount / 4, rounded up. */
  private readonly words: number;
  private readonly scale: number;
  private readonly center: number;
  private readonly mask: number;
  private readonly maxN: number;

  private constructor(
    table: Float32Array | { packed: Int32Array; rowOf?: Int32Array; rowNumberOf?: Uint16Array; scale: number; center: number },
    readonly classCount: number,
    mask: number,
    maxN: number,
  ) {
    this.words = (classCount + 3) >> 2;
    if (table instanceof Float32Array) {
      let min = Infinity;
      let max = -Infinity;
      for (const v of table) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      this.center = (min + max) / 2;
      this.scale = max > min ? (max - min) / 254 : 1;
      const all = new Int32Array((table.length / classCount) * this.words);
      for (let i = 0; i < table.length; i++) {
        const bucket = Math.floor(i / classCount);
        const k = i - bucket * classCount;
        const byte = Math.round((table[i]! - this.center) / this.scale);
        all[bucket * this.words + (k >> 2)]! |= ((byte + 128) & 0xff) << ((k & 3) * 8);
      }
      let rowOf: Int32Array;
      ({ packed: this.packed, rowOf } = likeliestRowsFirst(distinctRows(all, this.words), this.words, classCount));
      this.rowNumberOf = rowNumbers(rowOf, this.words, this.packed.length);
    } else {
      this.packed = table.packed;
      this.rowNumberOf = table.rowNumberOf ?? rowNumbers(table.rowOf!, this.words, table.packed.length);
      this.scale = table.scale;
      this.center = table.center;
    }
    this.mask = mask;
    this.maxN = maxN;
  }

  /** Trains a model: counts, smooths and takes logs. Linear in the examples' total length. */
  static train(examples: readonly ClassifierExample[], classCount: number, options: Partial<ClassifierOptions> = {}): NgramClassifier {
    const { bucketBits, alpha, maxN } = { ...DEFAULT_CLASSIFIER_OPTIONS, ...options };
    const buckets = 1 << bucketBits;
    const mask = buckets - 1;
    const counts = new Float32Array(buckets * classCount);
    const totals = new Float64Array(classCount);
    // Binarised counts: an n-gram repeated within one example counts once. A stamp per bucket
    // (the example's number) avoids clearing a set per example.
    const stamp = new Int32Array(buckets).fill(-1);
    examples.forEach((example, e) => {
      const w = example.weight ?? 1;
      const label = example.label;
      forEachGram(example.text, mask, maxN, (b) => {
        if (stamp[b] === e) return;
        stamp[b] = e;
        counts[b * classCount + label]! += w;
        totals[label]! += w;
      });
    });
    const denominators = new Float64Array(classCount);
    for (let c = 0; c < classCount; c++) denominators[c] = Math.log(totals[c]! + alpha * buckets);
    const logAlpha = Math.log(alpha);
    for (let b = 0; b < buckets; b++) {
      const row = b * classCount;
      for (let c = 0; c < classCount; c++) {
        const n = counts[row + c]!;
        counts[row + c] = (n === 0 ? logAlpha : Math.log(n + alpha)) - denominators[c]!;
      }
    }
    return new NgramClassifier(counts, classCount, mask, maxN);
  }

  /**
   * Trains a multinomial logistic regression over the same hashed n-grams (binary features scaled
   * by 1/√n, plain SGD with a decaying step, a fixed number of epochs as the regulariser). Its
   * `logLikelihoods` are then logits × √n: divide by √(n-grams) for the logits.
   */
  static trainLogistic(
    examples: readonly ClassifierExample[],
    classCount: number,
    options: Partial<ClassifierOptions> & { epochs?: number; learningRate?: number; l2?: number } = {},
  ): NgramClassifier {
    const { bucketBits, maxN } = { ...DEFAULT_CLASSIFIER_OPTIONS, ...options };
    const epochs = options.epochs ?? 8;
    const rate = options.learningRate ?? 0.5;
    const buckets = 1 << bucketBits;
    const mask = buckets - 1;
    const weights = new Float32Array(buckets * classCount);
    const stamp = new Int32Array(buckets).fill(-1);
    const features: Int32Array[] = examples.map((example, e) => {
      const list: number[] = [];
      forEachGram(example.text, mask, maxN, (b) => {
        if (stamp[b] === e) return;
        stamp[b] = e;
        list.push(b * classCount);
      });
      return Int32Array.from(list);
    });
    const order = Int32Array.from(examples.keys());
    const logits = new Float64Array(classCount);
    let seed = 0x9e3779b9;
    const random = (): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) | 0;
      return (seed >>> 0) / 4294967296;
    };
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const step = rate / (1 + epoch);
      for (const e of order) {
        const rows = features[e]!;
        if (rows.length === 0) continue;
        const x = 1 / Math.sqrt(rows.length);
        logits.fill(0);
        for (const row of rows) for (let k = 0; k < classCount; k++) logits[k]! += weights[row + k]!;
        let max = -Infinity;
        for (let k = 0; k < classCount; k++) if ((logits[k]! *= x) > max) max = logits[k]!;
        let total = 0;
        for (let k = 0; k < classCount; k++) total += logits[k] = Math.exp(logits[k]! - max);
        const label = examples[e]!.label;
        const scale = step * x * (examples[e]!.weight ?? 1);
        for (let k = 0; k < classCount; k++) logits[k] = scale * (logits[k]! / total - (k === label ? 1 : 0));
        for (const row of rows) for (let k = 0; k < classCount; k++) weights[row + k]! -= logits[k]!;
      }
    }
    return new NgramClassifier(weights, classCount, mask, maxN);
  }

  /** The model as bytes: a small JSON header (its shape), then the rows of the buckets and the rows. See {@link NgramClassifier.fromBytes}. */
  toBytes(header: Record<string, unknown> = {}): Buffer {
    if (this.rowNumberOf instanceof Uint16Array && LITTLE_ENDIAN) {
      // Two bytes a bucket (65,536 × 2, a multiple of 4: the rows that follow stay aligned).
      const table = Buffer.alloc(this.rowNumberOf.byteLength + this.packed.byteLength);
      Buffer.from(this.rowNumberOf.buffer, this.rowNumberOf.byteOffset, this.rowNumberOf.byteLength).copy(table, 0);
      writeInt32s(table, this.rowNumberOf.byteLength, this.packed);
      // The digest of the row numbers alone: what makes the table safe to read is that each is a row
      // of the table (a native SHA-1 of the 128 KB, where one of all 1.1 MB was ~10 M instructions).
      return withJsonHeader({ ...this.shape(header), layout: ROW_NUMBERS_LAYOUT, rowNumbersSha1: tablesDigest(table.subarray(0, this.rowNumberOf.byteLength)) }, table, 4);
    }
    const rowOf = Int32Array.from(this.rowNumberOf, (row) => row * this.words);
    const table = Buffer.alloc(rowOf.byteLength + this.packed.byteLength);
    writeInt32s(table, 0, rowOf);
    writeInt32s(table, rowOf.byteLength, this.packed);
    const shape = {
      ...this.shape(header),
      layout: PACKED_LAYOUT,
      // The table as written (checked by fromBytes instead of visiting its 65,536 bucket rows).
      tableSha1: tablesDigest(table),
    };
    return withJsonHeader(shape, table, 4);
  }

  /** What every model file's header says of the model. */
  private shape(header: Record<string, unknown>): Record<string, unknown> {
    return {
      ...header,
      classCount: this.classCount,
      bucketBits: Math.log2(this.mask + 1),
      maxN: this.maxN,
      scale: this.scale,
      center: this.center,
      rows: this.packed.length / this.words,
    };
  }

  /** The header and model of {@link NgramClassifier.toBytes}; undefined when the bytes are not such a model. */
  static fromBytes(bytes: Buffer): { header: Record<string, unknown>; model: NgramClassifier } | undefined {
    try {
      const { header, bodyAt: padded } = readJsonHeader(bytes, 4);
      const { classCount, bucketBits, maxN, scale, center, layout, rows, tableSha1, rowNumbersSha1 } = header as {
        classCount: number; bucketBits: number; maxN: number; scale: number; center: number; layout?: unknown; rows?: unknown; tableSha1?: unknown; rowNumbersSha1?: unknown;
      };
      const buckets = 1 << bucketBits;
      const words = (classCount + 3) >> 2;
      if (layout === ROW_NUMBERS_LAYOUT && typeof rows === 'number' && rows <= 0x10000 && typeof scale === 'number' && typeof center === 'number') {
        if (bytes.length !== padded + 2 * buckets + 4 * rows * words) return undefined;
        // The file's own bytes, viewed (a Buffer of a small file may lie unaligned in a shared pool: copied then).
        const body = bytes.byteOffset % 4 === 0 && LITTLE_ENDIAN ? bytes.subarray(padded) : Buffer.from(bytes.subarray(padded));
        // Row numbers as toBytes wrote them (below `rows` by construction); any others are checked one by one.
        const intact = typeof rowNumbersSha1 === 'string' && rowNumbersSha1 === tablesDigest(body.subarray(0, 2 * buckets));
        let rowNumberOf: Uint16Array;
        let packed: Int32Array;
        if (LITTLE_ENDIAN) {
          rowNumberOf = new Uint16Array(body.buffer, body.byteOffset, buckets);
          packed = new Int32Array(body.buffer, body.byteOffset + 2 * buckets, rows * words);
        } else {
          rowNumberOf = Uint16Array.from({ length: buckets }, (_, b) => body.readUInt16LE(2 * b));
          packed = readInt32s(body, 2 * buckets, rows * words);
        }
        if (!intact) for (let b = 0; b < buckets; b++) if (rowNumberOf[b]! >= rows) return undefined;
        return { header, model: new NgramClassifier({ packed, rowNumberOf, scale, center }, classCount, buckets - 1, maxN) };
      }
      // A model file of an earlier layout is not read (the build writes a new one).
      if (layout !== PACKED_LAYOUT || typeof rows !== 'number' || typeof scale !== 'number' || typeof center !== 'number') return undefined;
      if (bytes.length !== padded + 4 * buckets + 4 * rows * words) return undefined;
      const rowOf = readInt32s(bytes, padded, buckets);
      const packed = readInt32s(bytes, padded + 4 * buckets, rows * words);
      // The table toBytes wrote (its rows valid by construction) has the digest it stored: a native
      // SHA-1 of the 520 KB is ~10× cheaper at start than the loop over every bucket, which still
      // checks any table whose digest differs or is missing.
      const intact = typeof tableSha1 === 'string' && tableSha1 === tablesDigest(bytes.subarray(padded));
      if (!intact) for (let b = 0; b < buckets; b++) if (!(rowOf[b]! >= 0 && rowOf[b]! < packed.length && rowOf[b]! % words === 0)) return undefined;
      return { header, model: new NgramClassifier({ packed, rowOf, scale, center }, classCount, buckets - 1, maxN) };
    } catch {
      return undefined;
    }
  }

  /** Bytes held by the model's table. */
  get byteLength(): number {
    return this.rowNumberOf.byteLength + this.packed.byteLength;
  }

  /**
   * The rows (offsets into `packed`) of the text being read: one per n-gram, three a character.
   * Sized for the matcher's longest read (400 characters, MatcherOptions.maxChars): growing it is
   * code that the first long message reached mid-run, and reaching it deoptimised the compiled
   * logLikelihoods (it then ran unoptimised until compiled again).
   */
  private rows = new Int32Array(3 * (400 + 1));

  /**
   * Writes each class's log-likelihood of the text's n-grams into `out` (length ≥ classCount, zeroed
   * by the caller) and returns how many n-grams were read. No allocation once the buffers fit.
   *
   * First every n-gram's row, then the rows' sums, a column of words at a time. The sums are of
   * small integers (the table's bytes), so they are added four classes at a time, SIMD within a
   * register: a word of the table holds four biased bytes, split into two pairs of 16-bit lanes
   * (classes 0 and 2, then 1 and 3) that are added as one integer each. A lane holds the bytes of
   * 256 rows at most (256 × 255 < 65,536), so longer texts are summed 256 rows at a time. Integer
   * sums are exact: `out` gets the same numbers as adding the bytes one by one (the reference,
   * {@link NgramClassifier.logLikelihoodsReference}), in a third of the time.
   */
  logLikelihoods(text: string, out: Float64Array): number {
    const n = text.length;
    if (!this.kernelTried && ++this.callsBeforeKernel >= KERNEL_AFTER) this.startKernel();
    if (this.kernel !== undefined && n <= KERNEL_MAX_UNITS) return this.kernelLogLikelihoods(text, out);
    const { packed, rowNumberOf, words } = this;
    const mask = this.mask;
    const maxN = this.maxN;
    if (this.rows.length < 3 * (n + 1)) this.rows = new Int32Array(3 * (n + 1));
    const rows = this.rows;
    let grams = 0;
    let p1 = START;
    let p2 = -1;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? text.charCodeAt(i) : END;
      if (c !== END) rows[grams++] = rowNumberOf[bucketOf(hash1(c), mask)]! * words;
      if (maxN >= 2) rows[grams++] = rowNumberOf[bucketOf(hash2(p1, c), mask)]! * words;
      if (maxN >= 3 && p2 >= 0) rows[grams++] = rowNumberOf[bucketOf(hash3(p2, p1, c), mask)]! * words;
      p2 = p1;
      p1 = c;
    }
    const classCount = this.classCount;
    for (let from = 0; from < grams; from += 256) {
      const to = Math.min(grams, from + 256);
      const bias = 128 * (to - from);
      let j = 0;
      // Three words of each row per pass over the rows (six lanes in registers): a word at a time
      // read every row's offset six times, and cost a fifth more. (All six words at once spills.)
      // Only the third word may hold the last classes, so only its lanes are checked.
      for (; j + 2 < words; j += 3) {
        let e0 = 0;
        let o0 = 0;
        let e1 = 0;
        let o1 = 0;
        let e2 = 0;
        let o2 = 0;
        for (let q = from; q < to; q++) {
          const r = rows[q]! + j;
          const w0 = packed[r]!;
          const w1 = packed[r + 1]!;
          const w2 = packed[r + 2]!;
          e0 = (e0 + (w0 & 0xff00ff)) | 0;
          o0 = (o0 + ((w0 >> 8) & 0xff00ff)) | 0;
          e1 = (e1 + (w1 & 0xff00ff)) | 0;
          o1 = (o1 + ((w1 >> 8) & 0xff00ff)) | 0;
          e2 = (e2 + (w2 & 0xff00ff)) | 0;
          o2 = (o2 + ((w2 >> 8) & 0xff00ff)) | 0;
        }
        const k = 4 * j;
        out[k] = out[k]! + ((e0 & 0xffff) - bias);
        out[k + 1] = out[k + 1]! + ((o0 & 0xffff) - bias);
        out[k + 2] = out[k + 2]! + ((e0 >>> 16) - bias);
        out[k + 3] = out[k + 3]! + ((o0 >>> 16) - bias);
        out[k + 4] = out[k + 4]! + ((e1 & 0xffff) - bias);
        out[k + 5] = out[k + 5]! + ((o1 & 0xffff) - bias);
        out[k + 6] = out[k + 6]! + ((e1 >>> 16) - bias);
        out[k + 7] = out[k + 7]! + ((o1 >>> 16) - bias);
        if (k + 8 < classCount) out[k + 8] = out[k + 8]! + ((e2 & 0xffff) - bias);
        if (k + 9 < classCount) out[k + 9] = out[k + 9]! + ((o2 & 0xffff) - bias);
        if (k + 10 < classCount) out[k + 10] = out[k + 10]! + ((e2 >>> 16) - bias);
        if (k + 11 < classCount) out[k + 11] = out[k + 11]! + ((o2 >>> 16) - bias);
      }
      for (; j < words; j++) {
        let even = 0;
        let odd = 0;
        for (let q = from; q < to; q++) {
          const w = packed[rows[q]! + j]!;
          even = (even + (w & 0xff00ff)) | 0;
          odd = (odd + ((w >> 8) & 0xff00ff)) | 0;
        }
        const k = 4 * j;
        out[k] = out[k]! + ((even & 0xffff) - bias);
        if (k + 1 < classCount) out[k + 1] = out[k + 1]! + ((odd & 0xffff) - bias);
        if (k + 2 < classCount) out[k + 2] = out[k + 2]! + ((even >>> 16) - bias);
        if (k + 3 < classCount) out[k + 3] = out[k + 3]! + ((odd >>> 16) - bias);
      }
    }
    for (let k = 0; k < classCount; k++) out[k] = out[k]! * this.scale + grams * this.center;
    return grams;
  }

  /**
   * The WebAssembly kernel (src/nlu/classifier-kernel.ts) and where its tables lie in its memory;
   * undefined until startKernel, and without WebAssembly (`--jitless`), where the loops above run.
   */
  private kernel: ClassifierKernel | undefined;
  private kernelLayout = { text: 0, rowNumbers: 0, packed: 0, rows: 0, out: 0, lanes: 0 };
  private kernelText: Uint16Array | undefined;
  private kernelSums: Int32Array | undefined;
  private kernelTried = false;
  private callsBeforeKernel = 0;

  /**
   * Moves the table into the memory of a new instance of the kernel (the row numbers, then the rows,
   * 8-byte aligned, after the text) and has it answer from now on; `packed` and `rowNumberOf` become
   * views of the same bytes there, so the JavaScript loops (texts over KERNEL_MAX_UNITS) read them
   * too, and the model file's buffer is let go. Only for the layout the kernel reads: two-byte row
   * numbers and n-grams up to three.
   */
  private startKernel(): void {
    this.kernelTried = true;
    const rowNumberOf = this.rowNumberOf;
    if (!(rowNumberOf instanceof Uint16Array) || this.maxN !== 3) return;
    const next = alignedLayout();
    const layout = {
      text: next(2 * (KERNEL_MAX_UNITS + 1)),
      rowNumbers: next(rowNumberOf.byteLength),
      packed: next(this.packed.byteLength),
      // Right after the rows: the SIMD kernel reads up to 32 bytes from a row's start, past the last row's end.
      rows: next(4 * 3 * (KERNEL_MAX_UNITS + 1)),
      out: next(4 * 4 * this.words),
      lanes: next(64),
    };
    const instance = (this.words <= SIMD_MAX_WORDS ? classifierSimdKernel(next(0)) : undefined) ?? classifierKernel(next(0));
    if (!instance) return;
    const { buffer } = instance;
    const rowNumbers = new Uint16Array(buffer, layout.rowNumbers, rowNumberOf.length);
    rowNumbers.set(rowNumberOf);
    const packed = new Int32Array(buffer, layout.packed, this.packed.length);
    packed.set(this.packed);
    this.rowNumberOf = rowNumbers;
    this.packed = packed;
    this.kernelText = new Uint16Array(buffer, layout.text, KERNEL_MAX_UNITS + 1);
    this.kernelSums = new Int32Array(buffer, layout.out, 4 * this.words);
    this.kernelLayout = layout;
    this.kernel = instance.kernel;
  }

  /**
   * {@link NgramClassifier.logLikelihoods} by the kernel. Its sums are whole: each class's bytes less
   * their bias, over every chunk of 256 rows at once, where the loops add chunk by chunk to `out` —
   * whole numbers far below 2^53 added to the caller's zeros, so the same numbers.
   */
  private kernelLogLikelihoods(text: string, out: Float64Array): number {
    const n = text.length;
    const units = this.kernelText!;
    for (let i = 0; i < n; i++) units[i] = text.charCodeAt(i);
    const sums = this.kernelSums!;
    for (let k = 0; k < sums.length; k++) sums[k] = 0; // a loop: fill() is a call into the runtime
    const { text: textAt, rowNumbers, packed, rows, out: outAt, lanes } = this.kernelLayout;
    const grams = this.kernel!(n, this.mask, this.words, textAt, rowNumbers, packed, rows, outAt, lanes);
    const classCount = this.classCount;
    for (let k = 0; k < classCount; k++) out[k] = (out[k]! + sums[k]!) * this.scale + grams * this.center;
    return grams;
  }

  /** {@link NgramClassifier.logLikelihoods} one byte at a time, as first written: the reference for tests. */
  logLikelihoodsReference(text: string, out: Float64Array): number {
    const classCount = this.classCount;
    const mask = this.mask;
    const maxN = this.maxN;
    const add = (bucket: number): void => {
      for (let k = 0; k < classCount; k++) out[k]! += ((this.packed[this.rowNumberOf[bucket]! * this.words + (k >> 2)]! >> ((k & 3) * 8)) & 0xff) - 128;
    };
    let grams = 0;
    let p1 = START;
    let p2 = -1;
    const n = text.length;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? text.charCodeAt(i) : END;
      if (c !== END) {
        add(bucketOf(hash1(c), mask));
        grams++;
      }
      if (maxN >= 2) {
        add(bucketOf(hash2(p1, c), mask));
        grams++;
      }
      if (maxN >= 3 && p2 >= 0) {
        add(bucketOf(hash3(p2, p1, c), mask));
        grams++;
      }
      p2 = p1;
      p1 = c;
    }
    for (let k = 0; k < classCount; k++) out[k] = out[k]! * this.scale + grams * this.center;
    return grams;
  }
}

/**
 * The JavaScript loops answer the first calls, the kernel the rest: a one-shot `mynapin ask` never
 * assembles it or copies the table into its memory (1.1 MB), and a running bot has it by its 64th
 * consultation. Both give the same numbers.
 */
const KERNEL_AFTER = 64;
/** The longest text the kernel reads (the matcher reads 400 characters at most); longer ones, the loops. */
const KERNEL_MAX_UNITS = 1000;
