// HTTP benchmark of `mynapin serve` (built dist/): requests/s and p99 of POST /api/chat and of a
// signed POST /webhook/line delivery, against a bare node:http hello-world as the ceiling, in one
// run; then RSS of the server sampled over a soak. Loopback only; a local fake LINE API takes the
// replies. The server under test runs in a child process pinned to core 0, the load generator on
// core 1 (when taskset and two cores are available).
//
//   node bench/http.mjs [--duration SECONDS] [--soak SECONDS] [--connections N]
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  const value = i === -1 ? undefined : Number(process.argv[i + 1]);
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    console.error(`${name} needs a positive number`);
    process.exit(2);
  }
  return value ?? fallback;
};
const duration = arg('--duration', 10);
const soakSeconds = arg('--soak', 60);
const connections = arg('--connections', 50);

if (!existsSync(`${root}dist/cli/serve.js`)) {
  console.error('dist/cli/serve.js is missing: run `npm run build` first (npm run bench does).');
  process.exit(2);
}

const canPin = spawnSync('taskset', ['--version']).status === 0 && os.availableParallelism() >= 2;
if (canPin) spawnSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });

const CHANNEL_SECRET = 'bench-channel-secret';
const QUESTIONS = ['暗証番号を忘れました', '暗証番号がロックされた', 'コンビニで住民票を取りたい', '代理人でも手続きできますか', 'こんにちは', 'マイナ保険証の暗証番号'];

/** A fake LINE Messaging API: accepts every reply, records only a count. */
async function startFakeLine() {
  let replies = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/v2/bot/message/reply')) replies++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, replies: () => replies, close: () => new Promise((r) => server.close(r)) };
}

