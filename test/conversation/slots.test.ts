import { describe, expect, it } from 'vitest';
import { firstNamedPinType, isUnsure, readPinType, readSlots, readWrongCount } from '../../src/conversation/slots.js';
import { normalise } from '../../src/nlu/normalise.js';

const slots = (text: string) => readSlots(normalise(text));

describe('readPinType', () => {
  it.each([
    ['4桁の暗証番号', 'four_digit'],
    ['４ケタのほう', 'four_digit'],
    ['よんけたの', 'four_digit'],
    ['数字のやつ', 'four_digit'],
    ['利用者証明用です', 'four_digit'],
    ['住基の暗証番号', 'four_digit'],
    ['券面事項入力補助用', 'four_digit'],
    ['署名用です', 'signature'],
    ['ショメイ用', 'signature'],
    ['英数字のほう', 'signature'],
    ['長いほう', 'signature'],
    ['長いパス忘れた', 'signature'],
    ['ローマ字混じりのほう', 'signature'],
    ['6桁以上のパスワード', 'signature'],
    ['e-Taxで使うやつ', 'signature'],
    ['確定申告のパスワード', 'signature'],
    // the 4-digit PIN named outweighs where the signature PIN is used; 「数字」 alone does not
    ['e-Taxで利用者証明用の4桁を入れる画面', 'four_digit'],
    ['英語と数字のパスワード', 'signature'],
    ['どっちかわからない', 'unknown'],
    ['どの暗証番号かわかりません', 'unknown'],
  ] as const)('%s → %s', (text, expected) => {
    expect(readPinType(normalise(text))).toBe(expected);
  });

  it.each(['暗証番号を忘れた', 'ロックされました', '署名用と利用者証明用の違い', '暗証番号がわからない', 'e-Taxの数字のパスワード'])(
    '%s names no single PIN',
    (text) => {
      expect(readPinType(normalise(text))).toBeUndefined();
    },
  );
});

describe('firstNamedPinType', () => {
  it.each([
    ['利用者証明用を忘れた。署名用は覚えてる', 'four_digit'],
    ['署名用のほうがわからない、4桁は大丈夫', 'signature'],
    ['AからZと数字の署名用パスワード', undefined],
    ['4桁の暗証番号', undefined],
  ] as const)('%s → %s', (text, expected) => {
    expect(firstNamedPinType(normalise(text))).toBe(expected);
  });
});

describe('readWrongCount', () => {
  it.each([
    ['2回間違えた', 2],
    ['二回', 2],
    ['２回', 2],
    ['4回ミスした', 4],
    ['署名用を3回', 3],
    ['3度間違えました', 3],
    ['十回くらい', 10],
    ['いっかい間違えた', 1],
    ['もう2回間違えてる', 2],
    ['1日3回まで使える', undefined],
    ['昨日3回間違えた', 3],
    ['あと1回しかない', undefined],
    ['残り2回ですか', undefined],
    ['もう1回やってみる', undefined],
    ['何回でロック?', undefined],
    ['一度窓口に行きます', undefined],
    ['123回', undefined],
    ['2階の窓口', undefined],
    ['まだ一度も間違えて入力はしていません', undefined],
    ['1回も入力してない', undefined],
    ['いっかいもまちがえてない', undefined],
    ['2回も間違えた', 2],
  ] as const)('%s → %s', (text, expected) => {
    expect(readWrongCount(normalise(text))).toBe(expected);
  });
});

describe('readSlots', () => {
  it('reads both slots from one message', () => {
    expect(slots('4桁の暗証番号を1回間違えた')).toEqual({ pinType: 'four_digit', wrongCount: 1 });
    expect(slots('署名用を4回ミス')).toEqual({ pinType: 'signature', wrongCount: 4 });
    expect(slots('こんにちは')).toEqual({});
  });
});

describe('isUnsure', () => {
  it.each(['わからない', 'わかりません', '分からないです', '覚えてない', 'どっちか不明'])('%s', (text) => {
    expect(isUnsure(normalise(text))).toBe(true);
  });
  it.each(['4桁', 'コンビニで住民票は取れますか', '窓口に行けばわからないことを教えてもらえますか'])('not: %s', (text) => {
    expect(isUnsure(normalise(text))).toBe(false);
  });
});
