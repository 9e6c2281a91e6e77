// The /api/chat load of the HTTP benchmarks (bench/http.mjs, bench/redis-soak.mjs): the request
// set, wrk's Lua script that sends it, and the parser of wrk's report.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const QUESTIONS = ['暗証番号を忘れました', '暗証番号がロックされた', 'コンビニで住民票を取りたい', '代理人でも手続きできますか', 'こんにちは', 'マイナ保険証の暗証番号'];
// 500 conversations, 6,000 client addresses: more than a city sees at once, fewer than the rate
// limiter's 10,000, so every request is served and none is refused.
export const CHAT_REQUESTS = Array.from({ length: 6000 }, (_, n) => ({
  headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.${(n >> 8) & 255}.${n & 255}` },
  body: JSON.stringify({ conversationId: `bench-${n % 500}`, text: QUESTIONS[n % QUESTIONS.length] }),
}));

/** wrk's Lua: the given requests, taken in turn by all connections (so neighbours differ). Written into `dir`. */
export function wrkScript(requests, dir) {
  // A Lua string literal: printable ASCII as is, every other byte (UTF-8 of the Japanese) as \ddd.
  const lua = (s) => `"${[...Buffer.from(s, 'utf8')].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\${String(b).padStart(3, '0')}`)).join('')}"`;
  const rows = requests.map((r) => {
    const headers = Object.entries({ Host: '127.0.0.1', ...r.headers }).map(([k, v]) => `[${lua(k)}]=${lua(v)}`).join(',');
    return `{${lua(r.method)},${lua(r.path)},{${headers}},${r.body === undefined ? 'nil' : lua(r.body)}}`;
  });
  const file = join(dir, `requests-${requests.length}-${Date.now()}-${Math.random().toString(36).slice(2)}.lua`);
  writeFileSync(
    file,
    `local specs = {\n${rows.join(',\n')}\n}\nlocal reqs = {}\nlocal i = 0\n` +
      'function init(args)\n  for k, s in ipairs(specs) do reqs[k] = wrk.format(s[1], s[2], s[3], s[4]) end\n  i = 0\nend\n' +
      'function request()\n  i = i % #reqs + 1\n  return reqs[i]\nend\n',
  );
  return file;
}

/** Parses wrk's --latency report. */
export function parseWrk(out) {
  const ms = (v, unit) => Number(v) * { us: 0.001, ms: 1, s: 1000 }[unit];
  const pct = (p) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
    return m ? Math.round(ms(m[1], m[2]) * 100) / 100 : NaN;
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    p50: pct(50),
    p99: pct(99),
    bad: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) + (socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0),
    total: Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN),
  };
}
