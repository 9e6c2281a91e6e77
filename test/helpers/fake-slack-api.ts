import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

/** One request the bot made to the fake: a Web API method call or a response_url post. */
export interface RecordedCall {
  /**
   * Web API method (`chat.postMessage`), `response_url` for posts to a response URL, or
   * `socket_ack` for a Socket Mode envelope acknowledgement.
   */
  method: string;
  /** For response_url posts: the id in /response/<id>. */
  responseId?: string;
  /** The request's fields; JSON-valued form fields (blocks…) are parsed. */
  body: Record<string, unknown>;
  /** The bearer token sent, if any. */
  token: string | undefined;
  /** What the fake answered: 200, 429, … */
  status: number;
}

/** How the fake should answer the next call(s) of a method instead of `ok: true`. */
export type Failure =
  | { status: 429; retryAfter: number }
  | { error: string }
  | { status: 500 }
  /** The call is recorded (status 0) and never answered: a hanging API. */
  | { hang: true };

const BOT = { team_id: 'T0TEST', team: 'Test City', user_id: 'UBOT', user: 'mynapin', bot_id: 'BBOT' };

/**
 * A local fake of the Slack Web API (node:http on 127.0.0.1, port 0) that records every call and
 * answers like Slack does. Point the bot at `apiUrl` (SLACK_API_URL) and give events a
 * `responseUrl(id)` as their response_url.
 */
