import { afterEach, describe, expect, it } from 'vitest';
import { loadHandoffTexts } from '../../src/handoff/texts.js';
import { HANDOFF_CLOSE_ACTION } from '../../src/adapters/slack/handoff-blocks.js';
import {
  HANDOFF_CHANNEL,
  lineText,
  linePostback,
  lineUserId,
  startHandoffHarness,
  waitUntil,
  type HandoffHarness,
} from './harness.js';
import { asNumber } from '../helpers/secrets.js';

const texts = loadHandoffTexts();
let h: HandoffHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type LineMessage = { type: string; text: string; quickReply?: { items: Array<{ action: { label: string; data: string } }> } };
const replies = (h: HandoffHarness) =>
  h.line.requestsTo('/v2/bot/message/reply').map((r) => r.json as { replyToken: string; messages: LineMessage[] });
const pushes = (h: HandoffHarness) => h.line.requestsTo('/v2/bot/message/push').map((r) => r.json as { to: string; messages: LineMessage[] });
const lastReply = (h: HandoffHarness) => replies(h).at(-1)!;
const replyText = (h: HandoffHarness) => lastReply(h).messages.map((m) => m.text).join('\n');

/** The resident asks for a person and taps 「担当者と話す」: returns the thread's root ts. */
async function openFromLine(h: HandoffHarness, user: string): Promise<string> {
  await h.lineEvent(lineText(user, '暗証番号1234が違うと言われます'));
  await h.lineEvent(lineText(user, '人と話したいんやけど'));
  expect(replyText(h)).toContain(texts.get('offer_request').text);
  const items = lastReply(h).messages.at(-1)!.quickReply!.items;
  expect(items[0]!.action.label).toBe(texts.offerButton.label);
  // The tap is a postback carrying the button's text, as LINE sends it.
  await h.lineEvent(linePostback(user, items[0]!.action.data));
  await waitUntil(() => h.threads().length === 1, 'the hand-off thread');
  return rootTs(h);
}

/** The ts the fake Slack API gave the thread's first message. */
async function rootTs(h: HandoffHarness): Promise<string> {
  const index = h.slack.calls.indexOf(h.threads()[0]!);
  // The fake numbers its messages in order: the n-th successful postMessage got ts …0000n.
  const n = h.slack.calls.slice(0, index + 1).filter((c) => c.method === 'chat.postMessage' && c.status === 200).length;
  return `1800000000.${String(n).padStart(6, '0')}`;
}

