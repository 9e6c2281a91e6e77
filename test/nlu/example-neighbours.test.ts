import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { INTENT_IDS, type IntentId } from '../../src/intents/ids.js';
import { ExampleNeighbours } from '../../src/nlu/example-neighbours.js';
import { createMatcher } from '../../src/nlu/index.js';
import { normalise } from '../../src/nlu/normalise.js';
import { bigrams } from '../../src/nlu/phrase-index.js';

const labelled: Array<[IntentId, string]> = [
  ['forgot_pin', '暗証番号を忘れた'],
  ['forgot_pin', 'マイナンバーカードの暗証番号がわからない'],
  ['lost_card', 'マイナンバーカードをなくした'],
  ['none', '交付申請書をなくした'],
  ['none', 'キャッシュカードの暗証番号を忘れた'],
  ['greeting', 'こんにちは'],
];
const index = (): ExampleNeighbours =>
  ExampleNeighbours.build(
    labelled.map(([, t]) => normalise(t)),
    labelled.map(([i]) => INTENT_IDS.indexOf(i)),
  );

/** The cosines the index must give, computed the plain way: sets of bigram strings and maps. */
function reference(text: string): { none: number; inScope: number } {
  const docs = labelled.map(([intent, t]) => ({ intent, grams: bigrams(normalise(t)) }));
  const df = new Map<string, number>();
  for (const d of docs) for (const g of d.grams) df.set(g, (df.get(g) ?? 0) + 1);
  const w = (g: string): number => (df.has(g) ? Math.log(1 + docs.length / df.get(g)!) ** 2 : Math.log(1 + docs.length) ** 2);
  const q = bigrams(normalise(text));
  const qn = Math.sqrt([...q].reduce((s, g) => s + w(g), 0));
  const out = { none: 0, inScope: 0 };
  for (const d of docs) {
    const dot = [...q].filter((g) => d.grams.has(g)).reduce((s, g) => s + w(g), 0);
    const cos = dot / (qn * Math.sqrt([...d.grams].reduce((s, g) => s + w(g), 0)));
    if (d.intent === 'none') out.none = Math.max(out.none, cos);
    else out.inScope = Math.max(out.inScope, cos);
  }
  return out;
}

