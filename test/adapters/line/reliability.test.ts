import { afterEach, describe, expect, it } from 'vitest';
import { isValidLineSignature } from '../../../src/adapters/line/signature.js';
import { replies, sign, startHarness, textEvent, CHANNEL_SECRET, type Harness } from './harness.js';

describe('x-line-signature is parsed strictly', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('refuses a valid signature with anything added, removed or changed, and accepts the exact one', async () => {
    h = await startHarness();
    const body = JSON.stringify({ destination: 'Ubot', events: [] });
    const good = sign(body);
    // (Spaces around a header value are not the client's: HTTP strips them before we see it.)
    for (const bad of [`${good}, x`, `${good},`, `${good}=`, good.slice(0, -1), good.replace(/=$/, ''), `${good}${good}`, good.replace(/\+/g, '-').replace(/\//g, '_'), `sha256=${good}`]) {
      if (bad === good) continue;
      expect((await h.post(body, { signature: bad })).status, JSON.stringify(bad)).toBe(401);
    }
    expect((await h.post(body, { signature: good })).status).toBe(200);
  });

  it('isValidLineSignature compares the exact base64 of the HMAC', () => {
    const body = Buffer.from('{"events":[]}');
    const good = sign(body);
    expect(isValidLineSignature(body, CHANNEL_SECRET, good)).toBe(true);
    expect(isValidLineSignature(body, CHANNEL_SECRET, `${good}, x`)).toBe(false);
    expect(isValidLineSignature(body, 'another-secret', good)).toBe(false);
    expect(isValidLineSignature(body, CHANNEL_SECRET, '')).toBe(false);
  });
});

describe('a hanging LINE API', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('each reply call is given up after the timeout, retried, logged, and the route keeps serving', async () => {
    h = await startHarness({ deps: { apiTimeoutMs: 150, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10, budgetMs: 5_000 } } });
    h.api.hang = true;
    const started = Date.now();
    expect(await h.deliver([textEvent('暗証番号を忘れました')])).toBe(200);
    const took = Date.now() - started;
    // Three attempts of 150 ms each, not forever.
    expect(took).toBeGreaterThanOrEqual(3 * 150);
    expect(took).toBeLessThan(5_000);
    expect(h.api.requestsTo('/v2/bot/message/reply')).toHaveLength(3);
    const text = h.logText();
    expect(text).toMatch(/LINE API replyMessage did not answer within 150 ms/);
    expect(h.logs.some((l) => l.msg === 'LINE reply failed; giving up after retries')).toBe(true);

    // The API recovers: the next event is answered at the first attempt.
    h.api.hang = false;
    const event = textEvent('ロックされた');
    expect(await h.deliver([event])).toBe(200);
    const calls = replies(h.api);
    expect(calls).toHaveLength(4);
    expect(calls[3]!.replyToken).toBe(event.replyToken);
    expect(h.logs.filter((l) => l.msg === 'LINE reply failed; giving up after retries')).toHaveLength(1);
  });

  it('does not push after replies that timed out (they may have arrived): no double answer', async () => {
    h = await startHarness({
      env: { LINE_ALLOW_PUSH: 'true' },
      deps: { apiTimeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10, budgetMs: 5_000 } },
    });
    h.api.hang = true;
    expect(await h.deliver([textEvent('暗証番号を忘れました')])).toBe(200);
    expect(h.api.requestsTo('/v2/bot/message/reply')).toHaveLength(2);
    expect(h.api.requestsTo('/v2/bot/message/push')).toHaveLength(0);
    expect(h.logText()).toContain('not pushed, since the reply may have arrived');
  });
});
