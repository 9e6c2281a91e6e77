// Inference cost of the n-gram classifier (src/nlu/classifier.ts), measured in one run against its
// own peer: the same matcher without it, on the same lines (every labelled line, normalised once
// for the direct measurement). Absolute figures on a busy shared machine mean little; compare rows.
// Usage: npm run build && node bench/classifier-cost.mjs
import { createMatcher, CLASSIFIER_ON } from '../dist/nlu/index.js';
import { loadExampleSets } from '../dist/nlu/classifier-training.js';
import { NgramClassifier } from '../dist/nlu/classifier.js';
import { readFileSync } from 'node:fs';

const lines = [...loadExampleSets().values()].flat().map((e) => e.text);
const off = createMatcher({ cacheSize: 0, classifierWeight: 0 });
let t = performance.now();
const on = createMatcher({ cacheSize: 0, ...CLASSIFIER_ON, classifierGate: 2 }); // consulted on every text
const gated = createMatcher({ cacheSize: 0 }); // the default: consulted when the key terms' winner holds < classifierGate
const loadMs = performance.now() - t;
const model = NgramClassifier.fromBytes(readFileSync(new URL('../dist/classifier-model.bin', import.meta.url))).model;
const normalised = lines.map((l) => off.match(l).normalised);

// CPU time of this process (process.cpuUsage), best of the rounds: on a shared, overloaded machine
// wall time mostly measures the other processes.
function perCall(fn, items, rounds = 5) {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const u = process.cpuUsage();
    for (const x of items) fn(x);
    const d = process.cpuUsage(u);
    best = Math.min(best, (d.user + d.system) / items.length);
  }
  return best; // µs
}
const out = new Float64Array(model.classCount);
const direct = perCall((s) => { out.fill(0); model.logLikelihoods(s, out); }, normalised, 15);
// How often the gated (default) matcher reads the classifier at all.
const evidence = gated.classifierEvidence.bind(gated);
let consulted = 0;
gated.classifierEvidence = (text) => (consulted++, evidence(text));
for (const l of lines) gated.match(l);
gated.classifierEvidence = evidence;
// Interleaved, so the matchers see the same machine load.
const rows = { off: Infinity, on: Infinity, gated: Infinity };
for (let r = 0; r < 15; r++) {
  rows.off = Math.min(rows.off, perCall((s) => off.match(s), lines, 1));
  rows.on = Math.min(rows.on, perCall((s) => on.match(s), lines, 1));
  rows.gated = Math.min(rows.gated, perCall((s) => gated.match(s), lines, 1));
}
const chars = normalised.reduce((a, s) => a + s.length, 0) / normalised.length;
console.log(`lines ${lines.length}, mean normalised length ${chars.toFixed(1)} characters`);
console.log(`classifier.logLikelihoods alone: ${direct.toFixed(2)} µs per line (best of 15 rounds)`);
console.log(`matcher.match uncached, without / with the classifier on every text: ${rows.off.toFixed(1)} / ${rows.on.toFixed(1)} µs (difference ${(rows.on - rows.off).toFixed(1)} µs)`);
console.log(`default (gated): ${rows.gated.toFixed(1)} µs; the classifier read on ${((100 * consulted) / lines.length).toFixed(1)}% of the lines`);
console.log(`model: ${(model.byteLength / 1048576).toFixed(1)} MiB table (${model.classCount} classes); createMatcher with it: ${loadMs.toFixed(0)} ms (snapshot or in-process model)`);
t = performance.now();
createMatcher({ cacheSize: 0, ...CLASSIFIER_ON, classifier: { phraseWeight: 3.0001 } }); // a key the snapshot does not have: trains
console.log(`createMatcher training afresh (phrases + every labelled line): ${(performance.now() - t).toFixed(0)} ms`);
