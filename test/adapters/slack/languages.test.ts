import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nextTs, startHarness, type Harness } from './harness.js';

interface Block {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  elements?: Array<{ type: string; action_id: string; value: string; text: { text: string } }>;
}

const blocksOf = (call: { body: Record<string, unknown> }) => call.body.blocks as Block[];
const buttonLabels = (call: { body: Record<string, unknown> }, blockId: string) =>
  blocksOf(call).filter((b) => b.block_id === blockId).flatMap((b) => (b.elements ?? []).map((e) => e.text.text));

/** End to end over real HTTP: a signed Slack event → the real engine → chat.postMessage at the fake Slack API. */
describe('Slack: answers in the question’s language', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(async () => {
    await h.slack.settled();
    h.fake.reset();
  });

  it('an English question gets an English mrkdwn answer with English buttons', async () => {
    await h.postEvent({ type: 'message', channel: 'D0DM0002', channel_type: 'im', user: 'UCAROL', text: 'My card is locked, what do I do?', ts: nextTs() });
    const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    const text = blocksOf(call).filter((b) => b.type === 'section').map((b) => b.text!.text).join('\n');
    expect(text).toMatch(/lock/i);
    expect(text).not.toMatch(/[ぁ-ん]{3}/);
    expect(buttonLabels(call, 'mynapin_suggestions').join(' ')).not.toMatch(/[ぁ-ん]/);
    expect(buttonLabels(call, 'mynapin_feedback')).toEqual(['👍 Helpful', '👎 Not helpful']);
  });

  it('a Japanese question in the same DM is answered in Japanese', async () => {
    await h.postEvent({ type: 'message', channel: 'D0DM0002', channel_type: 'im', user: 'UCAROL', text: '暗証番号を忘れました', ts: nextTs() });
    const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(blocksOf(call)[0]!.text!.text).toMatch(/暗証番号/);
    expect(buttonLabels(call, 'mynapin_feedback')).toEqual([]); // a which-PIN question has no feedback buttons
  });
});
