import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadIntentFiles } from '../../src/intents/load.js';
import { compileLexicon } from '../../src/nlu/lexicon.js';
import { KeyTermMatcher, lastClause, lastClauseReference, lastClauseSpan, type MatcherIntent } from '../../src/nlu/matcher.js';
import { normalise, normaliseMarking, normaliseReference, spanOfNormalised } from '../../src/nlu/normalise.js';
import { analysePattern, LiteralAutomaton, walkTables } from '../../src/nlu/pattern-scan.js';
import { PhraseIndex } from '../../src/nlu/phrase-index.js';
import { REPO_ROOT, SHARED_DIR, IN_CI } from '../helpers/paths.js';

describe('analysePattern', () => {
  it('reads literals and finite alternations as literal sets', () => {
    expect(analysePattern('暗証番号')).toEqual({ factors: ['暗証番号'], literal: true, always: false });
    const facts = analysePattern('(?:4|四)桁の?番号');
    expect(facts.literal).toBe(true);
    expect(new Set(facts.factors)).toEqual(new Set(['4桁番号', '4桁の番号', '四桁番号', '四桁の番号']));
    expect(analysePattern('x?').always).toBe(true);
  });

  it('finds the literal every match needs around assertions, wildcards and classes', () => {
    expect(analysePattern('(?<!被)後見人')).toEqual({ factors: ['後見人'], literal: false, always: false });
    expect(analysePattern('\\bpin\\b')).toEqual({ factors: ['pin'], literal: false, always: false });
    expect(analysePattern('ばんごう.{0,6}いくつ').factors).toEqual(['ばんごう']);
    const factors = analysePattern('(?:教え|伝え)(?:と|て)(?:って|いて)?[^ ]{0,3}ええ').factors!;
    expect(factors).toContain('伝えていて');
    expect(factors.every((f) => /^(?:教え|伝え)[とて]/.test(f))).toBe(true);
    expect(analysePattern('[らん]なくなっ')).toEqual({ factors: ['らなくなっ', 'んなくなっ'], literal: true, always: false });
  });

  it('gives up (the pattern then always runs) where no literal is certain', () => {
    expect(analysePattern('.{2,}').factors).toBeNull();
    expect(analysePattern('(a)\\1').factors).toBeNull(); // backreference
    expect(analysePattern('a|.+').factors).toBeNull();
    expect(analysePattern('[^あ]い?').factors).toBeNull();
  });

  it('is never wrong: every text a pattern matches contains one of its factors', () => {
    const patterns = ['(?:a|b)+c', 'x(?:yz|w){2}', '^(?:hi|hello)(?: |$)', '(?=.*k)m\\d', 'p[q-s]t', 'u\\.v', '\\u3042い'];
    const texts = ['ac', 'bbc', 'xyzw', 'xww', 'hi there', 'hello', 'km1', 'm2k', 'prt', 'u.v', 'あい', 'zzz'];
    for (const source of patterns) {
      const facts = analysePattern(source);
      const re = new RegExp(source, 'u');
      for (const text of texts) {
        if (re.test(text)) expect(facts.factors === null || facts.factors.some((f) => text.includes(f)), `${source} on ${text}`).toBe(true);
        if (facts.literal) expect(re.test(text)).toBe(facts.factors!.some((f) => text.includes(f)));
      }
    }
  });
});

