import { afterEach, describe, expect, it } from 'vitest';
import { chat, request, startTestServer, type TestServer } from '../server/helpers.js';

const TOKEN = 'test-metrics-token-0123456789abcdef';

/** The value of one sample line, e.g. `mynapin_turns_total{channel="web",intent="none",outcome="none"} 2`. */
function sample(body: string, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels);
  for (const line of body.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.lastIndexOf('}'));
    const got = Object.fromEntries([...labelText.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (want.every(([k, v]) => got[k] === v) && Object.keys(got).length === want.length) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

describe('GET /metrics', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('is not mounted without METRICS_TOKEN: the public server shows nothing', async () => {
    server = await startTestServer();
    expect((await request(server.base, '/metrics')).status).toBe(404);
    expect(server.bot.metrics).toBeUndefined();
  });

  it('refuses a scraper without the right bearer token', async () => {
    server = await startTestServer({ METRICS_TOKEN: TOKEN });
    const none = await request(server.base, '/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await request(server.base, '/metrics', { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await request(server.base, '/metrics', { headers: { authorization: TOKEN } })).status).toBe(401);
  });

  it('counts requests by route and status, answers by intent and outcome, latency and live sessions', async () => {
    server = await startTestServer({ METRICS_TOKEN: TOKEN });
    const { base } = server;
    expect((await chat(base, { conversationId: 'm1', text: '暗証番号を3回間違えたらどうなる？' })).status).toBe(200);
    expect((await chat(base, { conversationId: 'm2', text: '今日の天気は？' })).status).toBe(200);
    expect((await chat(base, { conversationId: 'm3', text: '暗証番号を忘れた' })).status).toBe(200);
    expect((await chat(base, { conversationId: 'm3', text: '署名用です' })).status).toBe(200);
    expect((await request(base, '/no/such/path/1234')).status).toBe(404);
    expect((await request(base, '/healthz')).status).toBe(200);

    const scrape = await request(base, '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(scrape.status).toBe(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = scrape.body;

    expect(sample(body, 'mynapin_http_requests_total', { route: '/api/chat', method: 'POST', status: '200' })).toBe(4);
    expect(sample(body, 'mynapin_http_requests_total', { route: 'unmatched', method: 'GET', status: '404' })).toBe(1);
    expect(sample(body, 'mynapin_http_requests_total', { route: '/healthz', method: 'GET', status: '200' })).toBe(1);
    expect(sample(body, 'mynapin_http_request_duration_seconds_count', { route: '/api/chat' })).toBe(4);

    expect(sample(body, 'mynapin_turns_total', { channel: 'web', intent: 'lockout_rules', outcome: 'answered' })).toBe(1);
    expect(sample(body, 'mynapin_turns_total', { channel: 'web', intent: 'none', outcome: 'none' })).toBe(1);
    expect(sample(body, 'mynapin_turns_total', { channel: 'web', intent: 'forgot_pin', outcome: 'clarifying' })).toBe(1);
    expect(sample(body, 'mynapin_turns_total', { channel: 'web', intent: 'forgot_signature_pin', outcome: 'answered' })).toBe(1);
    expect(body).toMatch(/^mynapin_sessions 3$/m);
    // Node's process metrics, with the project's prefix.
    expect(body).toMatch(/^mynapin_process_resident_memory_bytes \d+/m);
    // No raw path (it may hold a PIN) and no user text ever becomes a label (values are numbers
    // and may hold any digits, so only the labels are searched).
    const labels = body.split('\n').map((line) => /\{(.*)\}/.exec(line)?.[1] ?? '').join('\n');
    expect(labels).toContain('route="unmatched"');
    expect(labels).not.toContain('1234');
    expect(labels).not.toContain('天気');
    expect(labels).not.toContain('/no/such');
  });

  it('says what METRICS_TOKEN must be when it is too short', async () => {
    await expect(startTestServer({ METRICS_TOKEN: 'short' })).rejects.toThrow(/METRICS_TOKEN: a random bearer token of 24 or more/);
  });
});

describe('BotMetrics.watchHandoffs', () => {
  it('counts hand-offs opened, claimed, answered from the FAQ and closed, by channel', async () => {
    const { BotMetrics } = await import('../../src/metrics/metrics.js');
    const { HandoffEvents } = await import('../../src/handoff/events.js');
    const metrics = new BotMetrics({ processMetrics: false });
    const events = new HandoffEvents();
    metrics.watchHandoffs(events);
    const at = Date.now();
    events.emit('opened', { handoffId: 'H1', channel: 'line', maskedTurns: [], guesses: [], afterHours: false, replyReachable: true, at });
    events.emit('opened', { handoffId: 'H2', channel: 'web', maskedTurns: [], guesses: [], afterHours: true, replyReachable: true, at });
    events.emit('claimed', { handoffId: 'H1', channel: 'line', at });
    events.emit('faq_answered', { handoffId: 'H1', channel: 'line', intent: 'unlock_procedure', maskedQuestion: 'ロックされた', delivered: true, at });
    events.emit('closed', { handoffId: 'H1', channel: 'line', by: 'staff', durationMs: 1000, at });
    events.emit('closed', { handoffId: 'H2', channel: 'web', by: 'timeout', durationMs: 1000, at });
    const { body } = await metrics.render();
    expect(sample(body, 'mynapin_handoffs_total', { channel: 'line', event: 'opened' })).toBe(1);
    expect(sample(body, 'mynapin_handoffs_total', { channel: 'web', event: 'opened' })).toBe(1);
    expect(sample(body, 'mynapin_handoffs_total', { channel: 'line', event: 'claimed' })).toBe(1);
    expect(sample(body, 'mynapin_handoffs_total', { channel: 'line', event: 'faq_answered' })).toBe(1);
    expect(sample(body, 'mynapin_handoffs_total', { channel: 'line', event: 'closed_staff' })).toBe(1);
    expect(sample(body, 'mynapin_handoffs_total', { channel: 'web', event: 'closed_timeout' })).toBe(1);
    expect(body).not.toContain('ロック');
  });
});
