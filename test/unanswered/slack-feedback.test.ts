import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FEEDBACK_UNHELPFUL_ACTION } from '../../src/adapters/slack/blocks.js';
import { expectNotStored, storedRows } from '../helpers/stored-bytes.js';
import { buttonClick } from '../adapters/slack/harness.js';
import { startHandoffHarness, TEAM, waitUntil, type HandoffHarness } from '../handoff/harness.js';

let h: HandoffHarness | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('「役に立たなかった」 in Slack logs the question (masked), not who asked', { timeout: 30_000 }, () => {
  it('a signed DM question, the answer, a signed 👎 click → one unhelpful row with the question and the answer’s intent', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mynapin-fb-'));
    h = await startHandoffHarness({ DATA_DIR: dataDir }, { bot: { unansweredLog: true } });
    const question = 'コンビニで住民票を取りたい、暗証番号は4821です';
    const ts = '1700000001.000100';
    const event = JSON.stringify({
      token: 'legacy', team_id: TEAM, api_app_id: 'A0MYNAPIN', type: 'event_callback',
      event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10)}`, event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM, user_id: 'UBOT', is_bot: true }],
      event: { type: 'message', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', text: question, ts, event_ts: ts },
    });
    expect((await h.slackPost(event, 'application/json')).status).toBe(200);
    await waitUntil(() => h!.slack.callsOf('chat.postMessage').some((c) => c.body.channel === 'D0DM0001'), 'the answer');
    const answer = h.slack.callsOf('chat.postMessage').find((c) => c.body.channel === 'D0DM0001')!;
    const blocks = (typeof answer.body.blocks === 'string' ? JSON.parse(answer.body.blocks) : answer.body.blocks) as Array<{ block_id?: string; elements?: Array<{ value?: string }> }>;
    const intent = blocks.find((b) => b.block_id === 'mynapin_feedback')?.elements?.[1]?.value;
    expect(intent).toBe('convenience_store');

    const click = buttonClick({ actionId: FEEDBACK_UNHELPFUL_ACTION, value: intent!, channel: 'D0DM0001', user: 'UALICE', responseUrl: h.slack.responseUrl('fb') });
    expect((await h.slackPost(new URLSearchParams(click).toString(), 'application/x-www-form-urlencoded')).status).toBe(200);
    await waitUntil(() => h!.slack.callsOf('chat.postEphemeral').length > 0, 'the thanks');
    h.bot.unanswered!.flush();

    expect(storedRows(dataDir, 'SELECT reason, channel, masked_text, answered_intent FROM unanswered')).toEqual([
      { reason: 'unhelpful', channel: 'slack', masked_text: 'コンビニで住民票を取りたい、暗証番号は［非表示］です', answered_intent: 'convenience_store' },
    ]);
    h.bot.close();
    expectNotStored(dataDir, ['4821', 'UALICE', 'D0DM0001', TEAM]);
  });
});
