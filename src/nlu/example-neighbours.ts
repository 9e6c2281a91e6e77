import { INTENT_IDS, type IntentId } from '../intents/ids.js';
import { readJsonHeader, tablesDigest, withJsonHeader } from './stored-tables.js';

/**
 * How close a message comes to the labelled examples: the best cosine (0…1) of its character
 * bigrams against the examples of `none`, and against those of the intents the bot answers. Each
 * side is read when asked, and only as far as the question needs: common bigrams are in thousands
 * of examples, and an example can only be over a bar if it shares a rare enough one.
 */
export interface NeighbourReading {
  /** The best `none` cosine when it is at least `bar` (exact), else undefined (every one is under `bar`). */
  noneAtLeast(bar: number): number | undefined;
  /** Whether some in-scope example's cosine is over `bar`. */
  inScopeOver(bar: number): boolean;
  /** The best cosines, exact (every posting read): for tests and diagnostics. */
  readonly none: number;
  readonly inScope: number;
}

const NOTHING_NEAR: NeighbourReading = Object.freeze({
  noneAtLeast: (bar: number) => (bar <= 0 ? 0 : undefined),
  inScopeOver: () => false,
  none: 0,
  inScope: 0,
});

const NONE = INTENT_IDS.indexOf('none');
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
/** Bumped when the file's layout or what its numbers mean changes. */
const LAYOUT = 4; // 4: example and bigram indices in 16 bits when they fit (see Index)

/**
 * A list of example or bigram indices: 16 bits each while there are at most 65,536 of them (the
 * labelled sets' 42,000 examples and 23,000 bigrams: half the memory of 32-bit lists, ~4 MB of a
 * `classify` process's peak), else 32.
 */
type Index = Uint16Array | Int32Array;
/** `values` (indices under `count`) in the narrowest Index that holds them. */
const narrowed = (values: Int32Array, count: number): Index => (count <= 0x10000 ? Uint16Array.from(values) : values);

/** The tables of {@link ExampleNeighbours}: typed arrays only, so the build can store them as they are. */
interface Tables {
  /** Distinct bigram keys (first code unit × 65,536 + second), ascending. */
  keys: Uint32Array;
  /** Per bigram, its IDF squared (a binary vector's component, squared); 0 for a stop bigram. */
  weight: Float64Array;
  /** Per bigram, where its examples start in `post` (one more entry than bigrams). */
  postStart: Int32Array;
  /**
   * The examples of each bigram (none for a stop bigram), ascending; the examples of `none` are
   * numbered first (0 … noneCount − 1), so each list starts with them.
   */
  post: Index;
  /** Per example, the length of its IDF vector. */
  norms: Float64Array;
  /** Per example, its class (an index of INTENT_IDS). */
  owner: Uint8Array;
  /** Per example, where its bigrams start in `grams` (one more entry than examples). */
  gramStart: Int32Array;
  /** The bigrams (indices of `keys`, stop bigrams left out) of each example, ascending. */
  grams: Index;
}

/**
 * Bigrams in more than this share of the examples are left out of every vector (stop bigrams:
 * 「暗証」「番号」「カー」 are in thousands). They weigh little (IDF) but were four fifths of the
 * postings a message read: without them a lookup reads ~1,900 postings instead of ~10,800.
 * Measured with each of heldout35–42 left out (README): the same +6 / −1 as every bigram kept, down
 * to 4.4% (500 of the 11,300 examples); at 2.6% (300) +5 / −3.
 */
export const STOP_BIGRAM_SHARE = 0.09;
/** …and never in a small collection (tests, a project with few examples): only above this many examples. */
export const STOP_BIGRAM_MIN = 200;

