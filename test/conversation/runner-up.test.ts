import { describe, expect, it } from 'vitest';
import { closeRunnerUp } from '../../src/conversation/engine.js';
import type { IntentMatcher, MatchResult } from '../../src/nlu/types.js';
import { createTestBot, realNlu } from './fixture.js';

function match(ranked: Array<[MatchResult['intent'], number]>): MatchResult {
  return {
    intent: ranked[0]![0],
    confidence: ranked[0]![1],
    ranked: ranked.map(([intent, confidence]) => ({ intent, confidence, score: confidence })),
    normalised: 'x',
    concepts: new Set(),
  };
}

describe('closeRunnerUp', () => {
  it('offers a second intent that is nearly as likely', () => {
    expect(closeRunnerUp(match([['unlock_procedure', 0.5], ['proxy_procedure', 0.4]]), 'unlock_procedure')).toBe('proxy_procedure');
  });

  it('offers nothing when the winner is clear', () => {
    expect(closeRunnerUp(match([['unlock_procedure', 0.95], ['proxy_procedure', 0.03]]), 'unlock_procedure')).toBeUndefined();
  });

  it('never offers none, greetings, thanks or help', () => {
    expect(closeRunnerUp(match([['forgot_pin', 0.5], ['none', 0.45]]), 'forgot_pin')).toBeUndefined();
    expect(closeRunnerUp(match([['thanks', 0.5], ['greeting', 0.45]]), 'thanks')).toBeUndefined();
  });

  it('offers the best in-scope reading when the answer is none', () => {
    expect(closeRunnerUp(match([['none', 0.4], ['unlock_procedure', 0.3]]), 'none')).toBe('unlock_procedure');
  });
});

describe('a half-understood message', () => {
  it('answers the best reading and puts the close second first among the suggestions', async () => {
    const bot = createTestBot();
    const plain = await bot.chat.send('a', 'ロックされました');
    expect(plain.suggestions[0]?.intent).not.toBe('office_contact');
    const reply = await bot.chat.send('resident', 'ロック 窓口');
    expect(reply.intent).toBe('unlock_procedure');
    expect(reply.suggestions[0]?.intent).toBe('office_contact');
    // choosing it is handled like typing it
    const next = await bot.chat.choose('resident', 0);
    expect(next.intent).toBe('office_contact');
  });
});

describe('a contested message (the classifier brought none within reach of the answer)', () => {
  it('says it was not clear, keeps the topic one tap away, and answers the tap', async () => {
    // The matcher's verdict for the first message, as the classifier leaves it: proxy_procedure,
    // hardly ahead of none; every other message goes to the real matcher.
    const real = realNlu().matcher;
    const contested = 'マイナンバーカード 受け取り 代理人 持ち物';
    const matcher: IntentMatcher = {
      match(text) {
        const actual = real.match(text);
        if (text !== contested) return actual;
        return {
          ...actual,
          intent: 'proxy_procedure',
          confidence: 0.62,
          ranked: [
            { intent: 'proxy_procedure', score: 1.4, confidence: 0.62 },
            { intent: 'none', score: 0.9, confidence: 0.36 },
          ],
          keyTerms: { intent: 'proxy_procedure', confidence: 0.98, ranked: [{ intent: 'proxy_procedure', score: 5.3, confidence: 0.98 }] },
        };
      },
    };
    const bot = createTestBot({ matcher });
    const reply = await bot.chat.send('resident', contested);
    expect(reply.intent).toBe('none');
    expect(reply.text).toContain('はっきり読み取れませんでした');
    expect(reply.text).not.toContain('お答えできません');
    expect(reply.suggestions[0]?.intent).toBe('proxy_procedure');
    const next = await bot.chat.choose('resident', 0);
    expect(next.intent).toBe('proxy_procedure');
  });
});
