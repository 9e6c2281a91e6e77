// Leave-sets-out measurement of the n-gram classifier (src/nlu/classifier.ts): the 32+ labelled sets
// of test/fixtures are split into folds; for each fold the classifier is trained WITHOUT the fold's
// sets (on the intents' phrases + the other sets) and the matcher scored on the fold. Baseline: the
// same matcher with no classifier. dev.tsv is never read here.
// Usage: npm run build && node bench/classifier-folds.mjs --final --blind   (other flags: the grids tried)
import { loadIntentFiles } from '../dist/intents/load.js';
import { loadLexicon } from '../dist/nlu/lexicon.js';
import { normalise } from '../dist/nlu/normalise.js';
import { KeyTermMatcher, CLASSIFIER_ON } from '../dist/nlu/matcher.js';
import { loadExampleSets, trainIntentClassifier } from '../dist/nlu/classifier-training.js';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { DEFAULT_INTENTS_DIR } from '../dist/intents/load.js';

const FOLDS = Number(process.env.FOLDS ?? 8);
const intents = loadIntentFiles();
const lexicon = loadLexicon(join(DEFAULT_INTENTS_DIR, '_lexicon.yaml'));
const definitions = intents.map((i) => ({ id: i.id, phrases: i.phrases, terms: i.terms }));
const sets = [...loadExampleSets().entries()];
const memo = new Map();
const prepare = (t) => {
  let v = memo.get(t);
  if (v === undefined) memo.set(t, (v = lexicon.correct(normalise(t.length > 400 ? t.slice(0, 400) : t))));
  return v;
};

function scoreRows(matcher, rows, acc) {
  for (const { intent, text } of rows) {
    const got = matcher.match(text).intent;
    if (intent === 'none') { acc.none++; if (got === 'none') acc.noneRight++; }
    else { acc.in++; if (got === intent) acc.inRight++; }
  }
  return acc;
}
const fmt = (a) => `${(a.inRight / a.in).toFixed(4)} / ${(a.noneRight / a.none).toFixed(4)}  (errors ${a.in - a.inRight + a.none - a.noneRight})`;

export function run(matcherOptions, classifierOptions, { folds = FOLDS, label = '' } = {}) {
  const acc = { in: 0, inRight: 0, none: 0, noneRight: 0, trainMs: 0 };
  for (let f = 0; f < folds; f++) {
    const held = sets.filter((_, i) => i % folds === f);
    const train = sets.filter((_, i) => i % folds !== f).flatMap(([, rows]) => rows);
    let classifier;
    if (classifierOptions) {
      const t0 = performance.now();
      classifier = trainIntentClassifier(definitions, train, prepare, classifierOptions);
      acc.trainMs += performance.now() - t0;
    }
    const matcher = new KeyTermMatcher(definitions, lexicon, { cacheSize: 0, ...matcherOptions }, classifier);
    for (const [, rows] of held) scoreRows(matcher, rows, acc);
  }
  console.log(`${label.padEnd(60)} ${fmt(acc)}  train ${(acc.trainMs / folds).toFixed(0)} ms`);
  return acc;
}