/** Spawns a server script on core 0; resolves once it prints its URL. */
function spawnServer(script, env) {
  const argv = ['--input-type=module', '-e', script];
  const child = canPin
    ? spawn('taskset', ['-c', '0', process.execPath, ...argv], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(process.execPath, argv, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
      const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
}

const stop = (child) => new Promise((resolve) => {
  if (child.exitCode !== null) return resolve();
  child.once('exit', resolve);
  child.kill('SIGTERM');
});

function run(opts) {
  return autocannon({ connections, duration, ...opts });
}

function rssMiB(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

const fakeLine = await startFakeLine();
const HELLO = `
import http from 'node:http';
const body = JSON.stringify({ ok: true });
const server = http.createServer((req, res) => { req.resume(); res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }); res.end(body); });
server.listen(0, '127.0.0.1', () => process.stderr.write('http://127.0.0.1:' + server.address().port + '/\\n'));
process.on('SIGTERM', () => process.exit(0));
`;
const MYNAPIN = `
import { loadEnv } from './dist/config/env.js';
import { runServe } from './dist/cli/serve.js';
await runServe(loadEnv(process.env));
`;
const serverEnv = {
  PATH: process.env.PATH ?? '',
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
  TRUST_PROXY: 'true',
  CHAT_RATE_LIMIT_PER_MINUTE: '100000',
  LINE_CHANNEL_SECRET: CHANNEL_SECRET,
  LINE_CHANNEL_ACCESS_TOKEN: 'bench-token',
  LINE_API_BASE_URL: fakeLine.url,
  LINE_DATA_API_BASE_URL: fakeLine.url,
};

const rows = [];
const record = (name, r) => {
  rows.push({
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    bad: r.non2xx + r.errors + r.timeouts,
    total: r.requests.total,
  });
};

// 1. The ceiling: a bare node:http server on the same core.
const hello = await spawnServer(HELLO, { PATH: serverEnv.PATH });
record('node:http hello world (ceiling)', await run({ url: hello.url }));
await stop(hello.child);

// 2. mynapin.
const mynapin = await spawnServer(MYNAPIN, serverEnv);
const base = new URL(mynapin.url);
let n = 0;
const chatRequest = () => ({
  method: 'POST',
  path: '/api/chat',
  setupRequest: (req) => {
    n++;
    return {
      ...req,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.${(n >> 8) & 255}.${n & 255}` },
      body: JSON.stringify({ conversationId: `bench-${n % 500}`, text: QUESTIONS[n % QUESTIONS.length] }),
    };
  },
});
// The server's own overhead (routing, request id, headers, access log) without the bot.
record('mynapin GET /healthz (server overhead)', await run({ url: `${base.origin}/healthz` }));
// Warm up the JIT and the matcher before measuring.
await autocannon({ url: base.origin, connections: 10, amount: 2000, requests: [chatRequest()] });
record('mynapin POST /api/chat', await run({ url: base.origin, requests: [chatRequest()] }));

let m = 0;
const lineRequest = () => ({
  method: 'POST',
  path: '/webhook/line',
  setupRequest: (req) => {
    m++;
    const body = JSON.stringify({
      destination: 'Ubench',
      events: [{
        type: 'message', mode: 'active', timestamp: Date.now(), webhookEventId: `01BENCH${m}`,
        deliveryContext: { isRedelivery: false },
        source: { type: 'user', userId: `Ubench${m % 500}` },
        replyToken: `token-${m}`,
        message: { type: 'text', id: String(m), quoteToken: 'q', text: QUESTIONS[m % QUESTIONS.length] },
      }],
    });
    const signature = createHmac('sha256', CHANNEL_SECRET).update(body).digest('base64');
    return { ...req, headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body };
  },
});
const repliesBefore = fakeLine.replies();
record('mynapin POST /webhook/line (signed, reply to fake API)', await run({ url: base.origin, requests: [lineRequest()] }));
await new Promise((r) => setTimeout(r, 1000)); // let the replies after the acks drain
const lineReplies = fakeLine.replies() - repliesBefore;

// 3. Soak: steady /api/chat load at ~half the measured rate, RSS sampled every second.
const chatRps = rows.find((r) => r.name.includes('/api/chat')).rps;
const samples = [];
const sampler = setInterval(() => samples.push(rssMiB(mynapin.child.pid)), 1000);
samples.push(rssMiB(mynapin.child.pid));
const soak = await autocannon({
  url: base.origin,
  connections: 10,
  duration: soakSeconds,
  overallRate: Math.max(50, Math.round(chatRps / 2)),
  requests: [chatRequest()],
});
clearInterval(sampler);
samples.push(rssMiB(mynapin.child.pid));
await stop(mynapin.child);
await fakeLine.close();

// Report.
const ceiling = rows[0].rps;
const pad = (s, w) => String(s).padEnd(w);
const lpad = (s, w) => String(s).padStart(w);
console.log(`\nHTTP benchmark — ${duration}s per row, ${connections} connections, server ${canPin ? 'pinned to core 0 (load on core 1)' : 'not pinned'}, node ${process.version}, LOG_LEVEL=${serverEnv.LOG_LEVEL}`);
console.log(`${pad('target', 56)}${lpad('req/s', 10)}${lpad('p50 ms', 9)}${lpad('p99 ms', 9)}${lpad('non-2xx/err', 13)}${lpad('of ceiling', 12)}`);
for (const r of rows) {
  console.log(`${pad(r.name, 56)}${lpad(Math.round(r.rps), 10)}${lpad(r.p50, 9)}${lpad(r.p99, 9)}${lpad(r.bad, 13)}${lpad(`${((r.rps / ceiling) * 100).toFixed(1)}%`, 12)}`);
}
const valid = samples.filter(Number.isFinite);
console.log(`LINE replies received by the fake API during the LINE row: ${lineReplies} (acknowledged deliveries: ${rows.find((r) => r.name.includes('/webhook/line')).total})`);
console.log(
  `Soak ${soakSeconds}s at ${Math.round(soak.requests.average)} req/s (p99 ${soak.latency.p99} ms, non-2xx/err ${soak.non2xx + soak.errors + soak.timeouts}): ` +
    `RSS start ${valid[0]?.toFixed(1)} MiB, min ${Math.min(...valid).toFixed(1)}, max ${Math.max(...valid).toFixed(1)}, end ${valid[valid.length - 1]?.toFixed(1)} MiB`,
);
const failed = rows.some((r) => r.bad > 0) || soak.non2xx + soak.errors > 0;
process.exit(failed ? 1 : 0);
