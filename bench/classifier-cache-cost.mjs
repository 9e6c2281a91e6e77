// What the n-gram classifier's table costs the uncached matcher in cache misses: one process, one
// matcher, the same distinct lines in alternating slices (CPU time, as bench/matcher-ab.mjs), with
// the classifier's table read as built, and read as if it were always in the first-level cache:
//   rows-cached  every bucket's row number kept, but pointing at one of 16 rows (384 bytes);
//   all-cached   only 1,024 buckets hashed to as well (their row numbers 2 KB).
// The answers of the two stand-ins are wrong, but which messages consult the classifier is not
// (the key terms' gate decides that before it is read), so the difference is what its 570 KB of
// rows and 512 KB of row numbers cost in misses: an upper bound for any layout of the same table.
// 2026-12-06 (speed12, busy host): rows-cached 0.93–0.97, all-cached 0.87 of as-built.
//
//   node bench/classifier-cache-cost.mjs [DIST=./dist] [--rounds 3]
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distinctLines } from './lines.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2).filter((a, i, all) => a !== '--rounds' && all[i - 1] !== '--rounds');
const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(process.argv[roundsAt + 1]) : 3;
const dist = resolve(args[0] ?? join(root, 'dist'));
const { createMatcher } = await import(pathToFileURL(join(dist, 'nlu/index.js')).href);
const { NgramClassifier } = await import(pathToFileURL(join(dist, 'nlu/classifier.js')).href);
const matcher = createMatcher({ cacheSize: 0 });
const lines = distinctLines(root, 120_000);
for (const text of lines.slice(0, 10_000)) matcher.match(text); // warm-up; loads the classifier

/** The matcher's classifier, found among its fields (it is private to the matcher). */
function classifierIn(value, seen = new Set()) {
  if (value === null || typeof value !== 'object' || seen.has(value)) return undefined;
  seen.add(value);
  if (value instanceof NgramClassifier) return value;
  for (const key of Object.keys(value)) {
    const found = classifierIn(value[key], seen);
    if (found) return found;
  }
  return undefined;
}
const model = classifierIn(matcher);
if (!model) throw new Error('no classifier found in the matcher (is it on?)');
// The fields logLikelihoods reads (see src/nlu/classifier.ts); same types, so the compiled code stays valid.
const built = { rowNumberOf: model.rowNumberOf, mask: model.mask };
const variants = {
  'as-built': built,
  'rows-cached': { rowNumberOf: built.rowNumberOf.map((row) => row & 15), mask: built.mask },
  'all-cached': { rowNumberOf: built.rowNumberOf, mask: 1023 },
};
const names = Object.keys(variants);
const perLine = Object.fromEntries(names.map((name) => [name, []]));
const SLICE = 20_000;
for (let r = 0; r < rounds; r++) {
  for (let at = 0; at < lines.length; at += SLICE) {
    const slice = lines.slice(at, at + SLICE);
    const turn = (r * lines.length) / SLICE + at / SLICE;
    // Each variant goes first, second and third in turn.
    for (let k = 0; k < names.length; k++) {
      const name = names[(turn + k) % names.length];
      Object.assign(model, variants[name]);
      const start = process.cpuUsage();
      for (const text of slice) matcher.match(text);
      const used = process.cpuUsage(start);
      perLine[name].push((used.user + used.system) / slice.length);
    }
  }
}
Object.assign(model, built);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const name of names) {
  const paired = median(perLine[name].map((t, i) => t / perLine['as-built'][i]));
  console.log(`${name.padEnd(12)} median ${median(perLine[name]).toFixed(2)} µs CPU per match (paired with as-built: ${paired.toFixed(3)})`);
}
