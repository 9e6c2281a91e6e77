/**
 * The phrase similarity's loops (InternedGrams in src/nlu/phrase-index.ts) as a WebAssembly
 * function: the same steps, the same numbers, in the same order.
 *
 * Why: compiled JavaScript re-read every typed array's map, length and data pointer at each turn of
 * these loops (28 instructions a posting added, half of them that, 2026-12-06), and the similarity
 * costs in the matcher what it costs alone — its instructions, not cache misses, are its time.
 * WebAssembly reads its memory with no such checks: 1.8–2.4 → 1.0–1.2 µs a call, and 0.90 of the
 * matcher's CPU a match (bench/matcher-ab.mjs; results identical, tested against the reference).
 * IEEE double arithmetic is the same in both, so the sums, products and divisions are the same.
 *
 * The tables live in the instance's memory at the byte offsets the call passes (see
 * InternedGrams): the text's UTF-16 units; the slots (8 Int32s each: key, stamp, postings' start
 * and end, classes touched, one unused, the weight as a Float64); the postings; the unseen grams'
 * [key, stamp] pairs (1,024); and Float64s of the dots, norms and inverse norms by phrase, Int32s of
 * the classes' first phrases, and the result, a Float64 per class.
 */
import { kernelFactory, op, type Code } from './wasm-assembler.js';

/** The kernel's parameters, in order: all i32 but the last. */
const PARAMS = ['n', 'gen', 'shift', 'slotMask', 'classCount', 'text', 'slots', 'post', 'unseen', 'dots', 'norms', 'inverseNorms', 'classStart', 'best', 'unseenWeight'] as const;
const I32_LOCALS = ['k', 'grams', 'single', 'a', 'b', 'key', 'at', 'slot', 'touched', 'p', 'end', 'c', 'i', 'u', 'address'] as const;
const F64_LOCALS = ['queryNorm', 'w2', 'qn', 'top', 'topProduct', 'divideOver', 'dot', 'product', 'cos'] as const;
type Local = (typeof PARAMS)[number] | (typeof I32_LOCALS)[number] | (typeof F64_LOCALS)[number];
const index = new Map<Local, number>([...PARAMS, ...I32_LOCALS, ...F64_LOCALS].map((name, i) => [name, i]));
const get = (name: Local): Code => op.get(index.get(name)!);
const set = (name: Local): Code => op.set(index.get(name)!);
const tee = (name: Local): Code => op.tee(index.get(name)!);

/** The key's slot in the unseen-gram table (1,024 pairs): as InternedGrams.firstUnseen. */
const UNSEEN_MASK = 1023;
const UNIGRAM_UNIT = 0xdc00;

/** `x` is a UTF-16 surrogate: (x − 0xd800) < 0x800, unsigned. */
const isSurrogate = (name: Local): Code => [get(name), op.i32(0xd800), op.sub, op.i32(0x800), op.ltU];
/** Address of the u16 / i32 / f64 element `i` of the table at byte offset `table`. */
const at2 = (table: Local, i: Code): Code => [get(table), i, op.i32(1), op.shl, op.add];
const at4 = (table: Local, i: Code): Code => [get(table), i, op.i32(2), op.shl, op.add];
const at8 = (table: Local, i: Code): Code => [get(table), i, op.i32(3), op.shl, op.add];

/** for (i = classStart[c]; i < classStart[c + 1]; i++) body — with `br 0` inside `body` as continue. */
const eachPhraseOfClass = (body: Code): Code => [
  at4('classStart', get('c')), op.load(), set('i'),
  at4('classStart', get('c')), op.load(4), set('end'),
  op.block, op.loop,
  get('i'), get('end'), op.geS, op.brIf(1),
  op.block, body, op.end,
  get('i'), op.i32(1), op.add, set('i'), op.br(0),
  op.end, op.end,
];

/** for each bit c of `touched`, lowest first (clearing it): body. */
const eachTouchedClass = (body: Code): Code => [
  op.block, op.loop,
  get('touched'), op.eqz, op.brIf(1),
  get('touched'), op.ctz, set('c'),
  body,
  get('touched'), get('touched'), op.i32(1), op.sub, op.and, set('touched'), op.br(0),
  op.end, op.end,
];

