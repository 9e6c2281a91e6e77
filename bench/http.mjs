// HTTP benchmark of `mynapin serve` (built dist/): requests/s and p99 of POST /api/chat against a
// peer doing the same work — a Fastify 5 server with pino logging, request ids, the same headers,
// body limit, zod schema and a rate limit, answering from the same engine (bench/peers/fastify-chat.mjs)
// — measured alternately in the same run; a signed POST /webhook/line delivery; a bare node:http
// hello-world and node:http doing only the HTTP+JSON work as reference rows; then RSS of the
// server sampled over a soak. Loopback only; a local fake LINE API takes the
// replies. Each server under test runs in a child process pinned to core 0, the load generator on
// core 1 (when taskset and two cores are available).
//
// Load generator: wrk (Debian package `wrk`) when it is on PATH, else autocannon. wrk matters for
// the /api/chat row: each request there carries another conversation, question and client
// address, and autocannon building such requests one by one saturates its own core at about
// 40,000 req/s, below what the servers here can take, so its figures measure the client.
//
// With redis-server on PATH (Debian package redis-server) the /api/chat row is measured a second
// time with REDIS_URL set (sessions, rate limiter on a local Redis pinned to the server's core),
// in the same run, so the two rows compare.
//
//   node bench/http.mjs [--duration SECONDS] [--soak SECONDS] [--connections N]
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { CHAT_REQUESTS, QUESTIONS, parseWrk, wrkScript } from './chat-load.mjs';

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
const hasWrk = spawnSync('wrk', ['--version']).error === undefined;
const work = mkdtempSync(join(os.tmpdir(), 'mynapin-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const CHANNEL_SECRET = 'bench-channel-secret';

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

/** One measurement: `requests` ({method, path, headers, body}) are sent in turn for `seconds`. */
async function measure(base, requests, seconds = duration, clients = connections) {
  if (hasWrk) {
    const script = wrkScript(requests, work);
    const argv = ['-t1', `-c${clients}`, `-d${seconds}s`, '--latency', '-s', script, base];
    const r = canPin ? spawnSync('taskset', ['-c', '1', 'wrk', ...argv], { encoding: 'utf8' }) : spawnSync('wrk', argv, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
    return parseWrk(r.stdout);
  }
  let n = 0;
  const r = await autocannon({
    url: base,
    connections: clients,
    duration: seconds,
    requests: [{ setupRequest: (req) => ({ ...req, ...requests[n++ % requests.length] }) }],
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bad: r.non2xx + r.errors + r.timeouts, total: r.requests.total };
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
// The HTTP work of /api/chat without the bot: read and parse the JSON body, answer a typical
// 1.2 KB Japanese reply as JSON. Not a target; it shows how much of the gap to the ceiling is
// node:http and JSON, and how much is mynapin.
const SAME_HTTP_WORK = `
import http from 'node:http';
const answer = { intent: 'forgot_pin', confidence: 0.98, reply: 'お忘れになった暗証番号によって方法が変わります。'.repeat(14), suggestions: [
  { intent: 'lockout_rules', label: 'ロックされたとき', text: 'ロックされたらどうすればいいですか' },
  { intent: 'proxy_procedure', label: '家族に頼みたい', text: '家族が代わりに手続きできますか' },
  { intent: 'office_contact', label: '窓口を知りたい', text: '窓口はどこですか' } ], privacyWarning: false };
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const body = Buffer.from(JSON.stringify(answer));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stderr.write('http://127.0.0.1:' + server.address().port + '/\\n'));
process.on('SIGTERM', () => process.exit(0));
`;
const FASTIFY_PEER = `await import('./bench/peers/fastify-chat.mjs');`;
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
const record = (name, r) => rows.push({ name, ...r });
const chatRequests = CHAT_REQUESTS.map((r) => ({ method: 'POST', path: '/api/chat', ...r }));
const warmUp = (base, requests) => measure(base, requests, 2);

// 1. The ceiling: a bare node:http server on the same core.
const hello = await spawnServer(HELLO, { PATH: serverEnv.PATH });
await warmUp(hello.url, [{ method: 'GET', path: '/' }]);
record('node:http hello world (ceiling)', await measure(hello.url, [{ method: 'GET', path: '/' }]));
await stop(hello.child);

// 2. The same HTTP and JSON work as /api/chat, without the bot.
const same = await spawnServer(SAME_HTTP_WORK, { PATH: serverEnv.PATH });
await warmUp(same.url, chatRequests);
record('node:http, JSON in + 1.2 KB JSON out, no bot', await measure(same.url, chatRequests));
await stop(same.child);

// 3. The Fastify peer and mynapin on /api/chat, alternately (twice each), so that a change in the
// machine's load falls on both. @fastify/rate-limit goes into a temporary folder (never a dependency).
const plugins = spawnSync('npm', ['install', '--prefix', work, '--no-save', '--no-audit', '--no-fund', '--silent', '@fastify/rate-limit@10.3.0'], { encoding: 'utf8' });
const peerEnv = { ...serverEnv, ...(plugins.status === 0 ? { FASTIFY_PLUGINS: join(work, 'node_modules') } : {}) };
if (plugins.status !== 0) console.log(`(@fastify/rate-limit not installed — ${plugins.stderr.trim().split('\n')[0]}; the peer uses mynapin's token bucket)`);
const chatRounds = { peer: [], mynapin: [] };
const peer = await spawnServer(FASTIFY_PEER, peerEnv);
const peerBase = new URL(peer.url).origin;
await warmUp(peerBase, chatRequests);
const mynapin = await spawnServer(MYNAPIN, serverEnv);
const base = new URL(mynapin.url).origin;
await warmUp(base, chatRequests);
for (let round = 0; round < 2; round++) {
  chatRounds.peer.push(await measure(peerBase, chatRequests));
  chatRounds.mynapin.push(await measure(base, chatRequests));
}
// The same, with FEW_CONNECTIONS clients: one Node process is still saturated (each client sends its
// next request as soon as the answer arrives), but a request waits behind 9 others instead of 49,
// so the p99 is the server's own tail rather than the queue's length (50 in flight at ~10,000 req/s
// is 5 ms of queue on average for every request, whatever the server).
const FEW_CONNECTIONS = 10;
const fewRounds = { peer: [], mynapin: [] };
for (let round = 0; round < 2; round++) {
  fewRounds.peer.push(await measure(peerBase, chatRequests, duration, FEW_CONNECTIONS));
  fewRounds.mynapin.push(await measure(base, chatRequests, duration, FEW_CONNECTIONS));
}
await stop(peer.child);
const mean = (list) => ({
  rps: list.reduce((a, r) => a + r.rps, 0) / list.length,
  p50: Math.max(...list.map((r) => r.p50)),
  p99: Math.max(...list.map((r) => r.p99)),
  bad: list.reduce((a, r) => a + r.bad, 0),
  total: list.reduce((a, r) => a + r.total, 0),
});
record('Fastify 5 peer POST /api/chat (same engine)', mean(chatRounds.peer));
record('mynapin POST /api/chat', mean(chatRounds.mynapin));
record(`Fastify 5 peer POST /api/chat, ${FEW_CONNECTIONS} connections`, mean(fewRounds.peer));
record(`mynapin POST /api/chat, ${FEW_CONNECTIONS} connections`, mean(fewRounds.mynapin));
// The server's own overhead (routing, request id, headers, access log) without the bot.
await warmUp(base, [{ method: 'GET', path: '/healthz' }]);
record('mynapin GET /healthz', await measure(base, [{ method: 'GET', path: '/healthz' }]));

// LINE: every delivery is signed afresh with its own event id (a repeated id is skipped as a
// redelivery), so these are built per request; at this row's rate autocannon is not the limit.
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
const line = await autocannon({ url: base, connections, duration, requests: [lineRequest()] });
record('mynapin POST /webhook/line (signed, reply to fake API)', {
  rps: line.requests.average, p50: line.latency.p50, p99: line.latency.p99, bad: line.non2xx + line.errors + line.timeouts, total: line.requests.total,
});
await new Promise((r) => setTimeout(r, 1000)); // let the replies after the acks drain
const lineReplies = fakeLine.replies() - repliesBefore;

// 4. Soak: steady /api/chat load at half the measured rate, RSS sampled every second.
const chatRps = rows.find((r) => r.name === 'mynapin POST /api/chat').rps;
const samples = [];
const sampler = setInterval(() => samples.push(rssMiB(mynapin.child.pid)), 1000);
samples.push(rssMiB(mynapin.child.pid));
let s = 0;
const soak = await autocannon({
  url: base,
  connections: 10,
  duration: soakSeconds,
  overallRate: Math.max(50, Math.round(chatRps / 2)),
  requests: [{ setupRequest: (req) => ({ ...req, method: 'POST', path: '/api/chat', ...CHAT_REQUESTS[s++ % CHAT_REQUESTS.length] }) }],
});
clearInterval(sampler);
samples.push(rssMiB(mynapin.child.pid));

// 5. The same /api/chat load with REDIS_URL: every turn takes the conversation lock, reads and
// writes the state and spends a rate-limit token on Redis (4 round trips).
const hasRedis = spawnSync('redis-server', ['--version']).error === undefined;
if (hasRedis) {
  const redisPort = await new Promise((resolve) => {
    const probe = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  const redisArgs = ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', work];
  const redis = canPin ? spawn('taskset', ['-c', '0', 'redis-server', ...redisArgs], { stdio: 'ignore' }) : spawn('redis-server', redisArgs, { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 300));
  const withRedis = await spawnServer(MYNAPIN, { ...serverEnv, REDIS_URL: `redis://127.0.0.1:${redisPort}` });
  const redisBase = new URL(withRedis.url).origin;
  await warmUp(redisBase, chatRequests);
  record('mynapin POST /api/chat, REDIS_URL (sessions+limiter)', await measure(redisBase, chatRequests));
  await stop(withRedis.child);
  await stop(redis);
  // The in-memory server again, right after, so the comparison is not one of two moments of a
  // busy machine.
  record('mynapin POST /api/chat (in memory, again)', await measure(base, chatRequests));
}
await stop(mynapin.child);
await fakeLine.close();

// Report.
const ceiling = rows[0].rps;
const pad = (x, w) => String(x).padEnd(w);
const lpad = (x, w) => String(x).padStart(w);
console.log(
  `\nHTTP benchmark — ${duration}s per row, ${connections} connections, load from ${hasWrk ? 'wrk' : 'autocannon (install wrk for /api/chat figures not limited by the client)'}, ` +
    `server ${canPin ? 'pinned to core 0 (load on core 1)' : 'not pinned'}, node ${process.version}, LOG_LEVEL=${serverEnv.LOG_LEVEL}`,
);
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
const chat = rows.find((r) => r.name === 'mynapin POST /api/chat');
const chatRedis = rows.find((r) => r.name.includes('REDIS_URL'));
const chatAgain = rows.find((r) => r.name.includes('in memory, again'));
console.log(
  chatRedis
    ? `/api/chat with REDIS_URL: ${Math.round(chatRedis.rps)} req/s = ${((chatRedis.rps / ((chat.rps + chatAgain.rps) / 2)) * 100).toFixed(1)}% of in memory ` +
        `(mean of the rows before and after; same run, Redis on the server's core)`
    : '/api/chat with REDIS_URL: not measured (redis-server is not installed)',
);
const peerRow = rows.find((r) => r.name.startsWith('Fastify'));
const vsPeer = chat.rps / peerRow.rps;
console.log(
  `/api/chat rounds (req/s): Fastify ${chatRounds.peer.map((r) => Math.round(r.rps)).join(', ')}; mynapin ${chatRounds.mynapin.map((r) => Math.round(r.rps)).join(', ')} (p50/p99 above: the worse round)`,
);
const few = rows.find((r) => r.name === `mynapin POST /api/chat, ${FEW_CONNECTIONS} connections`);
const fewPeer = rows.find((r) => r.name === `Fastify 5 peer POST /api/chat, ${FEW_CONNECTIONS} connections`);
console.log(
  `Targets for /api/chat: ≥ 1.0× the Fastify peer → ${connections} connections ${vsPeer.toFixed(2)}×, ${FEW_CONNECTIONS} connections ${(few.rps / fewPeer.rps).toFixed(2)}× ${vsPeer >= 1 && few.rps >= fewPeer.rps ? 'met' : 'NOT met'}; ` +
    `p99 ≤ 10 ms → ${chat.p99} ms at ${connections} connections (peer ${peerRow.p99}), ${few.p99} ms at ${FEW_CONNECTIONS} (peer ${fewPeer.p99}): ` +
    `${few.p99 <= 10 ? 'met' : 'NOT met'} at ${FEW_CONNECTIONS}, ${chat.p99 <= 10 ? 'met' : 'NOT met'} at ${connections}; no errors → ${chat.bad === 0 ? 'met' : 'NOT met'}`,
);
const failed = rows.some((r) => r.bad > 0) || soak.non2xx + soak.errors > 0;
process.exit(failed ? 1 : 0);
