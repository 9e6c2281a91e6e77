import { createHmac, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { webApi } from '@slack/bolt';
import { createBot } from '../../../src/bot.js';
import { loadEnv } from '../../../src/config/env.js';
import type { BotReply, ConversationEngine, UserTurn } from '../../../src/conversation/types.js';
import { createLogger, type Logger } from '../../../src/logging/logger.js';
import { createSlackHttp, type SlackHttp } from '../../../src/adapters/slack/index.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../helpers/fake-slack-api.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const TEAM = 'T0TEST';
export const BOT_USER = 'UBOT';
export const FAQ_CHANNEL = 'CFAQ0001';
export const STAFF_GROUP = 'SSTAFF01';

/** A conversation engine that records every turn and answers with the wrapped engine. */
export interface RecordingEngine extends ConversationEngine {
  turns: UserTurn[];
}

export function recording(engine: ConversationEngine): RecordingEngine {
  const turns: UserTurn[] = [];
  return {
    turns,
    async respond(turn) {
      turns.push(turn);
      return engine.respond(turn);
    },
    forget: (key) => engine.forget(key),
  };
}

/** An engine with a fixed reply, for the adapter's own decisions (e.g. the auto-answer threshold). */
export function scripted(reply: Partial<BotReply>): ConversationEngine {
  return {
    async respond() {
      return {
        intent: 'forgot_pin',
        confidence: 0.9,
        text: '暗証番号の再設定は窓口で行えます。',
        facts: ['F6'],
        suggestions: [{ intent: 'proxy_procedure', label: '代理人の手続き', text: '代理人でもできますか' }],
        clarifying: false,
        privacyWarning: false,
        ...reply,
      };
    },
    async forget() {},
  };
}

export interface Harness {
  fake: FakeSlackApi;
  slack: SlackHttp;
  engine: RecordingEngine;
  /** Every log line written so far (JSON text). */
  logs: string[];
  feedbackFile: string;
  url: string;
  post(body: string, options?: PostOptions): Promise<Response>;
  postEvent(event: Record<string, unknown>, options?: PostOptions & { eventId?: string }): Promise<Response>;
  postForm(fields: Record<string, string>, options?: PostOptions): Promise<Response>;
  close(): Promise<void>;
}

export interface PostOptions {
  contentType?: string;
  timestamp?: number;
  secret?: string;
  signature?: string | null;
  headers?: Record<string, string>;
}

/** The v0 signature Slack puts on every request. */
export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/**
 * Starts the fake Web API, the bot (real `createBot` engine unless one is given, wrapped to record
 * turns), and a minimal node:http server with the Slack route mounted, all on 127.0.0.1.
 */
export async function startHarness(
  options: { env?: Record<string, string>; engine?: ConversationEngine; bodyLimit?: number; webApiTimeoutMs?: number } = {},
): Promise<Harness> {
  const fake = await startFakeSlackApi();
  const dir = await mkdtemp(join(tmpdir(), 'mynapin-slack-'));
  const feedbackFile = join(dir, 'feedback.jsonl');
  const env = loadEnv({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: fake.apiUrl,
    SLACK_AUTO_ANSWER_CHANNELS: FAQ_CHANNEL,
    SLACK_AUTO_ANSWER_THRESHOLD: '0.75',
    SLACK_STAFF_GROUP: STAFF_GROUP,
    FEEDBACK_FILE: feedbackFile,
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const logs: string[] = [];
  const logger: Logger = createLogger({
    level: 'debug',
    stream: new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  });
  const bot = await createBot(env, { logger });
  const engine = recording(options.engine ?? bot.engine);
  const slack = await createSlackHttp({
    engine,
    knowledge: bot.knowledge,
    env,
    logger,
    retryConfig: webApi.retryPolicies.rapidRetryPolicy,
    ...(options.webApiTimeoutMs ? { webApiTimeoutMs: options.webApiTimeoutMs } : {}),
  });
  const bodyLimit = options.bodyLimit ?? env.BODY_LIMIT_BYTES;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method !== slack.route.method || path !== slack.route.path) {
      res.writeHead(404).end();
      return;
    }
    const requestId = randomUUID();
    Promise.resolve(slack.route.handler(req, res, { requestId, log: logger.child({ requestId }), bodyLimit })).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

  const post = (body: string, o: PostOptions = {}) => {
    const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': o.contentType ?? 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      ...o.headers,
    };
    const signature = o.signature === undefined ? sign(body, timestamp, o.secret) : o.signature;
    if (signature !== null) headers['x-slack-signature'] = signature;
    return fetch(url, { method: 'POST', headers, body });
  };

  return {
    fake,
    slack,
    engine,
    logs,
    feedbackFile,
    url,
    post,
    postEvent(event, o = {}) {
      const body = JSON.stringify({
        token: 'legacy-verification-token',
        team_id: TEAM,
        api_app_id: 'A0MYNAPIN',
        event: { event_ts: event.ts, ...event },
        type: 'event_callback',
        event_id: o.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true }],
      });
      return post(body, o);
    },
    postForm(fields, o = {}) {
      return post(new URLSearchParams(fields).toString(), { contentType: 'application/x-www-form-urlencoded', ...o });
    },
    async close() {
      await slack.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.close();
    },
  };
}

let tsSeq = 0;
/** A fresh Slack message ts. */
export function nextTs(): string {
  tsSeq += 1;
  return `1700000000.${String(tsSeq).padStart(6, '0')}`;
}

/** A block_actions interaction payload for a button click, as Slack sends it (form field `payload`). */
export function buttonClick(o: {
  actionId: string;
  value: string;
  channel: string;
  user?: string;
  messageTs?: string;
  threadTs?: string;
  ephemeral?: boolean;
  responseUrl: string;
}): Record<string, string> {
  const messageTs = o.messageTs ?? nextTs();
  const payload = {
    type: 'block_actions',
    user: { id: o.user ?? 'UALICE', username: 'alice', name: 'alice', team_id: TEAM },
    api_app_id: 'A0MYNAPIN',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: messageTs,
      channel_id: o.channel,
      is_ephemeral: o.ephemeral ?? false,
      ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
    },
    trigger_id: '123.456.abc',
    team: { id: TEAM, domain: 'test-city' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: o.channel, name: o.channel.startsWith('D') ? 'directmessage' : 'general' },
    ...(o.ephemeral
      ? {}
      : {
          message: {
            type: 'message',
            user: BOT_USER,
            bot_id: 'BBOT',
            ts: messageTs,
            text: '回答',
            ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
          },
        }),
    response_url: o.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: o.actionId,
        block_id: 'mynapin_suggestions',
        text: { type: 'plain_text', text: 'ボタン', emoji: true },
        value: o.value,
        action_ts: `${Math.floor(Date.now() / 1000)}.000100`,
      },
    ],
  };
  return { payload: JSON.stringify(payload) };
}
