// Soak of several instances: two `mynapin serve` processes (built dist/) on one local
// redis-server, /api/chat load from two wrk processes (one per instance, the same 500
// conversations on both, so turns of a conversation alternate between instances and contend for
// its lock), for --seconds (default 60). RSS of both servers and of Redis sampled every 5 s.
// Exit 1 on any non-2xx answer or socket error.
//
//   npm run build && node bench/redis-soak.mjs [--seconds 60] [--connections 8]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHAT_REQUESTS, parseWrk, wrkScript } from './chat-load.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const seconds = arg('--seconds', 60);
const connections = arg('--connections', 8);
for (const [what, ok] of [
  ['dist/cli.js (npm run build)', existsSync(join(root, 'dist/cli.js'))],
  ['wrk', spawnSync('wrk', ['--version']).error === undefined],
  ['redis-server', spawnSync('redis-server', ['--version']).error === undefined],
]) {
  if (!ok) {
    console.error(`${what} is missing`);
    process.exit(2);
  }
}
const work = mkdtempSync(join(os.tmpdir(), 'mynapin-soak-'));
const children = [];
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

const freePort = () =>
  new Promise((resolve) => {
    const probe = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
const rssMiB = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  } catch {
    return NaN;
  }
};

const redisPort = await freePort();
const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', work], { stdio: 'ignore' });
children.push(redis);

function startInstance(name) {
  const child = spawn(process.execPath, [join(root, 'dist/cli.js'), 'serve'], {
    cwd: work,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'true',
      CHAT_RATE_LIMIT_PER_MINUTE: '100000',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let logs = '';
  child.stdout.on('data', (d) => (logs += d));
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
      const url = /web chat (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr)?.[1];
      if (url) resolve({ name, child, url, logs: () => logs });
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}): ${stderr}`)));
  });
}

await new Promise((r) => setTimeout(r, 300));
const instances = await Promise.all([startInstance('A'), startInstance('B')]);
const script = wrkScript(CHAT_REQUESTS.map((r) => ({ method: 'POST', path: '/api/chat', ...r })), work);
const runWrk = (url, secs) =>
  new Promise((resolve, reject) => {
    const p = spawn('wrk', ['-t1', `-c${connections}`, `-d${secs}s`, '--latency', '-s', script, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.once('exit', (code) => (code === 0 ? resolve(parseWrk(out)) : reject(new Error(`wrk exited ${code}`))));
  });

// Warm-up (JIT, matcher caches), then the soak proper.
await Promise.all(instances.map((i) => runWrk(i.url, 3)));
const samples = [];
const sample = () => samples.push({ t: samples.length * 5, A: rssMiB(instances[0].child.pid), B: rssMiB(instances[1].child.pid), redis: rssMiB(redis.pid) });
sample();
const sampler = setInterval(sample, 5000);
const [loadA, loadB] = await Promise.all(instances.map((i) => runWrk(i.url, seconds)));
clearInterval(sampler);
sample();

// What Redis holds at the end, by kind (session, rate, lock, …).
const scan = spawnSync('redis-cli', ['-p', String(redisPort), '--scan'], { encoding: 'utf8' });
const kinds = {};
for (const key of scan.error ? [] : scan.stdout.split('\n').filter(Boolean)) {
  const kind = key.split(':')[1] ?? key;
  kinds[kind] = (kinds[kind] ?? 0) + 1;
}
const keys = scan.error ? 'n/a (no redis-cli)' : JSON.stringify(kinds);
for (const i of instances) i.child.kill('SIGTERM');
await Promise.all(instances.map((i) => new Promise((r) => (i.child.exitCode !== null ? r() : i.child.once('exit', r)))));
redis.kill('SIGTERM');

const total = loadA.total + loadB.total;
const bad = loadA.bad + loadB.bad;
console.log(`\nRedis soak — ${seconds}s, two instances on one redis-server, wrk ${connections} connections each, node ${process.version}, ${os.availableParallelism()} cores (not pinned)`);
for (const [name, r] of [['A', loadA], ['B', loadB]]) console.log(`instance ${name}: ${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx/socket errors ${r.bad} of ${r.total}`);
console.log(`total: ${total} requests, ${Math.round(loadA.rps + loadB.rps)} req/s, errors ${bad}; Redis keys at the end: ${keys}`);
console.log('RSS MiB every 5 s (A / B / redis-server):');
console.log(samples.map((s) => `${s.t}s ${s.A.toFixed(1)}/${s.B.toFixed(1)}/${s.redis.toFixed(1)}`).join('  '));
const half = Math.floor(samples.length / 2);
const range = (k, from, to) => {
  const v = samples.slice(from, to).map((x) => x[k]);
  return `${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)}`;
};
console.log(
  `RSS range, first half → second half: A ${range('A', 1, half)} → ${range('A', half)} MiB, B ${range('B', 1, half)} → ${range('B', half)} MiB, ` +
    `redis ${range('redis', 1, half)} → ${range('redis', half)} MiB`,
);
const warned = instances.flatMap((i) => i.logs().split('\n').filter((l) => l.includes('"level":5') || l.includes('"level":4')));
console.log(`warn/error log lines: ${warned.length}${warned.length ? `\n${warned.slice(0, 5).join('\n')}` : ''}`);
process.exit(bad === 0 ? 0 : 1);
