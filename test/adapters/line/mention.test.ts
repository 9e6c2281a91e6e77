import { describe, expect, it } from 'vitest';
import type { webhook } from '@line/bot-sdk';
import { mentionsBot, stripBotMentions } from '../../../src/adapters/line/mention.js';

const text = (t: string, mentionees: webhook.Mentionee[] = []): webhook.TextMessageContent => ({
  type: 'text',
  id: '1',
  quoteToken: 'q',
  text: t,
  mention: { mentionees },
});

describe('bot mentions', () => {
  it('detects only mentions of this bot (isSelf), not of others or @All', () => {
    expect(mentionsBot(text('@太郎 こんにちは', [{ type: 'user', index: 0, length: 3, userId: 'U1' }]))).toBe(false);
    expect(mentionsBot(text('@All 暗証番号', [{ type: 'all', index: 0, length: 4 }]))).toBe(false);
    expect(mentionsBot(text('@案内 暗証番号', [{ type: 'user', index: 0, length: 3, isSelf: true }]))).toBe(true);
    expect(mentionsBot({ type: 'text', id: '1', quoteToken: 'q', text: 'no mention field' })).toBe(false);
  });

  it('cuts the bot mention out wherever it is, keeping other mentions and emoji offsets right', () => {
    const t = '😀@太郎 と私の暗証番号 @案内bot ロックされた';
    const self = t.indexOf('@案内bot');
    const message = text(t, [
      { type: 'user', index: 2, length: 3, userId: 'U1' },
      { type: 'user', index: self, length: '@案内bot'.length, isSelf: true },
    ]);
    expect(stripBotMentions(message)).toBe('😀@太郎 と私の暗証番号   ロックされた');
  });

  it('ignores mention offsets outside the text instead of corrupting it', () => {
    expect(stripBotMentions(text('@案内 質問', [{ type: 'user', index: 40, length: 3, isSelf: true }]))).toBe('@案内 質問');
  });
});
