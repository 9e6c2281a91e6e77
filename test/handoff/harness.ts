import { randomUUID } from 'node:crypto';
import { createHmac } from 'node:crypto';
import { createBot, type Bot, type CreateBotOptions } from '../../src/bot.js';
import { loadEnv, type Env } from '../../src/config/env.js';
import { createLogger } from '../../src/logging/logger.js';
import { createMynapinServer, type MynapinServer } from '../../src/server/app.js';
import type { HandoffEventMap, HandoffEventName } from '../../src/handoff/events.js';
import { startFakeLineApi, type FakeLineApi } from '../helpers/fake-line-api.js';
import { startFakeSlackApi, type FakeSlackApi, type RecordedCall } from '../helpers/fake-slack-api.js';
import { LogCapture, request, type RawResponse } from '../server/helpers.js';
import type { SharedStore } from '../../src/state/shared-store.js';

export const LINE_SECRET = 'handoff-line-secret';
export const LINE_TOKEN = 'handoff-line-token';
export const SLACK_SECRET = 'handoff-slack-signing-secret';
export const HANDOFF_CHANNEL = 'CHANDOFF1';
export const TEAM = 'T0TEST';
export const STAFF = 'USTAFF01';
export const TTL_MINUTES = 10;

/** A LINE user id as LINE makes them (U + 32 hex). */
export const lineUserId = (): string => `U${randomUUID().replace(/-/g, '')}`;

export interface HandoffHarness {
  base: URL;
  bot: Bot;
  env: Env;
  line: FakeLineApi;
  slack: FakeSlackApi;
  logs: LogCapture;
  /** Every hand-off event, in order. */
  events: Array<{ name: HandoffEventName; event: HandoffEventMap[HandoffEventName] }>;
  /** Moves the bot's clock forward. */
  advance(ms: number): void;
  /** Sends a signed LINE delivery of one event and waits until the LINE API got `expect` more requests. */
  lineEvent(event: Record<string, unknown>, expectRequests?: number): Promise<void>;
  /** Sends a signed Slack request; `secret` signs it wrongly. */
  slackPost(body: string, contentType: string, secret?: string): Promise<RawResponse>;
  /** A staff message in a thread of the hand-off channel (a signed Events API delivery). */
  staffReply(threadTs: string, text: string): Promise<RawResponse>;
  /** A signed block_actions click on a hand-off control. */
  staffAction(action: Record<string, unknown>, rootTs: string, secret?: string): Promise<RawResponse>;
  chat(conversationId: string, text: string): Promise<Record<string, any>>;
  updates(conversationId: string): Promise<RawResponse>;
  /** The hand-off threads opened so far (chat.postMessage at the top of the hand-off channel). */
  threads(): RecordedCall[];
  /** Messages posted in one thread. */
  threadPosts(threadTs: string): RecordedCall[];
  close(): Promise<void>;
}

