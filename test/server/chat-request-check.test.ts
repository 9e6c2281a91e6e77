import { describe, expect, it } from 'vitest';
import { chatRequestSchema, isValidChatRequest } from '../../src/server/chat-route.js';
import { mulberry32 } from '../helpers/seeded-random.js';

const random = mulberry32(20261206);
const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

// Values at and around every rule of chatRequestSchema (types, lengths, control characters).
const STRINGS = ['', 'a', 'x'.repeat(99), 'x'.repeat(100), 'x'.repeat(101), 'x'.repeat(4999), 'x'.repeat(5000), 'x'.repeat(5001), 'ja', 'ja-easy', 'x'.repeat(20), 'x'.repeat(21), 'a\nb', 'a\u0000', '\u001f', '\u007f', '\u0080', '暗証番号を忘れました', '😀'.repeat(50), '😀'.repeat(51)];
const VALUES: unknown[] = [...STRINGS, undefined, null, 0, 1, true, [], {}, ['a'], { a: 1 }];

function randomBody(): unknown {
  const r = random();
  if (r < 0.05) return pick([null, 1, 'text', [], [{ conversationId: 'c', text: 't' }], true]);
  const body: Record<string, unknown> = {};
  for (const key of ['conversationId', 'text', 'lang']) {
    const value = pick(VALUES);
    if (value !== undefined || random() < 0.5) body[key] = value;
  }
  if (random() < 0.2) body[pick(['extra', '__proto__', 'constructor', 'toString'])] = pick(VALUES);
  return body;
}

describe('the hand check of a chat request', () => {
  it('accepts only what the schema accepts, and the route reads it the same way', () => {
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      // Through JSON, as the route gets it (a `__proto__` key is then an own property).
      const body: unknown = JSON.parse(JSON.stringify(randomBody()) ?? 'null');
      const parsed = chatRequestSchema.safeParse(body);
      if (!isValidChatRequest(body)) continue;
      accepted++;
      expect(parsed.success, JSON.stringify(body)).toBe(true);
      const { conversationId, text, lang } = body;
      expect({ conversationId, text, lang }).toEqual({ conversationId: parsed.data!.conversationId, text: parsed.data!.text, lang: parsed.data!.lang });
    }
    expect(accepted).toBeGreaterThan(100);
  });

  it('accepts the usual request', () => {
    expect(isValidChatRequest({ conversationId: 'bench-1', text: '暗証番号を忘れました' })).toBe(true);
    expect(isValidChatRequest({ conversationId: 'bench-1', text: 'I forgot my PIN', lang: 'en' })).toBe(true);
  });
});