describe('hand-off from LINE to a Slack staff thread', { timeout: 20_000 }, () => {
  it('offers, opens a masked thread, pushes the staff reply, forwards the follow-up, and closes', async () => {
    h = await startHandoffHarness();
    const user = lineUserId();
    const root = await openFromLine(h, user);

    // The resident is told the hand-off is open.
    expect(replyText(h)).toContain(texts.get('opened').text);

    // The thread: masked turns, guesses with confidences, channel, opaque id, the three controls.
    const thread = h.threads()[0]!;
    const dump = JSON.stringify(thread.body);
    expect(dump).toContain('［非表示］');
    expect(dump).not.toMatch(asNumber('1234'));
    expect(dump).not.toContain(user);
    expect(dump).toContain('LINE');
    expect(dump).toMatch(/受付番号\*\\nH[A-Za-z0-9_-]{8}"/);
    expect(dump).toMatch(/`[a-z_]+` 0\.\d\d/);
    const actions = (thread.body.blocks as Array<{ type: string; elements?: Array<{ type: string; action_id: string; text?: { text: string }; placeholder?: { text: string } }> }>).find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.text?.text ?? e.placeholder?.text)).toEqual(['対応します', 'FAQで回答', '対応終了']);
    expect(actions.elements![1]!.type).toBe('static_select');
    const opened = h.events.find((e) => e.name === 'opened')!.event as { handoffId: string; maskedTurns: string[] };
    expect(opened.maskedTurns.join(' ')).toContain('［非表示］');
    expect(JSON.stringify(h.events)).not.toContain(user);

    // Staff answer in the thread → pushed to the resident.
    expect((await h.staffReply(root, '担当の山田です。カードをお持ちのうえ窓口へお越しください。')).status).toBe(200);
    await waitUntil(() => pushes(h!).length === 1, 'the push');
    // The 'message' event follows the push's response, which may come a moment after the request.
    await waitUntil(() => h!.events.some((e) => e.name === 'message' && (e.event as { from?: string }).from === 'staff'), 'the staff message event');
    const push = pushes(h)[0]!;
    expect(push.to).toBe(user);
    expect(push.messages[0]!.text).toBe(`${texts.get('staff_prefix').text}\n担当の山田です。カードをお持ちのうえ窓口へお越しください。`);

    // The resident's follow-up goes to the same thread, not to the bot.
    // (Counted by sender: the staff message's event may still be on its way, emitted once the push is answered.)
    const residentMessages = () => h!.events.filter((e) => e.name === 'message' && (e.event as { from: string }).from === 'resident').length;
    const turnsBefore = residentMessages();
    await h.lineEvent(lineText(user, '何時までやってますか'));
    expect(replyText(h)).toBe(texts.get('forwarded').text);
    await waitUntil(() => h!.threadPosts(root).some((c) => String(c.body.text).includes('何時までやってますか')), 'the follow-up in the thread');
    // The event is emitted once the thread post has been answered, just after the fake records it.
    await waitUntil(() => residentMessages() === turnsBefore + 1, 'the message event');

    // 「対応終了」 → root updated, thread and resident told.
    const id = opened.handoffId;
    expect((await h.staffAction({ type: 'button', action_id: HANDOFF_CLOSE_ACTION, value: id, text: { type: 'plain_text', text: '対応終了' } }, root)).status).toBe(200);
    await waitUntil(() => h!.slack.callsOf('chat.update').length === 1, 'the root update');
    expect(JSON.stringify(h.slack.callsOf('chat.update')[0]!.body.blocks)).toContain('対応終了');
    expect(JSON.stringify(h.slack.callsOf('chat.update')[0]!.body.blocks)).not.toContain('mynapin_handoff_close');
    await waitUntil(() => pushes(h!).length === 2, 'the closing push');
    expect(pushes(h)[1]!.messages[0]!.text).toBe(texts.get('closed_staff').text);
    await waitUntil(() => h!.events.some((e) => e.name === 'closed'), 'the closed event');
    expect(h.events.find((e) => e.name === 'closed')!.event).toMatchObject({ handoffId: id, by: 'staff', channel: 'line' });

    // The bot answers again.
    const threadPostsBefore = h.threadPosts(root).length;
    await h.lineEvent(lineText(user, 'コンビニで住民票を取るには？'));
    expect(replyText(h)).not.toBe(texts.get('forwarded').text);
    expect(replyText(h)).toContain('コンビニ');
    expect(h.threadPosts(root).length).toBe(threadPostsBefore);
  });

  it('without LINE_ALLOW_PUSH: the resident is asked to phone, the thread is told, nothing is pushed', async () => {
    h = await startHandoffHarness({ LINE_ALLOW_PUSH: 'false', MUNICIPALITY_PHONE: '03-1234-5678' });
    const user = lineUserId();
    const root = await openFromLine(h, user);
    expect(replyText(h)).toContain('お電話でお問い合わせください');
    expect(replyText(h)).toContain('03-1234-5678');
    expect(JSON.stringify(h.threads()[0]!.body.blocks)).toContain('住民に届きません');

    await h.staffReply(root, '確認しました。');
    await waitUntil(() => h!.threadPosts(root).some((c) => String(c.body.text).includes('LINE_ALLOW_PUSH')), 'the unreachable notice');
    expect(pushes(h)).toHaveLength(0);
    await waitUntil(() => h!.events.some((e) => e.name === 'message' && (e.event as { from?: string }).from === 'staff'), 'the staff message event');
    const message = h.events.find((e) => e.name === 'message')!.event;
    expect(message).toMatchObject({ from: 'staff', delivered: false });

    // Follow-ups still reach staff, and the resident is reminded to phone.
    await h.lineEvent(lineText(user, 'わかりました'));
    expect(replyText(h)).toContain(texts.get('forwarded_no_reply').text.split('\n')[0]!);
    expect(pushes(h)).toHaveLength(0);
  });

  it('closes after HANDOFF_TTL_MINUTES of silence: the next message is the bot again, and both sides hear why', async () => {
    h = await startHandoffHarness({ LINE_ALLOW_PUSH: 'false' });
    const user = lineUserId();
    const root = await openFromLine(h, user);
    h.advance(11 * 60_000);
    await h.lineEvent(lineText(user, '暗証番号を忘れました'));
    expect(replyText(h).startsWith(texts.get('closed_timeout').text)).toBe(true);
    expect(replyText(h)).not.toContain(texts.get('forwarded_no_reply').text.split('\n')[0]!);
    await waitUntil(() => h!.threadPosts(root).some((c) => String(c.body.text).includes('自動で終了')), 'the timeout notice');
    expect(h.events.find((e) => e.name === 'closed')!.event).toMatchObject({ by: 'timeout' });
    expect(h.threadPosts(root).some((c) => String(c.body.text).includes('暗証番号を忘れました'))).toBe(false);
  });

  it('refuses a wrongly signed 「対応終了」: 401 and the hand-off stays open', async () => {
    h = await startHandoffHarness();
    const user = lineUserId();
    const root = await openFromLine(h, user);
    const id = (h.events.find((e) => e.name === 'opened')!.event as { handoffId: string }).handoffId;
    const forged = await h.staffAction({ type: 'button', action_id: HANDOFF_CLOSE_ACTION, value: id }, root, 'not-the-signing-secret');
    expect(forged.status).toBe(401);
    await h.lineEvent(lineText(user, 'まだですか'));
    expect(replyText(h)).toBe(texts.get('forwarded').text);
    expect(h.events.some((e) => e.name === 'closed')).toBe(false);
    expect(h.threads()[0]!.body.channel).toBe(HANDOFF_CHANNEL);
  });
});
