import { describe, expect, it } from 'vitest';
import { dropContrasted } from '../../src/nlu/contrast.js';
import { createMatcher } from '../../src/nlu/index.js';

describe('dropContrasted', () => {
  it.each([
    ['キャッシュカードではなく、マイナンバーカードの方の暗証番号を忘れた', 'マイナンバーカードの方の暗証番号を忘れた'],
    ['e-Taxじゃなくて、住民票取るほうの暗証番号を忘れた', '住民票取るほうの暗証番号を忘れた'],
    ['4桁の暗証番号じゃなくて署名用の方を忘れた', '署名用の方を忘れた'],
    ['住民票 コンビニじゃなくて郵送で頼みたい', '住民票 郵送で頼みたい'],
    ['ﾏｲﾅﾎﾟｰﾀﾙじゃなくて窓口で', '窓口で'],
    ['確定申告のじゃなくて、マイナポータルに入るほうの番号を忘れた', 'マイナポータルに入るほうの番号を忘れた'],
  ])('%s → %s', (text, expected) => {
    expect(dropContrasted(text)).toBe(expected);
  });

  it.each([
    '本人じゃなくても解除できる?',
    '本人じゃなくて大丈夫?',
    '4桁だけじゃなくて署名用も忘れた',
    '暗証番号じゃなくて',
    '暗証番号を忘れた',
  ])('keeps %s', (text) => {
    expect(dropContrasted(text)).toBe(text);
  });
});

describe('the matcher reads what a message asks about, not what it sets aside', () => {
  const matcher = createMatcher({ cacheSize: 0 });
  it.each([
    ['キャッシュカードではなく、マイナンバーカードの方の暗証番号を忘れてしまいました', 'forgot_pin'],
    ['暗証番号じゃなくて、マイナンバーの12桁の番号そのものを忘れた', 'none'],
    ['銀行のカードじゃなくてマイナカードの暗証番号がロックされた', 'unlock_procedure'],
  ])('%s → %s', (text, intent) => {
    expect(matcher.match(text).intent).toBe(intent);
  });
});
