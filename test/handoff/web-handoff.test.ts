import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadHandoffTexts } from '../../src/handoff/texts.js';
import { HANDOFF_CLAIM_ACTION, HANDOFF_FAQ_ACTION } from '../../src/adapters/slack/handoff-blocks.js';
import { MemorySharedStore } from '../../src/state/shared-store.js';
import { startHandoffHarness, waitUntil, type HandoffHarness } from './harness.js';
import { asNumber } from '../helpers/secrets.js';

const texts = loadHandoffTexts();
let h: HandoffHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Updates = { messages: Array<{ from: string; text: string; suggestions: Array<{ label: string; text: string }> }>; handoff: string };
const updates = async (h: HandoffHarness, id: string): Promise<Updates> => {
  const res = await h.updates(id);
  expect(res.status).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json<Updates>();
};

/** Opens a hand-off from the web chat; returns the thread's root ts and the hand-off id. */
async function openFromWeb(h: HandoffHarness, id: string, question = '担当者につないで'): Promise<{ root: string; handoffId: string }> {
  const offer = await h.chat(id, question);
  expect(offer.suggestions[0]).toMatchObject({ label: texts.offerButton.label, text: texts.offerButton.text });
  const opened = await h.chat(id, offer.suggestions[0].text);
  expect(opened.handoff).toBe('open');
  expect(opened.reply).toContain(texts.get('opened').text.split('\n')[0]);
  await waitUntil(() => h.threads().length >= 1, 'the hand-off thread');
  const index = h.slack.calls.indexOf(h.threads().at(-1)!);
  const n = h.slack.calls.slice(0, index + 1).filter((c) => c.method === 'chat.postMessage' && c.status === 200).length;
  const event = h.events.filter((e) => e.name === 'opened').at(-1)!.event as { handoffId: string };
  return { root: `1800000000.${String(n).padStart(6, '0')}`, handoffId: event.handoffId };
}

