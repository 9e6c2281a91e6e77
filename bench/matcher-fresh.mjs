// One fresh process's uncached matcher speed: createMatcher({ cacheSize: 0 }) of DIST, 5,000
// warm-up lines, then one timed pass (CPU time) over 120,000 distinct lines, as bench/nlu.mjs
// measures it. bench/matcher-ab.mjs compares two builds in one warmed process; this shows what
// the JIT's warm-up does to each, so run it alternately for both builds, in both orders:
//
//   for i in 1 2 3 4; do for d in /tmp/base/dist ./dist; do taskset -c 1 node bench/matcher-fresh.mjs $d; done; done
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distinctLines } from './lines.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.argv[2] ?? join(root, 'dist'));
const { createMatcher } = await import(pathToFileURL(join(dist, 'nlu/index.js')).href);
const matcher = createMatcher({ cacheSize: 0 });
const lines = distinctLines(root, 120_000);
for (let i = 0; i < 5000; i++) matcher.match(lines[i % lines.length]); // warm-up (JIT)
const start = process.cpuUsage();
const wall = performance.now();
for (const text of lines) matcher.match(text);
const used = process.cpuUsage(start);
const perMatch = (used.user + used.system) / lines.length;
console.log(`${dist}: ${perMatch.toFixed(2)} µs CPU per match, ${Math.round(1e6 / perMatch)} /s (wall ${((performance.now() - wall) * 1000 / lines.length).toFixed(2)} µs)`);
