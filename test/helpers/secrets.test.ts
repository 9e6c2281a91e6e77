import { describe, expect, it } from 'vitest';
import { asNumber } from './secrets.js';

describe('asNumber: a secret standing as a number of its own', () => {
  it('finds a leaked PIN or My Number next to words, punctuation or JSON', () => {
    expect('暗証番号は1234です').toMatch(asNumber('1234'));
    expect('{"pin":"1234"}').toMatch(asNumber('1234'));
    expect('PIN: 1234').toMatch(asNumber('1234'));
    expect('web:c314159265352').toMatch(asNumber('314159265352'));
    expect('マイナンバーは 1234-5678-9018 です').toMatch(asNumber('1234-5678-9018'));
    expect('全角で１２３４').not.toMatch(asNumber('1234')); // callers normalise first where full-width matters
  });

  it('ignores the same digits inside a clock reading, a port or a longer number', () => {
    expect('{"time":1796531234567}').not.toMatch(asNumber('1234'));
    expect('http://127.0.0.1:48213/').not.toMatch(asNumber('4821'));
    expect('ts 1796531234.５').not.toMatch(asNumber('1234'));
  });
});
