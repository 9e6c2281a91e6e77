import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNotStored, storedRows } from '../helpers/stored-bytes.js';
import { request, startTestServer, type TestServer } from './helpers.js';

let server: TestServer | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

const JSON_HEADERS = { 'content-type': 'application/json' };

async function chat(s: TestServer, conversationId: string, text: string, lang?: string) {
  const res = await request(s.base, '/api/chat', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ conversationId, text, ...(lang ? { lang } : {}) }) });
  expect(res.status).toBe(200);
  return res.json<{ intent: string; reply: string; feedback?: boolean }>();
}

function feedback(s: TestServer, body: unknown, headers: Record<string, string> = JSON_HEADERS) {
  return request(s.base, '/api/chat/feedback', { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('web chat: which replies carry 「役に立った / 役に立たなかった」', () => {
  it('an answer and an out-of-scope reply do; a greeting and a question back (which PIN?) do not', async () => {
    server = await startTestServer({ LOG_LEVEL: 'warn' });
    expect(await chat(server, 'c-answer-000000001', 'コンビニで住民票を取るには？')).toMatchObject({ intent: 'convenience_store', feedback: true });
    expect(await chat(server, 'c-none-00000000001', '銀行のキャッシュカードの暗証番号を忘れた')).toMatchObject({ intent: 'none', feedback: true });
    expect((await chat(server, 'c-greeting-0000001', 'こんにちは')).feedback).toBeUndefined();
    expect((await chat(server, 'c-which-0000000001', '暗証番号を忘れました')).feedback).toBeUndefined();
  });
});

describe('POST /api/chat/feedback', () => {
  it('thanks a 👍, and answers a 👎 with an apology and somewhere else to turn, in the page’s language', async () => {
    server = await startTestServer({ LOG_LEVEL: 'info' });
    const k = server.bot.knowledge;
    const helpful = await feedback(server, { conversationId: 'c-1000000000000001', intent: 'convenience_store', helpful: true });
    expect(helpful.status).toBe(200);
    expect(helpful.headers['cache-control']).toBe('no-store');
    expect(helpful.json()).toEqual({ reply: k.ui('feedback_thanks'), suggestions: [] });

    const unhelpful = (await feedback(server, { conversationId: 'c-1000000000000001', intent: 'convenience_store', helpful: false })).json<{ reply: string; suggestions: Array<{ intent: string; label: string; text: string }> }>();
    expect(unhelpful.reply).toBe(k.ui('feedback_sorry'));
    expect(unhelpful.suggestions.map((s) => s.intent)).toEqual(['office_contact', 'help']);
    expect(unhelpful.suggestions[0]).toEqual({ intent: 'office_contact', ...pick(k.suggestion('office_contact')) });

    const english = (await feedback(server, { conversationId: 'c-1000000000000001', intent: 'forgot_pin', helpful: false, lang: 'en' })).json<{ reply: string; suggestions: Array<{ label: string }> }>();
    expect(english.reply).toBe(k.ui('feedback_sorry', 'en'));
    expect(english.reply).not.toBe(k.ui('feedback_sorry'));
    expect(english.suggestions[1]!.label).toBe(k.suggestion('help', 'en').label);

    const logged = server.logs.lines.filter((l) => l.msg === 'web feedback');
    expect(logged.map((l) => [l.intent, l.helpful])).toEqual([['convenience_store', true], ['convenience_store', false], ['forgot_pin', false]]);
    expect(server.logs.raw.join('\n')).not.toContain('c-1000000000000001');
  });

  it('appends each click to FEEDBACK_FILE as the channel, intent and flag only (never the conversation id)', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mynapin-web-fb-'));
    const file = join(dataDir, 'feedback.jsonl');
    server = await startTestServer({ LOG_LEVEL: 'warn', FEEDBACK_FILE: file });
    expect((await feedback(server, { conversationId: 'c-2000000000000002', intent: 'lost_card', helpful: true })).status).toBe(200);
    expect((await feedback(server, { conversationId: 'c-2000000000000002', intent: 'forgot_pin', helpful: false })).status).toBe(200);
    await server.bot.feedback.flush();
    const written = readFileSync(file, 'utf8');
    expect(written.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { at: expect.any(String), channel: 'web', intent: 'lost_card', helpful: true },
      { at: expect.any(String), channel: 'web', intent: 'forgot_pin', helpful: false },
    ]);
    expect(written).not.toContain('c-2000000000000002');
    expect(server.bot.feedback.snapshot()).toEqual({ lost_card: { helpful: 1, unhelpful: 0 }, forgot_pin: { helpful: 0, unhelpful: 1 } });
  });

  it('refuses what it cannot read with a message that says what to send, and never crashes', async () => {
    server = await startTestServer({ LOG_LEVEL: 'warn', BODY_LIMIT_BYTES: '2048' });
    const cases: Array<[unknown, Record<string, string> | undefined, number, string]> = [
      [{ conversationId: 'c1', intent: 'help', helpful: true }, { 'content-type': 'text/plain' }, 415, 'application/json'],
      ['{"conversationId": "c1", "intent": ', undefined, 400, 'not valid JSON'],
      [{ conversationId: 'c1', intent: 'not_an_intent', helpful: false }, undefined, 400, 'intent must be the intent of the answer'],
      [{ conversationId: 'c1', intent: 'help', helpful: 'yes' }, undefined, 400, 'helpful must be true or false'],
      [{ intent: 'help', helpful: true }, undefined, 400, 'conversationId'],
      [{ conversationId: 'c\u0000', intent: 'help', helpful: true }, undefined, 400, 'control characters'],
      [[1, 2, 3], undefined, 400, 'JSON object'],
      [{ conversationId: 'c1', intent: 'help', helpful: true, pad: 'x'.repeat(5000) }, undefined, 413, ''],
    ];
    for (const [body, headers, status, says] of cases) {
      const res = await feedback(server, body, headers);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(res.json<{ error: { message: string } }>().error.message).toContain(says);
    }
    expect((await request(server.base, '/healthz')).status).toBe(200);
  });

  it('shares the chat’s rate limit: clicks cannot be sent faster than messages', async () => {
    server = await startTestServer({ LOG_LEVEL: 'warn', CHAT_RATE_LIMIT_PER_MINUTE: '2' });
    await chat(server, 'c-limit-0000000001', 'コンビニで住民票を取るには？');
    expect((await feedback(server, { conversationId: 'c-limit-0000000001', intent: 'convenience_store', helpful: true })).status).toBe(200);
    const refused = await feedback(server, { conversationId: 'c-limit-0000000001', intent: 'convenience_store', helpful: false });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a 👎 logs the question it is about (masked) for review; neither the conversation id nor the PIN is stored', { timeout: 30_000 }, async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mynapin-web-fb-'));
    server = await startTestServer({ LOG_LEVEL: 'warn', DATA_DIR: dataDir }, { bot: { unansweredLog: true } });
    const id = 'c-review-7f3a9d2e41b8';
    const answer = await chat(server, id, 'コンビニで住民票を取りたい、暗証番号は4821です');
    expect(answer.feedback).toBe(true);
    expect((await feedback(server, { conversationId: id, intent: answer.intent, helpful: false })).status).toBe(200);
    // A click for a conversation this process never answered is counted, but has no question to log.
    expect((await feedback(server, { conversationId: 'c-unknown-00000001', intent: 'forgot_pin', helpful: false })).status).toBe(200);
    server.bot.unanswered!.flush();

    expect(storedRows(dataDir, "SELECT reason, channel, masked_text, answered_intent FROM unanswered WHERE reason = 'unhelpful'")).toEqual([
      { reason: 'unhelpful', channel: 'web', masked_text: 'コンビニで住民票を取りたい、暗証番号は［非表示］です', answered_intent: 'convenience_store' },
    ]);
    expect(storedRows(dataDir, "SELECT intent, count FROM daily_events WHERE kind = 'feedback_unhelpful' ORDER BY intent")).toEqual([
      { intent: 'convenience_store', count: 1 },
      { intent: 'forgot_pin', count: 1 },
    ]);
    server.bot.close();
    expectNotStored(dataDir, ['4821', id, 'c-unknown']);
  });
});

function pick({ label, text }: { label: string; text: string }) {
  return { label, text };
}
