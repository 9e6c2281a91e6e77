import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNotStored, storedRows } from '../helpers/stored-bytes.js';
import { postbackEvent, replies, startHarness, textEvent, userSource, type Harness } from '../adapters/line/harness.js';

let h: Harness | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('「役に立たなかった」 on LINE logs the question (masked), not who asked', { timeout: 30_000 }, () => {
  it('a signed question, the answer, a signed 👎 tap → one unhelpful row with the question and the answer’s intent', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mynapin-line-fb-'));
    h = await startHarness({ env: { DATA_DIR: dataDir }, bot: { unansweredLog: true } });
    const source = userSource('Ualice0000000000000000000000000001');
    await h.deliver([textEvent('コンビニで住民票を取りたい、暗証番号は4821です', source)]);
    const items: Array<{ action: { label: string; data: string } }> = replies(h.api)[0]!.messages.at(-1)!.quickReply.items;
    const unhelpful = items.find((i) => i.action.label === '👎 役に立たなかった')!;
    const helpful = items.find((i) => i.action.label === '👍 役に立った')!;
    await h.deliver([postbackEvent(unhelpful.action.data, source)]);
    await h.deliver([postbackEvent(helpful.action.data, source)]);
    h.bot.unanswered!.flush();

    expect(storedRows(dataDir, "SELECT reason, channel, masked_text, answered_intent FROM unanswered WHERE reason = 'unhelpful'")).toEqual([
      { reason: 'unhelpful', channel: 'line', masked_text: 'コンビニで住民票を取りたい、暗証番号は［非表示］です', answered_intent: 'convenience_store' },
    ]);
    expect(storedRows(dataDir, "SELECT kind, intent, count FROM daily_events WHERE kind LIKE 'feedback%' ORDER BY kind")).toEqual([
      { kind: 'feedback_helpful', intent: 'convenience_store', count: 1 },
      { kind: 'feedback_unhelpful', intent: 'convenience_store', count: 1 },
    ]);
    h.bot.close();
    expectNotStored(dataDir, ['4821', 'Ualice0000000000000000000000000001']);
  });
});