/**
 * The nearest labelled example of `none`, and of the answered intents, for a normalised message:
 * the intents' phrases (`none`'s included) and the labelled sets, compared by IDF-weighted binary
 * character-bigram vectors as {@link PhraseIndex} compares phrases, without stop bigrams.
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
  /** Per bigram, the search that left it unread (see search). */
  private readonly unread: Uint32Array;
  private generation = 0;
  private readonly unseenWeight: number;
  /**
   * Bigram key → its index in `keys`, open addressing, each slot a pair [key, index] (index −1:
   * empty): a lookup is a probe or two in one cache line, not 15 steps of bisection.
   */
  private readonly slots: Int32Array;
  private readonly slotShift: number;
  /** The first example that is not `none`'s. */
  private readonly split: number;
  /**
   * The `none` part of each bigram's list in `post`, copied together: bigram g's are
   * `nonePost[noneStart[g] … noneStart[g + 1])`, and its others follow them in `post`. search reads
   * one side with no test of each posting's side (a fifth of a lookup's work was that test), and
   * noneAtLeast, asked of most messages, reads a table a fifth the size of `post` (its parts were
   * spread over all of `post`, pushed out of the cache by the matcher between two messages).
   */
  private readonly noneStart: Int32Array;
  private readonly nonePost: Index;
  private query = new Uint32Array(256);
  /** The message's known bigrams' example counts, beside `known` as nearest sorts it. */
  private dfs = new Int32Array(256);

  private constructor(private readonly tables: Tables) {
    this.dots = new Float64Array(tables.norms.length);
    this.touched = new Int32Array(tables.norms.length);
    this.unread = new Uint32Array(tables.keys.length);
    let bits = 6;
    while (1 << bits < 2 * tables.keys.length) bits++;
    this.slots = new Int32Array(2 << bits).fill(-1);
    this.slotShift = 32 - bits;
    const mask = (1 << bits) - 1;
    tables.keys.forEach((key, g) => {
      let at = Math.imul(key, 0x9e3779b1) >>> this.slotShift;
      while (this.slots[2 * at + 1] !== -1) at = (at + 1) & mask;
      this.slots[2 * at] = key | 0;
      this.slots[2 * at + 1] = g;
    });
    this.unseenWeight = Math.log(1 + tables.norms.length) ** 2;
    this.split = this.noneCount;
    const { postStart, post, gramStart } = tables;
    const grams = tables.keys.length;
    const split = this.split;
    // As many as `none`'s examples hold bigrams (they are numbered first); each list's `none` part
    // is its head, copied as far as the first other example (one pass, no allocation: ~1 ms of a cold ask).
    const nonePost = post instanceof Uint16Array ? new Uint16Array(gramStart[split]!) : new Int32Array(gramStart[split]!);
    const noneStart = new Int32Array(grams + 1);
    let at = 0;
    for (let g = 0; g < grams; g++) {
      const end = postStart[g + 1]!;
      for (let p = postStart[g]!; p < end && post[p]! < split; p++) nonePost[at++] = post[p]!;
      noneStart[g + 1] = at;
    }
    this.nonePost = nonePost;
    this.noneStart = noneStart;
  }

  /** The index of labelled texts as people wrote them, each normalised by `prepare` (as the matcher normalises a message). */
  static fromLabelled(labelled: readonly { intent: IntentId; text: string }[], prepare: (text: string) => string): ExampleNeighbours {
    return ExampleNeighbours.build(labelled.map((l) => prepare(l.text)), labelled.map((l) => INTENT_IDS.indexOf(l.intent)));
  }

  /** `texts[i]` are normalised texts labelled `classes[i]` (an index of INTENT_IDS). */
  static build(labelledTexts: readonly string[], labels: readonly number[]): ExampleNeighbours {
    // `none`'s examples first, so that each bigram's postings start with them (see nearest).
    const order = labelledTexts.map((_, i) => i).sort((a, b) => Number(labels[a] !== NONE) - Number(labels[b] !== NONE) || a - b);
    const texts = order.map((i) => labelledTexts[i]!);
    const classes = order.map((i) => labels[i]!);
    const postings = new Map<number, number[]>();
    const buffer = new Uint32Array(1024);
    texts.forEach((text, i) => {
      const found = distinctGrams(text, buffer.length >= text.length ? buffer : new Uint32Array(text.length));
      for (let k = 0; k < found.n; k++) {
        const key = found.grams[k]!;
        let examples = postings.get(key);
        if (!examples) postings.set(key, (examples = []));
        examples.push(i);
      }
    });
    const keys = Uint32Array.from(postings.keys()).sort();
    const n = texts.length;
    const stopAbove = Math.max(STOP_BIGRAM_SHARE * n, STOP_BIGRAM_MIN);
    const weight = new Float64Array(keys.length);
    const postStart = new Int32Array(keys.length + 1);
    const post = new Int32Array([...postings.values()].reduce((sum, l) => sum + (l.length > stopAbove ? 0 : l.length), 0));
    const squares = new Float64Array(n);
    let at = 0;
    keys.forEach((key, g) => {
      const examples = postings.get(key)!;
      postStart[g] = at;
      if (examples.length > stopAbove) return; // a stop bigram: weight 0, no postings
      const w = Math.log(1 + n / examples.length) ** 2;
      weight[g] = w;
      for (const e of examples) {
        post[at++] = e;
        squares[e] = squares[e]! + w;
      }
    });
    postStart[keys.length] = at;
    // The same pairs by example, each example's bigrams ascending (see search).
    const gramStart = new Int32Array(n + 1);
    for (let p = 0; p < at; p++) gramStart[post[p]! + 1]!++;
    for (let e = 0; e < n; e++) gramStart[e + 1]! += gramStart[e]!;
    const grams = new Int32Array(at);
    const next = gramStart.slice(0, n);
    for (let g = 0; g < keys.length; g++) for (let p = postStart[g]!; p < postStart[g + 1]!; p++) grams[next[post[p]!]!++] = g;
    const norms = squares.map((s) => Math.sqrt(s) || 1);
    return new ExampleNeighbours({ keys, weight, postStart, post: narrowed(post, n), norms, owner: Uint8Array.from(classes), gramStart, grams: narrowed(grams, keys.length) });
  }

  /** How many of the examples are `none`'s (numbered first). */
  private get noneCount(): number {
    const owner = this.tables.owner;
    let count = 0;
    while (count < owner.length && owner[count] === NONE) count++;
    return count;
  }

  /** The message's neighbours among the examples, each side read when asked (see NeighbourReading). */
  nearest(normalised: string): NeighbourReading {
    if (this.query.length < normalised.length) {
      this.query = new Uint32Array(normalised.length);
      this.dfs = new Int32Array(normalised.length);
    }
    const { grams, n } = distinctGrams(normalised, this.query);
    const { weight, postStart } = this.tables;
    // The message's bigrams as indices of `keys` (stop bigrams left out), rarest first (an
    // insertion sort: a few dozen at most); unseen ones count in its length only.
    const known: number[] = [];
    const dfs = this.dfs;
    let count = 0;
    let queryNorm = 0;
    for (let k = 0; k < n; k++) {
      const g = this.find(grams[k]!);
      if (g < 0) {
        queryNorm += this.unseenWeight; // unseen bigram: as rare as they come
        continue;
      }
      const w = weight[g]!;
      if (w === 0) continue;
      queryNorm += w;
      const df = postStart[g + 1]! - postStart[g]!;
      let at = count++;
      known.push(g);
      for (; at > 0 && dfs[at - 1]! > df; at--) {
        known[at] = known[at - 1]!;
        dfs[at] = dfs[at - 1]!;
      }
      known[at] = g;
      dfs[at] = df;
    }
    if (count === 0) return NOTHING_NEAR;
    return new Neighbours(this, known, Math.sqrt(queryNorm));
  }

  /** The index of bigram `key` in `keys`, or −1. */
  private find(key: number): number {
    const { slots } = this;
    const mask = (slots.length >> 1) - 1;
    const signed = key | 0;
    for (let at = Math.imul(key, 0x9e3779b1) >>> this.slotShift; ; at = (at + 1) & mask) {
      const g = slots[2 * at + 1]!;
      if (g < 0 || slots[2 * at] === signed) return g;
    }
  }

  /**
   * The best cosine among `none`'s examples (`ofNone`) or the others, exact for every example over
   * `bar`; under it, what was found. The rarest bigrams are read first, and only while the ones left
   * could still lift an example that shares none of the read ones over `bar` (Cauchy–Schwarz: its
   * cosine is at most √(their weight) / |message|); the examples found that could still pass `bar`
   * with every unread bigram then add the ones they have from their own lists. `stopOver`: return
   * as soon as one example's sum so far is over `bar` (a sum only grows). For {@link Neighbours}.
   */
  search(known: readonly number[], qn: number, ofNone: boolean, bar: number, stopOver: boolean): number {
    const { weight, postStart, post, norms, gramStart, grams } = this.tables;
    const { dots, touched, unread, noneStart, nonePost } = this;
    const list = ofNone ? nonePost : post;
    let left = 0;
    for (const g of known) left += weight[g]!;
    const enough = bar * qn * (bar * qn);
    const barQn = bar * qn;
    let touchedCount = 0;
    let best = 0;
    let k = 0;
    reading: for (; k < known.length && left > enough; k++) {
      const g = known[k]!;
      const w = weight[g]!;
      left -= w;
      // `none`'s part of the list in nonePost, or the others' part of it in `post` (after `none`'s).
      const nones = noneStart[g + 1]! - noneStart[g]!;
      let p = ofNone ? noneStart[g]! : postStart[g]! + nones;
      const end = ofNone ? noneStart[g + 1]! : postStart[g + 1]!;
      if (stopOver) {
        for (; p < end; p++) {
          const e = list[p]!;
          if (dots[e] === 0) touched[touchedCount++] = e;
          const dot = (dots[e] = dots[e]! + w);
          if (dot > barQn * norms[e]!) {
            best = dot / (qn * norms[e]!);
            break reading;
          }
        }
      } else {
        // The loop noneAtLeast runs for most messages: the sums only, no test against the bar.
        for (; p < end; p++) {
          const e = list[p]!;
          const dot = dots[e]!;
          if (dot === 0) touched[touchedCount++] = e;
          dots[e] = dot + w;
        }
      }
    }
    if (best === 0) {
      if (++this.generation === 0xffffffff) {
        unread.fill(0);
        this.generation = 1;
      }
      const gen = this.generation;
      for (let j = k; j < known.length; j++) unread[known[j]!] = gen;
      const complete = k < known.length;
      for (let t = 0; t < touchedCount; t++) {
        const e = touched[t]!;
        let dot = dots[e]!;
        if (complete) {
          // Even with every unread bigram it would stay at or under the bar: not worth its list.
          if (dot + left <= barQn * norms[e]!) continue;
          for (let j = gramStart[e]!, end = gramStart[e + 1]!; j < end; j++) if (unread[grams[j]!] === gen) dot += weight[grams[j]!]!;
        }
        const cos = dot / (qn * norms[e]!);
        if (cos > best) best = cos;
      }
    }
    for (let t = 0; t < touchedCount; t++) dots[touched[t]!] = 0;
    return best;
  }

  /** How many examples the index holds. */
  get size(): number {
    return this.tables.norms.length;
  }

  /** The index as bytes (a JSON header with `header`'s fields, then the tables), for the build to store. */
  toBytes(header: Record<string, unknown> = {}): Buffer {
    if (!LITTLE_ENDIAN) throw new Error('example neighbours: storing the index needs a little-endian machine');
    const { keys, weight, postStart, post, norms, owner, gramStart, grams } = this.tables;
    // The 8- and 4-byte tables first, so that each table starts aligned to its element size.
    const parts: ArrayBufferView[] = [weight, norms, keys, postStart, gramStart, ...(post.BYTES_PER_ELEMENT >= grams.BYTES_PER_ELEMENT ? [post, grams] : [grams, post]), owner];
    const bytes: Uint8Array[] = [];
    let length = 0;
    for (const part of parts) {
      const each = (part as Index).BYTES_PER_ELEMENT;
      if (length % each !== 0) {
        bytes.push(new Uint8Array(each - (length % each)));
        length += each - (length % each);
      }
      bytes.push(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
      length += part.byteLength;
    }
    const body = Buffer.concat(bytes);
    // The tables' digest: checked natively when they are read, instead of a loop over every posting.
    // The Float64 tables come first, 8-byte aligned.
    return withJsonHeader({ ...header, layout: LAYOUT, grams: keys.length, examples: norms.length, postings: post.length, postBytes: post.BYTES_PER_ELEMENT, gramBytes: grams.BYTES_PER_ELEMENT, sha1: tablesDigest(body) }, body, 8);
  }

  /** The header and index of {@link ExampleNeighbours.toBytes}; undefined when the bytes are not such an index. */
  static fromBytes(bytes: Buffer): { header: Record<string, unknown>; index: ExampleNeighbours } | undefined {
    try {
      if (!LITTLE_ENDIAN) return undefined;
      const { header, bodyAt: padded } = readJsonHeader(bytes, 8);
      const { layout, grams, examples, postings, postBytes, gramBytes, sha1 } = header as Record<string, unknown>;
      if (layout !== LAYOUT || !isCount(grams) || !isCount(examples) || !isCount(postings)) return undefined;
      // Each list as narrow as toBytes stored it (see narrowed): 16 bits only for indices that fit.
      if (!(postBytes === 4 || (postBytes === 2 && examples <= 0x10000)) || !(gramBytes === 4 || (gramBytes === 2 && grams <= 0x10000))) return undefined;
      // The tables in toBytes' order, each aligned to its element size: [count, bytes each].
      const order: [number, number][] = [[grams, 8], [examples, 8], [grams, 4], [grams + 1, 4], [examples + 1, 4]];
      const lists: [number, number][] = postBytes >= gramBytes ? [[postings, postBytes], [postings, gramBytes]] : [[postings, gramBytes], [postings, postBytes]];
      const offsets: number[] = [];
      let size = 0;
      for (const [count, each] of [...order, ...lists, [examples, 1] as [number, number]]) {
        size = Math.ceil(size / each) * each;
        offsets.push(size);
        size += count * each;
      }
      if (bytes.length !== padded + size) return undefined;
      // The tables as toBytes wrote them (every index inside the tables by construction), or refused.
      if (sha1 !== tablesDigest(bytes.subarray(padded))) return undefined;
      // Views of the file's own memory when it is 8-byte aligned (readFileSync's buffer of a file this
      // size is), else of an aligned copy.
      let body: ArrayBuffer;
      let base = 0;
      if ((bytes.byteOffset + padded) % 8 === 0) {
        body = bytes.buffer as ArrayBuffer;
        base = bytes.byteOffset + padded;
      } else {
        body = new ArrayBuffer(size);
        new Uint8Array(body).set(bytes.subarray(padded));
      }
      const at = (k: number): number => base + offsets[k]!;
      const list = (k: number, each: number): Index => (each === 2 ? new Uint16Array(body, at(k), postings) : new Int32Array(body, at(k), postings));
      const weight = new Float64Array(body, at(0), grams);
      const norms = new Float64Array(body, at(1), examples);
      const keys = new Uint32Array(body, at(2), grams);
      const postStart = new Int32Array(body, at(3), grams + 1);
      const gramStart = new Int32Array(body, at(4), examples + 1);
      const postFirst = postBytes >= gramBytes;
      const post = list(postFirst ? 5 : 6, postBytes);
      const gramList = list(postFirst ? 6 : 5, gramBytes);
      const owner = new Uint8Array(body, at(7), examples);
      return { header, index: new ExampleNeighbours({ keys, weight, postStart, post, norms, owner, gramStart, grams: gramList }) };
    } catch {
      return undefined;
    }
  }
}

/** A message's {@link NeighbourReading}: the index, its bigrams rarest first, its length. */
class Neighbours implements NeighbourReading {
  constructor(
    private readonly index: ExampleNeighbours,
    private readonly known: readonly number[],
    private readonly qn: number,
  ) {}

  noneAtLeast(bar: number): number | undefined {
    // Exact for every example at `bar` or over (searched a hair under it, the bound being strict).
    const best = this.index.search(this.known, this.qn, true, bar * (1 - 1e-9), false);
    return best >= bar ? best : undefined;
  }

  inScopeOver(bar: number): boolean {
    return this.index.search(this.known, this.qn, false, bar, true) > bar;
  }

  get none(): number {
    return this.index.search(this.known, this.qn, true, 0, false);
  }

  get inScope(): number {
    return this.index.search(this.known, this.qn, false, 0, false);
  }
}

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


