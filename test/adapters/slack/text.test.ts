import { describe, expect, it } from 'vitest';
import { mentions, slackTextToPlain } from '../../../src/adapters/slack/text.js';

describe('slackTextToPlain', () => {
  it('removes user mentions, including the bot’s', () => {
    expect(slackTextToPlain('<@UBOT> 暗証番号を忘れました')).toBe('暗証番号を忘れました');
    expect(slackTextToPlain('<@UBOT|mynapin>　ロックされた <@UOTHER>')).toBe('ロックされた');
  });

  it('undoes Slack’s &amp; &lt; &gt; escapes', () => {
    expect(slackTextToPlain('A &amp; B &lt;4桁&gt;')).toBe('A & B <4桁>');
  });

  it('reduces links and channels to what the user sees', () => {
    expect(slackTextToPlain('<https://example.jp/a|市のページ> を見ました')).toBe('市のページ を見ました');
    expect(slackTextToPlain('<https://example.jp/a> です')).toBe('https://example.jp/a です');
    expect(slackTextToPlain('<#C123|faq> で質問')).toBe('#faq で質問');
    expect(slackTextToPlain('<!here> 誰か')).toBe('誰か');
  });

  it('turns a mention-only message into empty text', () => {
    expect(slackTextToPlain('<@UBOT>')).toBe('');
  });
});

describe('mentions', () => {
  it('finds the bot’s own mention only', () => {
    expect(mentions('<@UBOT> こんにちは', 'UBOT')).toBe(true);
    expect(mentions('<@UBOT|mynapin> こんにちは', 'UBOT')).toBe(true);
    expect(mentions('<@UOTHER> こんにちは', 'UBOT')).toBe(false);
    expect(mentions('<@UBOT> x', undefined)).toBe(false);
  });
});
