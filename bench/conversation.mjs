#!/usr/bin/env node
// Benchmark of the conversation layer (over dist/: run `npm run build` first).
//
//   node bench/conversation.mjs [--seconds 5] [--conversations 10000] [--json]
//
// Measures, in-process and single-threaded:
//   - turns/s through the engine with the real matcher and knowledge base (multi-turn scripts,
//     many conversations, silent logger), with the per-turn latency p50 / p99;
//   - the privacy guard alone (the logger runs it on every string it writes);
//   - heap per 10,000 live conversations in the in-memory session store (needs --expose-gc; the
//     script re-runs itself with it when missing).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${root}dist/conversation/engine.js`)) {
  console.error('bench/conversation.mjs: dist/ is missing. Run `npm run build` first.');
  process.exit(2);
}
if (typeof globalThis.gc !== 'function') {
  const again = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(again.status ?? 1);
}

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const seconds = option('seconds', 5);
const liveConversations = option('conversations', 10_000);
const asJson = args.includes('--json');

const { createConversationEngine } = await import(`${root}dist/conversation/engine.js`);
const { MemorySessionStore } = await import(`${root}dist/conversation/session-store.js`);
const { createMatcher } = await import(`${root}dist/nlu/index.js`);
const { loadKnowledge } = await import(`${root}dist/knowledge/index.js`);
const { createLogger } = await import(`${root}dist/logging/logger.js`);
const { redactSecrets } = await import(`${root}dist/privacy/guard.js`);

const matcher = createMatcher();
const knowledge = loadKnowledge();
const logger = createLogger({ level: 'silent' });

// Realistic multi-turn scripts (our own wording, not the evaluation sets).
const SCRIPTS = [
  ['暗証番号を忘れてしまいました', '署名用です', '家族に頼めますか'],
  ['4桁の暗証番号を2回間違えました', 'ロックされたらどうすればいい?'],
  ['コンビニで住民票を取りたい', '何時まで?', 'ありがとう'],
  ['ロックされました', '土日もやってますか'],
  ['暗証番号 4821 で合ってますか', 'マイナ保険証は顔認証でも使えますか'],
  ['こんにちは', '暗証番号は何種類ありますか', '署名用のほうは何回でロック?'],
  ['3回間違えた', 'わからない', '最初から'],
];

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function throughput() {
  const store = new MemorySessionStore({ maxConversations: 1_000_000 });
  const engine = createConversationEngine({ matcher, knowledge, store, logger });
  // Warm-up: JIT, regex compilation, the store's maps.
  for (let i = 0; i < 300; i++) {
    for (const text of SCRIPTS[i % SCRIPTS.length]) await engine.respond({ conversationKey: `warm:${i}`, text });
  }
  const latencies = [];
  const deadline = performance.now() + seconds * 1000;
  let turns = 0;
  let conversation = 0;
  const started = performance.now();
  while (performance.now() < deadline) {
    const script = SCRIPTS[conversation % SCRIPTS.length];
    const key = `bench:${conversation++}`;
    for (const text of script) {
      const t0 = performance.now();
      await engine.respond({ conversationKey: key, text });
      latencies.push(performance.now() - t0);
      turns++;
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    turns,
    turnsPerSecond: Math.round(turns / elapsed),
    p50Micros: Math.round(percentile(latencies, 50) * 1000),
    p99Micros: Math.round(percentile(latencies, 99) * 1000),
  };
}

function guardThroughput() {
  const samples = [
    '暗証番号を忘れてしまいました',
    '暗証番号 4821 で合ってますか',
    'マイナンバーは 1234 5678 9018 です',
    'フリーダイヤル 0120-95-0178（平日9:30〜20:00）',
    '{"level":20,"conversationKey":"line:U123","intent":"forgot_pin","confidence":0.98}',
  ];
  for (let i = 0; i < 20_000; i++) redactSecrets(samples[i % samples.length]);
  const n = 200_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) redactSecrets(samples[i % samples.length]);
  const elapsed = (performance.now() - t0) / 1000;
  return { callsPerSecond: Math.round(n / elapsed) };
}

async function memory() {
  const store = new MemorySessionStore({ maxConversations: liveConversations * 2 });
  const engine = createConversationEngine({ matcher, knowledge, store, logger });
  globalThis.gc();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < liveConversations; i++) {
    // Two turns each: the state carries an open question and slots, as real ones do.
    const key = `line:U${i.toString(16).padStart(32, '0')}`;
    await engine.respond({ conversationKey: key, text: '4桁の暗証番号を2回間違えました' });
    await engine.respond({ conversationKey: key, text: '暗証番号を忘れました' });
  }
  globalThis.gc();
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  const live = await store.size();
  const bytesPerConversation = Math.round((after - before) / live);
  return {
    conversations: live,
    bytesPerConversation,
    mbPer10k: Number(((bytesPerConversation * 10_000) / 1024 / 1024).toFixed(2)),
  };
}

const result = {
  engine: await throughput(),
  guard: guardThroughput(),
  memory: await memory(),
  node: process.version,
};

if (asJson) {
  console.log(JSON.stringify(result));
} else {
  console.log('conversation layer (in-process, one thread)');
  console.log(`  engine   ${result.engine.turnsPerSecond.toLocaleString('en')} turns/s  (p50 ${result.engine.p50Micros} µs, p99 ${result.engine.p99Micros} µs, ${result.engine.turns} turns)`);
  console.log(`  guard    ${result.guard.callsPerSecond.toLocaleString('en')} redactSecrets calls/s`);
  console.log(`  memory   ${result.memory.mbPer10k} MB heap per 10,000 live conversations (${result.memory.bytesPerConversation} B each, ${result.memory.conversations} measured)`);
}