describe('LiteralAutomaton', () => {
  it('reports every word occurrence, overlapping and nested ones too', () => {
    const automaton = new LiteralAutomaton(['he', 'she', 'his', 'hers', '暗証', '暗証番号'], [[0], [1], [2], [3], [4], [5]]);
    const found = (text: string) => {
      const { outputs, count } = automaton.collect(text);
      return [...outputs.slice(0, count)].sort();
    };
    expect(found('ushers')).toEqual([0, 1, 3]);
    expect(found('暗証番号を忘れた 暗証')).toEqual([4, 4, 5]);
    expect(found('nothing')).toEqual([]);
  });

  it('made again from its stored tables, finds the same words and reaches the same states', () => {
    const words = ['he', 'she', 'his', 'hers', '暗証', '暗証番号', '番号'];
    const outputs = words.map((_, i) => [i, -1 - i]);
    const built = new LiteralAutomaton(words, outputs);
    const stored = new LiteralAutomaton(words, outputs, built.tables().map((t) => Int32Array.from(t)));
    for (const text of ['ushers', '暗証番号を忘れた 暗証', 'his 番号 she', '']) {
      const a = built.collect(text);
      const first = [...a.outputs.slice(0, a.count)];
      const b = stored.collect(text);
      expect([...b.outputs.slice(0, b.count)]).toEqual(first);
      expect([...stored.collectStates(text).states.slice(0, stored.collectStates(text).count)]).toEqual([
        ...built.collectStates(text).states.slice(0, built.collectStates(text).count),
      ]);
    }
    expect(stored.stateCount).toBe(built.stateCount);
  });

  it('walks the wide tables when the automaton is too large to pack, finding every occurrence', () => {
    // Over 32,768 states no longer fit the packed cells: the scan must fall back, not misread them.
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) >> 16;
    const letters = 'あいうえおかきくけこさしすせそたちつてと';
    const words = [...new Set(Array.from({ length: 10_000 }, () => Array.from({ length: 8 }, () => letters[next() % letters.length]).join('')))];
    const big = new LiteralAutomaton(words, words.map((_, i) => [i]));
    expect(big.stateCount).toBeGreaterThan(0x8000);
    const [, , fail, , , , cells, steps, fails] = big.tables();
    expect(steps!.length).toBe(2 * cells!.length); // wide: four numbers a cell
    expect(fails!.length).toBe(2 * fail!.length);
    const text = words.slice(0, 50).join('ー') + Array.from({ length: 400 }, () => letters[next() % letters.length]).join('');
    const expected: number[] = [];
    for (let end = 1; end <= text.length; end++) words.forEach((w, i) => text.endsWith(w, end) && expected.push(i));
    const found = big.collect(text);
    expect([...found.outputs.slice(0, found.count)].sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
  });

  it('packs its walk tables, and reads an older build\'s wide ones the same', () => {
    const words = ['he', 'she', 'his', 'hers', '暗証', '暗証番号', '番号'];
    const outputs = words.map((_, i) => [i]);
    const built = new LiteralAutomaton(words, outputs);
    const tables = built.tables();
    expect(tables[7]!.length).toBe(tables[6]!.length); // packed: two numbers a cell
    const [, , fail, outStart, , base, cells] = tables;
    const wideTables = walkTables(base!, cells!, fail!, outStart!);
    const older = new LiteralAutomaton([], [], [...tables.slice(0, 7), ...wideTables].map((t) => Int32Array.from(t)));
    expect(older.tables().map((t) => [...t])).toEqual(tables.map((t) => [...t]));
    for (const text of ['ushers', '暗証番号を忘れた 暗証', 'his 番号 she', '']) {
      const a = older.collectStates(text);
      const first = [...a.states.slice(0, a.count)];
      const b = built.collectStates(text);
      expect([...b.states.slice(0, b.count)]).toEqual(first);
    }
  });

  it('stores its scan tables with it, and is made the same from the seven tables of an older build', () => {
    const words = ['he', 'she', 'his', 'hers', '暗証', '暗証番号', '番号'];
    const outputs = words.map((_, i) => [i]);
    const built = new LiteralAutomaton(words, outputs);
    const tables = built.tables();
    expect(tables).toHaveLength(9);
    const older = new LiteralAutomaton([], [], tables.slice(0, 7).map((t) => Int32Array.from(t)));
    // Scan tables of the wrong size are not used: derived again, as from the seven.
    const damaged = new LiteralAutomaton([], [], [...tables.slice(0, 7), new Int32Array(3), new Int32Array(3)].map((t) => Int32Array.from(t)));
    for (const automaton of [older, damaged]) {
      expect(automaton.tables().map((t) => [...t])).toEqual(tables.map((t) => [...t]));
      const a = automaton.collect('ushers 暗証番号');
      const b = built.collect('ushers 暗証番号');
      expect([...a.outputs.slice(0, a.count)]).toEqual([...b.outputs.slice(0, b.count)]);
    }
  });
});

