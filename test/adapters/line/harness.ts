import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { loadEnv, type Env } from '../../../src/config/env.js';
import { createBot, type Bot, type CreateBotOptions } from '../../../src/bot.js';
import { createLogger } from '../../../src/logging/logger.js';
import type { ConversationEngine, UserTurn } from '../../../src/conversation/types.js';
import { createLineRoute, type LineRoute, type LineRouteDeps } from '../../../src/adapters/line/index.js';
import { startFakeLineApi, type FakeLineApi } from '../../helpers/fake-line-api.js';

export const CHANNEL_SECRET = 'test-channel-secret-0123456789ab';
export const ACCESS_TOKEN = 'test-access-token';
export const BODY_LIMIT = 1_048_576;

export function sign(body: string | Buffer, secret = CHANNEL_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

export interface Harness {
  url: string;
  api: FakeLineApi;
  bot: Bot;
  env: Env;
  route: LineRoute;
  /** Every turn the engine was asked, as the adapter passed it. */
  turns: UserTurn[];
  forgotten: string[];
  /** Back-off waits the reply sender asked for (instead of sleeping). */
  sleeps: number[];
  /** JSON log lines written during the test. */
  logs: Record<string, unknown>[];
  /** Raw log output (to search for leaked digits). */
  logText(): string;
  /** POSTs a delivery; `signature: null` sends none. */
  post(body: string | Buffer, options?: { signature?: string | null }): Promise<{ status: number; body: string }>;
  /** POSTs a correctly signed delivery of `events` and waits until the bot has finished answering. */
  deliver(events: unknown[]): Promise<number>;
  close(): Promise<void>;
}

/**
 * The LINE route mounted on a bare node:http server on 127.0.0.1, talking to the fake LINE API,
 * with the project's real bot (createBot) behind it.
 */
export async function startHarness(
  options: {
    env?: Record<string, string>;
    engine?: (real: ConversationEngine) => ConversationEngine;
    deps?: Partial<LineRouteDeps>;
    /** More of createBot's options (e.g. `unansweredLog: true`, whose log the route is then given). */
    bot?: Omit<CreateBotOptions, 'logger'>;
  } = {},
): Promise<Harness> {
  const api = await startFakeLineApi({ channelAccessToken: ACCESS_TOKEN });
  const env = loadEnv({
    LOG_LEVEL: 'debug',
    LINE_CHANNEL_SECRET: CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
    LINE_API_BASE_URL: api.url,
    LINE_DATA_API_BASE_URL: api.url,
    ...options.env,
  });
  let raw = '';
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: 'debug', stream });
  const bot = await createBot(env, { ...options.bot, logger });
  const turns: UserTurn[] = [];
  const forgotten: string[] = [];
  const base = options.engine ? options.engine(bot.engine) : bot.engine;
  const engine: ConversationEngine = {
    respond(turn) {
      turns.push(turn);
      return base.respond(turn);
    },
    forget(key) {
      forgotten.push(key);
      return base.forget(key);
    },
  };
  const sleeps: number[] = [];
  const route = createLineRoute({
    engine,
    knowledge: bot.knowledge,
    env,
    logger,
    ...(bot.unanswered ? { unanswered: bot.unanswered } : {}),
    feedback: bot.feedback,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options.deps,
  });

  const server: Server = createServer((req, res) => {
    if (req.method !== route.method || req.url !== route.path) {
      res.writeHead(404).end();
      return;
    }
    Promise.resolve(route.handler(req, res, { requestId: randomUUID(), log: logger, bodyLimit: BODY_LIMIT })).catch((error: unknown) => {
      logger.error({ err: error }, 'route threw');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${route.path}`;

  const post: Harness['post'] = async (body, opts = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const signature = opts.signature === undefined ? sign(body) : opts.signature;
    if (signature !== null) headers['x-line-signature'] = signature;
    const res = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
    return { status: res.status, body: await res.text() };
  };

  return {
    url,
    api,
    bot,
    env,
    route,
    turns,
    forgotten,
    sleeps,
    logs,
    logText: () => raw,
    post,
    async deliver(events) {
      const res = await post(JSON.stringify({ destination: 'Ubot0000000000000000000000000000', events }));
      await route.idle();
      return res.status;
    },
    async close() {
      await route.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
    },
  };
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36).padStart(4, '0')}`;

type Source = { type: 'user'; userId: string } | { type: 'group'; groupId: string; userId?: string } | { type: 'room'; roomId: string; userId?: string };

/** Common fields of a webhook event. */
export function eventBase(source: Source, overrides: Record<string, unknown> = {}) {
  return {
    timestamp: Date.now(),
    mode: 'active',
    webhookEventId: nextId('01HZ'),
    deliveryContext: { isRedelivery: false },
    source,
    ...overrides,
  };
}

export const userSource = (userId = nextId('U')): Source => ({ type: 'user', userId });

export function textEvent(text: string, source: Source = userSource(), extra: Record<string, unknown> = {}) {
  return {
    ...eventBase(source),
    type: 'message',
    replyToken: nextId('rt'),
    message: { type: 'text', id: nextId('m'), quoteToken: 'q', text, ...extra },
  };
}

export function messageEvent(message: Record<string, unknown>, source: Source = userSource()) {
  return { ...eventBase(source), type: 'message', replyToken: nextId('rt'), message: { id: nextId('m'), ...message } };
}

export function postbackEvent(data: string, source: Source = userSource()) {
  return { ...eventBase(source), type: 'postback', replyToken: nextId('rt'), postback: { data } };
}

export function followEvent(source: Source = userSource()) {
  return { ...eventBase(source), type: 'follow', replyToken: nextId('rt'), follow: { isUnblocked: false } };
}

export function unfollowEvent(source: Source = userSource()) {
  return { ...eventBase(source), type: 'unfollow' };
}

/** The reply request bodies the fake API received, in order. */
export function replies(api: FakeLineApi): { replyToken: string; messages: Record<string, any>[] }[] {
  return api.requestsTo('/v2/bot/message/reply').map((r) => r.json as { replyToken: string; messages: Record<string, any>[] });
}
