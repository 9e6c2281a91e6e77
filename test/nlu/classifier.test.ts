import { describe, expect, it } from 'vitest';
import { INTENT_IDS } from '../../src/intents/ids.js';
import { loadIntentFiles } from '../../src/intents/load.js';
import { NgramClassifier } from '../../src/nlu/classifier.js';
import { phraseVariants, typoVariants } from '../../src/nlu/classifier-variants.js';
import { loadExampleSets, trainIntentClassifier, type LabelledText } from '../../src/nlu/classifier-training.js';
import { CLASSIFIER_ON, createMatcher } from '../../src/nlu/index.js';

const ranked = (model: NgramClassifier, text: string): number[] => {
  const out = new Float64Array(model.classCount);
  model.logLikelihoods(text, out);
  return [...out.keys()].sort((a, b) => out[b]! - out[a]!);
};

describe('NgramClassifier', () => {
  const examples = [
    { text: 'あんしょうばんごうをわすれた', label: 0 },
    { text: 'ばんごうわすれてもうた', label: 0 },
    { text: 'かーどをなくした', label: 1 },
    { text: 'さいふごとかーどおとした', label: 1 },
  ];

  it('learns from character n-grams: an unseen mix of seen pieces goes to the right class', () => {
    const model = NgramClassifier.train(examples, 2, { bucketBits: 12 });
    expect(ranked(model, 'ばんごうわすれた')[0]).toBe(0);
    expect(ranked(model, 'かーどおとしてもうた')[0]).toBe(1);
  });

  it('logistic regression over the same features learns the same toy split', () => {
    const model = NgramClassifier.trainLogistic(examples, 2, { bucketBits: 12, epochs: 20 });
    expect(ranked(model, 'ばんごうわすれた')[0]).toBe(0);
    expect(ranked(model, 'かーどおとした')[0]).toBe(1);
  });

  it('round-trips through bytes (the build snapshot) and refuses bytes that are not a model', () => {
    const model = NgramClassifier.train(examples, 2, { bucketBits: 10 });
    const copy = NgramClassifier.fromBytes(model.toBytes({ key: 'k' }));
    expect(copy?.header.key).toBe('k');
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    model.logLikelihoods('かーどわすれた', a);
    copy!.model.logLikelihoods('かーどわすれた', b);
    expect([...b]).toEqual([...a]);
    expect(NgramClassifier.fromBytes(Buffer.from('not a model'))).toBeUndefined();
    expect(NgramClassifier.fromBytes(model.toBytes().subarray(0, 100))).toBeUndefined();
    // Two bytes a bucket's row number, then the rows (viewed where they lie when read).
    expect(copy?.header.layout).toBe('row-numbers-by-2-distinct-rows-by-4-le');
    // A changed table no longer has the stored digest: every bucket's row is checked (here two
    // buckets' row numbers become 0xfffc and 0xffff, rows the model does not have).
    const bytes = model.toBytes();
    const tables = (bytes.readUInt32LE(0) + 4 + 3) & ~3;
    bytes.writeInt32LE(-4, tables + 8);
    expect(NgramClassifier.fromBytes(bytes)).toBeUndefined();
    bytes.writeInt32LE(0, tables + 8);
    expect(NgramClassifier.fromBytes(bytes)).toBeDefined();
  });

  it('sums four classes per word to the same numbers as byte by byte (the reference), at every length and class count', () => {
    for (const classCount of [2, 3, 4, 5, 9, 12, 13, 21]) {
      const labelled = examples.map((e, i) => ({ ...e, label: i % classCount }));
      const model = NgramClassifier.train(labelled, classCount, { bucketBits: 10 });
      for (const text of ['', 'あ', 'かーどわすれた', 'ばんごう'.repeat(30), 'さいふごと'.repeat(200)]) {
        const fast = new Float64Array(classCount);
        const reference = new Float64Array(classCount);
        expect(model.logLikelihoods(text, fast)).toBe(model.logLikelihoodsReference(text, reference));
        expect([...fast]).toEqual([...reference]);
      }
    }
  });

  it('reads any text without throwing: empty, emoji, lone surrogates, 10,000 characters', () => {
    const model = NgramClassifier.train(examples, 2, { bucketBits: 10 });
    for (const text of ['', '😅', '\ud800', 'あ'.repeat(10_000)]) {
      const out = new Float64Array(2);
      model.logLikelihoods(text, out);
      expect(out.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('phraseVariants', () => {
  it('drops particles, changes endings, adds typos; deterministic, never the phrase itself', () => {
    const variants = phraseVariants('暗証番号を忘れました');
    expect(variants).toContain('暗証番号忘れました');
    expect(variants).toContain('暗証番号を忘れた');
    expect(variants).not.toContain('暗証番号を忘れました');
    expect(phraseVariants('暗証番号を忘れました')).toEqual(variants);
    expect(phraseVariants('わからない')).toEqual(expect.arrayContaining(['わからへん', 'わからん']));
  });
});

describe('typoVariants', () => {
  it('drops one inner character, then swaps two neighbours, in turn; deterministic', () => {
    const phrase = 'かーどをなくした';
    const variants = typoVariants(phrase, 4);
    expect(variants.length).toBeGreaterThanOrEqual(3);
    const sorted = (t: string) => [...t].sort().join('');
    for (const v of variants) {
      expect(v).not.toBe(phrase);
      expect(v[0]).toBe('か');
      // a character dropped, or the same characters in another order (two neighbours swapped)
      if (v.length === phrase.length) expect(sorted(v)).toBe(sorted(phrase));
      else expect(v.length).toBe(phrase.length - 1);
    }
    expect(variants.some((v) => v.length === phrase.length - 1)).toBe(true);
    expect(variants.some((v) => v.length === phrase.length)).toBe(true);
    expect(typoVariants('かーどをなくした', 4)).toEqual(variants);
    expect(typoVariants('いや', 4)).toEqual([]);
  });

  it("a labelled line's typos train its intent: a misspelling no phrase holds is read by the line", () => {
    // One labelled line for an intent no phrase describes this way; its dropped-character spelling
    // is what a resident types.
    const intents = loadIntentFiles().map((i) => ({ id: i.id, phrases: i.phrases }));
    const line = { intent: 'lost_card' as const, text: 'せんたくきにかーどをいれてまわしてしまった' };
    const prepare = (t: string) => t;
    const typo = typoVariants(line.text, 4)[0]!;
    const score = (exampleVariantWeight: number) => {
      const model = trainIntentClassifier(intents, [line], prepare, { exampleVariantWeight });
      const out = new Float64Array(model.classCount);
      model.logLikelihoods(typo, out);
      return out;
    };
    const lostCard = INTENT_IDS.indexOf('lost_card');
    expect(lostCard).toBeGreaterThanOrEqual(0);
    const withTypos = score(1), without = score(0);
    // The margin of lost_card over the best other class grows when the line's typos are trained.
    const margin = (out: Float64Array, k: number) => out[k]! - Math.max(...[...out].filter((_, i) => i !== k));
    expect(margin(withTypos, lostCard)).toBeGreaterThan(margin(without, lostCard));
  });
});

describe('one phrase staff add carries to its paraphrases', () => {
  // A question no intent covers today (a card washed in the machine); staff decide it belongs with
  // lost_card (reissue) and add ONE phrase, as the review command does, then the matcher is rebuilt.
  const phrase = 'カードを洗濯してしまって使えなくなった';
  // 「マイナカードを洗濯機で洗っちゃった」 was a paraphrase here until heldout53 (2026-12-06) labelled
  // 「洗濯機のチャイルドロックが外れない」 out of scope: one phrase does not carry past a word (洗濯機)
  // that a labelled `none` line owns; staff add a second phrase for that (measured: 0.742 `none`).
  const paraphrases = ['ポケットにマイナカード入れたまま洗濯した', 'カード洗濯してもうた', 'うっかりカードを洗濯しちゃった', 'カードを洗ってしまいました'];
  const nearMisses = ['洗濯機が壊れた', '洗濯物の干し方', 'キャッシュカードを洗濯してしまった'];
  const intents = loadIntentFiles();
  const withPhrase = intents.map((i) => (i.id === 'lost_card' ? { ...i, phrases: [...i.phrases, phrase] } : i));
  const before = createMatcher({ intents, ...CLASSIFIER_ON });
  const after = createMatcher({ intents: withPhrase, ...CLASSIFIER_ON });

  it('before: neither the sentence nor its paraphrases go to lost_card', () => {
    for (const text of [phrase, ...paraphrases]) expect(before.match(text).intent, text).not.toBe('lost_card');
  });

  it('after: the sentence and every paraphrase go to lost_card', () => {
    for (const text of [phrase, ...paraphrases]) expect(after.match(text).intent, text).toBe('lost_card');
  });

  it('the nearest-phrase similarity alone (classifier off) does not carry it to the paraphrases', () => {
    const phrasesOnly = createMatcher({ intents: withPhrase, classifierWeight: 0 });
    expect(paraphrases.filter((text) => phrasesOnly.match(text).intent === 'lost_card')).toEqual([]);
  });

  it('near misses sharing its words still answer none', () => {
    for (const text of nearMisses) expect(after.match(text).intent, text).toBe('none');
  });
});

describe('the classifier on the labelled sets', () => {
  const sets = loadExampleSets();
  const score = (matcher: ReturnType<typeof createMatcher>, rows: readonly LabelledText[]) => {
    let inScope = 0, inScopeRight = 0, none = 0, noneRight = 0;
    for (const { intent, text } of rows) {
      const got = matcher.match(text).intent;
      if (intent === 'none') { none++; if (got === 'none') noneRight++; }
      else { inScope++; if (got === intent) inScopeRight++; }
    }
    return { inScope: inScopeRight / inScope, none: noneRight / none };
  };

  it('trained on every set, it keeps each at ≥ 0.95 / ≥ 0.95 (in sample)', () => {
    const matcher = createMatcher(CLASSIFIER_ON);
    // heldout42's and heldout48's `none`: 0.91 for the matcher alone (see test/nlu/matcher.test.ts,
    // floors); 0.95 through the engine.
    const noneFloor = (name: string): number => (name === 'heldout42.tsv' || name === 'heldout48.tsv' ? 0.91 : 0.95);
    const below = [...sets].map(([name, rows]) => ({ name, ...score(matcher, rows) })).filter((r) => r.inScope < 0.95 || r.none < noneFloor(r.name));
    expect(below).toEqual([]);
  });

  it('first sight: trained without the two sets written last (ja-a, ja-b), it beats the matcher without it on them', () => {
    const left = ['heldout34.tsv', 'heldout35.tsv'];
    const examples = [...sets].filter(([name]) => !left.includes(name)).flatMap(([, rows]) => rows);
    const withIt = createMatcher({ ...CLASSIFIER_ON, examples });
    const without = createMatcher({ classifierWeight: 0 });
    const a = score(withIt, sets.get('heldout35.tsv')!);
    const b = score(without, sets.get('heldout35.tsv')!);
    // Measured 2026-12-06: 0.967 / 0.886 with it, 0.929 / 0.771 without. Since heldout43 / 44
    // (ja-j / ja-k) are training data too, 0.957: 「暗証番号を思い出す方法ってある?」 leans to `none`
    // and 「…4桁3つを、全部同じ番号にそろえたい」 to the PIN types, at the matcher (held out through the
    // policy, heldout35–42: in-scope −2, `none` +1).
    expect(a.inScope).toBeGreaterThanOrEqual(0.95);
    expect(a.none).toBeGreaterThanOrEqual(0.88);
    expect(a.inScope).toBeGreaterThan(b.inScope);
    expect(a.none).toBeGreaterThan(b.none);
    expect(score(withIt, sets.get('heldout34.tsv')!).inScope).toBeGreaterThanOrEqual(0.98);
  });
});