// ---- The single pass against the straightforward implementation, line by line -----------------

function readTexts(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t')[1] ?? '');
}

const fixtureDir = join(REPO_ROOT, 'test/fixtures');
const files = readdirSync(fixtureDir).filter((f) => f.endsWith('.tsv')).map((f) => join(fixtureDir, f));
if (SHARED_DIR) files.push(join(SHARED_DIR, 'eval/dev.tsv'));
const lines = files.flatMap(readTexts);

const toKatakana = (s: string) => s.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
/** Realistic variants of every line: polite wrappers, katakana, joined, cut, one character changed. */
function variants(text: string, i: number): string[] {
  const other = lines[(i * 7919 + 13) % lines.length]!;
  const chars = [...text];
  const k = chars.length > 2 ? 1 + (i % (chars.length - 2)) : 0;
  const typo = chars.length > 2 ? [...chars.slice(0, k), other[0] ?? 'あ', ...chars.slice(k + 1)].join('') : text;
  return [
    `すみません、${text}`,
    `${text}？よろしくお願いします`,
    toKatakana(text),
    `${text}。${other}`,
    chars.slice(0, Math.ceil(chars.length / 2)).join(''),
    typo,
  ];
}
const allTexts = lines.flatMap((t, i) => [t, ...variants(t, i)]);

const lexiconData = parse(readFileSync(join(REPO_ROOT, 'intents/_lexicon.yaml'), 'utf8'));
const fast = compileLexicon(lexiconData);
const reference = compileLexicon(lexiconData, 'intents/_lexicon.yaml', { reference: true });

