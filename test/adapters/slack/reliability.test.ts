import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackHeaderProblem } from '../../../src/adapters/slack/route-receiver.js';
import { nextTs, sign, startHarness, type Harness } from './harness.js';

describe('Slack request timestamps are accepted only within 5 minutes of now, either way', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const dm = () => ({ type: 'message', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', text: '暗証番号を忘れました', ts: nextTs() });
  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    ['one hour ahead', 3600],
    ['six minutes ahead', 6 * 60],
    ['six minutes old', -6 * 60],
  ])('refuses a correctly signed request stamped %s with 401, and answers nothing', async (_label, offset) => {
    const before = h.engine.turns.length;
    const res = await h.postEvent(dm(), { timestamp: now() + offset });
    expect(res.status).toBe(401);
    await h.slack.settled();
    expect(h.engine.turns).toHaveLength(before);
  });

  it.each([
    ['four minutes ahead', 4 * 60],
    ['four minutes old', -4 * 60],
  ])('accepts a correctly signed request stamped %s', async (_label, offset) => {
    const res = await h.postEvent(dm(), { timestamp: now() + offset });
    expect(res.status).toBe(200);
  });

  it('refuses malformed timestamps and signatures with junk, even when the HMAC part is right', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c' });
    const ts = now();
    const good = sign(body, ts);
    expect((await h.post(body, { timestamp: ts, signature: good })).status).toBe(200);
    for (const signature of [`${good}=x`, `${good}=`, `${good}0`, good.toUpperCase(), `v1=${good.slice(3)}`]) {
      expect((await h.post(body, { timestamp: ts, signature })).status, signature).toBe(401);
    }
    for (const header of [` ${ts}`, `${ts}.0`, `${ts}e0`, '', `0x${ts.toString(16)}`]) {
      expect(slackHeaderProblem(header, good)).toBeDefined();
    }
    expect(slackHeaderProblem(String(ts), good)).toBeUndefined();
  });
});

describe('a hanging Slack Web API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ webApiTimeoutMs: 200 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('each call is given up after the timeout, the failure is logged, and the next message is answered', async () => {
    // rapidRetryPolicy retries 10 times: every attempt hangs.
    h.fake.failNext('chat.postMessage', { hang: true }, 20);
    const started = Date.now();
    const res = await h.postEvent({ type: 'message', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', text: '暗証番号を忘れました', ts: nextTs() });
    expect(res.status).toBe(200);
    await h.slack.settled();
    expect(Date.now() - started).toBeLessThan(15_000);
    const attempts = h.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 0);
    expect(attempts.length).toBeGreaterThan(1);
    expect(h.logs.join('')).toMatch(/slack listener failed/);

    // The API recovers (the hangs not used up by the retries are dropped).
    (h.fake as unknown as { failures: Map<string, unknown[]> }).failures.clear();
    await h.postEvent({ type: 'message', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', text: 'ロックされた', ts: nextTs() });
    await h.slack.settled();
    expect(h.fake.calls.some((c) => c.method === 'chat.postMessage' && c.status === 200)).toBe(true);
  });
});
