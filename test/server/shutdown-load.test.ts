import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLineApi, type FakeLineApi } from '../helpers/fake-line-api.js';

// SIGTERM to the BUILT `mynapin serve` under load: nothing accepted may be lost.
// MYNAPIN_TEST_CLI runs the same test against another build (e.g. main's, to see it fail there).
const cli = process.env.MYNAPIN_TEST_CLI ?? fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const haveBuild = existsSync(cli);
if (!haveBuild && process.env.CI) throw new Error('dist/ is not built: run npm run build first');

const SECRET = 'shutdown-line-secret';
const TOKEN = 'shutdown-line-token';

interface Outcome {
  status?: number;
  connection?: string;
  error?: string;
}

/** One request on its own connection; `sent` resolves once it is connected and fully written. */
function post(port: number, path: string, body: string, headers: Record<string, string> = {}) {
  let markSent!: () => void;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const done = new Promise<Outcome>((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection }));
        res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    const connected = new Promise<void>((r) => req.once('socket', (s: Socket) => s.once('connect', () => r())));
    const finished = new Promise<void>((r) => req.once('finish', () => r()));
    void Promise.all([connected, finished]).then(markSent);
    req.end(body);
  });
  return { sent, done };
}

function lineEvents(from: number, count: number) {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return {
      type: 'message',
      mode: 'active',
      timestamp: Date.now(),
      webhookEventId: `01SHUTDOWN${String(i).padStart(16, '0')}`,
      deliveryContext: { isRedelivery: false },
      replyToken: `token-${i}`,
      source: { type: 'user', userId: `Ushutdown${String(i).padStart(24, '0')}` },
      message: { id: String(1e9 + i), type: 'text', text: '暗証番号を忘れました', quoteToken: 'q' },
    };
  });
}

const signedDelivery = (events: unknown[]) => {
  const body = JSON.stringify({ destination: 'Ubot', events });
  return { body, signature: createHmac('sha256', SECRET).update(body).digest('base64') };
};

describe.skipIf(!haveBuild)('SIGTERM under load (node dist/cli.js serve)', { timeout: 90_000 }, () => {
  let child: ChildProcess | undefined;
  let fake: FakeLineApi | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await fake?.close();
  });

  it('answers every request sent before the signal, every acknowledged LINE event, refuses new connections, exits 0', async () => {
    fake = await startFakeLineApi({ channelAccessToken: TOKEN });
    fake.delayMs = 1_500; // a slow LINE API: replies are still being sent long after the HTTP side is done
    const proc = spawn(process.execPath, [cli, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        CHAT_RATE_LIMIT_PER_MINUTE: '100000',
        SHUTDOWN_TIMEOUT_MS: '20000',
        LINE_CHANNEL_SECRET: SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
        LINE_API_BASE_URL: fake.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let output = '';
    proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const port = await new Promise<number>((resolve, reject) => {
      proc.stderr!.on('data', (d: Buffer) => {
        output += d.toString();
        const url = /web chat (http:\/\/\S+)/.exec(output)?.[1];
        if (url) resolve(Number(new URL(url).port));
      });
      void exited.then((code) => reject(new Error(`serve exited early (${code}): ${output}`)));
    });

    // Keep-alive clients that have been answered and sit idle: their sockets are closed on shutdown.
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 3 });
    await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<void>((resolve, reject) =>
            http.get({ host: '127.0.0.1', port, path: '/healthz', agent: keepAlive }, (res) => res.resume().on('end', resolve)).on('error', reject),
          ),
      ),
    );
    const idleSockets = Object.values(keepAlive.freeSockets).flat() as Socket[];
    expect(idleSockets.length).toBeGreaterThan(0);
    const idleClosed = Promise.all(idleSockets.map((s) => new Promise<void>((r) => s.once('close', () => r()))));

    // Delivery A is acknowledged before the load; its answers keep the server busy.
    const a = signedDelivery(lineEvents(0, 20));
    const ackA = await post(port, '/webhook/line', a.body, { 'x-line-signature': a.signature }).done;
    expect(ackA.status).toBe(200);

    // The load: 200 chat requests and LINE delivery B, each on its own connection.
    const chatBody = JSON.stringify({ conversationId: 'load', text: '暗証番号を忘れました' });
    const chats = Array.from({ length: 200 }, () => post(port, '/api/chat', chatBody));
    const b = signedDelivery(lineEvents(100, 20));
    const deliveryB = post(port, '/webhook/line', b.body, { 'x-line-signature': b.signature });

    // One request whose body is only half written when the signal comes (accepted, not yet parsed).
    const partialBody = JSON.stringify({ conversationId: 'partial', text: '署名用の暗証番号を忘れた' });
    const partial = new Promise<Outcome>((resolve) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: '/api/chat', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(partialBody) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection }));
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
      req.write(partialBody.slice(0, 12));
      setTimeout(() => req.end(partialBody.slice(12)), 400).unref();
    });

    await Promise.all([...chats.map((c) => c.sent), deliveryB.sent]);
    proc.kill('SIGTERM');

    const results = await Promise.all(chats.map((c) => c.done));
    const failures = results.filter((r) => r.status !== 200);
    expect(failures, JSON.stringify(failures.slice(0, 3))).toEqual([]);
    expect((await deliveryB.done).status).toBe(200);
    expect((await partial).status).toBe(200);
    await idleClosed;

    // Everything sent before the signal is answered; a new connection now is refused, while the
    // process is still finishing the LINE replies.
    await new Promise((r) => setTimeout(r, 200));
    expect(proc.exitCode).toBe(null);
    const late = await new Promise<Outcome>((resolve) =>
      http
        .get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => res.resume().on('end', () => resolve({ status: res.statusCode })))
        .on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message })),
    );
    expect(late.error).toBe('ECONNREFUSED');

    expect(await exited).toBe(0);
    const replied = new Set(fake.requestsTo('/v2/bot/message/reply').map((r) => (r.json as { replyToken: string }).replyToken));
    const expected = [...lineEvents(0, 20), ...lineEvents(100, 20)].map((e) => e.replyToken);
    expect(expected.filter((t) => !replied.has(t))).toEqual([]);
    expect(output).not.toMatch(/deadline reached/);
    keepAlive.destroy();
  });
});
