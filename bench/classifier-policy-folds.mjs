// The past-lexicon folds of bench/classifier-folds.mjs scored through the conversation policy: each
// line as the first turn of a fresh conversation (readingInContext + decide), besides the matcher alone.
// main = key terms only; matcher = with the classifier; conv / convMain = through the policy with /
// without it; convClfOnly = the policy fed the classifier's reading only. --list prints the lines the
// policy's key-term readings lose. --options '{"classifierWeight":6}' overrides matcher options (how
// the 2026-12-06 weights were chosen); --sets a.tsv,b.tsv also scores those labelled files, first
// turns through the policy, with the current intents and every fixture as training data. The policy
// consults the labelled examples (the fold's training sets and phrases) unless --no-neighbours.
// --leave-out a.tsv,b.tsv scores each of those fixture sets with the classifier and the example
// index trained on every other set (README: "each of heldout35–44 left out"); with --typos, also
// their lines with one inner character dropped, with two neighbours swapped and with kana damaged
// (voicing marks dropped, small kana written large; seeded, so runs compare: README "Issue 13",
// eighth and thirteenth sessions). Classifier training options go in --options as
// {"classifier":{"exampleTypos":4}}.
// Usage: npm run build && node bench/classifier-policy-folds.mjs [--list] [--options JSON] [--sets FILES] [--leave-out SETS [--typos]]
import { loadIntentFiles } from '../dist/intents/load.js';
import { loadLexicon } from '../dist/nlu/lexicon.js';
import { normalise } from '../dist/nlu/normalise.js';
import { KeyTermMatcher } from '../dist/nlu/matcher.js';
import { loadExampleSets, trainIntentClassifier } from '../dist/nlu/classifier-training.js';
import { decide, readingInContext, isElliptical } from '../dist/conversation/policy.js';
import { readSlots } from '../dist/conversation/slots.js';
import { scanSecrets, SECRET_MASK } from '../dist/privacy/guard.js';
import { PAST } from './classifier-folds.mjs';
import { PLAIN_KANA } from './lines.mjs';
import { join } from 'node:path';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { createMatcher } from '../dist/nlu/index.js';
import { ExampleNeighbours } from '../dist/nlu/example-neighbours.js';
// --no-neighbours: the policy without the labelled examples' index (IntentMatcher.neighbours).
const withNeighbours = !process.argv.includes('--no-neighbours');
const argAfter = (name) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : undefined; };
const options = JSON.parse(argAfter('--options') ?? '{}');
const lost = [];
const sets = [...loadExampleSets().entries()];
const setNumber = (name) => Number(/heldout(\d*)\.tsv/.exec(name)[1] || 1);
const tot = { main: [0, 0], matcher: [0, 0], conv: [0, 0], convMain: [0, 0], convClfOnly: [0, 0] };
for (const [commit, known, upTo] of PAST) {
  const dir = `/tmp/stat-intents-${commit}/intents`;
  // The intents folder as it was then (as bench/classifier-folds.mjs extracts it, on first use).
  if (!existsSync(dir)) {
    mkdirSync(`/tmp/stat-intents-${commit}`, { recursive: true });
    execSync(`git archive ${commit} intents | tar -x -C /tmp/stat-intents-${commit}`, { cwd: new URL('..', import.meta.url) });
  }
  const lex = loadLexicon(join(dir, '_lexicon.yaml'));
  const defs = loadIntentFiles(dir).map((i) => ({ id: i.id, phrases: i.phrases, terms: i.terms }));
  const prep = (t) => lex.correct(normalise(t.length > 400 ? t.slice(0, 400) : t));
  const train = sets.filter(([n]) => setNumber(n) <= known).flatMap(([, r]) => r);
  const test = sets.filter(([n]) => setNumber(n) > known && setNumber(n) <= upTo).flatMap(([, r]) => r);
  const clf = trainIntentClassifier(defs, train, prep, {});
  const on = new KeyTermMatcher(defs, lex, { cacheSize: 0, ...options }, clf);
  const off = new KeyTermMatcher(defs, lex, { cacheSize: 0, classifierWeight: 0 });
  // The policy's example index over what this fold knew: the intents' phrases and the training sets.
  const labelled = [...defs.flatMap((d) => d.phrases.map((p) => ({ intent: d.id, text: p }))), ...train];
  const examples = withNeighbours ? ExampleNeighbours.fromLabelled(labelled, prep) : undefined;
  const conv = (m, text, mode = 0) => {
    const scan = scanSecrets(text);
    const q = scan.redacted.split(SECRET_MASK).join(' ').trim();
    const raw = m.match(q);
    const match = mode === 2 ? { ...raw, keyTerms: undefined } : readingInContext(raw, scan.kinds.length > 0, true);
    if (mode === 1 && match === raw) {}
    const neighbours = examples && (() => examples.nearest(raw.normalised));
    const questionNeighbours = examples && raw.storyQuestion !== undefined ? () => examples.nearest(raw.storyQuestion) : neighbours;
    const d = decide({ state: { slots: {}, lastTurnAt: 0, turns: 0 }, match, slots: readSlots(match.normalised), neighbours, questionNeighbours, written: scan.redacted });
    return scan.kinds.length > 0 && d.intent === 'none' ? 'pin_management' : d.intent;
  };
  for (const { intent, text } of test) {
    const rows = { main: off.match(text).intent, matcher: on.match(text).intent, conv: conv(on, text), convMain: conv(off, text), convClfOnly: conv(on, text, 2) };
    if (rows.conv !== intent && rows.convClfOnly === intent) { const r = on.match(text); lost.push(`${isElliptical(r.normalised) ? 'E' : '-'} ${text.includes('*') ? '' : ''}${intent} -> ${rows.conv} (kt ${r.keyTerms?.intent} ${r.keyTerms?.confidence}; clf ${r.intent} ${r.confidence})\t${text}`); }
    for (const k in rows) { tot[k][0]++; if (rows[k] !== intent) tot[k][1]++; }
  }
}
for (const k in tot) console.log(`${k.padEnd(10)} errors ${tot[k][1]} of ${tot[k][0]}`);

