// Two built `mynapin serve` processes (node dist/cli.js serve) on one real redis-server, with the
// fake LINE and Slack APIs, over real HTTP on 127.0.0.1: what one instance answered the other
// does not answer again, a conversation moves between them, a restart keeps the dedupe, and
// Redis going away costs neither an answer nor more than one log line.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLineApi, type FakeLineApi } from '../helpers/fake-line-api.js';
import { startFakeSlackApi, type FakeSlackApi } from '../helpers/fake-slack-api.js';
import { CLI, IN_CI } from '../helpers/paths.js';
import { redisServerAvailable, startRedisServer, type TestRedis } from '../helpers/redis-server.js';

const LINE_SECRET = 'e2e-line-channel-secret-0123456789';
const LINE_TOKEN = 'e2e-line-token';
const SLACK_SECRET = 'e2e-slack-signing-secret-0123456789';

const haveBuild = existsSync(CLI);
if (!haveBuild) {
  const message = '\n!!! dist/ is not built: the two-instance Redis test is SKIPPED. Run npm run build first.\n';
  if (IN_CI) throw new Error(message);
  console.warn(message);
}
const haveRedis = redisServerAvailable();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Instance {
  name: string;
  child: ChildProcess;
  base: string;
  /** JSON log lines written to stdout so far. */
  logs(): Array<{ msg: string; level: number }>;
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe.skipIf(!haveBuild || !haveRedis)('two mynapin serve processes on one Redis', { timeout: 120_000 }, () => {
  let redis: TestRedis;
  let line: FakeLineApi;
  let slack: FakeSlackApi;
  const cwd = mkdtempSync(join(tmpdir(), 'mynapin-two-')); // no .env there
  const running: Instance[] = [];

  function start(name: string): Promise<Instance> {
    const child = spawn(process.execPath, [CLI, 'serve'], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        REDIS_URL: redis.url,
        REDIS_COMMAND_TIMEOUT_MS: '300',
        LINE_CHANNEL_SECRET: LINE_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
        LINE_API_BASE_URL: line.url,
        LINE_DATA_API_BASE_URL: line.url,
        SLACK_BOT_TOKEN: 'xoxb-e2e-token',
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_API_URL: slack.apiUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    const instance = (base: string): Instance => ({
      name,
      child,
      base,
      logs: () =>
        stdout
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l)),
    });
    return new Promise((resolve, reject) => {
      child.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        const url = /web chat (http:\/\/\S+?)\/? /.exec(stderr)?.[1];
        if (url) {
          const started = instance(url);
          running.push(started);
          resolve(started);
        }
      });
      child.once('exit', (code) => reject(new Error(`${name} exited early (${code}): ${stderr}`)));
    });
  }

  async function stop(instance: Instance): Promise<void> {
    if (instance.child.exitCode !== null) return;
    const exited = new Promise((r) => instance.child.once('exit', r));
    instance.child.kill('SIGTERM');
    await exited;
  }

  async function chat(instance: Instance, conversationId: string, text: string): Promise<{ status: number; reply: string }> {
    const res = await fetch(`${instance.base}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId, text }),
    });
    const body = (await res.json()) as { reply: string };
    return { status: res.status, reply: body.reply };
  }

  function lineDelivery(event: Record<string, unknown>, redelivery: boolean): { body: string; signature: string } {
    const body = JSON.stringify({ destination: 'Ubot', events: [{ ...event, deliveryContext: { isRedelivery: redelivery } }] });
    return { body, signature: createHmac('sha256', LINE_SECRET).update(body).digest('base64') };
  }

  async function postLine(instance: Instance, delivery: { body: string; signature: string }): Promise<number> {
    const res = await fetch(`${instance.base}/webhook/line`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': delivery.signature },
      body: delivery.body,
    });
    await res.arrayBuffer();
    return res.status;
  }

  async function postSlack(instance: Instance, body: string, headers: Record<string, string> = {}): Promise<number> {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const res = await fetch(`${instance.base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature, ...headers },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  }

  const lineEvent = {
    type: 'message',
    mode: 'active',
    timestamp: Date.now(),
    webhookEventId: `01E2E${randomUUID().slice(0, 8)}`,
    source: { type: 'user', userId: 'Ue2e00000000000000000000000000001' },
    replyToken: `rt-e2e-${randomUUID()}`,
    message: { type: 'text', id: '9001', quoteToken: 'q', text: '暗証番号を忘れました' },
  };
  const slackBody = JSON.stringify({
    token: 'legacy',
    team_id: 'T0TEST',
    api_app_id: 'A0MYNAPIN',
    event: { type: 'message', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', text: '暗証番号を忘れました', ts: '1700000000.000100', event_ts: '1700000000.000100' },
    type: 'event_callback',
    event_id: 'Ev0E2ERETRY1',
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0TEST', user_id: 'UBOT', is_bot: true }],
  });
  const lineReplies = () => line.requestsTo('/v2/bot/message/reply').filter((r) => (r.json as { replyToken?: string })?.replyToken === lineEvent.replyToken);
  const slackPosts = () => slack.callsOf('chat.postMessage', { all: true });

  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    redis = await startRedisServer();
    line = await startFakeLineApi({ channelAccessToken: LINE_TOKEN });
    slack = await startFakeSlackApi();
    [a, b] = await Promise.all([start('A'), start('B')]);
  });

  afterAll(async () => {
    await Promise.all(running.map((i) => stop(i)));
    await Promise.all([redis?.stop(), line?.close(), slack?.close()]);
  });

  it('answers a LINE event delivered to both (one as a redelivery) exactly once', async () => {
    const [first, again] = await Promise.all([postLine(a, lineDelivery(lineEvent, false)), postLine(b, lineDelivery(lineEvent, true))]);
    expect([first, again]).toEqual([200, 200]);
    await until(() => lineReplies().length > 0, 'the LINE reply');
    await sleep(500); // time for a second, wrong answer to arrive
    expect(lineReplies()).toHaveLength(1);
  });

  it('answers a Slack event and its retry on the other instance exactly once', async () => {
    const [first, retry] = await Promise.all([
      postSlack(a, slackBody),
      postSlack(b, slackBody, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }),
    ]);
    expect([first, retry]).toEqual([200, 200]);
    await until(() => slackPosts().length > 0, 'the Slack answer');
    await sleep(500);
    expect(slackPosts()).toHaveLength(1);
  });

  it('continues a web conversation started on one instance on the other', async () => {
    const id = `e2e-${randomUUID()}`;
    expect((await chat(a, id, '2回間違えた')).status).toBe(200);
    const next = await chat(b, id, 'また間違えた');
    expect(next.status).toBe(200);
    expect(next.reply).toContain('3回間違えた');
    expect(next.reply).toContain('ロックされています');
  });

  it('keeps the dedupe across a restart of both processes', async () => {
    await Promise.all([stop(a), stop(b)]);
    [a, b] = await Promise.all([start('A2'), start('B2')]);
    expect(await postLine(b, lineDelivery(lineEvent, true))).toBe(200);
    expect(await postSlack(a, slackBody, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' })).toBe(200);
    await sleep(1000);
    expect(lineReplies()).toHaveLength(1);
    expect(slackPosts()).toHaveLength(1);
    // The restarted processes do answer new events.
    const fresh = { ...lineEvent, webhookEventId: `01E2ENEW${randomUUID().slice(0, 8)}`, replyToken: `rt-e2e-new-${randomUUID()}` };
    expect(await postLine(a, lineDelivery(fresh, false))).toBe(200);
    await until(() => line.requestsTo('/v2/bot/message/reply').some((r) => (r.json as { replyToken?: string }).replyToken === fresh.replyToken), 'a new reply');
  });

  it('keeps answering when Redis is killed mid-conversation, logs it once, and uses Redis again when it is back', async () => {
    const id = `e2e-outage-${randomUUID()}`;
    expect((await chat(a, id, '2回間違えた')).status).toBe(200);
    await redis.kill();
    for (let i = 0; i < 10; i++) {
      for (const instance of [a, b]) {
        const answer = await chat(instance, id, i % 2 ? 'また間違えた' : '暗証番号を忘れました');
        expect(answer.status).toBe(200);
        expect(answer.reply.length).toBeGreaterThan(0);
      }
    }
    const outage = (i: Instance) => i.logs().filter((l) => l.msg.startsWith('redis unavailable'));
    await until(() => outage(a).length > 0 && outage(b).length > 0, 'the outage log lines'); // logs flush within 1 s
    expect(outage(a)).toHaveLength(1);
    expect(outage(b)).toHaveLength(1);

    await redis.restart();
    const back = (i: Instance) => i.logs().some((l) => l.msg.startsWith('redis is back'));
    await until(() => back(a) && back(b), 'both instances back on Redis');
    const again = `e2e-after-${randomUUID()}`;
    expect((await chat(a, again, '2回間違えた')).status).toBe(200);
    const next = await chat(b, again, 'また間違えた');
    expect(next.reply).toContain('ロックされています');
    expect(Number(/:(\d+)/.exec(await redis.command(['DBSIZE']))?.[1])).toBeGreaterThan(0);
    expect(outage(a)).toHaveLength(1);
    expect(outage(b)).toHaveLength(1);
  });
});