// First sight, simulated: the intents/ folder (lexicon, terms, phrases) as it was at a past commit,
// when only the sets numbered ≤ `known` existed; the classifier learns from those sets and is
// scored on the sets written next (which that lexicon had never seen). The folders are extracted
// with `git archive <commit> intents` into /tmp/stat-intents-<commit> on first use.
const setNumber = (name) => Number(/heldout(\d*)\.tsv/.exec(name)[1] || 1);
const pastMatchers = new Map();
export function past(commit, known, upTo, matcherOptions, classifierOptions, label = '') {
  let past = pastMatchers.get(commit);
  if (!past) {
    const dir = `/tmp/stat-intents-${commit}/intents`;
    if (!existsSync(dir)) {
      mkdirSync(`/tmp/stat-intents-${commit}`, { recursive: true });
      execSync(`git archive ${commit} intents | tar -x -C /tmp/stat-intents-${commit}`, { cwd: new URL('..', import.meta.url) });
    }
    const lex = loadLexicon(join(dir, '_lexicon.yaml'));
    const defs = loadIntentFiles(dir).map((i) => ({ id: i.id, phrases: i.phrases, terms: i.terms }));
    const m = new Map();
    past = { lex, defs, prep: (t) => { let v = m.get(t); if (v === undefined) m.set(t, (v = lex.correct(normalise(t.length > 400 ? t.slice(0, 400) : t)))); return v; } };
    pastMatchers.set(commit, past);
  }
  const train = sets.filter(([n]) => setNumber(n) <= known).flatMap(([, rows]) => rows);
  const test = sets.filter(([n]) => setNumber(n) > known && setNumber(n) <= upTo);
  const classifier = classifierOptions ? trainIntentClassifier(past.defs, train, past.prep, classifierOptions) : undefined;
  const matcher = new KeyTermMatcher(past.defs, past.lex, { cacheSize: 0, ...matcherOptions }, classifier);
  const acc = { in: 0, inRight: 0, none: 0, noneRight: 0 };
  for (const [, rows] of test) scoreRows(matcher, rows, acc);
  console.log(`${(`[${commit} ≤${known} → ≤${upTo}] ` + label).padEnd(60)} ${fmt(acc)}`);
  return acc;
}
export const PAST = [['0d17a78', 12, 16], ['1bec91b', 16, 26], ['251b033', 26, 32]];

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  if (process.argv.includes('--past')) {
    for (const [c, k, u] of PAST) {
      past(c, k, u, {}, undefined, 'baseline');
      for (const w of [0.5, 1, 2, 3]) past(c, k, u, { classifierWeight: w }, {}, `w=${w}`);
    }
    process.exit(0);
  }
  if (process.argv.includes('--grid')) {
    for (const w of [0.5, 1, 2, 3, 4]) run({ classifierWeight: w }, {}, { label: `w=${w}` });
    for (const w of [0.3, 0.6, 1]) run({ classifierWeight: w, classifierScale: 'sqrt' }, {}, { label: `sqrt w=${w}` });
  }
}
if (process.argv.includes('--none')) {
  for (const [c, k, u] of PAST) {
    for (const w of [1, 2, 3]) for (const nw of [0, 0.5, 2]) past(c, k, u, { classifierWeight: w, classifierNoneWeight: nw }, {}, `w=${w} none×${nw}`);
  }
}
export function pastTotal(matcherOptions, classifierOptions, label) {
  const log = console.log; const parts = [];
  console.log = (l) => parts.push(l.match(/(\d\.\d+ \/ \d\.\d+)/)[1]);
  const t = { in: 0, inRight: 0, none: 0, noneRight: 0 };
  for (const [c, k, u] of PAST) { const a = past(c, k, u, matcherOptions, classifierOptions); for (const key in t) t[key] += a[key]; }
  console.log = log;
  console.log(`${label.padEnd(44)} ${parts.join(' | ')} | total ${fmt(t)}`);
}
if (process.argv.includes('--grid2')) {
  pastTotal({}, undefined, 'baseline');
  for (const w of [3, 4, 5, 6]) for (const nw of [0.3, 0.5, 0.7]) pastTotal({ classifierWeight: w, classifierNoneWeight: nw }, {}, `w=${w} none×${nw}`);
}
if (process.argv.includes('--grid3')) {
  const m = { classifierWeight: Number(process.env.W ?? 3), classifierNoneWeight: Number(process.env.NW ?? 0.5) };
  pastTotal(m, {}, 'default');
  for (const alpha of [0.02, 0.05, 0.3, 1]) pastTotal(m, { alpha }, `alpha=${alpha}`);
  for (const phraseWeight of [1, 6, 10]) pastTotal(m, { phraseWeight }, `phraseWeight=${phraseWeight}`);
  for (const variantWeight of [0, 0.5, 2]) pastTotal(m, { variantWeight }, `variantWeight=${variantWeight}`);
  pastTotal(m, { maxN: 2 }, 'maxN=2');
  for (const bucketBits of [14, 15, 17, 18]) pastTotal(m, { bucketBits }, `bucketBits=${bucketBits}`);
  pastTotal({ ...m, classifierScale: 'sqrt', classifierWeight: m.classifierWeight / 4 }, {}, 'sqrt w/4');
}
if (process.argv.includes('--base')) {
  for (const noneBase of [1.5, 2, 2.5]) for (const nw of [0.2, 0.3, 0.4]) pastTotal({ classifierWeight: 5, classifierNoneWeight: nw, noneBase }, {}, `w=5 none×${nw} noneBase=${noneBase}`);
}
if (process.argv.includes('--oos')) {
  for (const ob of [0, 1, 2, 4]) for (const nw of [0, 0.3]) for (const noneBase of [1.5, 2]) pastTotal({ classifierWeight: 5, classifierNoneWeight: nw, noneBase, classifierOutOfScopeWeight: ob }, {}, `w=5 none×${nw} oos=${ob} noneBase=${noneBase}`);
}
if (process.argv.includes('--final')) {
  run({ classifierWeight: 0 }, undefined, { label: 'leave-sets-out: key terms + phrases only (main)' });
  run(CLASSIFIER_ON, {}, { label: 'leave-sets-out: with the classifier (CLASSIFIER_ON)' });
  pastTotal({ classifierWeight: 0 }, undefined, 'past lexicons: key terms + phrases only (main)');
  pastTotal({ ...CLASSIFIER_ON, classifierGate: 2, classifierOverNone: 0 }, {}, 'past lexicons: classifier on every text, as first merged');
  pastTotal(CLASSIFIER_ON, {}, 'past lexicons: with the classifier (default: gated, overNone)');
  pastTotal(CLASSIFIER_ON, { exampleWeight: 0 }, 'past lexicons: classifier on phrases only');
  pastTotal(CLASSIFIER_ON, { variantWeight: 0 }, 'past lexicons: no generated variants');
}
if (process.argv.includes('--lr')) {
  for (const w of [0.5, 1, 2]) for (const nw of [0.5, 1]) for (const epochs of [8]) {
    const t0 = performance.now();
    pastTotal({ classifierWeight: w, classifierNoneWeight: nw, classifierScale: 'sqrt', classifierOutOfScopeWeight: 0, noneBase: Number(process.env.NB ?? 1.5) }, { model: 'logistic', epochs }, `LR w=${w} none×${nw} epochs=${epochs} (${((performance.now() - t0) / 3).toFixed(0)})`);
  }
}
if (process.argv.includes('--lr2')) {
  for (const [epochs, learningRate] of [[15, 1], [30, 2]]) for (const w of [1, 2]) {
    const t0 = performance.now();
    pastTotal({ classifierWeight: w, classifierNoneWeight: 1, classifierScale: 'sqrt', classifierOutOfScopeWeight: 0 }, { model: 'logistic', epochs, learningRate }, `LR w=${w} epochs=${epochs} lr=${learningRate}`);
    console.log('  ms per 3 trainings+scoring', (performance.now() - t0).toFixed(0));
  }
}
if (process.argv.includes('--blind')) {
  // ja-a / ja-b (heldout34 / heldout35) left out: train on everything else, score them.
  for (const [label, mo, co] of [['main (no classifier)', { classifierWeight: 0 }, undefined], ['CLASSIFIER_ON', CLASSIFIER_ON, {}]]) {
    const held = sets.filter(([n]) => setNumber(n) >= 34);
    const train = sets.filter(([n]) => setNumber(n) < 34).flatMap(([, rows]) => rows);
    const classifier = co ? trainIntentClassifier(definitions, train, prepare, co) : undefined;
    const matcher = new KeyTermMatcher(definitions, lexicon, { cacheSize: 0, ...mo }, classifier);
    for (const [name, rows] of held) console.log(`${name} left out, ${label}: ${fmt(scoreRows(matcher, rows, { in: 0, inRight: 0, none: 0, noneRight: 0 }))}`);
  }
}
