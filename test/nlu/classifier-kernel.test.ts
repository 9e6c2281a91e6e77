import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NgramClassifier } from '../../src/nlu/classifier.js';
import { normalise } from '../../src/nlu/normalise.js';
import { REPO_ROOT } from '../helpers/paths.js';

const fixtureDir = join(REPO_ROOT, 'test/fixtures');
const texts = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.tsv'))
  .flatMap((f) => readFileSync(join(fixtureDir, f), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => normalise(l.split('\t')[1] ?? '')));
// The edges: empty, one unit, the end marker itself, lone surrogates, more than 256 n-grams (the
// sums go by chunks of 256), the longest text the kernel reads and one more (the loops read it).
const edges = ['', 'あ', '\u0003', 'あ\u0003い', '\ud800', '😀あ', 'ばんごう'.repeat(30), 'さいふごと'.repeat(200), 'あ'.repeat(1000), 'あ'.repeat(1001)];

/** A model over the fixture lines, labelled by their order (what the model says does not matter here, only that both paths say it). */
const model = (): NgramClassifier =>
  NgramClassifier.train(
    texts.slice(0, 4000).map((text, i) => ({ text, label: i % 21 })),
    21,
    { bucketBits: 14 },
  );

const numbers = (m: NgramClassifier, text: string, reference = false): string => {
  const out = new Float64Array(m.classCount);
  const grams = reference ? m.logLikelihoodsReference(text, out) : m.logLikelihoods(text, out);
  return JSON.stringify([grams, ...out]);
};

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('the classifier kernel (WebAssembly)', () => {
  it('answers with the same numbers as the reference, on every fixture line and the edges', { timeout: 60_000 }, () => {
    const m = model();
    const kernelOf = (): unknown => (m as unknown as { kernel?: unknown }).kernel;
    // The JavaScript loops answer the first calls (a one-shot ask never copies the table), then the kernel.
    expect(kernelOf()).toBeUndefined();
    const differ = [...edges, ...texts, ...edges].filter((text) => numbers(m, text) !== numbers(m, text, true));
    expect(differ).toEqual([]);
    expect(kernelOf()).toBeTypeOf('function');
    expect(texts.length).toBeGreaterThan(10_000);
  });

  // 21 classes are rows of 6 words (the SIMD kernel's two loads read 8 words of each); 3 classes
  // one word, read 28 bytes past each row; 40 classes 10 words, past SIMD_MAX_WORDS: the word-at-a-time kernel.
  it.each([3, 40])('answers with the same numbers as the reference with %i classes', { timeout: 60_000 }, (classes) => {
    const m = NgramClassifier.train(
      texts.slice(0, 4000).map((text, i) => ({ text, label: i % classes })),
      classes,
      { bucketBits: 14 },
    );
    const differ = [...edges, ...texts.slice(0, 3000), ...edges].filter((text) => numbers(m, text) !== numbers(m, text, true));
    expect(differ).toEqual([]);
    expect((m as unknown as { kernel?: unknown }).kernel).toBeTypeOf('function');
  });

  it('the model moved into the kernel writes the same bytes', () => {
    const m = model();
    const before = m.toBytes({ key: 'k' });
    for (let i = 0; i < 100; i++) numbers(m, texts[i]!);
    expect((m as unknown as { kernel?: unknown }).kernel).toBeTypeOf('function');
    expect(m.toBytes({ key: 'k' }).equals(before)).toBe(true);
  });

  it('without WebAssembly (node --jitless), the JavaScript loops answer the same numbers', { timeout: 60_000 }, async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    const { NgramClassifier: WithoutKernel } = await import('../../src/nlu/classifier.js');
    const plain = WithoutKernel.fromBytes(model().toBytes())!.model;
    const withKernel = model();
    const differ = [...texts, ...edges].filter((text) => numbers(plain, text) !== numbers(withKernel, text));
    expect((plain as unknown as { kernel?: unknown }).kernel).toBeUndefined();
    expect(differ).toEqual([]);
  });
});
