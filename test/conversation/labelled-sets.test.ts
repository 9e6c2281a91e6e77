import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabelledTsv } from '../../src/cli/eval.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { createTestBot } from './fixture.js';

// What a resident gets for a first message: the matcher, then the policy (context rules, contested
// answers, the nearest labelled example). test/nlu/ holds the matcher alone to its floors.
describe('the labelled sets as first messages, through the engine', { timeout: 60_000 }, () => {
  // heldout33 measures the review loop and is never training data (test/unanswered/loop.test.ts).
  const files = readdirSync(join(REPO_ROOT, 'test/fixtures')).filter((f) => /^heldout\d*\.tsv$/.test(f) && f !== 'heldout33.tsv');

  it.each(files)('%s: in-scope ≥ 0.95, none ≥ 0.95', async (file) => {
    const { engine } = createTestBot({ readingCacheSize: 0 });
    const tally = { in: { asked: 0, right: 0 }, none: { asked: 0, right: 0 } };
    const misses: string[] = [];
    let n = 0;
    for (const { intent, text } of readLabelledTsv(join(REPO_ROOT, 'test/fixtures', file))) {
      const key = `set:${n++}`;
      const reply = await engine.respond({ conversationKey: key, text });
      await engine.forget(key);
      const kind = intent === 'none' ? 'none' : 'in';
      tally[kind].asked++;
      if (reply.intent === intent) tally[kind].right++;
      else misses.push(`${intent} -> ${reply.intent}\t${text}`);
    }
    expect(tally.in.right / tally.in.asked, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(tally.none.right / tally.none.asked, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });
});
