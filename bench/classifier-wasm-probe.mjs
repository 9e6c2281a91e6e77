// A probe, not product code: the classifier's logLikelihoods as a hand-assembled WebAssembly
// kernel (scalar, the same four-bytes-a-word sums as src/nlu/classifier.ts), checked equal to the
// JS one on 40,000 lines' normalised texts, then swapped into the live matcher's model in
// alternating slices (CPU time, one process). Question asked: is the classifier's share of a match
// its instructions (TurboFan reloads every typed array's pointers at each iteration) or its cache
// misses? 2026-12-06 (speed12, busy host): alone 1.05 → 0.75 µs a call (−30%), in the matcher
// 0.984–0.988 of the JS one — the misses (bench/classifier-cache-cost.mjs), so not worth a kernel.
//
//   node bench/classifier-wasm-probe.mjs [DIST=./dist]
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distinctLines } from './lines.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.argv[2] ?? join(root, 'dist'));
const { createMatcher } = await import(pathToFileURL(join(dist, 'nlu/index.js')).href);
const { NgramClassifier } = await import(pathToFileURL(join(dist, 'nlu/classifier.js')).href);

// ---- a tiny assembler ----
const uleb = (n) => { const out = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return out; };
const sleb = (n) => { const out = []; for (;;) { const b = n & 0x7f; n >>= 7; if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; } out.push(b | 0x80); } };
const op = {
  get: (i) => [0x20, ...uleb(i)], set: (i) => [0x21, ...uleb(i)], tee: (i) => [0x22, ...uleb(i)],
  c: (v) => [0x41, ...sleb(v | 0)],
  load: (off = 0) => [0x28, 2, ...uleb(off)], load16: (off = 0) => [0x2f, 1, ...uleb(off)], store: (off = 0) => [0x36, 2, ...uleb(off)],
  add: [0x6a], sub: [0x6b], mul: [0x6c], and: [0x71], or: [0x72], xor: [0x73], shl: [0x74], shrs: [0x75], shru: [0x76],
  ltu: [0x49], lts: [0x48], ges: [0x4e], ne: [0x47], eq: [0x46], eqz: [0x45], gtu: [0x4b],
  block: [0x02, 0x40], loop: [0x03, 0x40], if: [0x04, 0x40], else: [0x05], end: [0x0b], br: (d) => [0x0c, ...uleb(d)], brif: (d) => [0x0d, ...uleb(d)],
  select: [0x1b],
};
const flat = (...xs) => xs.flat(Infinity);