describe('ExampleNeighbours', () => {
  it('gives the cosine of the nearest `none` example and of the nearest answered one', () => {
    const near = index().nearest(normalise('マイナンバーカードの交付申請書をなくしました'));
    expect(near.none).toBeGreaterThan(near.inScope);
    for (const text of ['マイナンバーカードの交付申請書をなくしました', 'キャッシュカードの暗証番号忘れた', '暗証番号', 'カレーの作り方', 'こんにちは！']) {
      const got = index().nearest(normalise(text));
      const want = reference(text);
      expect(got.none, text).toBeCloseTo(want.none, 12);
      expect(got.inScope, text).toBeCloseTo(want.inScope, 12);
    }
  });

  it('reads an exact example as itself, and empty, emoji-only and one-character texts as nothing', () => {
    const built = index();
    expect(built.nearest(normalise('交付申請書をなくした')).none).toBeCloseTo(1, 12);
    for (const nothing of ['', '😀😀😀', 'あ']) {
      const reading = built.nearest(nothing);
      expect([reading.none, reading.inScope, reading.noneAtLeast(0.1), reading.inScopeOver(0)]).toEqual([0, 0, undefined, false]);
    }
    // Long input: the buffers grow, the answer is still right.
    expect(built.nearest(normalise(`${'あいう'.repeat(400)}交付申請書をなくした`)).none).toBeGreaterThan(0);
  });

  it('stores itself as bytes and reads them back; damaged bytes are refused, never read out of bounds', () => {
    const built = index();
    const bytes = built.toBytes({ key: 'k1' });
    const read = ExampleNeighbours.fromBytes(bytes)!;
    expect(read.header.key).toBe('k1');
    expect([read.header.postBytes, read.header.gramBytes]).toEqual([2, 2]);
    expect(read.index.size).toBe(labelled.length);
    // A Buffer at an odd offset, as readFileSync may give: still read.
    const shifted = Buffer.concat([Buffer.alloc(1), bytes]).subarray(1);
    for (const text of ['交付申請書をなくした', 'マイナンバーカードの暗証番号を忘れました', 'カレー']) {
      const [a, b] = [ExampleNeighbours.fromBytes(shifted)!.index.nearest(normalise(text)), built.nearest(normalise(text))];
      expect([a.none, a.inScope]).toEqual([b.none, b.inScope]);
    }
    expect(ExampleNeighbours.fromBytes(bytes.subarray(0, bytes.length - 4))).toBeUndefined();
    expect(ExampleNeighbours.fromBytes(Buffer.from('not an index'))).toBeUndefined();
    const corrupt = Buffer.from(bytes);
    corrupt.writeInt32LE(1_000_000, corrupt.length - 8); // an example's bigram past the table
    expect(ExampleNeighbours.fromBytes(corrupt)).toBeUndefined();
  });

  it('stores example and bigram indices in 32 bits once there are more than 65,536 of either', () => {
    // 70,000 examples: their indices need 32 bits; their bigrams 70,000 (wide) or 3,000 (narrow).
    for (const kinds of [300, 10]) {
      const texts = Array.from({ length: 70_000 }, (_, i) => String.fromCharCode(0x4e00 + (i % 300), 0x5000 + (Math.floor(i / 300) % kinds), 0x3042 + (i % 7)));
      const built = ExampleNeighbours.build(texts, texts.map((_, i) => (i % 3 === 0 ? INTENT_IDS.indexOf('none') : 0)));
      const read = ExampleNeighbours.fromBytes(built.toBytes())!;
      expect(read.index.size).toBe(70_000);
      expect([read.header.postBytes, read.header.gramBytes]).toEqual([4, kinds === 300 ? 4 : 2]);
      for (const text of [texts[0]!, texts[69_999]!, texts[31_234]! + texts[4]!, 'カレー']) {
        const [a, b] = [read.index.nearest(text), built.nearest(text)];
        expect([a.none, a.inScope], text).toEqual([b.none, b.inScope]);
      }
      expect(built.nearest(texts[69_999]!).inScope + built.nearest(texts[69_999]!).none).toBeGreaterThan(0.9);
    }
  });

  it('answers the policy\'s questions as the full cosines would, reading only what they need', () => {
    const matcher = createMatcher({ cacheSize: 0 });
    const texts = [
      ...readdirSync(join(REPO_ROOT, 'test/fixtures'))
        .filter((f) => /^heldout\d*\.tsv$/.test(f))
        .flatMap((f) => readFileSync(join(REPO_ROOT, 'test/fixtures', f), 'utf8').split('\n').slice(1, 120)),
      'コンビニで住民票を取りたい',
      'e-Taxの利用者識別番号の暗証番号を忘れました',
    ].map((line) => line.split('\t').pop()!).filter(Boolean);
    expect(texts.length).toBeGreaterThan(4000);
    let declined = 0;
    for (const text of texts) {
      const normalised = matcher.match(text).normalised;
      const full = matcher.neighbours!(text, normalised);
      if (!full) continue;
      const { none, inScope } = full;
      for (const bar of [0.2, 0.4, 0.6]) {
        const partial = matcher.neighbours!(text, normalised)!;
        // Summed in another order: equal to the last bits, so cosines within 1e-9 of the bar are not asked.
        const found = partial.noneAtLeast(bar);
        if (none >= bar + 1e-9) expect(found, text).toBeCloseTo(none, 12);
        if (none < bar - 1e-9) expect(found, text).toBeUndefined();
        if (Math.abs(inScope - bar) > 1e-9) expect(partial.inScopeOver(bar), text).toBe(inScope > bar);
      }
      if (none >= 0.4 && none - inScope >= 0.2) declined++;
    }
    expect(declined).toBeGreaterThan(100); // the labelled `none` lines are their own neighbours
    // 4,000 texts three times over: about 3 s alone, and over vitest's 5 s when the machine is shared.
  }, 30_000);

  it('is what the matcher consults: its labelled sets and phrases (`none` included), Japanese only', () => {
    const matcher = createMatcher({ cacheSize: 0 });
    const ask = (text: string) => matcher.neighbours!(text, matcher.match(text).normalised);
    // A line of none.yaml's phrases is its own nearest example.
    expect(ask('カード本体の有効期限が来たので作り直したい')!.none).toBeCloseTo(1, 6);
    expect(ask('マイナンバーカードの暗証番号を忘れました')!.inScope).toBeGreaterThan(0.9);
    // English goes to the English matcher, which has no labelled examples.
    expect(ask('I forgot my PIN')).toBeUndefined();
  });
});
