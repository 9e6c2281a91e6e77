// The uncached matcher of two builds in ONE process, on the same distinct lines, in alternating
// slices of 20,000 lines, timed by CPU time (process.cpuUsage): on a machine shared with other
// jobs, two separate runs of bench/nlu.mjs differ by up to ±10% for identical code, this by ~2%.
// It measures the steady state (after 10,000 lines and then rounds of 120,000): a change that
// makes the JIT deoptimise while warming up shows only in fresh processes, so confirm a gain with
// bench/nlu.mjs runs of both builds, alternated, in both orders (a clause read-off that was 2–3%
// faster here was 2–6% slower there, 2026-12-06; not merged, described in README "Issue 13").
//
//   node bench/matcher-ab.mjs BASE_DIST [BRANCH_DIST=./dist] [--rounds N]
//   e.g. git worktree add --detach /tmp/base main && (cd /tmp/base && ln -s $PWD/node_modules && npm run build)
//        taskset -c 0 node bench/matcher-ab.mjs /tmp/base/dist
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distinctLines } from './lines.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2).filter((a, i, all) => a !== '--rounds' && all[i - 1] !== '--rounds');
const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(process.argv[roundsAt + 1]) : 6;
if (args.length < 1) {
  console.error('usage: node bench/matcher-ab.mjs BASE_DIST [BRANCH_DIST] [--rounds N]');
  process.exit(2);
}
const dirs = { base: resolve(args[0]), branch: resolve(args[1] ?? join(root, 'dist')) };
const lines = distinctLines(root, 120_000);
const matchers = {};
for (const [name, dir] of Object.entries(dirs)) {
  const { createMatcher } = await import(pathToFileURL(join(dir, 'nlu/index.js')).href);
  matchers[name] = createMatcher({ cacheSize: 0 });
  for (const text of lines.slice(0, 10_000)) matchers[name].match(text); // warm-up (JIT)
}
const SLICE = 20_000;
const perLine = { base: [], branch: [] };
for (let r = 0; r < rounds; r++) {
  for (let at = 0; at < lines.length; at += SLICE) {
    const slice = lines.slice(at, at + SLICE);
    // Which goes first alternates, so neither always runs on a warmer cache.
    for (const name of (r + at / SLICE) % 2 ? ['base', 'branch'] : ['branch', 'base']) {
      const start = process.cpuUsage();
      for (const text of slice) matchers[name].match(text);
      const used = process.cpuUsage(start);
      perLine[name].push((used.user + used.system) / slice.length);
    }
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const name of ['base', 'branch']) {
  const m = median(perLine[name]);
  console.log(`${name.padEnd(7)} ${dirs[name]}: median ${m.toFixed(2)} µs CPU per match → ${Math.round(1e6 / m)} /s`);
}
const paired = median(perLine.branch.map((b, i) => b / perLine.base[i]));
console.log(`branch / base: ${(median(perLine.branch) / median(perLine.base)).toFixed(3)} (median of paired slices ${paired.toFixed(3)}; below 1 is faster)`);
