import { describe, expect, it } from 'vitest';
import { decodeSuggestionPostback, encodeSuggestionPostback } from '../../../src/adapters/line/postback.js';

describe('suggestion postbacks', () => {
  it('round-trips a suggestion within LINE’s 300-character data limit', () => {
    const data = encodeSuggestionPostback({ intent: 'proxy_procedure', text: '代理人が手続きすることはできますか' })!;
    expect(data.length).toBeLessThanOrEqual(300);
    expect(decodeSuggestionPostback(data)).toEqual({ intent: 'proxy_procedure', text: '代理人が手続きすることはできますか' });
  });

  it('refuses to encode a suggestion that would not fit', () => {
    expect(encodeSuggestionPostback({ intent: 'help', text: 'あ'.repeat(400) })).toBeUndefined();
  });

  it('reads hand-written plain words, and ignores empty, foreign or malformed data', () => {
    expect(decodeSuggestionPostback(' 暗証番号を忘れた ')).toEqual({ text: '暗証番号を忘れた' });
    expect(decodeSuggestionPostback('')).toBeUndefined();
    expect(decodeSuggestionPostback('{"t": ')).toBeUndefined();
    expect(decodeSuggestionPostback('{"action":"buy"}')).toBeUndefined();
    expect(decodeSuggestionPostback('{"t":"質問","i":"not_an_intent"}')).toEqual({ text: '質問' });
  });
});
