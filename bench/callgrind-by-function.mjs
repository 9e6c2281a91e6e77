// Where the uncached matcher's instructions and first-level cache misses go, per JavaScript
// function, from valgrind's simulation instead of a clock: on this shared machine two timed runs
// of identical code differ by ±5–10%, while callgrind's counts repeat to a fraction of a percent,
// so a change's effect on instructions and misses can be read from one run of each build
// (2026-12-06: the similarity's 165 first-level misses a match, a seventh of them, were found so).
// It counts, it does not time: a change that adds instructions but removes misses still needs
// bench/matcher-ab.mjs and fresh-process runs to say which way it goes.
//
//   node bench/callgrind-by-function.mjs [DIST=./dist] [--passes 4] [--lines 15000] [--top 30] [--l2 BYTES]
//
// --l2 1048576 simulates this host's per-core second-level cache (1 MB, 16-way; first level 32 KB,
// 8-way) as valgrind's last level, and adds two columns: its read and write misses per match —
// what went past the second level (by default the last level is the shared 32 MB third one, which
// a match almost never misses). Sorted by instructions then. 2026-12-06, speed12: of ~108 read
// misses a match, the classifier's table took 26, the concept scan 16, and the allocations of a
// match (native + compute) ~100 write misses.
//
// Runs `valgrind --tool=callgrind --cache-sim=yes` on PASSES passes over LINES distinct bench lines
// (about 2.5 minutes for the defaults; wrap it in `flock /tmp/bench.lock` like a timed run, as it
// takes a whole core), with node's --perf-basic-prof map to name the compiled code, and prints
// per function: first-level data read and write misses, instructions, and first-level
// instruction misses. The counts include module loading and the JIT's compiling, the same for
// two builds of the same code. Needs valgrind (Debian: apt-get install valgrind).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const dist = resolve(process.argv.slice(2).find((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--')) ?? join(root, 'dist'));
const passes = option('--passes', 4);
const lineCount = option('--lines', 15_000);
const top = option('--top', 30);
const l2 = option('--l2', 0);

const work = mkdtempSync(join(tmpdir(), 'mynapin-callgrind-'));
try {
  const driver = join(work, 'driver.mjs');
  writeFileSync(
    driver,
    `import { distinctLines } from ${JSON.stringify(pathToFileURL(join(root, 'bench/lines.mjs')).href)};
const { createMatcher } = await import(${JSON.stringify(pathToFileURL(join(dist, 'nlu/index.js')).href)});
const matcher = createMatcher({ cacheSize: 0 });
const lines = distinctLines(${JSON.stringify(root)}, ${lineCount});
for (let p = 0; p < ${passes}; p++) for (const text of lines) matcher.match(text);
`,
  );
  const out = join(work, 'callgrind.out');
  // --perf-basic-prof writes /tmp/perf-<pid>.map: the names of the compiled code's addresses.
  const run = spawnSync(
    'valgrind',
    ['--tool=callgrind', '--smc-check=all-non-file', '--cache-sim=yes', ...(l2 > 0 ? ['--D1=32768,8,64', `--LL=${l2},16,64`] : []), '--dump-instr=yes', `--callgrind-out-file=${out}`, 'node', '--single-threaded', '--perf-basic-prof', driver],
    { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] },
  );
  if (run.status !== 0) throw new Error(`valgrind failed (is it installed?): ${run.stderr?.slice(-500) ?? run.error}`);
  const pid = /==(\d+)==/.exec(run.stderr)?.[1];
  const mapFile = `/tmp/perf-${pid}.map`;
  try {
    report(readFileSync(out, 'utf8'), readFileSync(mapFile, 'utf8'));
  } finally {
    rmSync(mapFile, { force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Sums callgrind's self cost per address range of the perf map (compiled JavaScript, builtins, regexps). */
function report(profile, perfMap) {
  const ranges = perfMap
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [start, size, ...name] = line.split(' ');
      return { start: parseInt(start, 16), size: parseInt(size, 16), name: name.join(' ') };
    })
    .sort((a, b) => a.start - b.start);
  const nameAt = (address) => {
    let lo = 0;
    let hi = ranges.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid].start <= address) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && address < ranges[found].start + ranges[found].size ? ranges[found].name : '(native: V8, GC, libc)';
  };
  // Events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw (see the file's "events:" line).
  const events = profile.match(/^events: (.*)$/m)[1].split(' ');
  const at = (name) => events.indexOf(name);
  const byName = new Map();
  let address = 0;
  let callCost = false;
  for (const line of profile.split('\n')) {
    if (line.startsWith('calls=')) {
      callCost = true; // the next cost line is the call's inclusive cost, not this function's own
      continue;
    }
    const first = line[0];
    if (!(first === '+' || first === '-' || first === '*' || line.startsWith('0x'))) continue;
    const fields = line.split(' ');
    const position = fields[0];
    if (position.startsWith('0x')) address = parseInt(position, 16);
    else if (first === '+') address += Number(position.slice(1));
    else if (first === '-') address -= Number(position.slice(1));
    if (callCost) {
      callCost = false;
      continue;
    }
    const costs = fields.slice(2).map(Number); // after the instruction and line positions
    const name = nameAt(address);
    let sum = byName.get(name);
    if (!sum) byName.set(name, (sum = new Array(events.length).fill(0)));
    costs.forEach((c, i) => (sum[i] += c));
  }
  const total = new Array(events.length).fill(0);
  for (const sum of byName.values()) sum.forEach((c, i) => (total[i] += c));
  const matches = passes * lineCount;
  console.log(`${dist}: ${passes} passes over ${lineCount} lines; per match, over the whole run (loading and compiling included):`);
  const l2Total = l2 > 0 ? `, L2 read misses ${Math.round(total[at('DLmr')] / matches)}, L2 write misses ${Math.round(total[at('DLmw')] / matches)}` : '';
  console.log(`  instructions ${Math.round(total[at('Ir')] / matches)}, D1 read misses ${Math.round(total[at('D1mr')] / matches)}, D1 write misses ${Math.round(total[at('D1mw')] / matches)}, I1 misses ${Math.round(total[at('I1mr')] / matches)}${l2Total}`);
  console.log(`  D1 read miss / write miss / instructions / I1 miss${l2 > 0 ? ' / L2 read miss / L2 write miss' : ''} a match, by function:`);
  const sortBy = at(l2 > 0 ? 'Ir' : 'D1mr');
  const rows = [...byName].sort((a, b) => b[1][sortBy] - a[1][sortBy]).slice(0, top);
  for (const [name, sum] of rows) {
    const per = (event) => (sum[at(event)] / matches).toFixed(1).padStart(9);
    const l2Columns = l2 > 0 ? ` ${per('DLmr')} ${per('DLmw')}` : '';
    console.log(`${per('D1mr')} ${per('D1mw')} ${per('Ir')} ${per('I1mr')}${l2Columns}  ${name.slice(0, 100)}`);
  }
}
