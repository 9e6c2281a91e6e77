import { describe, expect, it } from 'vitest';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import type { BotReply, ConversationEngine, UserTurn } from '../../src/conversation/types.js';
import { createTestBot } from '../conversation/fixture.js';

/** An engine that records what it was asked, to see exactly what the adapter sends. */
function recordingEngine() {
  const turns: UserTurn[] = [];
  const forgotten: string[] = [];
  const engine: ConversationEngine = {
    async respond(turn) {
      turns.push(turn);
      const reply: BotReply = {
        intent: 'help',
        confidence: 1,
        text: `#${turns.length}`,
        facts: [],
        suggestions: [
          { intent: 'forgot_pin', label: '忘れた', text: '暗証番号を忘れました' },
          { intent: 'lockout_rules', label: '回数', text: '何回でロック?' },
        ],
        clarifying: false,
        privacyWarning: false,
      };
      return reply;
    },
    async forget(key) {
      forgotten.push(key);
    },
  };
  return { engine, turns, forgotten };
}

describe('MemoryAdapter', () => {
  it('sends each user on their own conversation key and records the transcript', async () => {
    const { engine, turns } = recordingEngine();
    const chat = new MemoryAdapter(engine, { keyPrefix: 'test' });
    await chat.send('alice', 'こんにちは');
    await chat.send('bob', 'やあ');
    expect(turns).toEqual([
      { conversationKey: 'test:alice', text: 'こんにちは' },
      { conversationKey: 'test:bob', text: 'やあ' },
    ]);
    expect(chat.transcript('alice').map((e) => e.reply.text)).toEqual(['#1']);
    expect(chat.transcript()).toHaveLength(2);
    expect(chat.lastReply('bob')?.text).toBe('#2');
  });

  it('choosing a suggestion sends its text, by index, label or object', async () => {
    const { engine, turns } = recordingEngine();
    const chat = new MemoryAdapter(engine);
    await chat.send('a', 'ヘルプ');
    await chat.choose('a', 1);
    await chat.choose('a', '忘れた');
    await chat.choose('a', { intent: 'help', label: 'x', text: '最初から' });
    expect(turns.slice(1).map((t) => t.text)).toEqual(['何回でロック?', '暗証番号を忘れました', '最初から']);
  });

  it('explains what is wrong when a suggestion cannot be chosen', async () => {
    const { engine } = recordingEngine();
    const chat = new MemoryAdapter(engine);
    await expect(chat.choose('a', 0)).rejects.toThrow(/send a message first/);
    await chat.send('a', 'ヘルプ');
    await expect(chat.choose('a', 'ない')).rejects.toThrow(/忘れた, 回数/);
  });

  it('leave() forgets the conversation in the engine; clear() only the transcript', async () => {
    const { engine, forgotten } = recordingEngine();
    const chat = new MemoryAdapter(engine);
    await chat.send('a', 'x');
    await chat.leave('a');
    expect(forgotten).toEqual(['memory:a']);
    chat.clear();
    expect(chat.transcript()).toEqual([]);
  });

  it('drives the real engine through a multi-turn conversation', async () => {
    const { chat } = createTestBot();
    const replies = await chat.conversation('resident', ['ロックされました', '家族に頼めますか']);
    expect(replies.map((r) => r.intent)).toEqual(['unlock_procedure', 'proxy_procedure']);
  });
});