describe('the single pass gives what every regex in turn gives', () => {
  it.skipIf(!SHARED_DIR && !IN_CI)('read every line of every fixture and of dev.tsv', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(lines.length).toBeGreaterThan(8000);
  });

  it('normalise: the same text as without shortcuts', { timeout: 60_000 }, () => {
    const differ = allTexts.filter((text) => normalise(text) !== normaliseReference(text));
    expect(differ).toEqual([]);
  });

  it('normalise: the same text on random strings of the characters its shortcuts treat specially', { timeout: 60_000 }, () => {
    // Kana of both kinds, kanji, ASCII and full-width ASCII, long-vowel and dash forms, Japanese
    // punctuation, spaces of every kind, and characters that must take the general path.
    const alphabet = [
      ...'あかがぱんっーｰ-－~～〜‐―アカガパンッヷ・暗証番号忘々〇㍻ abcXYZ019ＡＺａ１?!？！.．:/+＋@＠…、。「」『』【】（）\t\n\u3000\u00a0',
      '\u200b', '\u0007', 'ﾊﾟ', 'ｶ', 'ｳﾞ', 'ﾞ', 'ﾟ', 'ｰ', '｡', '｢', 'ﾜﾞ', 'ｧ', 'ﾏｲﾅﾝﾊﾞｰ', 'ヰ', 'ゝ', '😀', 'é', 'e\u0301', 'か\u3099', '\u309b', 'ﬁ', '①', 'Ⅻ', '\u9fff', '\u4e00',
      '暗正', '偏向する', '3会連続', 'anshou', 'bangou', 'wasureta', ' pin ', 'ま い な', '-- ', ' ー ', '~ ~', 'ぱすわ-ど',
    ];
    let seed = 12345;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const differ: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      let text = '';
      const length = 1 + random(14);
      for (let k = 0; k < length; k++) text += alphabet[random(alphabet.length)];
      if (normalise(text) !== normaliseReference(text)) differ.push(JSON.stringify(text));
    }
    expect(differ.slice(0, 20)).toEqual([]);
  });

  it('phrase similarity: the same numbers by interned bigram ids as by sets of strings', { timeout: 60_000 }, () => {
    const definitions = loadIntentFiles().filter((i) => i.id !== 'none');
    const phrases = definitions.flatMap((d) => d.phrases.map((p) => normalise(p)));
    const owners = definitions.flatMap((d, c) => d.phrases.map(() => c));
    const index = new PhraseIndex(phrases, owners, definitions.length);
    const differ: string[] = [];
    // A surrogate midway, then the same text without it: no sums of the first may be left over.
    const surrogates = ['暗証番号を忘れた𠮷野家', '暗証番号を忘れた', 'まいなんばーかーどの暗証番号𠮷ロック', 'まいなんばーかーどの暗証番号'];
    for (const text of [...allTexts, '', 'あ', ' ', 'x', '😀あ', 'あ😀い', ...surrogates].map((t) => normalise(t))) {
      const expected = [...index.similarityReference(text)];
      if (JSON.stringify([...index.similarity(text)]) !== JSON.stringify(expected)) differ.push(text);
    }
    expect(differ).toEqual([]);
  });

  it('last clause: the same clause read from the end as by trimming and keeping every part', () => {
    const extra = ['', '。', '？！', 'けど', 'あけどい', '忘れたけど、どうする?', 'a.b', '\n\n', 'が、', 'から', '番号 ので 、 窓口', ' 。 あ 。 ', 'あ。 。い'];
    const differ = [...allTexts, ...extra].filter((text) => lastClause(text) !== lastClauseReference(text));
    expect(differ).toEqual([]);
    expect(allTexts.filter((text) => lastClause(text) !== undefined).length).toBeGreaterThan(allTexts.length / 10); // not vacuous
  });

  it('last clause: its normalisation read off the whole text is the clause normalised on its own', () => {
    // The edges spanOfNormalised must refuse: a symbol, long-vowel mark, voicing mark or ellipsis at
    // the clause's edge, words of symbols that join a neighbour's, spelling fixes, romaji, emoji,
    // surrogates, mentions; and texts longer than the matcher reads.
    const edge = [
      '', '😀。あ', 'あ。😀', '𠮷野家。𠮷野家の暗証番号', 'あ。〜', 'あ。〜い', 'いけど〜あ', 'ーあ。いー', 'ー。ー', '〜〜。〜〜',
      'あ。ﾞい', 'あ。ｶﾞ', 'ｱｲｳ。ｴｵ', 'テスト…。テスト…', '暗正番号。暗正', 'まいなんばーかーど見当たらんけど。まいなんば',
      'あんしょうばんごうけど。あんしょうばんご', 'あ。 「〜」あ', 'あ。「」', 'abc. def', 'a。bcd', 'ａ。ｂｃｄ', '@bot こんにちは。あ',
      'x\u0001。y', 'ですが、〜〜あ', 'のでa-b', 'あ.い.う', 'あ。い.', 'あ。い〜.', `${'暗証番号を忘れました。'.repeat(50)}窓口は何時まで?`,
      '忘れたけど、\u3000どうする？ ', '番号けど\t窓口 。 ', 'ロックされたんだけど〜😢 解除どこでできる?',
    ];
    const differ: string[] = [];
    let clauses = 0;
    let readOff = 0;
    for (const text of [...allTexts, ...edge]) {
      const span = lastClauseSpan(text);
      if ((span ? text.slice(span.start, span.end) : undefined) !== lastClauseReference(text)) differ.push(`span: ${text}`);
      if (!span) continue;
      const { start, end } = span;
      clauses++;
      const whole = normaliseMarking(text, start, end);
      const alone = normalise(text.slice(start, end));
      if (whole !== normalise(text)) differ.push(`whole: ${text}`);
      normaliseMarking(text, start, end);
      if (spanOfNormalised(text, start, end, whole) !== alone) differ.push(`clause: ${text}`);
      // With a stand-in for the whole text's normalisation, a clause read off it shows.
      normaliseMarking(text, start, end);
      if (spanOfNormalised(text, start, end, '\u0000'.repeat(whole.length)) !== alone) readOff++;
    }
    expect(differ).toEqual([]);
    expect(readOff).toBeGreaterThan(clauses * 0.6); // not vacuous: most clauses are read off
  });

  it('last clause: read off the whole text on random strings of breaks and special characters', { timeout: 60_000 }, () => {
    const alphabet = [
      ...'あかがぱんっーｰ-－~～〜‐―アカガパンッ・暗証番号忘々 abcXYZ019ＡＺａ１?!？！.．:/+@…、。「」（）\t\n\u3000\u00a0',
      'ﾊﾟ', 'ｶ', 'ﾞ', 'ﾟ', 'ｰ', '｡', '😀', 'é', 'e\u0301', '\u0007', '\u200b', 'けど', 'けれど', 'ので', 'のですが', 'んだけど', 'が、', 'から、',
      '。', '？', 'まいなんば', 'かーお', 'あんしょうばんご', '暗正', 'ぱすわ-ど', 'anshou', ' pin ', '-- ', ' ー ',
    ];
    let seed = 54321;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const differ: string[] = [];
    let readOff = 0;
    for (let i = 0; i < 40_000; i++) {
      let text = '';
      const length = 1 + random(16);
      for (let k = 0; k < length; k++) text += alphabet[random(alphabet.length)];
      const span = lastClauseSpan(text);
      if (!span) continue;
      const { start, end } = span;
      const alone = normalise(text.slice(start, end));
      const whole = normaliseMarking(text, start, end);
      if (spanOfNormalised(text, start, end, whole) !== alone) differ.push(JSON.stringify(text));
      normaliseMarking(text, start, end);
      if (spanOfNormalised(text, start, end, '\u0000'.repeat(whole.length)) !== alone) readOff++;
    }
    expect(differ.slice(0, 20)).toEqual([]);
    expect(readOff).toBeGreaterThan(1000); // not vacuous (most random strings have an edge that is refused)
  });

  it('lexicon: the same corrections and the same concepts, in the same order', { timeout: 60_000 }, () => {
    let withConcepts = 0;
    const differ: string[] = [];
    for (const text of allTexts) {
      const n = normalise(text);
      const corrected = fast.correct(n);
      if (corrected !== reference.correct(n)) differ.push(`correct: ${text}`);
      const got = [...fast.conceptsIn(corrected)].join(' ');
      if (got !== [...reference.conceptsInReference(corrected)].join(' ')) differ.push(`concepts: ${text}`);
      if (got.length > 0) withConcepts++;
    }
    expect(differ).toEqual([]);
    expect(withConcepts).toBeGreaterThan(allTexts.length * 0.9); // the comparison is not vacuous
  });

  it('lexicon: every fuzzy word with one inner character replaced, dropped or swapped with its neighbour is corrected the same way', () => {
    const words = (lexiconData as { fuzzy: string[] }).fuzzy.map((w) => normalise(w).toLowerCase());
    const differ: string[] = [];
    let corrected = 0;
    for (const word of words) {
      for (let j = 1; j < word.length - 1; j++) {
        const damaged = [
          word.slice(0, j) + 'ゑ' + word.slice(j + 1),
          word.slice(0, j) + word.slice(j + 1),
          j + 2 < word.length ? word.slice(0, j) + word[j + 1] + word[j] + word.slice(j + 2) : word,
        ];
        for (const form of damaged) {
          const text = normalise(`きのう${form}のことで`);
          const got = fast.correct(text);
          if (got !== reference.correct(text)) differ.push(form);
          if (got.includes(word)) corrected++;
        }
      }
    }
    expect(differ).toEqual([]);
    expect(corrected).toBeGreaterThan(words.length * 3); // not vacuous
  });

  it('lexicon: a fuzzy exception is left as written, in both implementations, and the fuzzy word it resembles is still corrected', () => {
    const exceptions = (lexiconData as { fuzzyExceptions?: string[] }).fuzzyExceptions ?? [];
    expect(exceptions.length).toBeGreaterThan(0);
    for (const word of exceptions) {
      const text = normalise(`もう2回${word}るけぇ怖い`);
      expect(fast.correct(text), word).toBe(text);
      expect(reference.correct(text), word).toBe(text);
    }
    // クレジット with a kana dropped is still read as クレジット, beside the exception too.
    expect(fast.correct(normalise('クジットカードの暗証番号'))).toBe(normalise('クレジットカードの暗証番号'));
    expect(fast.correct(normalise('クジットの暗証番号でしくじっとる'))).toBe(normalise('クレジットの暗証番号でしくじっとる'));
    expect(reference.correct(normalise('クジットの暗証番号でしくじっとる'))).toBe(normalise('クレジットの暗証番号でしくじっとる'));
  });

  it('lexicon: the concept set answers has and size from its bits as the filled Set would', { timeout: 60_000 }, () => {
    const names = [...fast.conceptIndex.keys(), 'NOT_A_CONCEPT', ''];
    const differ: string[] = [];
    for (const text of [...allTexts, '', '😀', 'あ'.repeat(500)]) {
      const corrected = fast.correct(normalise(text));
      const expected = reference.conceptsInReference(corrected);
      const lazy = fast.conceptsIn(corrected); // read before it is filled
      if (lazy.size !== expected.size || names.some((name) => lazy.has(name) !== expected.has(name))) differ.push(`unfilled: ${text}`);
      const filled = fast.conceptsIn(corrected);
      if ([...filled].join(' ') !== [...expected].join(' ') || filled.size !== expected.size || names.some((name) => filled.has(name) !== expected.has(name))) differ.push(`filled: ${text}`);
    }
    expect(differ).toEqual([]);
    // Still a Set to its callers: changed, iterated in every way, compared.
    const set = fast.conceptsIn(fast.correct(normalise('暗証番号を忘れたのでロックを解除したい')));
    const before = [...set];
    expect(before.length).toBeGreaterThan(1);
    expect(new Set(set)).toEqual(new Set(before));
    expect(set.delete(before[0]!)).toBe(true);
    expect(set.has(before[0]!)).toBe(false);
    set.add('EXTRA');
    expect([...set.keys()]).toEqual([...before.slice(1), 'EXTRA']);
    expect([...set.entries()].map(([k]) => k)).toEqual([...set.values()]);
    const seen: string[] = [];
    set.forEach((name) => seen.push(name));
    expect(seen).toEqual([...set]);
    expect(set.size).toBe(before.length);
    set.clear();
    expect(set.size).toBe(0);
    const fresh = fast.conceptsIn(fast.correct(normalise('暗証番号を忘れた')));
    fresh.add('EXTRA'); // a change fills it first: the names found stay
    expect([...fresh]).toEqual([...reference.conceptsInReference(fast.correct(normalise('暗証番号を忘れた'))), 'EXTRA']);
  });

  it('matcher: identical results (intent, confidence, ranking, normalised text, concepts)', { timeout: 120_000 }, () => {
    const definitions: MatcherIntent[] = loadIntentFiles().map((intent) => ({
      id: intent.id,
      phrases: intent.phrases,
      terms: intent.terms as Record<string, number>,
    }));
    const fastMatcher = new KeyTermMatcher(definitions, fast, { cacheSize: 0 });
    const referenceMatcher = new KeyTermMatcher(definitions, reference, { cacheSize: 0 });
    const summary = (r: ReturnType<KeyTermMatcher['match']>) => JSON.stringify({ ...r, concepts: [...r.concepts] });
    // Every line, and its variants on every third line (the reference matcher is slow).
    const texts = lines.flatMap((t, i) => (i % 3 === 0 ? [t, ...variants(t, i)] : [t]));
    const differ = texts.filter((text) => summary(fastMatcher.match(text)) !== summary(referenceMatcher.match(text)));
    expect(differ).toEqual([]);
    expect(texts.length).toBeGreaterThan(lines.length * 2);
  });
});
