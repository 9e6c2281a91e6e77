import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chat, request, startTestServer, type TestServer } from './helpers.js';
import { mulberry32 } from '../helpers/seeded-random.js';

const SEED = 20240611;
const random = mulberry32(SEED);
const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const randomBytes = (max: number): Buffer => {
  const out = Buffer.alloc(Math.floor(random() * max));
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(random() * 256);
  return out;
};

const PATHS = ['/', '/chat.js', '/chat.css', '/widget.js', '/widget-demo.html', '/healthz', '/api/chat', '/webhook/line', '/slack/events', '/nope', '/api/chat/', '//api/chat', '/%00', '/api/chat?x=%ZZ'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json;;;', '*/*'];

/** Sends raw bytes on a fresh connection and collects whatever comes back until the server closes it. */
function rawExchange(port: number, chunks: Array<Buffer | string>, { gapMs = 0, endAfter = true } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (d: Buffer) => received.push(d));
    socket.on('error', () => {});
    let gaveUp = false;
    socket.on('close', () => resolve(gaveUp ? 'CLIENT GAVE UP' : Buffer.concat(received).toString('latin1')));
    // Only so a broken server cannot hang the test; reaching this is a failure (see assertions).
    socket.setTimeout(15_000, () => {
      gaveUp = true;
      socket.destroy();
    });
    socket.once('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) break;
        socket.write(chunk);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
      if (endAfter && !socket.destroyed) socket.end();
    });
  });
}

const statusOf = (raw: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);

describe(`fuzzing every route (seed ${SEED})`, { timeout: 30_000 }, () => {
  let server: TestServer;
  let port: number;
  const statuses: number[] = [];

  beforeAll(async () => {
    server = await startTestServer({ BODY_LIMIT_BYTES: '65536', REQUEST_TIMEOUT_MS: '1000', CHAT_RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'warn' });
    port = Number(server.base.port);
  });
  afterAll(async () => {
    await server.close();
  });

  it('survives random bodies with random methods and content types', async () => {
    const batch: Array<Promise<void>> = [];
    for (let i = 0; i < 300; i++) {
      const body = randomBytes(4096);
      const type = pick(CONTENT_TYPES);
      batch.push(
        request(server.base, pick(PATHS), {
          method: pick(METHODS),
          // Framed correctly; broken framing is the raw-socket test's job.
          headers: { 'content-length': body.length, ...(type ? { 'content-type': type } : {}) },
          body,
        }).then(
          (res) => void statuses.push(res.status),
          () => void statuses.push(-1),
        ),
      );
      if (batch.length === 20) await Promise.all(batch.splice(0));
    }
    await Promise.all(batch);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === -1)).toEqual([]);
  });

  it('answers hostile JSON with 4xx: deep nesting, huge documents, wrong shapes, broken UTF-8', async () => {
    const hostile: Array<string | Buffer> = [
      '['.repeat(60_000) + ']'.repeat(60_000),
      '{"conversationId":' + '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000) + ',"text":"x"}',
      JSON.stringify({ conversationId: 'a', text: 'x'.repeat(70_000) }),
      JSON.stringify({ conversationId: 'a', text: ['暗証番号'] }),
      '{"__proto__":{"polluted":true},"conversationId":"a","text":1}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      Buffer.from([0x7b, 0x22, 0x63, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      Buffer.concat([Buffer.from('{"conversationId":"a","text":"'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('"}')]),
      'null',
      '"just a string"',
      '1e999999',
      '',
      '\u0000\u0000\u0000',
    ];
    for (const body of hostile) {
      const res = await chat(server.base, body as string);
      expect(res.status, String(body).slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.status, String(body).slice(0, 40)).toBeLessThan(500);
      statuses.push(res.status);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers malformed HTTP with 4xx and closes: garbage bytes, bad framing, huge headers', async () => {
    const exchanges: Array<Array<Buffer | string>> = [
      [randomBytes(2000)],
      ['GARBAGE / HTTP/1.1\r\n\r\n'],
      ['GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
      ['POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n'],
      ['POST /api/chat HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZZ\r\nnope\r\n'],
      [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
      ['GET / HTTP/1.1\r\nHost: x\r\nBad Header Name: 1\r\n\r\n'],
      ['GET /\u0000 HTTP/1.1\r\nHost: x\r\n\r\n'],
    ];
    for (let i = 0; i < 20; i++) exchanges.push([`${pick(METHODS)} ${pick(PATHS)} HTTP/1.1\r\n`, randomBytes(300), '\r\n\r\n']);
    const answers = await Promise.all(exchanges.map((chunks) => rawExchange(port, chunks)));
    for (const raw of answers) {
      expect(raw).not.toBe('CLIENT GAVE UP');
      const status = statusOf(raw);
      // 0 = the server closed without a status line, which is fine for bytes that are not HTTP.
      expect(status === 0 || (status >= 400 && status < 500), raw.slice(0, 80)).toBe(true);
    }
  });

  it('copes with truncated bodies and clients that vanish mid-request', async () => {
    const truncated = Array.from({ length: 30 }, (_, i) =>
      new Promise<void>((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => {});
        socket.resume(); // read (and drop) the answer, or 'close' never comes
        socket.on('close', () => resolve());
        socket.once('connect', () => {
          socket.write(`POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"conversationId":"t${i}","text":"`);
          // Half hang up politely, half reset the connection.
          setTimeout(() => (i % 2 ? socket.end() : socket.destroy()), 10);
        });
      }),
    );
    await Promise.all(truncated);
  });

  it('cuts off slow clients (slowloris headers, trickled bodies) after REQUEST_TIMEOUT_MS', async () => {
    const headerBytes = 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(200);
    const slowHeaders = Array.from({ length: 8 }, () => rawExchange(port, headerBytes.split(''), { gapMs: 50, endAfter: false }));
    const bodyBytes = JSON.stringify({ conversationId: 'slow', text: 'ゆっくり'.repeat(20) });
    const slowBodies = Array.from({ length: 8 }, () =>
      rawExchange(
        port,
        [`POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(bodyBytes) + 10_000}\r\n\r\n`, ...bodyBytes.split('')],
        { gapMs: 50, endAfter: false },
      ),
    );
    const answers = await Promise.all([...slowHeaders, ...slowBodies]);
    for (const raw of answers) {
      // The server hung up on each; a status line, if any, is 408.
      expect(raw).not.toBe('CLIENT GAVE UP');
      const status = statusOf(raw);
      expect([0, 408]).toContain(status);
    }
  }, 30_000);

  it('still answers /healthz and a correct /api/chat afterwards', async () => {
    const health = await request(server.base, '/healthz');
    expect(health.status).toBe(200);
    const res = await chat(server.base, { conversationId: 'after-fuzz', text: '暗証番号を忘れました' });
    expect(res.status).toBe(200);
    expect(typeof res.json<{ reply: string }>().reply).toBe('string');
    expect(statuses.length).toBeGreaterThan(300);
  });
});
