import { describe, expect, it } from 'vitest';
import { replyMessages } from '../../../src/adapters/line/messages.js';
import { decodeSuggestionPostback } from '../../../src/adapters/line/postback.js';

const suggestion = (text: string, label = text) => ({ intent: 'help' as const, label, text });

describe('replyMessages', () => {
  it('sends the text unchanged as one text message with postback quick replies', () => {
    const [message, ...rest] = replyMessages({ text: '答えです。\n電話 0120-95-0178', suggestions: [suggestion('できること')] });
    expect(rest).toEqual([]);
    expect(message).toMatchObject({ type: 'text', text: '答えです。\n電話 0120-95-0178' });
    const item = (message as { quickReply: { items: { action: Record<string, string> }[] } }).quickReply.items[0]!;
    expect(item.action).toMatchObject({ type: 'postback', label: 'できること', displayText: 'できること' });
    expect(decodeSuggestionPostback(item.action.data!)).toEqual({ intent: 'help', text: 'できること' });
  });

  it('splits text over 5000 characters, at most 5 messages, quick replies only on the last', () => {
    const paragraph = 'あ'.repeat(1999) + '\n';
    const messages = replyMessages({ text: paragraph.repeat(8), suggestions: [suggestion('次へ')] });
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.length).toBeLessThanOrEqual(5);
    for (const m of messages) expect((m as { text: string }).text.length).toBeLessThanOrEqual(5000);
    expect(messages.slice(0, -1).every((m) => m.quickReply === undefined)).toBe(true);
    expect(messages.at(-1)!.quickReply?.items).toHaveLength(1);
  });

  it('drops duplicate suggestions and those whose label and text are empty', () => {
    const [message] = replyMessages({ text: 'x', suggestions: [suggestion('a'), suggestion('a', '別ラベル'), suggestion('', ' ')] });
    expect(message!.quickReply?.items).toHaveLength(1);
  });

  it('never sends an empty text message (LINE rejects it)', () => {
    expect(replyMessages({ text: '  ', suggestions: [] })).toEqual([{ type: 'text', text: '…' }]);
  });
});
