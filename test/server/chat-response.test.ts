import { describe, expect, it } from 'vitest';
import { ChatResponseEncoder, type ChatResponse } from '../../src/server/chat-response.js';
import { createTestBot } from '../conversation/fixture.js';

const frozen = (intent: ChatResponse['intent'], label: string, text: string) => Object.freeze({ intent, label, text });

describe('ChatResponseEncoder', () => {
  it('writes exactly what JSON.stringify writes, escapes included', () => {
    const encoder = new ChatResponseEncoder();
    const responses: ChatResponse[] = [
      { intent: 'forgot_pin', confidence: 0.984, reply: 'お忘れの暗証番号は？\n「4桁」', suggestions: [frozen('lockout_rules', 'ロック', 'ロックされた')], privacyWarning: false },
      { intent: 'none', confidence: 0, reply: 'quote " backslash \\ tab \t nul \u0000 line sep \u2028 emoji 🙂', suggestions: [], privacyWarning: true },
      {
        intent: 'help',
        confidence: 1,
        reply: '',
        // A mutable suggestion is encoded afresh every time, so a later change shows.
        suggestions: [frozen('forgot_pin', 'a', 'b'), { intent: 'help', label: 'c', text: 'd' }, frozen('proxy_procedure', 'e', 'f')],
        privacyWarning: false,
      },
      // Every combination of the optional fields, in the order the route writes them.
      { intent: 'convenience_store', confidence: 0.9, reply: 'r', suggestions: [], privacyWarning: false, feedback: true },
      { intent: 'convenience_store', confidence: 0.9, reply: 'r', suggestions: [], privacyWarning: true, lang: 'en', feedback: true },
      { intent: 'convenience_store', confidence: 0.9, reply: 'r', suggestions: [], privacyWarning: false, handoff: 'open', lang: 'ja-easy' },
      { intent: 'convenience_store', confidence: 0.9, reply: 'r', suggestions: [], privacyWarning: true, handoff: 'open', feedback: true },
      { intent: 'convenience_store', confidence: 0.9, reply: 'r', suggestions: [], privacyWarning: false, handoff: 'open', lang: 'en', feedback: true },
    ];
    for (let round = 0; round < 2; round++) {
      for (const response of responses) {
        expect(encoder.encode(response).toString('utf8')).toBe(JSON.stringify(response));
      }
    }
    const mutable = { intent: 'help' as const, label: 'before', text: 'x' };
    const response: ChatResponse = { intent: 'help', confidence: 1, reply: 'r', suggestions: [mutable], privacyWarning: false };
    encoder.encode(response);
    mutable.label = 'after';
    expect(JSON.parse(encoder.encode(response).toString('utf8')).suggestions[0].label).toBe('after');
  });

  it('drops fields a suggestion carries beyond intent, label and text', () => {
    const encoder = new ChatResponseEncoder();
    const extra = Object.freeze({ intent: 'help' as const, label: 'l', text: 't', internal: 'not for clients' });
    const out = JSON.parse(encoder.encode({ intent: 'help', confidence: 1, reply: 'r', suggestions: [extra], privacyWarning: false }).toString('utf8'));
    expect(out.suggestions).toEqual([{ intent: 'help', label: 'l', text: 't' }]);
  });

  it('gives the same bytes as JSON.stringify for every answer the bot can give', async () => {
    const { engine } = await createTestBot();
    const encoder = new ChatResponseEncoder();
    const questions = ['暗証番号を忘れました', '4桁', '3回間違えてロックされた', 'コンビニで住民票', '家族が代わりに行けますか', '1234 を入力したらロック', 'こんにちは', '宝くじの当選番号'];
    for (const [i, text] of questions.entries()) {
      const reply = await engine.respond({ conversationKey: `c${i % 3}`, text });
      const response: ChatResponse = { intent: reply.intent, confidence: reply.confidence, reply: reply.text, suggestions: reply.suggestions, privacyWarning: reply.privacyWarning };
      const expected = { ...response, suggestions: reply.suggestions.map(({ intent, label, text: t }) => ({ intent, label, text: t })) };
      expect(encoder.encode(response).toString('utf8')).toBe(JSON.stringify(expected));
    }
  });
});
