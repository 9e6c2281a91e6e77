import { describe, expect, it } from 'vitest';
import { createConversationEngine, channelOf } from '../../src/conversation/engine.js';
import { MemorySessionStore } from '../../src/conversation/session-store.js';
import type { TurnRecord } from '../../src/conversation/types.js';
import { captureLogger, realNlu } from './fixture.js';

function engineWith(observers: Array<(t: TurnRecord) => void>) {
  const { matcher, knowledge } = realNlu();
  const { logger, lines } = captureLogger();
  const engine = createConversationEngine({ matcher, knowledge, store: new MemorySessionStore(), logger, observers });
  return { engine, lines };
}

describe('turn observers', () => {
  it('are told of every turn with the masked text, the ranking and the reply', async () => {
    const seen: TurnRecord[] = [];
    const { engine } = engineWith([(t) => seen.push(t)]);
    await engine.respond({ conversationKey: 'line:U1', text: 'キャッシュカードの暗証番号忘れた' });
    await engine.respond({ conversationKey: 'web:c1', text: '暗証番号は1234です、ロックされた' });
    await engine.respond({ conversationKey: 'web:c1', text: '' });
    expect(seen).toHaveLength(3);
    expect(seen[0]).toMatchObject({ channel: 'line', via: 'matcher', reply: { intent: 'none' } });
    expect(seen[0]!.ranked.length).toBeGreaterThan(0);
    expect(seen[0]!.normalised).not.toBe('');
    expect(seen[1]!.channel).toBe('web');
    expect(seen[1]!.maskedText).not.toContain('1234');
    expect(seen[1]!.reply.privacyWarning).toBe(true);
    expect(seen[2]).toMatchObject({ via: 'empty', ranked: [], normalised: '' });
  });

  it('an observer that throws does not break the turn, and is logged', async () => {
    const { engine, lines } = engineWith([() => { throw new Error('observer down'); }]);
    const reply = await engine.respond({ conversationKey: 'cli:1', text: '暗証番号忘れた' });
    expect(reply.intent).toBe('forgot_pin');
    expect(lines.join('')).toContain('turn observer failed');
  });

  it('names the channel from the conversation key', () => {
    expect(channelOf('line:U1')).toBe('line');
    expect(channelOf('slack:T:C:U:1')).toBe('slack');
    expect(channelOf('bench:1')).toBe('other');
  });
});
