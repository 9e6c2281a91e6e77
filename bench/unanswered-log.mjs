// The unanswered-question log's cost per turn: the observer (on the reply path) and the batched write
// (off it), on the real turns of heldout31. `npm run build` first. Figures on a busy shared machine vary.
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const root = new URL('../', import.meta.url).pathname;
const { loadEnv } = await import(root + 'dist/config/env.js');
const { createBot } = await import(root + 'dist/bot.js');
const lines = readFileSync(root + 'test/fixtures/heldout31.tsv', 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t')[1]);
const dir = mkdtempSync(join(tmpdir(), 'perf-'));
// Record real turns once (through a bot whose observer keeps them), then time the log alone on them.
const records = [];
const rec = await createBot(loadEnv({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), { observers: [(r) => records.push(r)] });
for (let i = 0; i < lines.length; i++) await rec.engine.respond({ conversationKey: `web:perfperfperfperf${i}`, text: lines[i] });
const bot = await createBot(loadEnv({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), { unansweredLog: true });
const log = bot.unanswered;
const none = records.filter((r) => r.reply.intent === 'none').length;
const N = 200_000;
for (let round = 0; round < 3; round++) {
  let observe = 0, flush = 0;
  for (let i = 0; i < N; ) {
    const t0 = performance.now();
    for (let j = 0; j < 1000; j++, i++) log.observer({ ...records[i % records.length], at: Date.now() });
    const t1 = performance.now();
    log.flush();
    const t2 = performance.now();
    observe += t1 - t0; flush += t2 - t1;
  }
  console.log(`round ${round}: observer ${(observe * 1000 / N).toFixed(2)} µs/turn on the reply path; batched write ${(flush * 1000 / N).toFixed(2)} µs/turn off it (${(100 * none / records.length).toFixed(0)}% of turns logged as none)`);
}
bot.close(); rec.close();
