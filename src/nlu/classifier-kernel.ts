/**
 * The n-gram classifier's log-likelihood sums (NgramClassifier.logLikelihoods in
 * src/nlu/classifier.ts) as a WebAssembly function: the same hashes, the same rows, the same
 * integer sums.
 *
 * Why: compiled JavaScript checks every typed-array read against the array's length and reloads
 * its data pointer, and the classifier reads three rows a character, a few words each. Alone
 * 1.14 → 0.80 µs a call (bench/classifier-wasm-probe.mjs, 2026-12-07). The sums are of small
 * integers (the table's bytes, four to a 32-bit word, added two lanes at a time as in the
 * JavaScript), exact in both: the caller gets the same numbers.
 *
 * The tables live in the instance's memory at the byte offsets the call passes (see
 * NgramClassifier.startKernel): the text's UTF-16 units (and one more unit, read and ignored at the
 * end marker), the buckets' two-byte row numbers, the rows (Int32 words), the n-grams' row
 * addresses, and the result: per class an Int32, the sum of its biased bytes less the bias (four
 * classes a word of the rows, `4 × words` of them).
 */
import { kernelFactory, op, type Code } from './wasm-assembler.js';

/** The kernel's parameters, in order (all i32). `lanes`: 64 bytes the SIMD kernel keeps its sums in (the other ignores it). */
const PARAMS = ['n', 'mask', 'words', 'text', 'rowNumbers', 'packed', 'rows', 'out', 'lanes'] as const;
const I32_LOCALS = ['i', 'c', 'p1', 'p2', 'grams', 'h', 'q', 'from', 'to', 'bias', 'j', 'w', 'e', 'o', 'address'] as const;
/** The SIMD kernel's: the sums of a row's bytes 0–7, 8–15, 16–23 and 24–31 in 16-bit lanes, and a row's 16 bytes. */
const V128_LOCALS = ['a0', 'a1', 'a2', 'a3', 'v'] as const;
type Local = (typeof PARAMS)[number] | (typeof I32_LOCALS)[number] | (typeof V128_LOCALS)[number];
const index = new Map<Local, number>([...PARAMS, ...I32_LOCALS, ...V128_LOCALS].map((name, i) => [name, i]));
const get = (name: Local): Code => op.get(index.get(name)!);
const set = (name: Local): Code => op.set(index.get(name)!);
const tee = (name: Local): Code => op.tee(index.get(name)!);

// The start and end markers of classifier.ts (n-grams at the text's edges are their own features).
const START = 0x02;
const END = 0x03;

/** classifier.ts's bucketOf of the hash on the stack: h ^= h >>> 15; h = imul(h, 0x2c1b3c6d); h ^= h >>> 12; h & mask. */
const bucketOf = (hash: Code): Code => [
  hash, tee('h'), get('h'), op.i32(15), op.shrU, op.xor,
  op.i32(0x2c1b3c6d), op.mul, tee('h'), get('h'), op.i32(12), op.shrU, op.xor,
  get('mask'), op.and,
];
/** hash1(c), hash2(p1, c), hash3(p2, p1, c) of classifier.ts (Math.imul is i32.mul; + wraps as ToInt32 does). */
const hash1: Code = [get('c'), op.i32(0x2c1b3c6d), op.xor, op.i32(0x9e3779b1), op.mul];
const hash2: Code = [get('p1'), op.i32(0x01000193), op.mul, get('c'), op.xor, op.i32(0x297a2d39), op.add, op.i32(0x85ebca6b), op.mul];
const hash3: Code = [
  get('p2'), op.i32(0x01000193), op.mul, get('p1'), op.xor, op.i32(0x01000193), op.mul,
  get('c'), op.xor, op.i32(0x6c8e9cf5), op.add, op.i32(0xc2b2ae35), op.mul,
];
/** rows[grams++] = the byte address of the bucket's row: packed + rowNumbers[bucket] × words × 4. */
const pushRow = (bucket: Code): Code => [
  get('rows'), get('grams'), op.i32(2), op.shl, op.add,
  get('rowNumbers'), bucket, op.i32(1), op.shl, op.add, op.load16(), get('words'), op.mul, op.i32(2), op.shl,
  get('packed'), op.add,
  op.store(),
  get('grams'), op.i32(1), op.add, set('grams'),
];

