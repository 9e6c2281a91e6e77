import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { createTestBot } from './fixture.js';

interface Dialogue {
  name: string;
  turns: Array<{ user: string }>;
}

const dialogues = ['dialogues-heldout.jsonl', 'dialogues-heldout2.jsonl', 'dialogues-heldout3.jsonl', 'dialogues-heldout4.jsonl', 'dialogues-heldout5.jsonl', 'dialogues-heldout6.jsonl'].flatMap((file) =>
  readFileSync(join(REPO_ROOT, 'test/fixtures', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Dialogue),
);

describe("the engine's reading cache", () => {
  it('changes no reply: every held-out conversation, interleaved on one engine, reads as on an engine without it', async () => {
    const cached = createTestBot();
    const uncached = createTestBot({ readingCacheSize: 0 });
    // Turn by turn across all conversations at once, so the same texts arrive in many states.
    const longest = Math.max(...dialogues.map((d) => d.turns.length));
    let compared = 0;
    for (let round = 0; round < 2; round++) {
      for (let t = 0; t < longest; t++) {
        for (const [i, dialogue] of dialogues.entries()) {
          const turn = dialogue.turns[t];
          if (!turn) continue;
          const key = `${round}:${i}`;
          const a = await cached.engine.respond({ conversationKey: key, text: turn.user });
          const b = await uncached.engine.respond({ conversationKey: key, text: turn.user });
          expect(a, `${dialogue.name}, turn ${t + 1}`).toStrictEqual(b);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(200);
  });

  it('a PIN in one message does not change how the same words without it are read', async () => {
    const { engine } = createTestBot();
    const withPin = await engine.respond({ conversationKey: 'a', text: '暗証番号1234を忘れました' });
    const without = await engine.respond({ conversationKey: 'b', text: '暗証番号を忘れました' });
    expect(withPin.privacyWarning).toBe(true);
    expect(without.privacyWarning).toBe(false);
    expect(without.text).not.toContain('1234');
    expect(withPin.text).not.toContain('1234');
  });
});
