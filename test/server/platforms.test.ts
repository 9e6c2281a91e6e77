import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLineApi, type FakeLineApi } from '../helpers/fake-line-api.js';
import { startFakeSlackApi, type FakeSlackApi } from '../helpers/fake-slack-api.js';
import { request, startTestServer, type TestServer } from './helpers.js';

const LINE_SECRET = 'line-test-secret';
const LINE_TOKEN = 'line-test-token';
const SLACK_SECRET = 'slack-test-signing-secret';

let server: TestServer | undefined;
let line: FakeLineApi | undefined;
let slack: FakeSlackApi | undefined;
afterEach(async () => {
  await server?.close();
  await line?.close();
  await slack?.close();
  server = line = slack = undefined;
});

function lineDelivery(text: string, id: string): { body: string; signature: string } {
  const body = JSON.stringify({
    destination: 'Ubot',
    events: [{
      type: 'message', mode: 'active', timestamp: Date.now(), webhookEventId: id,
      deliveryContext: { isRedelivery: false }, source: { type: 'user', userId: 'Uresident' },
      replyToken: `reply-${id}`, message: { type: 'text', id: '1', quoteToken: 'q', text },
    }],
  });
  return { body, signature: createHmac('sha256', LINE_SECRET).update(body).digest('base64') };
}

describe('platform routes on the shared server', () => {
  it('mounts POST /webhook/line when LINE is configured: signed deliveries answered, unsigned rejected', async () => {
    line = await startFakeLineApi({ channelAccessToken: LINE_TOKEN });
    server = await startTestServer({
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
      LINE_API_BASE_URL: line.url,
      LINE_DATA_API_BASE_URL: line.url,
    });
    const health = (await request(server.base, '/healthz')).json<{ channels: unknown }>();
    expect(health.channels).toEqual({ web: true, line: true, slack: 'off' });

    const forged = lineDelivery('暗証番号を忘れました', '01FORGED');
    const rejected = await request(server.base, '/webhook/line', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': 'AAAA' + forged.signature.slice(4) },
      body: forged.body,
    });
    expect(rejected.status).toBe(401);

    const { body, signature } = lineDelivery('暗証番号を忘れました', '01GOOD');
    const res = await request(server.base, '/webhook/line', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': signature },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBeTruthy();
    // Graceful close waits for the reply LINE is owed after the 200.
    await server.close();
    server = undefined;
    const replies = line.requestsTo('/v2/bot/message/reply');
    expect(replies).toHaveLength(1);
    expect((replies[0]!.json as { replyToken: string }).replyToken).toBe('reply-01GOOD');
  });

  it('mounts POST /slack/events in Slack HTTP mode, with Slack signature checks', async () => {
    slack = await startFakeSlackApi();
    server = await startTestServer({
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: slack.apiUrl,
    });
    const health = (await request(server.base, '/healthz')).json<{ channels: unknown }>();
    expect(health.channels).toEqual({ web: true, line: false, slack: 'http' });

    const body = JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'challenge-123' });
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    const ok = await request(server.base, '/slack/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': ts, 'x-slack-signature': signature },
      body,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('challenge-123');

    const bad = await request(server.base, '/slack/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': ts, 'x-slack-signature': 'v0=00' },
      body,
    });
    expect(bad.status).toBe(401);
    expect((await request(server.base, '/healthz')).status).toBe(200);
  });

  it('does not mount platform routes that are not configured', async () => {
    server = await startTestServer();
    expect((await request(server.base, '/webhook/line', { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await request(server.base, '/slack/events', { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