console.log(lost.length, 'lost, elliptical', lost.filter(l=>l.startsWith('E')).length);
if (process.argv.includes('--list')) for (const l of lost) console.log(l);

// Voiced and small kana → the plain large kana they were mistyped as (bench/lines.mjs).
const KANA_DAMAGE = PLAIN_KANA;

// A resident's typo: one inner character dropped, or two neighbours swapped, at a seeded position
// (one generator for the whole run, so the same command gives the same lines).
let typoSeed = 11;
const typoRandom = () => ((typoSeed = (Math.imul(typoSeed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
let damageSeed = 13;
const damageRandom = () => ((damageSeed = (Math.imul(damageSeed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
const TYPO_SPELLINGS = {
  'as written': (text) => text,
  'a character dropped': (text) => {
    const cs = [...text];
    if (cs.length < 6) return text;
    cs.splice(1 + Math.floor(typoRandom() * (cs.length - 2)), 1);
    return cs.join('');
  },
  'two swapped': (text) => {
    const cs = [...text];
    if (cs.length < 6) return text;
    const i = 1 + Math.floor(typoRandom() * (cs.length - 3));
    [cs[i], cs[i + 1]] = [cs[i + 1], cs[i]];
    return cs.join('');
  },
  // Kana damage as phones and voice input leave it: each kana with a voicing mark or in small form
  // written without it, or large, at a seeded half of them (「あんしようはんごう」).
  // Its own generator, so the two typos above read the same lines as before it was added.
  'kana damaged': (text) => [...text].map((c) => (KANA_DAMAGE.has(c) && damageRandom() < 0.5 ? KANA_DAMAGE.get(c) : c)).join(''),
};

/** A labelled line as the first turn of a fresh conversation through the policy, with matcher `m`. */
const firstTurnWith = (m) => (text) => {
  const scan = scanSecrets(text);
  const question = scan.redacted.split(SECRET_MASK).join(' ').trim();
  const raw = m.match(question);
  const match = readingInContext(raw, scan.kinds.length > 0, true);
  const neighbours = withNeighbours ? () => m.neighbours?.(question, raw.normalised) : undefined;
  const questionNeighbours = withNeighbours && raw.storyQuestion !== undefined ? () => m.neighbours?.(question, raw.storyQuestion) : neighbours;
  const d = decide({ state: { slots: {}, lastTurnAt: 0, turns: 0 }, match, slots: readSlots(match.normalised), neighbours, questionNeighbours, written: scan.redacted });
  return scan.kinds.length > 0 && d.intent === 'none' ? 'pin_management' : d.intent;
};

/** Scores [intent, text] rows; prints one line (and with --list, the misses); returns the counts. */
function scoreRows(label, rows, answer) {
  const c = { in: [0, 0], none: [0, 0] };
  const misses = [];
  for (const [intent, text] of rows) {
    const k = intent === 'none' ? 'none' : 'in';
    c[k][0]++;
    const got = answer(text);
    if (got === intent) c[k][1]++;
    else misses.push(`    ${intent} -> ${got}\t${text}`);
  }
  console.log(`${label}: in-scope ${(c.in[1] / c.in[0]).toFixed(3)} (${c.in[1]} of ${c.in[0]}), none ${(c.none[1] / c.none[0]).toFixed(3)} (${c.none[1]} of ${c.none[0]})`);
  if (process.argv.includes('--list')) for (const m of misses) console.log(m);
  return c;
}

// Other labelled files (blind sets), first turns through the policy with today's intents and model.
const extra = argAfter('--sets');
if (extra) {
  const firstTurn = firstTurnWith(createMatcher({ cacheSize: 0, ...options }));
  for (const file of extra.split(',')) {
    scoreRows(file, readFileSync(file, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t')), firstTurn);
  }
}

// --leave-out heldout35.tsv,…: each of these fixture sets scored by a matcher whose classifier and
// example index learnt every other set (and today's intents), first turns through the policy: how
// the README's "each of heldout35–44 left out" figures are measured.
const leaveOut = argAfter('--leave-out');
if (leaveOut) {
  const byName = new Map(sets);
  const spellings = process.argv.includes('--typos') ? TYPO_SPELLINGS : { 'as written': (text) => text };
  const totals = Object.fromEntries(Object.keys(spellings).map((k) => [k, { in: [0, 0], none: [0, 0] }]));
  for (const name of leaveOut.split(',')) {
    const rows = byName.get(name);
    if (!rows) throw new Error(`--leave-out ${name}: not a labelled set of test/fixtures`);
    const examples = sets.filter(([n]) => n !== name).flatMap(([, r]) => r);
    const firstTurn = firstTurnWith(createMatcher({ cacheSize: 0, ...options, examples }));
    for (const [spelling, spell] of Object.entries(spellings)) {
      const label = spelling === 'as written' ? name : `${name} (${spelling})`;
      const c = scoreRows(label, rows.map((r) => [r.intent, spell(r.text)]), firstTurn);
      for (const k of ['in', 'none']) for (const j of [0, 1]) totals[spelling][k][j] += c[k][j];
    }
  }
  for (const [spelling, total] of Object.entries(totals)) {
    const label = spelling === 'as written' ? 'left out, all' : `left out, all (${spelling})`;
    console.log(`${label}: in-scope ${(total.in[1] / total.in[0]).toFixed(4)} (${total.in[1]} of ${total.in[0]}), none ${(total.none[1] / total.none[0]).toFixed(4)} (${total.none[1]} of ${total.none[0]})`);
  }
}
