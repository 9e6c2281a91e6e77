import { describe, expect, it } from 'vitest';
import { graphemeLength, splitText, truncateGraphemes } from '../../../src/adapters/line/limits.js';

describe('truncateGraphemes', () => {
  it('leaves short text alone and cuts long text to the limit with 「…」', () => {
    expect(truncateGraphemes('暗証番号を忘れた', 20)).toBe('暗証番号を忘れた');
    const cut = truncateGraphemes('あ'.repeat(25), 20);
    expect(cut).toBe('あ'.repeat(19) + '…');
    expect(graphemeLength(cut)).toBe(20);
  });

  it('never splits an emoji, a flag or a combining mark', () => {
    const text = '🇯🇵👨‍👩‍👧が\u3099'.repeat(10);
    const cut = truncateGraphemes(text, 7);
    expect(graphemeLength(cut)).toBe(7);
    expect(cut).toBe('🇯🇵👨‍👩‍👧が\u3099🇯🇵👨‍👩‍👧が\u3099…');
  });
});

describe('splitText', () => {
  it('keeps text within the limit as one chunk', () => {
    expect(splitText('こんにちは', 5000)).toEqual(['こんにちは']);
  });

  it('splits at line breaks, every chunk within the limit, nothing lost', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${i}行目の説明です。`.padEnd(30, '。'));
    const text = lines.join('\n');
    const chunks = splitText(text, 5000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(5000);
    expect(chunks.join('\n')).toBe(text);
  });

  it('splits a text without line breaks at the limit without breaking surrogate pairs', () => {
    const text = '😀'.repeat(3000); // 6000 UTF-16 code units
    const chunks = splitText(text, 5000);
    expect(chunks.map((c) => c.length)).toEqual([5000, 1000]);
    expect(chunks.join('')).toBe(text);
  });
});
