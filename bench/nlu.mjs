// Matcher and CLI speed: classify throughput on one core, per-utterance latency percentiles, peak
// RSS, and the wall time of a cold `mynapin ask`. Run through `npm run bench` (builds first).
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { createMatcher } = await import(join(root, 'dist/nlu/index.js'));
const { createBot } = await import(join(root, 'dist/bot.js'));
const { loadEnv } = await import(join(root, 'dist/config/env.js'));

// Utterances: the in-repo held-out sets (+ the shared dev set when present), repeated.
const sources = [join(root, 'test/fixtures/heldout.tsv'), join(root, 'test/fixtures/heldout2.tsv'), resolve(root, '../shared/eval/dev.tsv')];
const texts = sources.filter(existsSync).flatMap((f) => readFileSync(f, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t')[1]));

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (ms) => `${(ms * 1000).toFixed(1)} µs`;

function measure(label, fn, rounds) {
  for (let i = 0; i < 2000; i++) fn(texts[i % texts.length]); // warm-up (JIT)
  const lat = new Float64Array(rounds);
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn(texts[i % texts.length]);
    lat[i] = performance.now() - t;
  }
  const total = performance.now() - start;
  lat.sort();
  return { label, perSecond: Math.round(rounds / (total / 1000)), p50: percentile(lat, 50), p99: percentile(lat, 99) };
}

// Uncached: every call computes (the honest per-utterance cost); cached: the same texts repeat, as
// residents' top questions do, and the matcher's result cache answers.
const uncached = createMatcher({ cacheSize: 0 });
const match = measure('matcher.match (uncached)', (t) => uncached.match(t), 100_000);
const cachedMatcher = createMatcher();
const matchCached = measure('matcher.match (cache hit)', (t) => cachedMatcher.match(t), 100_000);

const bot = await createBot(loadEnv({ LOG_LEVEL: 'silent' }), { matcher: { cacheSize: 0 } });
// Engine turns are async; measure them sequentially, one fresh conversation per utterance as classify does.
const engineLat = [];
for (let i = 0; i < 2000; i++) await bot.engine.respond({ conversationKey: `w${i}`, text: texts[i % texts.length] });
const engineStart = performance.now();
const ENGINE_ROUNDS = 50_000;
for (let i = 0; i < ENGINE_ROUNDS; i++) {
  const t = performance.now();
  const key = `b${i}`;
  await bot.engine.respond({ conversationKey: key, text: texts[i % texts.length] });
  await bot.engine.forget(key);
  engineLat.push(performance.now() - t);
}
const engineTotal = performance.now() - engineStart;
engineLat.sort((a, b) => a - b);
const engine = { label: 'engine turn (uncached)', perSecond: Math.round(ENGINE_ROUNDS / (engineTotal / 1000)), p50: percentile(engineLat, 50), p99: percentile(engineLat, 99) };

// The CLI end to end, as eval-intents.mjs drives it: one process for all input.
const input = Array.from({ length: 20_000 }, (_, i) => texts[i % texts.length]).join('\n') + '\n';
// GNU time reports the child's peak RSS when it is installed.
const gnuTime = existsSync('/usr/bin/time');
const cliStart = performance.now();
const cliCmd = gnuTime ? '/usr/bin/time' : process.execPath;
const cliArgs = [...(gnuTime ? ['-f', 'maxrss_kb=%M', process.execPath] : []), join(root, 'dist/cli.js'), 'classify'];
const cli = spawnSync(cliCmd, cliArgs, { input, encoding: 'utf8', maxBuffer: 1 << 30, env: { PATH: process.env.PATH, LOG_LEVEL: 'silent' } });
const cliSeconds = (performance.now() - cliStart) / 1000;
if (cli.status !== 0) throw new Error(`classify failed: ${cli.stderr}`);
const cliLines = cli.stdout.split('\n').filter(Boolean).length;
const cliRss = /maxrss_kb=(\d+)/.exec(cli.stderr)?.[1];

// Cold `mynapin ask`: a new process each time; report the median of 7 runs.
const cold = [];
for (let i = 0; i < 7; i++) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'ask', '暗証番号を忘れました'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
  cold.push(performance.now() - t);
  if (r.status !== 0) throw new Error(`ask failed: ${r.stderr}`);
}
cold.sort((a, b) => a - b);

const rssMb = process.resourceUsage().maxRSS / 1024;
console.log('\n## matcher / CLI (one core, this process)');
console.log(`utterances: ${texts.length} distinct, cycled`);
for (const r of [match, matchCached, engine]) console.log(`${r.label.padEnd(26)} ${String(r.perSecond).padStart(9)} /s   p50 ${fmt(r.p50)}   p99 ${fmt(r.p99)}`);
console.log(`${'mynapin classify (CLI)'.padEnd(26)} ${String(Math.round(cliLines / cliSeconds)).padStart(9)} /s   (${cliLines} lines in ${cliSeconds.toFixed(2)} s, process start included)`);
console.log(`cold \`mynapin ask\` wall time: median ${cold[3].toFixed(0)} ms (min ${cold[0].toFixed(0)}, max ${cold[6].toFixed(0)})`);
if (cliRss) console.log(`peak RSS of \`mynapin classify\` over ${cliLines} lines: ${(Number(cliRss) / 1024).toFixed(0)} MB`);
console.log(`peak RSS of this benchmark process (matcher + engine + 50,000 turns): ${rssMb.toFixed(0)} MB`);
