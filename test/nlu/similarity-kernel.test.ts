import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadIntentFiles } from '../../src/intents/load.js';
import { normalise } from '../../src/nlu/normalise.js';
import { PhraseIndex } from '../../src/nlu/phrase-index.js';
import { functionModule, op, wasmApi } from '../../src/nlu/wasm-assembler.js';
import { REPO_ROOT } from '../helpers/paths.js';

const definitions = loadIntentFiles().filter((i) => i.id !== 'none');
const phrases = definitions.flatMap((d) => d.phrases.map((p) => normalise(p)));
const owners = definitions.flatMap((d, c) => d.phrases.map(() => c));
const fixtureDir = join(REPO_ROOT, 'test/fixtures');
const texts = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.tsv'))
  .flatMap((f) => readFileSync(join(fixtureDir, f), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => normalise(l.split('\t')[1] ?? '')));
// The edges: empty, one unit (its unigram), spaces, a surrogate midway and the same text after it
// (no sum of the first may be left over), an unseen gram twice, the longest text read and one more.
const edges = ['', 'あ', ' ', 'x', 'あ い', '😀あ', 'あ😀い', '暗証番号を忘れた𠮷野家', '暗証番号を忘れた', 'ゞゞゞゞ', 'あ'.repeat(1000), 'あ'.repeat(1001)];

const numbers = (index: PhraseIndex, text: string): string => JSON.stringify([...index.similarity(text)]);

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('the phrase similarity kernel (WebAssembly)', () => {
  it('answers with the same numbers as the reference, on every fixture line and the edges', { timeout: 60_000 }, () => {
    const index = new PhraseIndex(phrases, owners, definitions.length);
    const kernelOf = (): unknown => (index as unknown as { grams: { kernel?: unknown } }).grams.kernel;
    // The JavaScript loops answer the first calls (a one-shot ask never compiles the kernel), then the kernel.
    expect(kernelOf()).toBeUndefined();
    const differ = [...edges, ...texts, ...edges].filter((text) => numbers(index, text) !== JSON.stringify([...index.similarityReference(text)]));
    expect(differ).toEqual([]);
    expect(kernelOf()).toBeTypeOf('function');
    expect(texts.length).toBeGreaterThan(10_000);
  });

  it('without WebAssembly (node --jitless), the JavaScript loops answer the same numbers', { timeout: 60_000 }, async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    const { PhraseIndex: WithoutKernel } = await import('../../src/nlu/phrase-index.js');
    const plain = new WithoutKernel(phrases, owners, definitions.length);
    expect((plain as unknown as { grams: { kernel?: unknown } }).grams.kernel).toBeUndefined();
    const withKernel = new PhraseIndex(phrases, owners, definitions.length);
    const differ = [...texts, ...edges].filter((text) => numbers(plain, text) !== numbers(withKernel, text));
    expect(differ).toEqual([]);
  });

  it('assembles modules the WebAssembly engine accepts and runs as written', () => {
    // (a + b) × 3 with a local, the loop and branch shapes the kernel uses.
    const bytes = functionModule({
      name: 'f',
      params: ['i32', 'i32'],
      i32Locals: 1,
      f64Locals: 0,
      minPages: 1,
      body: [op.get(0), op.get(1), op.add, op.set(2), op.block, op.loop, op.get(2), op.i32(0x9e3779b1), op.ne, op.brIf(1), op.end, op.end, op.get(2), op.i32(3), op.mul],
    });
    const wasm = wasmApi!;
    const memory = new wasm.Memory({ initial: 1 });
    const f = new wasm.Instance(new wasm.Module(bytes), { env: { memory } }).exports.f as (a: number, b: number) => number;
    expect(f(2, 5)).toBe(21);
    expect(f(-4, 1)).toBe(-9);
  });
});
