import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import type { BotReply, ConversationEngine } from '../../src/conversation/types.js';
import { chat, deferred, request, startTestServer, type TestServer } from './helpers.js';
import { asNumber } from '../helpers/secrets.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('web chat page and widget', () => {
  it('serves the page with a CSP that allows nothing external, and embedding via frame-ancestors', async () => {
    server = await startTestServer();
    const res = await request(server.base, '/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('マイナンバーカードの暗証番号 相談チャット');
    expect(res.body).toContain('aria-live="polite"');
    expect(res.body).not.toMatch(/https?:\/\/(?!YOUR-HOST)/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'self' https:");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeUndefined();
  });

  it('narrows frame-ancestors when configured', async () => {
    server = await startTestServer({}, { frameAncestors: 'https://www.city.example.lg.jp' });
    const res = await request(server.base, '/');
    expect(res.headers['content-security-policy']).toContain('frame-ancestors https://www.city.example.lg.jp');
  });

  it('serves chat.js, chat.css and widget.js; the widget may be loaded cross-origin', async () => {
    server = await startTestServer();
    for (const [path, type] of [['/chat.js', 'text/javascript'], ['/chat.css', 'text/css'], ['/widget.js', 'text/javascript']] as const) {
      const res = await request(server.base, path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type']).toContain(type);
      expect(res.body.length).toBeGreaterThan(100);
    }
    const widget = await request(server.base, '/widget.js');
    expect(widget.headers['cross-origin-resource-policy']).toBe('cross-origin');
    // The widget must never fetch anything but this server's page (the SVG namespace is a name, not a fetch).
    expect(widget.body.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//);
  });

  it('answers 304 to a matching If-None-Match, and HEAD like GET without a body', async () => {
    server = await startTestServer();
    const first = await request(server.base, '/chat.js');
    const etag = String(first.headers.etag);
    const again = await request(server.base, '/chat.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    const head = await request(server.base, '/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});

describe('POST /api/chat', () => {
  it('answers with the same reply the conversation engine gives for that text', async () => {
    server = await startTestServer();
    const text = '暗証番号を忘れてしまいました';
    const res = await chat(server.base, { conversationId: 'tab-1', text });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<{ intent: string; confidence: number; reply: string; suggestions: unknown[] }>();
    const reference = await (await createBot(server.env)).engine.respond({ conversationKey: 'web:other-tab', text });
    expect(body.reply).toBe(reference.text);
    expect(body.intent).toBe(reference.intent);
    expect(body.confidence).toBe(reference.confidence);
    expect(body.suggestions).toEqual(reference.suggestions.map(({ intent, label, text: t }) => ({ intent, label, text: t })));
  });

  it('keys the conversation as web:<conversationId>', async () => {
    const seen: string[] = [];
    const engine: ConversationEngine = {
      async respond(turn) {
        seen.push(turn.conversationKey);
        return reply('ok');
      },
      async forget() {},
    };
    server = await startTestServer({}, { engine });
    await chat(server.base, { conversationId: 'abc-123', text: 'こんにちは' });
    expect(seen).toEqual(['web:abc-123']);
  });

  it.each([
    ['not JSON', '{"conversationId": "a", "text": ', /not valid JSON/],
    ['an array', '[1,2,3]', /JSON object/],
    ['no text', JSON.stringify({ conversationId: 'a' }), /text must be a string/],
    ['a number as text', JSON.stringify({ conversationId: 'a', text: 42 }), /text must be a string/],
    ['an empty id', JSON.stringify({ conversationId: '', text: 'x' }), /conversationId must not be empty/],
    ['an id over 100 characters', JSON.stringify({ conversationId: 'x'.repeat(101), text: 'x' }), /at most 100/],
    ['an id with a newline', JSON.stringify({ conversationId: 'a\nb', text: 'x' }), /control characters/],
    ['a text over 5000 characters', JSON.stringify({ conversationId: 'a', text: 'あ'.repeat(5001) }), /at most 5000/],
  ])('rejects %s with 400 and a message saying what to send', async (_name, body, message) => {
    server = await startTestServer();
    const res = await chat(server.base, body);
    expect(res.status).toBe(400);
    const error = res.json<{ error: { code: string; message: string }; requestId: string }>();
    expect(error.error.code).toBe('bad_request');
    expect(error.error.message).toMatch(message);
    expect(error.requestId).toBe(res.headers['x-request-id']);
  });

  it('rejects other content types with 415', async () => {
    server = await startTestServer();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonp']) {
      const res = await request(server.base, '/api/chat', {
        method: 'POST',
        headers: { 'content-type': type },
        body: JSON.stringify({ conversationId: 'a', text: 'x' }),
      });
      expect(res.status, type).toBe(415);
    }
    const missing = await request(server.base, '/api/chat', { method: 'POST', body: '{}' });
    expect(missing.status).toBe(415);
    const withCharset = await chat(server.base, JSON.stringify({ conversationId: 'a', text: 'x' }), {
      'content-type': 'Application/JSON; charset=UTF-8',
    });
    expect(withCharset.status).toBe(200);
  });

  it('rejects a body over BODY_LIMIT_BYTES with 413, declared or streamed', async () => {
    server = await startTestServer({ BODY_LIMIT_BYTES: '1024' });
    const big = JSON.stringify({ conversationId: 'a', text: 'あ'.repeat(1000) });
    const declared = await chat(server.base, big);
    expect(declared.status).toBe(413);
    expect(declared.json<{ error: { code: string } }>().error.code).toBe('payload_too_large');

    const streamed = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: server!.base.port, path: '/api/chat', method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write(big.slice(0, 600));
      req.end(big.slice(600));
    });
    expect(streamed).toBe(413);
  });

  it('limits each client to CHAT_RATE_LIMIT_PER_MINUTE with 429 and Retry-After', async () => {
    server = await startTestServer({ CHAT_RATE_LIMIT_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await chat(server.base, { conversationId: 'a', text: 'x' })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await chat(server.base, { conversationId: 'a', text: 'x' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.json<{ error: { code: string } }>().error.code).toBe('rate_limited');
    // Other routes are not limited.
    expect((await request(server.base, '/healthz')).status).toBe(200);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY, then keys by the address the proxy saw', async () => {
    server = await startTestServer({ CHAT_RATE_LIMIT_PER_MINUTE: '1' });
    expect((await chat(server.base, { conversationId: 'a', text: 'x' }, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
    expect((await chat(server.base, { conversationId: 'a', text: 'x' }, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(429);
    await server.close();

    server = await startTestServer({ CHAT_RATE_LIMIT_PER_MINUTE: '1', TRUST_PROXY: 'true' });
    expect((await chat(server.base, { conversationId: 'a', text: 'x' }, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
    expect((await chat(server.base, { conversationId: 'a', text: 'x' }, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
    expect((await chat(server.base, { conversationId: 'a', text: 'x' }, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(429);
    // A client cannot dodge the limit by prepending addresses: the proxy appends the real one last.
    expect((await chat(server.base, { conversationId: 'a', text: 'x' }, { 'x-forwarded-for': '198.51.100.7, 203.0.113.2' })).status).toBe(429);
  });

  it('never writes the message, a PIN or a My Number to the logs', async () => {
    server = await startTestServer();
    const res = await chat(server.base, { conversationId: 'a', text: '暗証番号は4821です。マイナンバーは123456789012' });
    expect(res.status).toBe(200);
    const all = server.logs.raw.join('\n');
    expect(all).not.toMatch(asNumber('4821'));
    expect(all).not.toContain('123456789012');
    expect(all).not.toContain('暗証番号は');
    expect(server.logs.lines.some((l) => l.msg === 'request' && l.path === '/api/chat' && l.status === 200)).toBe(true);
  });
});

describe('other routes and errors', () => {
  it('GET /healthz reports status, uptime and channels', async () => {
    server = await startTestServer();
    const res = await request(server.base, '/healthz');
    expect(res.status).toBe(200);
    const body = res.json<{ status: string; uptimeSeconds: number; channels: Record<string, unknown> }>();
    expect(body.status).toBe('ok');
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(body.channels).toEqual({ web: true, line: false, slack: 'off' });
  });

  it('answers JSON 404 for unknown paths and 405 with Allow for wrong methods', async () => {
    server = await startTestServer();
    const missing = await request(server.base, '/nope?pin=1234');
    expect(missing.status).toBe(404);
    expect(missing.json<{ error: { code: string } }>().error.code).toBe('not_found');
    expect(server.logs.raw.join('\n')).not.toMatch(asNumber('1234'));
    const post = await request(server.base, '/webhook/line', { method: 'POST', body: '{}' });
    expect(post.status).toBe(404);

    const wrong = await request(server.base, '/api/chat', { method: 'GET' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    const del = await request(server.base, '/', { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('GET, HEAD');
  });

  it('echoes a sane x-request-id, replaces an unsafe one, and logs it with the request', async () => {
    server = await startTestServer();
    const given = await request(server.base, '/healthz', { headers: { 'x-request-id': 'proxy-abc.123' } });
    expect(given.headers['x-request-id']).toBe('proxy-abc.123');
    const unsafe = await request(server.base, '/healthz', { headers: { 'x-request-id': 'a b"<script>' } });
    expect(unsafe.headers['x-request-id']).toMatch(/^[A-Za-z0-9_-]{8}-[0-9a-z]+$/);
    const fresh = await request(server.base, '/healthz');
    expect(fresh.headers['x-request-id']).toMatch(/^[A-Za-z0-9_-]{8}-[0-9a-z]+$/);
    expect(fresh.headers['x-request-id']).not.toBe(unsafe.headers['x-request-id']);
    expect(server.logs.lines.some((l) => l.reqId === 'proxy-abc.123' && l.msg === 'request')).toBe(true);
  });

  it('does not take a client request id that looks like it holds a My Number or PIN', async () => {
    server = await startTestServer();
    const res = await request(server.base, '/healthz', { headers: { 'x-request-id': 'mn-123456789018' } });
    expect(res.headers['x-request-id']).toMatch(/^[A-Za-z0-9_-]{8}-[0-9a-z]+$/);
    expect(server.logs.raw.join('\n')).not.toContain('123456789018');
  });

  it('writes one access line per request in the shape of every other log line, with a masked path', async () => {
    server = await startTestServer();
    await request(server.base, '/healthz');
    await request(server.base, '/mynumber/123456789018?pin=4821');
    const lines = server.logs.lines.filter((l) => l.msg === 'request');
    expect(lines).toHaveLength(2);
    const [health, missing] = lines;
    expect(Object.keys(health!)).toEqual(['level', 'time', 'app', 'reqId', 'method', 'path', 'status', 'ms', 'msg']);
    expect(health).toMatchObject({ level: 30, app: 'mynapin', method: 'GET', path: '/healthz', status: 200 });
    expect(Math.abs(Number(health!.time) - Date.now())).toBeLessThan(60_000);
    expect(missing).toMatchObject({ method: 'GET', status: 404 });
    expect(missing!.path).toBe('/mynumber/［非表示］');
    expect(server.logs.raw.join('\n')).not.toContain('123456789018');
    expect(server.logs.raw.join('\n')).not.toMatch(asNumber('4821'));
  });

  it('writes no access line when LOG_LEVEL is above info', async () => {
    server = await startTestServer({ LOG_LEVEL: 'warn' });
    expect((await request(server.base, '/healthz')).status).toBe(200);
    expect(server.logs.lines.filter((l) => l.msg === 'request')).toEqual([]);
  });

  it('turns a throwing handler into a 500 JSON answer, logs it, and keeps serving', async () => {
    const engine: ConversationEngine = {
      async respond() {
        throw new Error('engine exploded');
      },
      async forget() {},
    };
    server = await startTestServer({}, {
      engine,
      extraRoutes: [
        { method: 'GET', path: '/boom-sync', handler: () => { throw new TypeError('sync boom'); } },
        { method: 'GET', path: '/boom-async', handler: async () => { await Promise.resolve(); throw new Error('async boom'); } },
      ],
    });
    for (const path of ['/boom-sync', '/boom-async']) {
      const res = await request(server.base, path);
      expect(res.status, path).toBe(500);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('internal_error');
    }
    const failedChat = await chat(server.base, { conversationId: 'a', text: 'x' });
    expect(failedChat.status).toBe(500);
    expect(server.logs.lines.filter((l) => l.msg === 'route handler failed')).toHaveLength(3);
    expect((await request(server.base, '/healthz')).status).toBe(200);
  });
});

describe('graceful shutdown', () => {
  it('finishes an in-flight request after close starts, refuses new connections, then resolves', async () => {
    const release = deferred();
    const started = deferred();
    const engine: ConversationEngine = {
      async respond() {
        started.resolve();
        await release.promise;
        return reply('遅い回答');
      },
      async forget() {},
    };
    server = await startTestServer({}, { engine });
    const inFlight = chat(server.base, { conversationId: 'a', text: 'x' });
    await started.promise;

    let closed = false;
    const closing = server.app.close(5_000).then(() => (closed = true));
    // New connections are refused once the connections the kernel had already queued are accepted
    // (a few event-loop turns; those are answered, not reset).
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(request(server.base, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(closed).toBe(false);

    release.resolve();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.json<{ reply: string }>().reply).toBe('遅い回答');
    expect(res.headers.connection).toBe('close');
    await closing;
    expect(closed).toBe(true);
    server = undefined;
  });

  it('closes idle keep-alive connections at once', async () => {
    server = await startTestServer();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await request(server.base, '/healthz', { agent });
    expect(first.status).toBe(200);
    const socketClosed = new Promise<void>((resolve) => {
      const sockets = Object.values(agent.freeSockets).flat();
      expect(sockets).toHaveLength(1);
      sockets[0]!.once('close', () => resolve());
    });
    await server.app.close(60_000);
    await socketClosed;
    agent.destroy();
    server = undefined;
  });

  it('answers a request that was sent on a connection opened before close, and closes a silent one after its grace', async () => {
    server = await startTestServer();
    const port = Number(server.base.port);
    // Connected before the shutdown; the request only comes 300 ms into it (accepted, not parsed).
    const late = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => late.once('connect', resolve));
    let answer = '';
    late.on('data', (d: Buffer) => (answer += d.toString()));
    const lateClosed = new Promise((resolve) => late.once('close', resolve));
    // Connected before the shutdown and never sends anything.
    const silent = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => silent.once('connect', resolve));
    const silentClosed = new Promise((resolve) => silent.once('close', resolve));
    silent.on('error', () => {});

    const startedAt = Date.now();
    const closing = server.app.close(10_000);
    setTimeout(() => late.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'), 300);
    await lateClosed;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer.toLowerCase()).toContain('connection: close');
    await silentClosed;
    await closing;
    // The silent connection had its grace (1 s), not the whole deadline.
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    server = undefined;
  });

  it('cuts connections still open at the deadline', async () => {
    server = await startTestServer();
    // A client that sends half a request and stalls.
    const socket = net.connect(Number(server.base.port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"conv');
    const ended = new Promise((resolve) => socket.once('close', resolve));
    await server.app.close(200);
    await ended;
    server = undefined;
  });
});

function reply(text: string): BotReply {
  return { intent: 'none', confidence: 0, text, facts: [], suggestions: [], clarifying: false, privacyWarning: false };
}