// Locals: params n(0) mask(1) words(2) textAt(3) rowNumAt(4) packedAt(5) rowsAt(6) outAt(7)
// then i(8) c(9) p1(10) p2(11) grams(12) h(13) q(14) r(15) e(16) o(17) from(18) to(19) bias(20) j(21) w(22) e2(23) o2(24) e3(25) o3(26)
const [N, MASK, WORDS, TEXT, RN, PK, ROWS, OUT, I, C, P1, P2, G, H, Q, R, E, O, FROM, TO, BIAS, J, W] = [...Array(23).keys()];
const START = 2, END = 3;
// bucketOf(h): h ^= h >>> 15; h = imul(h, 0x2c1b3c6d); h ^= h >>> 12; h & mask
const bucketOf = (hashCode) => flat(hashCode, op.tee(H), op.get(H), op.c(15), op.shru, op.xor, op.c(0x2c1b3c6d), op.mul, op.tee(H), op.get(H), op.c(12), op.shru, op.xor, op.get(MASK), op.and);
// rows[grams++] = rowNumberOf[b] * words * 4 (byte offset of the row)
const pushRow = (bucketCode) => flat(
  op.get(ROWS), op.get(G), op.c(2), op.shl, op.add, // address of rows[grams]
  op.get(RN), bucketCode, op.c(1), op.shl, op.add, op.load16(), op.get(WORDS), op.mul, op.c(2), op.shl,
  op.get(PK), op.add,
  op.store(),
  op.get(G), op.c(1), op.add, op.set(G),
);
const hash1 = flat(op.get(C), op.c(0x2c1b3c6d), op.xor, op.c(0x9e3779b1), op.mul);
const hash2 = flat(op.get(P1), op.c(0x01000193), op.mul, op.get(C), op.xor, op.c(0x297a2d39), op.add, op.c(0x85ebca6b), op.mul);
const hash3 = flat(op.get(P2), op.c(0x01000193), op.mul, op.get(P1), op.xor, op.c(0x01000193), op.mul, op.get(C), op.xor, op.c(0x6c8e9cf5), op.add, op.c(0xc2b2ae35), op.mul);
const body = flat(
  op.c(START), op.set(P1), op.c(-1), op.set(P2), op.c(0), op.set(G), op.c(0), op.set(I),
  op.block, op.loop,
  // c = i < n ? text[i] : END
  op.get(TEXT), op.get(I), op.c(1), op.shl, op.add, op.load16(), op.c(END), op.get(I), op.get(N), op.lts, op.select, op.set(C),
  op.get(C), op.c(END), op.ne, op.if, pushRow(bucketOf(hash1)), op.end,
  pushRow(bucketOf(hash2)),
  op.get(P2), op.c(0), op.ges, op.if, pushRow(bucketOf(hash3)), op.end,
  op.get(P1), op.set(P2), op.get(C), op.set(P1),
  op.get(I), op.c(1), op.add, op.tee(I), op.get(N), op.gtu, op.brif(1), op.br(0),
  op.end, op.end,
  // sums: for from in 0..grams step 256: for j in words: e/o over rows; out[4j..] += lanes - bias
  op.c(0), op.set(FROM),
  op.block, op.loop,
  op.get(FROM), op.get(G), op.lts, op.eqz, op.brif(1),
  // to = min(grams, from + 256)
  op.get(FROM), op.c(256), op.add, op.tee(TO), op.get(G), op.get(TO), op.get(G), op.lts, op.select, op.set(TO),
  op.get(TO), op.get(FROM), op.sub, op.c(128), op.mul, op.set(BIAS),
  op.c(0), op.set(J),
  op.block, op.loop,
  op.c(0), op.set(E), op.c(0), op.set(O), op.get(FROM), op.set(Q),
  op.block, op.loop,
  op.get(ROWS), op.get(Q), op.c(2), op.shl, op.add, op.load(), op.get(J), op.c(2), op.shl, op.add, op.load(), op.set(W),
  op.get(E), op.get(W), op.c(0xff00ff), op.and, op.add, op.set(E),
  op.get(O), op.get(W), op.c(8), op.shrs, op.c(0xff00ff), op.and, op.add, op.set(O),
  op.get(Q), op.c(1), op.add, op.tee(Q), op.get(TO), op.lts, op.brif(0),
  op.end, op.end,
  // out[4j] += (e & 0xffff) - bias; out[4j+1] += (o & 0xffff) - bias; out[4j+2] += (e >>> 16) - bias; out[4j+3] += (o >>> 16) - bias
  ...[[E, false, 0], [O, false, 4], [E, true, 8], [O, true, 12]].map(([v, high, off]) => flat(
    op.get(OUT), op.get(J), op.c(4), op.shl, op.add, op.tee(H),
    op.get(H), op.load(off), op.get(v), ...(high ? [op.c(16), op.shru] : [op.c(0xffff), op.and]), op.add, op.get(BIAS), op.sub,
    op.store(off),
  )),
  op.get(J), op.c(1), op.add, op.tee(J), op.get(WORDS), op.lts, op.brif(0),
  op.end, op.end,
  op.get(TO), op.set(FROM), op.br(0),
  op.end, op.end,
  op.get(G),
  op.end,
);
const localsDecl = [1, ...uleb(15), 0x7f]; // 15 more i32 locals (8..22)
const code = [...localsDecl, ...body];
const funcBody = [...uleb(code.length), ...code];
const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];
const type = section(1, [1, 0x60, 8, ...Array(8).fill(0x7f), 1, 0x7f]);
const imp = section(2, [1, 3, ...[...'env'].map((ch) => ch.charCodeAt(0)), 6, ...[...'memory'].map((ch) => ch.charCodeAt(0)), 0x02, 0x00, ...uleb(32)]);
const func = section(3, [1, 0]);
const exp = section(7, [1, 2, 0x6c, 0x6c, 0x00, 0]);
const codeSec = section(10, [1, ...funcBody]);
const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...imp, ...func, ...exp, ...codeSec]);
const memory = new WebAssembly.Memory({ initial: 32 });
const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
const kernel = instance.exports.ll;

