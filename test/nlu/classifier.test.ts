import { describe, expect, it } from 'vitest';
import { loadIntentFiles } from '../../src/intents/load.js';
import { NgramClassifier } from '../../src/nlu/classifier.js';
import { phraseVariants } from '../../src/nlu/classifier-variants.js';
import { createMatcher } from '../../src/nlu/index.js';

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

describe('one phrase staff add carries to its paraphrases', () => {
  // A question no intent covers today (a card washed in the machine); staff decide it belongs with
  // lost_card (reissue) and add ONE phrase, as the review command does, then the matcher is rebuilt.
  const phrase = 'カードを洗濯してしまって使えなくなった';
  const paraphrases = ['マイナカードを洗濯機で洗っちゃった', 'カード洗濯してもうた', 'ポケットにカード入れたまま洗濯した'];
  const nearMisses = ['洗濯機が壊れた', '洗濯物の干し方', 'キャッシュカードを洗濯してしまった'];
  const intents = loadIntentFiles();
  const withPhrase = intents.map((i) => (i.id === 'lost_card' ? { ...i, phrases: [...i.phrases, phrase] } : i));
  const before = createMatcher({ intents });
  const after = createMatcher({ intents: withPhrase });

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