/** out[4j + lane] += the lane of `sum` (low or high 16 bits) − bias, at byte offset `offset` of the word's four. */
const addLane = (sum: Local, high: boolean, offset: number): Code => [
  get('address'),
  get('address'), op.load(offset), get(sum), ...(high ? [op.i32(16), op.shrU] : [op.i32(0xffff), op.and]), op.add, get('bias'), op.sub,
  op.store(offset),
];

/** Every n-gram's row address into `rows`, in the text's order (both kernels): for i in 0…n, c = text[i] (END at n). */
const rowsOfText: Code = [
  op.i32(START), set('p1'), op.i32(-1), set('p2'), op.i32(0), set('grams'), op.i32(0), set('i'),
  op.block, op.loop,
  get('text'), get('i'), op.i32(1), op.shl, op.add, op.load16(), op.i32(END), get('i'), get('n'), op.ltS, op.select, set('c'),
  get('c'), op.i32(END), op.ne, op.if, pushRow(bucketOf(hash1)), op.end,
  pushRow(bucketOf(hash2)),
  get('p2'), op.i32(0), op.geS, op.if, pushRow(bucketOf(hash3)), op.end,
  get('p1'), set('p2'), get('c'), set('p1'),
  get('i'), op.i32(1), op.add, tee('i'), get('n'), op.gtU, op.brIf(1), op.br(0),
  op.end, op.end,
];

/**
 * Both kernels' loop over the rows 256 at a time (a 16-bit lane holds 256 × 255): opens the loop (and the
 * block it leaves when every row is summed), sets `to` to the chunk's end and `bias` to 128 a row (the
 * bytes are stored offset by 128). The kernel closes both with `op.end, op.end` after its chunk's sums.
 */
const nextChunkOfRows: Code = [
    op.i32(0), set('from'),
    op.block, op.loop,
    get('from'), get('grams'), op.ltS, op.eqz, op.brIf(1),
    get('from'), op.i32(256), op.add, tee('to'), get('grams'), get('to'), get('grams'), op.ltS, op.select, set('to'),
    get('to'), get('from'), op.sub, op.i32(128), op.mul, set('bias'),
];

/** `acc` += the low or high eight bytes of `v` as 16-bit lanes. */
const addBytes = (acc: Local, high: boolean): Code => [get(acc), get('v'), high ? op.i16x8ExtendHighU : op.i16x8ExtendLowU, op.i16x8Add, set(acc)];

/**
 * The SIMD kernel's body, for rows of at most 8 words (32 classes): the same rows, and per chunk of
 * 256 rows each class's byte sum in a 16-bit lane (256 × 255 fits, as in the two-lane words of the
 * other), every row's 32 bytes in two loads instead of a word of every row a pass. A row of fewer
 * than 8 words is read past its end into the next row or the `rows` table laid out after the rows
 * (see NgramClassifier.startKernel): those lanes are summed and never read. The sums are the same
 * whole numbers, so `out` is too.
 */
function simdKernelBody(): Code {
  return [
    rowsOfText,
    nextChunkOfRows,
    op.v128Zero, set('a0'), op.v128Zero, set('a1'), op.v128Zero, set('a2'), op.v128Zero, set('a3'),
    get('from'), set('q'),
    op.block, op.loop,
    get('rows'), get('q'), op.i32(2), op.shl, op.add, op.load(), tee('address'), op.v128Load(0), set('v'),
    addBytes('a0', false), addBytes('a1', true),
    get('address'), op.v128Load(16), set('v'),
    addBytes('a2', false), addBytes('a3', true),
    get('q'), op.i32(1), op.add, tee('q'), get('to'), op.ltS, op.brIf(0),
    op.end, op.end,
    get('lanes'), get('a0'), op.v128Store(0), get('lanes'), get('a1'), op.v128Store(16),
    get('lanes'), get('a2'), op.v128Store(32), get('lanes'), get('a3'), op.v128Store(48),
    // out[j] += lane j − bias, for the 4 × words classes of a row.
    op.i32(0), set('j'),
    op.block, op.loop,
    get('out'), get('j'), op.i32(2), op.shl, op.add, tee('address'),
    get('address'), op.load(), get('lanes'), get('j'), op.i32(1), op.shl, op.add, op.load16(), op.add, get('bias'), op.sub,
    op.store(),
    get('j'), op.i32(1), op.add, tee('j'), get('words'), op.i32(2), op.shl, op.ltS, op.brIf(0),
    op.end, op.end,
    get('to'), set('from'), op.br(0),
    op.end, op.end,
    get('grams'),
  ];
}

