import { describe, expect, it } from 'vitest';
import { LOCKOUT_LIMITS, loadKnowledge } from '../../src/knowledge/index.js';

const kb = loadKnowledge();
const fold = (s: string) => s.normalize('NFKC');

describe('tries left (lockout_rules with a wrong-entry count)', () => {
  it('keeps the limits of F4: 3 for the 4-digit PINs, 5 for the signature PIN', () => {
    expect(LOCKOUT_LIMITS).toEqual({ four_digit: 3, signature: 5 });
  });

  it.each([
    [1, 2],
    [2, 1],
  ])('4桁: %i wrong → %i left', (wrongCount, left) => {
    const answer = kb.answer('lockout_rules', { pinType: 'four_digit', wrongCount });
    expect(answer.variant).toBe('tries_left_four_digit');
    expect(fold(answer.text)).toContain(`${wrongCount}回間違えた`);
    expect(fold(answer.text)).toContain(`あと${left}回`);
    expect(answer.facts).toEqual(expect.arrayContaining(['F4', 'F5']));
  });

  it.each([3, 4, 10])('4桁: %i wrong → locked, with unlock guidance', (wrongCount) => {
    const answer = kb.answer('lockout_rules', { pinType: 'four_digit', wrongCount });
    expect(answer.variant).toBe('locked_four_digit');
    expect(answer.text).toContain('ロックされています');
    expect(answer.text).not.toMatch(/あと\d+回/);
    expect(answer.text).toMatch(/窓口/);
    expect(answer.facts).toEqual(expect.arrayContaining(['F4', 'F8']));
  });

  it.each([
    [1, 4],
    [3, 2],
    [4, 1],
  ])('署名用: %i wrong → %i left', (wrongCount, left) => {
    const answer = kb.answer('lockout_rules', { pinType: 'signature', wrongCount });
    expect(answer.variant).toBe('tries_left_signature');
    expect(fold(answer.text)).toContain(`あと${left}回`);
  });

  it.each([5, 6])('署名用: %i wrong → locked', (wrongCount) => {
    const answer = kb.answer('lockout_rules', { pinType: 'signature', wrongCount });
    expect(answer.variant).toBe('locked_signature');
    expect(answer.text).toContain('ロックされています');
    expect(answer.text).toContain('JPKI');
  });

  it('gives both counts when the PIN type is unknown', () => {
    const one = kb.answer('lockout_rules', { wrongCount: 1 });
    expect(one.variant).toBe('tries_left_unknown_type');
    expect(one.text).toMatch(/4桁の暗証番号.*あと2回.*署名用の暗証番号.*あと4回/s);
    const unknown = kb.answer('lockout_rules', { pinType: 'unknown', wrongCount: 2 });
    expect(unknown.text).toMatch(/あと1回.*あと3回/s);
  });

  it('says a 4-digit PIN would be locked but a signature PIN not yet after 3 or 4 wrong entries', () => {
    const answer = kb.answer('lockout_rules', { wrongCount: 4 });
    expect(answer.variant).toBe('partly_locked_unknown_type');
    expect(answer.text).toContain('すでにロックされています');
    expect(answer.text).toContain('あと1回');
  });

  it('says both are locked after 5 wrong entries of an unknown PIN', () => {
    expect(kb.answer('lockout_rules', { wrongCount: 5 }).variant).toBe('locked_unknown_type');
  });

  it.each([0, -1, 1.5, Number.NaN])('answers the general rules for a count of %s', (wrongCount) => {
    const answer = kb.answer('lockout_rules', { pinType: 'four_digit', wrongCount });
    expect(answer.variant).toBeUndefined();
    expect(answer.text).toContain('3回');
    expect(answer.text).toContain('5回');
  });

  it('tells that waiting does not reset the counter', () => {
    for (const wrongCount of [1, 2]) {
      expect(kb.answer('lockout_rules', { pinType: 'four_digit', wrongCount }).text).toContain('翌日になっても元に戻りません');
    }
    expect(kb.answer('lockout_rules').text).toContain('翌日になっても元に戻りません');
  });
});
