import { describe, expect, it } from 'vitest';
import { closeRunnerUp } from '../../src/conversation/engine.js';
import type { MatchResult } from '../../src/nlu/types.js';
import { createTestBot } from './fixture.js';

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
