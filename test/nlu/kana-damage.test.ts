import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/nlu/index.js';
import { withKanaRestored } from '../../src/nlu/kana-damage.js';
import { normalise } from '../../src/nlu/normalise.js';

describe('withKanaRestored (src/nlu/kana-damage.ts)', () => {
  it('puts back the voicing marks and small kana a key word lost, keeping the length', () => {
    const damaged = normalise('マイナンハーカートのロツクをコンヒニで');
    const restored = withKanaRestored(damaged);
    expect(restored).toBe(normalise('マイナンバーカードのロックをコンビニで'));
    expect(restored.length).toBe(damaged.length);
  });
  it.each(['かつて住んでいた町', 'テストの点数', 'ショッピングカードの券', 'ほたるを見に行く'])('leaves other words alone: %s', (text) => {
    expect(withKanaRestored(normalise(text))).toBe(normalise(text));
  });
  it('lets the matcher read a damaged message as the whole one', () => {
    const matcher = createMatcher({ cacheSize: 0 });
    expect(matcher.match('マイナンハーカートの暗証番号をコンヒニで再設定てきますか').intent).toBe(matcher.match('マイナンバーカードの暗証番号をコンビニで再設定できますか').intent);
    expect(matcher.match('あんしよう はんこう を わすれました').intent).toBe('forgot_pin');
  });
});
