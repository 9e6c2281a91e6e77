import { createHash } from 'node:crypto';
import { INTENT_IDS } from '../intents/ids.js';

/**
 * How close a message comes to the labelled examples: the best cosine (0…1) of its character
 * bigrams against any example of `none`, and against any example of an intent the bot answers.
 */
export interface NeighbourReading {
  none: number;
  inScope: number;
}

const NONE = INTENT_IDS.indexOf('none');
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
/** Bumped when the file's layout or what its numbers mean changes. */
const LAYOUT = 1;

/** The tables of {@link ExampleNeighbours}: typed arrays only, so the build can store them as they are. */
interface Tables {
  /** Distinct bigram keys (first code unit × 65,536 + second), ascending. */
  keys: Uint32Array;
  /** Per bigram, its IDF squared (a binary vector's component, squared). */
  weight: Float64Array;
  /** Per bigram, where its examples start in `post` (one more entry than bigrams). */
  postStart: Int32Array;
  /** The examples of each bigram, in example order. */
  post: Int32Array;
  /** Per example, the length of its IDF vector. */
  norms: Float64Array;
  /** Per example, its class (an index of INTENT_IDS). */
  owner: Int32Array;
}

/**
 * The nearest labelled example of `none`, and of the answered intents, for a normalised message:
 * the intents' phrases (`none`'s included) and the labelled sets, compared by IDF-weighted binary
 * character-bigram vectors as {@link PhraseIndex} compares phrases.
 *
 * Why: the key terms and the naive Bayes classifier both read words, not whose they are, and a
 * message that is all but one of the out-of-scope lines staff labelled (「e-Taxの利用者識別番号の暗証
 * 番号を忘れた」, 「交付申請書をなくした」) still reads as a forgotten PIN or a lost card. The policy asks
 * this only before it answers (see policy.ts resemblesOutOfScope). A `none` line staff add (review)
 * then also carries to its close paraphrases, as an intent's phrase does.
 */
export class ExampleNeighbours {
  private readonly dots: Float64Array;
  private readonly touched: Int32Array;
  private readonly unseenWeight: number;
  private query = new Uint32Array(256);

  private constructor(private readonly tables: Tables) {
    this.dots = new Float64Array(tables.norms.length);
    this.touched = new Int32Array(tables.norms.length);
    this.unseenWeight = Math.log(1 + tables.norms.length) ** 2;
  }

  /** `texts[i]` are normalised texts labelled `classes[i]` (an index of INTENT_IDS). */
  static build(texts: readonly string[], classes: readonly number[]): ExampleNeighbours {
    const postings = new Map<number, number[]>();
    const grams = new Uint32Array(1024);
    texts.forEach((text, i) => {
      const found = distinctGrams(text, grams.length >= text.length ? grams : new Uint32Array(text.length));
      for (let k = 0; k < found.n; k++) {
        const key = found.grams[k]!;
        let examples = postings.get(key);
        if (!examples) postings.set(key, (examples = []));
        examples.push(i);
      }
    });
    const keys = Uint32Array.from(postings.keys()).sort();
    const n = texts.length;
    const weight = new Float64Array(keys.length);
    const postStart = new Int32Array(keys.length + 1);
    const post = new Int32Array([...postings.values()].reduce((sum, l) => sum + l.length, 0));
    const squares = new Float64Array(n);
    let at = 0;
    keys.forEach((key, g) => {
      const examples = postings.get(key)!;
      const w = Math.log(1 + n / examples.length) ** 2;
      weight[g] = w;
      postStart[g] = at;
      for (const e of examples) {
        post[at++] = e;
        squares[e] = squares[e]! + w;
      }
    });
    postStart[keys.length] = at;
    const norms = squares.map((s) => Math.sqrt(s) || 1);
    return new ExampleNeighbours({ keys, weight, postStart, post, norms, owner: Int32Array.from(classes) });
  }

  /** Best cosine against `none`'s examples and against every other class's. */
  nearest(normalised: string): NeighbourReading {
    if (this.query.length < normalised.length) this.query = new Uint32Array(normalised.length);
    const { grams, n } = distinctGrams(normalised, this.query);
    const { keys, weight, postStart, post, norms, owner } = this.tables;
    const { dots, touched } = this;
    let touchedCount = 0;
    let queryNorm = 0;
    for (let k = 0; k < n; k++) {
      const g = find(keys, grams[k]!);
      if (g < 0) {
        queryNorm += this.unseenWeight; // unseen bigram: as rare as they come
        continue;
      }
      const w = weight[g]!;
      queryNorm += w;
      for (let p = postStart[g]!, end = postStart[g + 1]!; p < end; p++) {
        const e = post[p]!;
        if (dots[e] === 0) touched[touchedCount++] = e;
        dots[e] = dots[e]! + w;
      }
    }
    let none = 0;
    let inScope = 0;
    const qn = Math.sqrt(queryNorm);
    for (let t = 0; t < touchedCount; t++) {
      const e = touched[t]!;
      const cos = dots[e]! / (qn * norms[e]!);
      dots[e] = 0;
      if (owner[e] === NONE) {
        if (cos > none) none = cos;
      } else if (cos > inScope) inScope = cos;
    }
    return { none, inScope };
  }

