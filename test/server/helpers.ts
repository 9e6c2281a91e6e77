import http from 'node:http';
import { Writable } from 'node:stream';
import { createBot, type Bot, type CreateBotOptions } from '../../src/bot.js';
import { loadEnv, type Env } from '../../src/config/env.js';
import { createLogger } from '../../src/logging/logger.js';
import { createMynapinServer, type MynapinServer, type MynapinServerOptions } from '../../src/server/app.js';
import type { ConversationEngine } from '../../src/conversation/types.js';

/** Every JSON log line the server wrote, parsed. */
export class LogCapture extends Writable {
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.raw.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get lines(): Array<Record<string, unknown>> {
    return this.raw.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

export interface TestServer {
  url: string;
  base: URL;
  app: MynapinServer;
  bot: Bot;
  env: Env;
  logs: LogCapture;
  close(): Promise<void>;
}

/** Starts the real server on 127.0.0.1:0 with the real bot (or an engine swapped in for a test). */
export async function startTestServer(
  vars: Record<string, string> = {},
  options: MynapinServerOptions & { engine?: ConversationEngine; bot?: Omit<CreateBotOptions, 'logger'> } = {},
): Promise<TestServer> {
  const env = loadEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug', ...vars });
  const logs = new LogCapture();
  const logger = createLogger({ level: env.LOG_LEVEL, stream: logs });
  const bot = await createBot(env, { ...options.bot, logger });
  if (options.engine) bot.engine = options.engine;
  const app = await createMynapinServer(bot, env, options);
  const url = await app.http.listen(0, '127.0.0.1');
  return { url, base: new URL(url), app, bot, env, logs, close: () => app.close(2_000) };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

/** One HTTP request with full control of method, headers and body (fetch would tidy them up). */
export function request(
  base: URL,
  path: string,
  init: { method?: string; headers?: Record<string, string | number>; body?: string | Buffer; agent?: http.Agent } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port, path, method: init.method ?? 'GET', headers: init.headers, agent: init.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** POST /api/chat with a JSON body. */
export function chat(base: URL, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return request(base, '/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A promise with its resolve function, to hold a request in flight. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