/** Waits until `check` holds (polling), failing with `what` after `ms`. */
export async function waitUntil(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The real server (createMynapinServer) with LINE, Slack (HTTP mode) and the hand-off on, talking
 * to the fake LINE and Slack APIs on 127.0.0.1, with a clock the test can move.
 */
export async function startHandoffHarness(
  vars: Record<string, string> = {},
  options: { shared?: SharedStore; apis?: { line: FakeLineApi; slack: FakeSlackApi }; bot?: Pick<CreateBotOptions, 'unansweredLog'> } = {},
): Promise<HandoffHarness> {
  const line = options.apis?.line ?? (await startFakeLineApi({ channelAccessToken: LINE_TOKEN }));
  const slack = options.apis?.slack ?? (await startFakeSlackApi());
  const ownApis = !options.apis;
  const env = loadEnv({
    PORT: '0',
    LOG_LEVEL: 'debug',
    LINE_CHANNEL_SECRET: LINE_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
    LINE_API_BASE_URL: line.url,
    LINE_DATA_API_BASE_URL: line.url,
    LINE_ALLOW_PUSH: 'true',
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: slack.apiUrl,
    SLACK_HANDOFF_CHANNEL: HANDOFF_CHANNEL,
    HANDOFF_TTL_MINUTES: String(TTL_MINUTES),
    ...vars,
  });
  let offset = 0;
  const now = () => Date.now() + offset;
  const logs = new LogCapture();
  const bot = await createBot(env, { logger: createLogger({ level: 'debug', stream: logs }), now, ...(options.shared ? { shared: options.shared } : {}), ...options.bot });
  const events: HandoffHarness['events'] = [];
  for (const name of ['opened', 'message', 'claimed', 'faq_answered', 'closed'] as const) {
    bot.handoff!.on(name, (event) => events.push({ name, event }));
  }
  const app: MynapinServer = await createMynapinServer(bot, env);
  const base = new URL(await app.http.listen(0, '127.0.0.1'));

  const slackPost = (body: string, contentType: string, secret = SLACK_SECRET) => {
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
    return request(base, '/slack/events', {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': ts, 'x-slack-signature': signature },
      body,
    });
  };
  let seq = 0;
  const nextTs = () => `1700000000.${String(++seq).padStart(6, '0')}`;

  const threads = () => slack.callsOf('chat.postMessage').filter((c) => c.body.channel === HANDOFF_CHANNEL && !c.body.thread_ts);

  return {
    base,
    bot,
    env,
    line,
    slack,
    logs,
    events,
    advance(ms) {
      offset += ms;
    },
    async lineEvent(event, expectRequests = 1) {
      const before = line.requests.length;
      const body = JSON.stringify({ destination: 'Ubot', events: [event] });
      const signature = createHmac('sha256', LINE_SECRET).update(body).digest('base64');
      const res = await request(base, '/webhook/line', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-line-signature': signature },
        body,
      });
      if (res.status !== 200) throw new Error(`LINE webhook answered ${res.status}`);
      await waitUntil(() => line.requests.length >= before + expectRequests, 'the LINE API call');
    },
    slackPost,
    staffReply(threadTs, text) {
      const ts = nextTs();
      const body = JSON.stringify({
        token: 'legacy',
        team_id: TEAM,
        api_app_id: 'A0MYNAPIN',
        type: 'event_callback',
        event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10)}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: TEAM, user_id: 'UBOT', is_bot: true }],
        event: { type: 'message', channel: HANDOFF_CHANNEL, channel_type: 'channel', user: STAFF, text, ts, thread_ts: threadTs, event_ts: ts },
      });
      return slackPost(body, 'application/json');
    },
    staffAction(action, rootTs, secret) {
      const payload = {
        type: 'block_actions',
        user: { id: STAFF, username: 'staff', name: 'staff', team_id: TEAM },
        api_app_id: 'A0MYNAPIN',
        token: 'legacy',
        container: { type: 'message', message_ts: rootTs, channel_id: HANDOFF_CHANNEL, is_ephemeral: false },
        trigger_id: '1.2.3',
        team: { id: TEAM, domain: 'city' },
        channel: { id: HANDOFF_CHANNEL, name: 'handoff' },
        message: { type: 'message', user: 'UBOT', bot_id: 'BBOT', ts: rootTs, text: 'hand-off' },
        response_url: slack.responseUrl('handoff'),
        actions: [{ block_id: 'mynapin_handoff', action_ts: `${Math.floor(Date.now() / 1000)}.000100`, ...action }],
      };
      return slackPost(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', secret);
    },
    async chat(conversationId, text) {
      const res = await request(base, '/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversationId, text }),
      });
      if (res.status !== 200) throw new Error(`/api/chat answered ${res.status}: ${res.body}`);
      return res.json();
    },
    updates(conversationId) {
      return request(base, `/api/chat/updates?conversationId=${encodeURIComponent(conversationId)}`);
    },
    threads,
    threadPosts(threadTs) {
      return slack.callsOf('chat.postMessage').filter((c) => c.body.thread_ts === threadTs);
    },
    async close() {
      await app.close(2_000);
      bot.close();
      if (!ownApis) return;
      await line.close();
      await slack.close();
    },
  };
}

/** Common fields of a LINE webhook event from a 1:1 chat. */
function base(userId: string) {
  return {
    timestamp: Date.now(),
    mode: 'active',
    webhookEventId: `01HO${randomUUID().replace(/-/g, '').slice(0, 22)}`,
    deliveryContext: { isRedelivery: false },
    source: { type: 'user', userId },
  };
}

export function lineText(userId: string, text: string) {
  return { ...base(userId), type: 'message', replyToken: `rt${randomUUID()}`, message: { type: 'text', id: '1', quoteToken: 'q', text } };
}

export function linePostback(userId: string, data: string) {
  return { ...base(userId), type: 'postback', replyToken: `rt${randomUUID()}`, postback: { data } };
}