/** The kernel's body: made on first use (at import it cost a cold process ~2 ms). */
const kernelBody = (): Code => [
  // best.fill(0)
  op.i32(0), set('i'),
  op.block, op.loop,
  get('i'), get('classCount'), op.ltS, op.eqz, op.brIf(1),
  at8('best', get('i')), op.f64(0), op.storeF64(),
  get('i'), op.i32(1), op.add, set('i'), op.br(0),
  op.end, op.end,
  op.i32(0), set('touched'), op.f64(0), set('queryNorm'),
  // One gram for a one-character text (its unigram), else one a pair of units.
  get('n'), op.i32(1), op.eq, set('single'),
  get('single'), op.if, op.i32(1), set('grams'), op.else, get('n'), op.i32(1), op.sub, set('grams'), op.end,
  op.i32(0), set('k'),
  op.block, op.loop,
  get('k'), get('grams'), op.ltS, op.eqz, op.brIf(1),
  at2('text', get('k')), op.load16(), set('a'),
  at2('text', [get('k'), op.i32(1), op.add, get('single'), op.sub]), op.load16(), set('b'),
  // A surrogate: the sums so far cleared, and 1 (the reference answers).
  isSurrogate('a'), isSurrogate('b'), op.or, op.if,
  eachTouchedClass(eachPhraseOfClass([at8('dots', get('i')), op.f64(0), op.storeF64()])),
  op.i32(1), op.return,
  op.end,
  op.block, // `br 0` here: the next gram
  get('single'), op.eqz, get('a'), op.i32(32), op.eq, get('b'), op.i32(32), op.eq, op.or, op.and, op.brIf(0),
  get('a'), get('single'), op.i32(UNIGRAM_UNIT), get('a'), op.sub, op.mul, op.add, op.i32(16), op.shl, get('b'), op.or, set('key'),
  // The gram's slot (slotOf), or −1.
  get('key'), op.i32(0x9e3779b1), op.mul, get('shift'), op.shrU, set('at'),
  op.i32(-1), set('slot'),
  op.block, op.loop,
  get('slots'), get('at'), op.i32(5), op.shl, op.add, tee('address'), op.load(8), op.i32(-1), op.eq, op.brIf(1),
  get('address'), op.load(0), get('key'), op.eq, op.if, get('address'), set('slot'), op.br(2), op.end,
  get('at'), op.i32(1), op.add, get('slotMask'), op.and, set('at'), op.br(0),
  op.end, op.end,
  get('slot'), op.i32(0), op.ltS, op.if,
  // Unseen: counted once a call, as rare as they come (firstUnseen).
  get('key'), op.i32(0x9e3779b1), op.mul, op.i32(22), op.shrU, op.i32(UNSEEN_MASK), op.and, set('u'),
  op.block, op.loop,
  get('unseen'), get('u'), op.i32(3), op.shl, op.add, tee('address'), op.load(4), get('gen'), op.ne, op.if,
  get('address'), get('gen'), op.store(4), get('address'), get('key'), op.store(0),
  get('queryNorm'), get('unseenWeight'), op.addF64, set('queryNorm'), op.br(2),
  op.end,
  get('address'), op.load(0), get('key'), op.eq, op.brIf(1),
  get('u'), op.i32(1), op.add, op.i32(UNSEEN_MASK), op.and, set('u'), op.br(0),
  op.end, op.end,
  op.br(1),
  op.end,
  // Each distinct gram once a call (its stamp), its weight to the query's norm and its phrases' dots.
  get('slot'), op.load(4), get('gen'), op.eq, op.brIf(0),
  get('slot'), get('gen'), op.store(4),
  get('slot'), op.loadF64(24), set('w2'),
  get('queryNorm'), get('w2'), op.addF64, set('queryNorm'),
  get('touched'), get('slot'), op.load(16), op.or, set('touched'),
  get('slot'), op.load(12), set('end'), get('slot'), op.load(8), set('p'),
  op.block, op.loop,
  get('p'), get('end'), op.ltS, op.eqz, op.brIf(1),
  at8('dots', [at4('post', get('p')), op.load()]), tee('address'), get('address'), op.loadF64(), get('w2'), op.addF64, op.storeF64(),
  get('p'), op.i32(1), op.add, set('p'), op.br(0),
  op.end, op.end,
  op.end,
  get('k'), op.i32(1), op.add, set('k'), op.br(0),
  op.end, op.end,
  get('queryNorm'), op.f64(0), op.eqF64, op.if, op.i32(0), op.return, op.end,
  get('queryNorm'), op.sqrtF64, set('qn'),
  // Per touched class, its best cosine; a phrase is divided only when its dot × 1/norm may beat or
  // tie the best so far (see InternedGrams.similarity), and its dot is cleared for the next call.
  eachTouchedClass([
    op.f64(0), set('top'), op.f64(0), set('topProduct'), op.f64(0), set('divideOver'),
    eachPhraseOfClass([
      at8('dots', get('i')), tee('address'), op.loadF64(), set('dot'),
      get('address'), op.f64(0), op.storeF64(),
      get('dot'), at8('inverseNorms', get('i')), op.loadF64(), op.mulF64, tee('product'),
      get('divideOver'), op.leF64, op.brIf(0),
      get('dot'), get('qn'), at8('norms', get('i')), op.loadF64(), op.mulF64, op.divF64, tee('cos'),
      get('top'), op.gtF64, op.if, get('cos'), set('top'), op.end,
      get('product'), get('topProduct'), op.gtF64, op.if,
      get('product'), set('topProduct'), get('product'), op.f64(1 - 1e-12), op.mulF64, set('divideOver'),
      op.end,
    ]),
    at8('best', get('c')), get('top'), op.storeF64(),
  ]),
  op.i32(0),
];

/** Returns 0, or 1 when the text has a surrogate (then `best` is not written and the dots are clear). */
export type SimilarityKernel = (
  n: number, gen: number, shift: number, slotMask: number, classCount: number,
  text: number, slots: number, post: number, unseen: number, dots: number, norms: number, inverseNorms: number, classStart: number, best: number,
  unseenWeight: number,
) => number;

/**
 * An instance of the kernel with a memory of at least `bytes` (zeroed), or undefined without
 * WebAssembly (then the JavaScript loops run). Compiled once a process, on first use.
 */
export const similarityKernel: (bytes: number) => { kernel: SimilarityKernel; buffer: ArrayBuffer } | undefined = kernelFactory<SimilarityKernel>(() => ({
  name: 'similarity',
  params: [...PARAMS.slice(0, -1).map(() => 'i32' as const), 'f64'],
  i32Locals: I32_LOCALS.length,
  f64Locals: F64_LOCALS.length,
  minPages: 1,
  body: kernelBody(),
  }));