  /** How many examples the index holds. */
  get size(): number {
    return this.tables.norms.length;
  }

  /** The index as bytes (a JSON header with `header`'s fields, then the tables), for the build to store. */
  toBytes(header: Record<string, unknown> = {}): Buffer {
    const { keys, weight, postStart, post, norms, owner } = this.tables;
    if (!LITTLE_ENDIAN) throw new Error('example neighbours: storing the index needs a little-endian machine');
    const parts: ArrayBufferView[] = [weight, norms, keys, postStart, post, owner];
    const body = Buffer.concat(parts.map((part) => new Uint8Array(part.buffer, part.byteOffset, part.byteLength)));
    // The tables' digest: checked natively when they are read, instead of a loop over every posting.
    const json = Buffer.from(JSON.stringify({ ...header, layout: LAYOUT, grams: keys.length, examples: norms.length, postings: post.length, sha1: digest(body) }));
    const padded = (json.length + 4 + 7) & ~7; // the Float64 tables start 8-byte aligned
    const out = Buffer.alloc(padded + body.length, 0x20);
    out.writeUInt32LE(json.length, 0);
    json.copy(out, 4);
    body.copy(out, padded);
    return out;
  }

  /** The header and index of {@link ExampleNeighbours.toBytes}; undefined when the bytes are not such an index. */
  static fromBytes(bytes: Buffer): { header: Record<string, unknown>; index: ExampleNeighbours } | undefined {
    try {
      if (!LITTLE_ENDIAN) return undefined;
      const length = bytes.readUInt32LE(0);
      const header = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')) as Record<string, unknown>;
      const { layout, grams, examples, postings, sha1 } = header as { layout?: unknown; grams?: unknown; examples?: unknown; postings?: unknown; sha1?: unknown };
      if (layout !== LAYOUT || !isCount(grams) || !isCount(examples) || !isCount(postings)) return undefined;
      const padded = (length + 4 + 7) & ~7;
      if (bytes.length !== padded + 8 * grams + 8 * examples + 4 * grams + 4 * (grams + 1) + 4 * postings + 4 * examples) return undefined;
      // The tables as toBytes wrote them (every index inside the tables by construction), or refused.
      if (sha1 !== digest(bytes.subarray(padded))) return undefined;
      // Views of the file's own memory when it is 8-byte aligned (readFileSync's buffer of a file this
      // size is), else of an aligned copy.
      let body: ArrayBuffer;
      let at = 0;
      if ((bytes.byteOffset + padded) % 8 === 0) {
        body = bytes.buffer as ArrayBuffer;
        at = bytes.byteOffset + padded;
      } else {
        body = new ArrayBuffer(bytes.length - padded);
        new Uint8Array(body).set(bytes.subarray(padded));
      }
      const take = <T>(make: (buffer: ArrayBuffer, offset: number, count: number) => T, count: number, size: number): T => {
        const view = make(body, at, count);
        at += count * size;
        return view;
      };
      const weight = take((b, o, c) => new Float64Array(b, o, c), grams, 8);
      const norms = take((b, o, c) => new Float64Array(b, o, c), examples, 8);
      const keys = take((b, o, c) => new Uint32Array(b, o, c), grams, 4);
      const postStart = take((b, o, c) => new Int32Array(b, o, c), grams + 1, 4);
      const post = take((b, o, c) => new Int32Array(b, o, c), postings, 4);
      const owner = take((b, o, c) => new Int32Array(b, o, c), examples, 4);
      return { header, index: new ExampleNeighbours({ keys, weight, postStart, post, norms, owner }) };
    } catch {
      return undefined;
    }
  }
}

const digest = (bytes: Uint8Array): string => createHash('sha1').update(bytes).digest('base64');

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}

/**
 * The distinct bigram keys of a text, written into `out` (sorted): pairs of adjacent code units,
 * none with a space (a word boundary, as in {@link bigrams}) or half of a surrogate pair (emoji
 * and rare kanji carry no topic here, and a key of two code units cannot hold them).
 */
function distinctGrams(text: string, out: Uint32Array): { grams: Uint32Array; n: number } {
  let n = 0;
  for (let i = 0; i + 1 < text.length; i++) {
    const a = text.charCodeAt(i);
    const b = text.charCodeAt(i + 1);
    if (a === 32 || b === 32 || (a >= 0xd800 && a <= 0xdfff) || (b >= 0xd800 && b <= 0xdfff)) continue;
    out[n++] = a * 65536 + b;
  }
  const grams = out.subarray(0, n).sort();
  let distinct = 0;
  for (let k = 0; k < n; k++) if (k === 0 || grams[k] !== grams[k - 1]) grams[distinct++] = grams[k]!;
  return { grams: out, n: distinct };
}

/** The index of `key` in the ascending `keys`, or −1. */
function find(keys: Uint32Array, key: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (k < key) lo = mid + 1;
    else if (k > key) hi = mid - 1;
    else return mid;
  }
  return -1;
}