const matcher = createMatcher({ cacheSize: 0 });
const lines = distinctLines(root, 120000);
for (const t of lines.slice(0, 10000)) matcher.match(t);
function classifierIn(value, seen = new Set()) {
  if (value === null || typeof value !== 'object' || seen.has(value)) return undefined;
  seen.add(value);
  if (value instanceof NgramClassifier) return value;
  for (const key of Object.keys(value)) { const f = classifierIn(value[key], seen); if (f) return f; }
}
const model = classifierIn(matcher);
const { words, classCount, mask } = model;
const TEXT_AT = 0, RN_AT = 8192, PK_AT = RN_AT + model.rowNumberOf.length * 2;
const ROWS_AT = PK_AT + model.packed.length * 4, OUT_AT = ROWS_AT + 3 * 4097 * 4;
const need = OUT_AT + 4 * 64;
if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
new Uint16Array(memory.buffer, RN_AT, model.rowNumberOf.length).set(model.rowNumberOf);
new Int32Array(memory.buffer, PK_AT, model.packed.length).set(model.packed);
const text16 = new Uint16Array(memory.buffer, TEXT_AT, 4096);
const out32 = new Int32Array(memory.buffer, OUT_AT, 32);
const { scale, center } = model;
function wasmLogLikelihoods(text, out) {
  const n = text.length;
  for (let i = 0; i < n; i++) text16[i] = text.charCodeAt(i);
  for (let k = 0; k < 24; k++) out32[k] = 0;
  const grams = kernel(n, mask, words, TEXT_AT, RN_AT, PK_AT, ROWS_AT, OUT_AT);
  for (let k = 0; k < classCount; k++) out[k] = (out[k] + out32[k]) * scale + grams * center;
  return grams;
}
// exactness on every line's normalised text
const a = new Float64Array(32), b = new Float64Array(32); let bad = 0;
const jsLL = model.logLikelihoods;
for (const t of lines.slice(0, 40000)) { const nt = matcher.match(t).normalised; a.fill(0); b.fill(0); const g1 = jsLL.call(model, nt, a); const g2 = wasmLogLikelihoods(nt, b); if (g1 !== g2 || a.some((x, k) => x !== b[k])) bad++; }
console.log(`texts whose log-likelihoods differ from the JS ones: ${bad} of 40,000`);
if (bad > 0) process.exitCode = 1;
const variants = { js: jsLL, wasm: wasmLogLikelihoods };
const per = { js: [], wasm: [] };
for (let r = 0; r < 3; r++) for (let at = 0; at < lines.length; at += 20000) {
  const slice = lines.slice(at, at + 20000);
  for (const k of (r + at / 20000) % 2 ? ['js', 'wasm'] : ['wasm', 'js']) { model.logLikelihoods = variants[k]; const s = process.cpuUsage(); for (const t of slice) matcher.match(t); const u = process.cpuUsage(s); per[k].push((u.user + u.system) / slice.length); }
}
const med = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
console.log(`in the matcher: js ${med(per.js).toFixed(2)} µs, wasm ${med(per.wasm).toFixed(2)} µs CPU a match (paired ${med(per.wasm.map((w, i) => w / per.js[i])).toFixed(3)})`);
const norm = lines.slice(0, 40000).map((t) => matcher.match(t).normalised);
const o = new Float64Array(32);
const iso = (f) => { for (let r = 0; r < 3; r++) for (const t of norm) { o.fill(0); f.call(model, t, o); } let best = Infinity; for (let r = 0; r < 5; r++) { const s = process.cpuUsage(); for (const t of norm) { o.fill(0); f.call(model, t, o); } const u = process.cpuUsage(s); best = Math.min(best, (u.user + u.system) / norm.length); } return best.toFixed(3); };
console.log(`alone, µs a call (alternated): js ${iso(jsLL)}, wasm ${iso(wasmLogLikelihoods)}, js ${iso(jsLL)}, wasm ${iso(wasmLogLikelihoods)}`);
