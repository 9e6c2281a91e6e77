import { describe, expect, it } from 'vitest';
import { INTENT_IDS } from '../../src/intents/ids.js';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { readingInContext } from '../../src/conversation/policy.js';
import { createMatcher } from '../../src/nlu/index.js';

// A suggestion's text is sent as if typed: the real matcher must read it as the suggested intent,
// or clicking a button would answer something else. Read as the conversation reads it (a short
// button text by the key terms: readingInContext).
describe('suggestion texts round-trip through the matcher', () => {
  const kb = loadKnowledge();
  const matcher = createMatcher();

  it.each(INTENT_IDS.map((id) => [id]))('%s', (intent) => {
    const { text } = kb.suggestion(intent);
    expect(readingInContext(matcher.match(text)).intent, text).toBe(intent);
  });
});