describe('hand-off from the web chat', { timeout: 20_000 }, () => {
  it('the page polling receives the staff reply, only for its own conversation; follow-ups reach the thread', async () => {
    h = await startHandoffHarness();
    const id = randomUUID();
    const other = randomUUID();
    await h.chat(other, '暗証番号を忘れました');
    await h.chat(id, 'マイナンバーは123456789018です。電話じゃなくてチャットで聞きたい');
    const { root } = await openFromWeb(h, id, '人と話したい');
    const thread = JSON.stringify(h.threads()[0]!.body);
    expect(thread).toContain('Webチャット');
    expect(thread).not.toContain('123456789018');
    expect(thread).not.toContain(id);

    expect(await updates(h, id)).toEqual({ messages: [], handoff: 'open' });
    await h.staffReply(root, 'こんにちは、担当です。ご用件を伺います。');
    await waitUntil(() => h!.events.some((e) => e.name === 'message'), 'the staff message');
    expect((await updates(h, other)).messages).toEqual([]);
    const got = await updates(h, id);
    expect(got.handoff).toBe('open');
    expect(got.messages).toMatchObject([{ from: 'staff', text: 'こんにちは、担当です。ご用件を伺います。' }]);
    // Handed out once.
    expect((await updates(h, id)).messages).toEqual([]);

    // A staff note starting with // stays in the thread.
    await h.staffReply(root, '// 住民票の件かも');
    await h.staffReply(root, 'お待たせしました');
    await waitUntil(() => h!.events.filter((e) => e.name === 'message').length === 2, 'the second staff message');
    expect((await updates(h, id)).messages.map((m) => m.text)).toEqual(['お待たせしました']);

    const follow = await h.chat(id, '暗証番号は5678で合ってますか');
    expect(follow.reply).toContain(texts.get('forwarded').text);
    expect(follow.privacyWarning).toBe(true);
    await waitUntil(() => h!.threadPosts(root).some((c) => String(c.body.text).includes('［非表示］で合ってますか')), 'the masked follow-up');
    expect(JSON.stringify(h.slack.calls)).not.toMatch(asNumber('5678'));
  });

  it('works across instances sharing one SharedStore: opened on one, answered through another', async () => {
    const shared = new MemorySharedStore();
    h = await startHandoffHarness({}, { shared });
    const second = await startHandoffHarness({}, { shared, apis: { line: h.line, slack: h.slack } });
    try {
      const id = randomUUID();
      const { root } = await openFromWeb(h, id);
      await second.staffReply(root, '別のサーバーから返信します');
      await waitUntil(() => second.events.some((e) => e.name === 'message'), 'the staff message on the second instance');
      expect((await updates(h, id)).messages.map((m) => m.text)).toEqual(['別のサーバーから返信します']);
      const follow = await second.chat(id, '了解です');
      expect(follow.handoff).toBe('open');
      await waitUntil(() => h!.threadPosts(root).some((c) => String(c.body.text).includes('了解です')), 'the follow-up via the second instance');
    } finally {
      await second.close();
    }
  });

  it('an instance that did not open a hand-off times it out when the one that did is gone', async () => {
    const shared = new MemorySharedStore();
    h = await startHandoffHarness({}, { shared });
    const id = randomUUID();
    const { root } = await openFromWeb(h, id);
    // The opening instance stops (a deploy, a scale-down): its timers go with it.
    h.bot.handoff!.stop();
    const second = await startHandoffHarness({}, { shared, apis: { line: h.line, slack: h.slack } });
    try {
      await second.bot.handoff!.adoptOpen();
      second.advance(5 * 60_000);
      expect(await second.bot.handoff!.sweep()).toBe(0);
      second.advance(6 * 60_000);
      expect(await second.bot.handoff!.sweep()).toBe(1);
      expect(await updates(second, id)).toMatchObject({ handoff: 'closed', messages: [{ from: 'bot', text: texts.get('closed_timeout').text }] });
      expect(h.threadPosts(root).some((c) => String(c.body.text).includes('自動で終了'))).toBe(true);
      // Closed: no instance takes it on again.
      expect(await second.bot.handoff!.adoptOpen()).toBe(0);
      expect(await h.bot.handoff!.adoptOpen()).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('refuses ids the page could not have made, and rate-limits polling', async () => {
    h = await startHandoffHarness();
    expect((await h.updates('1')).status).toBe(400);
    expect((await h.updates('../../etc')).status).toBe(400);
    const id = randomUUID();
    let limited = 0;
    for (let i = 0; i < 200 && limited === 0; i++) if ((await h.updates(id)).status === 429) limited = i;
    expect(limited).toBeGreaterThanOrEqual(170);
  });

  it('「対応します」 and 「FAQで回答」: the resident gets the intent’s answer; the pick is an event for the review log', async () => {
    h = await startHandoffHarness();
    const id = randomUUID();
    await h.chat(id, 'マイナンバーカードの暗証番号で困っています');
    const { root, handoffId } = await openFromWeb(h, id);

    await h.staffAction({ type: 'button', action_id: HANDOFF_CLAIM_ACTION, value: handoffId }, root);
    await waitUntil(() => h!.events.some((e) => e.name === 'claimed'), 'the claim');
    expect((await updates(h, id)).messages).toMatchObject([{ from: 'bot', text: texts.get('claimed').text }]);
    expect(h.threadPosts(root).some((c) => String(c.body.text).includes('<@USTAFF01> さんが対応します'))).toBe(true);

    const answer = h.bot.knowledge.answer('unlock_procedure');
    await h.staffAction(
      {
        type: 'static_select',
        action_id: HANDOFF_FAQ_ACTION,
        selected_option: { text: { type: 'plain_text', text: 'ロックの解除方法' }, value: `${handoffId}:unlock_procedure` },
        placeholder: { type: 'plain_text', text: 'FAQで回答' },
      },
      root,
    );
    await waitUntil(() => h!.events.some((e) => e.name === 'faq_answered'), 'the FAQ answer');
    const got = await updates(h, id);
    expect(got.messages).toHaveLength(1);
    expect(got.messages[0]!.text).toBe(`${texts.get('faq_prefix').text}\n${answer.text.trim()}`);
    expect(got.messages[0]!.suggestions.length).toBeGreaterThan(0);
    const faq = h.events.find((e) => e.name === 'faq_answered')!.event;
    expect(faq).toMatchObject({ handoffId, intent: 'unlock_procedure', channel: 'web', delivered: true });
    // The question before 「担当者につないで」: the request for a person is not what staff answered.
    expect((faq as { maskedQuestion: string }).maskedQuestion).toBe('マイナンバーカードの暗証番号で困っています');
    expect(h.threadPosts(root).some((c) => String(c.body.text).includes('unlock_procedure'))).toBe(true);
    expect(JSON.stringify(h.events)).not.toContain(id);
  });

  it('times out: the sweep closes it, both sides are told, and the page stops polling', async () => {
    h = await startHandoffHarness();
    const id = randomUUID();
    const { root } = await openFromWeb(h, id);
    h.advance(5 * 60_000);
    expect(await h.bot.handoff!.sweep()).toBe(0);
    h.advance(6 * 60_000);
    expect(await h.bot.handoff!.sweep()).toBe(1);
    const got = await updates(h, id);
    expect(got).toMatchObject({ handoff: 'closed', messages: [{ from: 'bot', text: texts.get('closed_timeout').text }] });
    expect(h.threadPosts(root).some((c) => String(c.body.text).includes('自動で終了'))).toBe(true);
    expect(h.slack.callsOf('chat.update')).toHaveLength(1);
    const reply = await h.chat(id, '暗証番号を忘れました');
    expect(reply.handoff).toBeUndefined();
    expect(reply.reply).not.toContain(texts.get('forwarded').text);
  });

  it('offers a person after two answers it could not give, and under an unsure answer', async () => {
    h = await startHandoffHarness();
    const id = randomUUID();
    const first = await h.chat(id, '今日の天気は？');
    expect(first.intent).toBe('none');
    expect(first.suggestions.some((s: { text: string }) => s.text === texts.offerButton.text)).toBe(false);
    const second = await h.chat(id, '犬の散歩の時間');
    expect(second.intent).toBe('none');
    expect(second.suggestions[0].text).toBe(texts.offerButton.text);
    expect(second.reply).toContain(texts.get('offer').text);

    // An answer under HANDOFF_OFFER_BELOW carries the offer too (the threshold set to 1 makes any answer unsure).
    await h.close();
    h = await startHandoffHarness({ HANDOFF_OFFER_BELOW: '1' });
    const unsure = await h.chat(randomUUID(), 'コンビニで住民票を取りたいです');
    expect(unsure.intent).not.toBe('none');
    expect(unsure.suggestions[0].text).toBe(texts.offerButton.text);
    const sure = await startHandoffHarness({ HANDOFF_OFFER_BELOW: '0' });
    try {
      const confident = await sure.chat(randomUUID(), 'コンビニで住民票を取りたいです');
      expect(confident.suggestions.some((s: { text: string }) => s.text === texts.offerButton.text)).toBe(false);
    } finally {
      await sure.close();
    }
  });

  it('outside HANDOFF_HOURS tells the resident when staff will answer', async () => {
    // Every day 00:00-00:01 Japan time: practically always closed, whenever the test runs.
    h = await startHandoffHarness({ HANDOFF_HOURS: 'sun-sat 00:00-00:01' });
    const id = randomUUID();
    const offer = await h.chat(id, '担当者につないで');
    const opened = await h.chat(id, offer.suggestions[0].text);
    expect(opened.reply).toMatch(/ただいま受付時間外です。担当者からのお返事は\d+月\d+日（.）0:00以降になります。/);
    await waitUntil(() => h!.threads().length === 1, 'the thread');
    expect(JSON.stringify(h.threads()[0]!.body.blocks)).toContain('受付時間外');
  });
});
