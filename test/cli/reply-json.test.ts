import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replyJson, replyJsonHead, replyJsonReference, replyJsonRestBytes } from '../../src/cli/ask.js';
import type { BotReply } from '../../src/conversation/types.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { createTestBot } from '../conversation/fixture.js';

describe('replyJson (one JSON line of classify / chat --jsonl)', () => {
  it('writes what JSON.stringify of the reply object writes, for the engine\'s replies and odd ones', async () => {
    const { engine } = createTestBot({ readingCacheSize: 0 });
    const texts = readFileSync(join(REPO_ROOT, 'test/fixtures/heldout41.tsv'), 'utf8').split('\n').slice(1, 200).map((l) => l.split('\t')[1] ?? '');
    const replies: BotReply[] = [];
    let n = 0;
    for (const text of [...texts, '1234', '暗証番号は1234です', '', '😀', 'in English please', 'やさしい日本語で']) {
      replies.push(await engine.respond({ conversationKey: `json:${n++}`, text }));
    }
    const odd: BotReply = { intent: 'none', confidence: 0.5, text: '"quotes" \\ back\\slash\n改行\u2028\u0007', facts: [], suggestions: [{ intent: 'help', label: 'a"b', text: 'x' }], clarifying: true, privacyWarning: true };
    expect(replies.some((r) => r.privacyWarning)).toBe(true);
    expect(replies.some((r) => r.lang === 'en')).toBe(true);
    // The same answer text with other facts, chips, language or flags: its kept bytes are not reused.
    const [first] = replies;
    const variants: BotReply[] = [
      { ...first!, facts: [...first!.facts, 'F9'] },
      { ...first!, suggestions: first!.suggestions.slice(1) },
      { ...first!, suggestions: first!.suggestions.map((s, k) => (k === 0 ? { ...s, label: `${s.label}!` } : s)) },
      { ...first!, lang: first!.lang === 'en' ? 'ja' : 'en' },
      { ...first!, clarifying: !first!.clarifying },
      { ...first!, privacyWarning: !first!.privacyWarning },
      first!,
    ];
    for (const reply of [...replies, odd, { ...odd, lang: undefined }, ...variants]) {
      // Twice: the second time the answer's JSON comes from the cache.
      expect(replyJson(reply)).toBe(replyJsonReference(reply));
      expect(replyJson(reply)).toBe(replyJsonReference(reply));
      expect(JSON.parse(replyJson(reply)).reply).toBe(reply.text);
      // classify's bytes: the head, then the rest as made for the answer text (or kept from before).
      const bytes = Buffer.concat([Buffer.from(replyJsonHead(reply)), replyJsonRestBytes(reply)]);
      expect(bytes.equals(Buffer.from(`${replyJson(reply)}\n`))).toBe(true);
    }
  });
});