function kernelBody(): Code {
  return [
    rowsOfText,
    // The rows' sums, 256 rows at a time (a 16-bit lane holds 256 × 255), a word of every row a pass.
    nextChunkOfRows,
    op.i32(0), set('j'),
    op.block, op.loop,
    op.i32(0), set('e'), op.i32(0), set('o'), get('from'), set('q'),
    op.block, op.loop,
    get('rows'), get('q'), op.i32(2), op.shl, op.add, op.load(), get('j'), op.i32(2), op.shl, op.add, op.load(), set('w'),
    get('e'), get('w'), op.i32(0xff00ff), op.and, op.add, set('e'),
    get('o'), get('w'), op.i32(8), op.shrS, op.i32(0xff00ff), op.and, op.add, set('o'),
    get('q'), op.i32(1), op.add, tee('q'), get('to'), op.ltS, op.brIf(0),
    op.end, op.end,
    // Classes 4j … 4j + 3: the even lanes' sum holds 4j and 4j + 2, the odd lanes' 4j + 1 and 4j + 3.
    get('out'), get('j'), op.i32(4), op.shl, op.add, set('address'),
    addLane('e', false, 0),
    addLane('o', false, 4),
    addLane('e', true, 8),
    addLane('o', true, 12),
    get('j'), op.i32(1), op.add, tee('j'), get('words'), op.ltS, op.brIf(0),
    op.end, op.end,
    get('to'), set('from'), op.br(0),
    op.end, op.end,
    get('grams'),
  ];
}

/** The kernel: (n, mask, words, text, rowNumbers, packed, rows, out, lanes) → how many n-grams. */
export type ClassifierKernel = (n: number, mask: number, words: number, text: number, rowNumbers: number, packed: number, rows: number, out: number, lanes: number) => number;

/**
 * An instance of the kernel with a memory of at least `bytes` (zeroed), or undefined without
 * WebAssembly (then the JavaScript loops run). Compiled once a process, on first use.
 */
export const classifierKernel: (bytes: number) => { kernel: ClassifierKernel; buffer: ArrayBuffer } | undefined = kernelFactory<ClassifierKernel>(() => ({
  name: 'logLikelihoods',
  params: PARAMS.map(() => 'i32' as const),
  i32Locals: I32_LOCALS.length,
  f64Locals: 0,
  minPages: 1,
  body: kernelBody(),
  }));

/**
 * The kernel by SIMD, for rows of at most {@link SIMD_MAX_WORDS} words (see simdKernelBody), or
 * undefined where WebAssembly or its SIMD is not available (then {@link classifierKernel}).
 * Alone about half the other's instructions a call (bench/callgrind-by-function.mjs, 2026-12-07).
 */
export const classifierSimdKernel: (bytes: number) => { kernel: ClassifierKernel; buffer: ArrayBuffer } | undefined = kernelFactory<ClassifierKernel>(() => ({
  name: 'logLikelihoods',
  params: PARAMS.map(() => 'i32' as const),
  i32Locals: I32_LOCALS.length,
  f64Locals: 0,
  v128Locals: V128_LOCALS.length,
  minPages: 1,
  body: simdKernelBody(),
}));

/** The widest rows the SIMD kernel sums (two 16-byte loads a row). */
export const SIMD_MAX_WORDS = 8;
