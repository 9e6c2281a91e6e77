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
