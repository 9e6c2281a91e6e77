import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { HANDOFF_FAQ_ACTION } from '../../src/adapters/slack/handoff-blocks.js';
import { loadHandoffTexts } from '../../src/handoff/texts.js';
import { loadReviewedPhrases } from '../../src/intents/reviewed.js';
import { startHandoffHarness, waitUntil, type HandoffHarness } from '../handoff/harness.js';

const texts = loadHandoffTexts();
let h: HandoffHarness | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('「FAQで回答」 in the Slack hand-off thread is a review', { timeout: 30_000 }, () => {
  it('logs the hand-off, marks the question reviewed with the picked intent, adds it as a phrase, and the bot learns it', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mynapin-faq-'));
    h = await startHandoffHarness({ DATA_DIR: dataDir }, { bot: { unansweredLog: true } });
    const question = 'マイナンバーカードの暗証番号で困っています';
    expect(h.bot.matcher.match(question).intent).not.toBe('unlock_procedure');
    const id = randomUUID();
    await h.chat(id, question);
    const offer = await h.chat(id, '担当者につないで');
    expect((await h.chat(id, offer.suggestions[0].text)).handoff).toBe('open');
    await waitUntil(() => h!.threads().length === 1, 'the hand-off thread');
    const handoffId = (h.events.find((e) => e.name === 'opened')!.event as { handoffId: string }).handoffId;
    const rootTs = '1800000000.000001';

    await h.staffAction(
      {
        type: 'static_select',
        action_id: HANDOFF_FAQ_ACTION,
        selected_option: { text: { type: 'plain_text', text: 'ロックの解除方法' }, value: `${handoffId}:unlock_procedure` },
        placeholder: { type: 'plain_text', text: 'FAQで回答' },
      },
      rootTs,
    );
    await waitUntil(() => h!.events.some((e) => e.name === 'faq_answered'), 'the FAQ answer');
    h.bot.unanswered!.flush();
    await h.bot.reloader.settled();

    const db = new Database(join(dataDir, 'mynapin.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT reason, channel, masked_text, intent1, reviewed_intent, reviewed_by FROM unanswered').all();
      expect(rows).toEqual([
        { reason: 'handoff', channel: 'web', masked_text: question, intent1: expect.any(String), reviewed_intent: 'unlock_procedure', reviewed_by: 'slack_faq' },
      ]);
      const events = db.prepare('SELECT kind, intent, count FROM daily_events ORDER BY kind').all();
      expect(events).toEqual([
        { kind: 'faq_answered', intent: 'unlock_procedure', count: 1 },
        { kind: 'handoff_opened', intent: '', count: 1 },
      ]);
      // Nothing of the resident: not the web conversation id, not the hand-off id.
      const dump = JSON.stringify(db.prepare('SELECT * FROM unanswered').all());
      expect(dump).not.toContain(id);
      expect(dump).not.toContain(handoffId);
    } finally {
      db.close();
    }
    expect(loadReviewedPhrases(join(dataDir, 'reviewed-phrases.yaml')).get('unlock_procedure')).toEqual([question]);
    // The running bot reloaded: the question now reaches the answer staff chose.
    expect(h.bot.matcher.match(question).intent).toBe('unlock_procedure');
    expect(texts.offerButton.text).toBe(offer.suggestions[0].text);
  });
});