export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  private readonly failures = new Map<string, Failure[]>();
  private readonly waiters = new Set<() => void>();
  private server: Server | undefined;
  private port = 0;
  private tsCounter = 0;
  /** response_url ids that answer 404 (an expired response URL). */
  readonly goneResponseIds = new Set<string>();

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  private sockets = new Set<Socket>();

  /** Socket Mode connections currently open (after the WebSocket handshake). */
  get socketCount(): number {
    return this.sockets.size;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Socket) => this.upgrade(req, socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `times` calls of `method` fail as described (429 with Retry-After, or ok:false). */
  failNext(method: string, failure: Failure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.failures.set(method, queue);
  }

  /** Calls of one method (only those the fake answered with success, unless `all`). */
  callsOf(method: string, options: { all?: boolean } = {}): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && (options.all || c.status === 200));
  }

  /** Resolves with the first recorded call matching `predicate`, waiting up to `timeoutMs`. */
  async waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const found = () => this.calls.find(predicate);
    const now = found();
    if (now) return now;
    return new Promise<RecordedCall>((resolve, reject) => {
      const check = () => {
        const call = found();
        if (!call) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const seen = this.calls.map((c) => `${c.method}(${c.status})`).join(', ') || 'none';
        reject(new Error(`fake Slack API: no matching call within ${timeoutMs} ms; calls seen: ${seen}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
    this.goneResponseIds.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;

    if (url.pathname.startsWith('/response/')) {
      const responseId = url.pathname.slice('/response/'.length);
      const status = this.goneResponseIds.has(responseId) ? 404 : 200;
      this.record({ method: 'response_url', responseId, body: JSON.parse(raw || '{}'), token, status });
      res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"ok":true}' : '{"ok":false}');
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const body = parseApiBody(raw, req.headers['content-type'], url.searchParams);
    const failure = this.failures.get(method)?.shift();
    if (failure && 'hang' in failure) {
      this.record({ method, body, token, status: 0 });
      return;
    }
    if (failure && 'retryAfter' in failure) {
      this.record({ method, body, token, status: 429 });
      res.writeHead(429, { 'retry-after': String(failure.retryAfter), 'content-type': 'application/json' });
      res.end('{"ok":false,"error":"ratelimited"}');
      return;
    }
    if (failure && 'status' in failure) {
      this.record({ method, body, token, status: failure.status });
      res.writeHead(failure.status).end();
      return;
    }
    this.record({ method, body, token, status: 200 });
    const answer = failure && 'error' in failure ? { ok: false, error: failure.error } : this.answer(method, body, token);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  }

  private answer(method: string, body: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
    if (!token?.startsWith('xoxb-') && !token?.startsWith('xapp-')) return { ok: false, error: 'not_authed' };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://test-city.slack.com/', ...BOT };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        return { ok: true, channel: body.channel, ts, message: { type: 'message', text: body.text, ts, bot_id: BOT.bot_id } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'apps.connections.open':
        if (!token?.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
        return { ok: true, url: `ws://127.0.0.1:${this.port}/link/?ticket=${randomUUID()}` };
      case 'reactions.add':
      case 'reactions.remove':
        return { ok: true };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /**
   * Sends a Socket Mode envelope (as Slack does over the WebSocket) to every connected client and
   * returns its envelope_id; the client's acknowledgement is recorded as a `socket_ack` call.
   */
  sendEnvelope(type: 'events_api' | 'interactive' | 'slash_commands', payload: Record<string, unknown>, retryAttempt = 0): string {
    const envelopeId = randomUUID();
    const message = { envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: retryAttempt, retry_reason: retryAttempt ? 'timeout' : '' };
    for (const socket of this.sockets) socket.write(frame(0x1, Buffer.from(JSON.stringify(message))));
    return envelopeId;
  }

  private upgrade(req: IncomingMessage, socket: Socket): void {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string' || !(req.url ?? '').startsWith('/link')) {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' + `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => this.sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const parsed = readFrame(buffered);
        if (!parsed) break;
        buffered = buffered.subarray(parsed.size);
        if (parsed.opcode === 0x1) {
          const body = safeJson(parsed.payload.toString('utf8'));
          this.record({ method: 'socket_ack', body: (body ?? {}) as Record<string, unknown>, token: undefined, status: 200 });
        } else if (parsed.opcode === 0x9) {
          socket.write(frame(0xa, parsed.payload));
        } else if (parsed.opcode === 0x8) {
          socket.end(frame(0x8, parsed.payload.subarray(0, 2)));
        }
      }
    });
    socket.write(frame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A0MYNAPIN' } }))));
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1800000000.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** One unmasked server-to-client WebSocket frame (RFC 6455). */
function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (len >= 126 && len < 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else if (len >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}

/** Reads one (masked, client-to-server) frame from the start of `buf`, or undefined if incomplete. */
function readFrame(buf: Buffer): { opcode: number; payload: Buffer; size: number } | undefined {
  if (buf.length < 2) return undefined;
  const opcode = buf[0]! & 0x0f;
  const masked = (buf[1]! & 0x80) !== 0;
  let len = buf[1]! & 0x7f;
  let offset = 2;
  if (len === 126) {
    if (buf.length < 4) return undefined;
    len = buf.readUInt16BE(2);
    offset = 4;
  } else if (len === 127) {
    if (buf.length < 10) return undefined;
    len = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  const maskKey = masked ? buf.subarray(offset, offset + 4) : undefined;
  if (masked) offset += 4;
  if (buf.length < offset + len) return undefined;
  const payload = Buffer.from(buf.subarray(offset, offset + len));
  if (maskKey) for (let i = 0; i < payload.length; i += 1) payload[i]! ^= maskKey[i % 4]!;
  return { opcode, payload, size: offset + len };
}

/** Web API bodies are form-encoded (nested values as JSON strings) or JSON. */
function parseApiBody(raw: string, contentType: string | undefined, query: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(query);
  if ((contentType ?? '').includes('application/json')) return { ...out, ...(JSON.parse(raw || '{}') as object) };
  for (const [key, value] of Object.entries(parseQuery(raw))) {
    const v = Array.isArray(value) ? value[0] : value;
    out[key] = typeof v === 'string' && /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Starts a fake Slack Web API on 127.0.0.1 with a free port. */
export function startFakeSlackApi(): Promise<FakeSlackApi> {
  return new FakeSlackApi().start();
}
