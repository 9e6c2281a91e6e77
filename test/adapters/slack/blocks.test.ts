import { describe, expect, it } from 'vitest';
import {
  FEEDBACK_HELPFUL_ACTION,
  FEEDBACK_UNHELPFUL_ACTION,
  SUGGEST_ACTION_PATTERN,
  escapeMrkdwn,
  replyMessage,
} from '../../../src/adapters/slack/blocks.js';
import type { BotReply } from '../../../src/conversation/types.js';

const reply = (over: Partial<BotReply> = {}): BotReply => ({
  intent: 'forgot_pin',
  confidence: 0.9,
  text: '窓口で再設定できます。',
  facts: ['F6'],
  suggestions: [
    { intent: 'proxy_procedure', label: '代理人の手続き', text: '代理人でもできますか' },
    { intent: 'office_contact', label: '窓口の場所', text: '窓口はどこですか' },
  ],
  clarifying: false,
  privacyWarning: false,
  ...over,
});

type Element = { action_id: string; value: string; text: { text: string } };
const actions = (r: BotReply) =>
  replyMessage(r).blocks.flatMap((b) => (b.type === 'actions' ? (b.elements as unknown as Element[]) : []));

describe('replyMessage', () => {
  it('renders the text, one button per suggestion (value = text to send) and the feedback buttons', () => {
    const message = replyMessage(reply());
    expect(message.text).toBe('窓口で再設定できます。');
    expect(message.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '窓口で再設定できます。' } });
    const els = actions(reply());
    expect(els.map((e) => e.action_id)).toEqual(['mynapin_suggest_0', 'mynapin_suggest_1', FEEDBACK_HELPFUL_ACTION, FEEDBACK_UNHELPFUL_ACTION]);
    expect(els[0]).toMatchObject({ value: '代理人でもできますか', text: { text: '代理人の手続き' } });
    expect(els[2]?.value).toBe('forgot_pin');
    for (const e of els.slice(0, 2)) expect(e.action_id).toMatch(SUGGEST_ACTION_PATTERN);
  });

  it('asks no feedback on clarifying questions and small talk', () => {
    for (const r of [reply({ clarifying: true }), reply({ intent: 'greeting' }), reply({ intent: 'thanks' })]) {
      expect(actions(r).map((e) => e.action_id)).not.toContain(FEEDBACK_HELPFUL_ACTION);
    }
  });

  it('keeps every section under Slack’s 3000-character limit without losing text', () => {
    const long = Array.from({ length: 120 }, (_, i) => `${i}行目：マイナンバーカードの暗証番号についての説明です。`).join('\n');
    const sections = replyMessage(reply({ text: long })).blocks.filter((b) => b.type === 'section');
    expect(sections.length).toBeGreaterThan(1);
    const texts = sections.map((s) => (s as { text: { text: string } }).text.text);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(3000);
    expect(texts.join('\n')).toBe(long);
  });

  it('omits the suggestion block when there are no suggestions', () => {
    const ids = actions(reply({ suggestions: [] })).map((e) => e.action_id);
    expect(ids).toEqual([FEEDBACK_HELPFUL_ACTION, FEEDBACK_UNHELPFUL_ACTION]);
  });
});

describe('escapeMrkdwn', () => {
  it('escapes &, < and > (and nothing else)', () => {
    expect(escapeMrkdwn('<!channel> & <@U1> *太字*')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt; *太字*');
  });
});
