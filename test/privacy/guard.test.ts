import { describe, expect, it } from 'vitest';
import { isValidMyNumber, redactSecrets, scanSecrets, SECRET_MASK, type SecretKind } from '../../src/privacy/guard.js';

// 123456789018 and 987654321093 carry valid check digits; 123456789012 does not.
const MASKED: ReadonlyArray<readonly [string, SecretKind, string]> = [
  // My Numbers, in every way people write them
  ['マイナンバーは123456789018です', 'my_number', '123456789018'],
  ['123456789018', 'my_number', '123456789018'],
  ['1234 5678 9018 を入力しました', 'my_number', '9018'],
  ['番号1234-5678-9018で合ってますか', 'my_number', '5678'],
  ['１２３４５６７８９０１８', 'my_number', '１２３４５６７８９０１８'],
  ['９８７６ー５４３２ー１０９３です', 'my_number', '５４３２'],
  ['987654321093 2回間違えた', 'my_number', '987654321093'],
  ['個人番号は123456789012です', 'my_number', '123456789012'], // mistyped, but offered as one
  // 4-digit PINs offered
  ['暗証番号は1234', 'pin', '1234'],
  ['1234で合ってる?', 'pin', '1234'],
  ['ピン 0000', 'pin', '0000'],
  ['暗証番号 7305 で合ってる?', 'pin', '7305'],
  ['パスワードを９８７６にしたはず', 'pin', '９８７６'],
  ['暗唱番号って4321だっけ', 'pin', '4321'],
  ['4567', 'pin', '4567'],
  ['5555です', 'pin', '5555'],
  ['PIN:2580', 'pin', '2580'],
  ['暗証番号は1 2 3 4です', 'pin', '1 2 3 4'],
  ['暗証番号は一二三四にしました', 'pin', '一二三四'],
  ['4桁の暗証番号、0123を3回間違えた', 'pin', '0123'],
  ['暗証番号は123456だった気がする', 'pin', '123456'],
  // signature PINs offered
  ['署名用の暗証番号はABC123XYZです', 'signature_pin', 'ABC123XYZ'],
  ['パスワードはabcd1234で合ってる?', 'signature_pin', 'abcd1234'],
  ['署名用 ＭＹＮＡ２０２４', 'signature_pin', 'ＭＹＮＡ２０２４'],
  ['password: Xy12345678', 'signature_pin', 'Xy12345678'],
  // a value being recalled, with no PIN word in the message (a reply within the conversation)
  ['ABCD1234やったと思うんやけどなぁ', 'signature_pin', 'ABCD1234'],
  ['abc12345だったかな', 'signature_pin', 'abc12345'],
];

const LEFT_ALONE: readonly string[] = [
  '2回間違えた',
  '4桁の暗証番号を1回間違えた',
  '2024年に作ったカードです',
  '暗証番号を2024年に設定しました',
  'フリーダイヤル0120-95-0178に電話した',
  '0120-0178-27は外国語です',
  '電話番号は0120950178ですか',
  '6:30から23:00まで使えます',
  '2024/12/02以降は?',
  '暗証番号は4桁ですか',
  '署名用は6桁以上16桁以下',
  '123456789012', // twelve digits, bad check digit, no My Number context
  '注文番号 20241128 について', // not 4 digits, not offered directly
  'iPhone15で署名用電子証明書を使いたい',
  'iOS18.5以上が必要ですか',
  '〒1000001の役所',
  '手数料は3000円?',
  '暗証番号を３回間違えてロックされた',
  'マイナンバーカードの暗証番号を忘れた',
  'F10とF6の違い',
  '令和6年12月2日',
  '1時間後',
  'iPhone15を買ったと思う',
  'ABC123便だったと思う',
  // A chat platform's handle beside a PIN word: who is addressed (Slack mention, channel, group).
  '<@U04ABCD12> 署名用のパスワードを忘れた住民さんが来ています',
  '@U04ABCD12 暗証番号の件、お願いします',
  '<#C01AB2CD3|窓口-相談> でパスワードの質問です',
  '<!subteam^S0123ABC> 暗証番号ロックの対応をお願いします',
];

describe('scanSecrets: secrets are found and masked', () => {
  it.each(MASKED)('%s → %s', (text, kind, secret) => {
    const scan = scanSecrets(text);
    expect(scan.kinds).toContain(kind);
    expect(scan.redacted).toContain(SECRET_MASK);
    expect(scan.redacted).not.toContain(secret);
    // No stray digit of the secret survives next to the mask.
    const secretDigits = secret.normalize('NFKC').replace(/\D/g, '');
    if (secretDigits.length >= 4) expect(scan.redacted.normalize('NFKC')).not.toContain(secretDigits);
  });
});

describe('scanSecrets: ordinary numbers are left alone', () => {
  it.each(LEFT_ALONE)('%s', (text) => {
    const scan = scanSecrets(text);
    expect(scan.kinds).toEqual([]);
    expect(scan.redacted).toBe(text);
  });
});

describe('redactSecrets', () => {
  it('keeps the words around the secret', () => {
    expect(redactSecrets('暗証番号は1234ですか')).toBe(`暗証番号は${SECRET_MASK}ですか`);
  });

  it('masks a secret found by two rules only once', () => {
    expect(redactSecrets('マイナンバー 123456789018 暗証番号 9999')).toBe(
      `マイナンバー ${SECRET_MASK} 暗証番号 ${SECRET_MASK}`,
    );
  });

  it('reports each kind once', () => {
    expect(scanSecrets('暗証番号は1234、マイナンバーは123456789018').kinds.sort()).toEqual(['my_number', 'pin']);
  });

  it('copes with hostile input without throwing', () => {
    const long = '1'.repeat(100_000);
    expect(() => redactSecrets(long)).not.toThrow();
    expect(() => redactSecrets('\u0000\ud800暗証番号\uffff1234')).not.toThrow();
    expect(redactSecrets('\u0000\ud800暗証番号\uffff1234')).not.toContain('1234');
  });
});

describe('isValidMyNumber', () => {
  it('accepts numbers whose check digit matches the official weights', () => {
    expect(isValidMyNumber('123456789018')).toBe(true);
    expect(isValidMyNumber('987654321093')).toBe(true);
    expect(isValidMyNumber('314159265352')).toBe(true);
  });

  it('rejects wrong check digits and wrong lengths', () => {
    expect(isValidMyNumber('123456789012')).toBe(false);
    expect(isValidMyNumber('12345678901')).toBe(false);
    expect(isValidMyNumber('12345678901a')).toBe(false);
  });

  it('uses 0 when the remainder is 0 or 1', () => {
    // Find an 11-digit base whose weighted sum is ≡ 0 or 1 (mod 11) and check that only 0 fits.
    const weights = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let base = 10000000000;
    for (;;) {
      const digits = String(base);
      const sum = [...digits].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
      if (sum % 11 <= 1) break;
      base++;
    }
    expect(isValidMyNumber(`${base}0`)).toBe(true);
    expect(isValidMyNumber(`${base}1`)).toBe(false);
  });
});

describe('the bot’s own texts are never masked', () => {
  it('no answer or fixed message of the knowledge base contains anything the guard would mask', async () => {
    const { INTENT_IDS } = await import('../../src/intents/ids.js');
    const { loadKnowledge } = await import('../../src/knowledge/index.js');
    const knowledge = loadKnowledge({
      municipality: { name: '架空市', office: '市民課', phone: '03-1234-5678', hours: '平日 8:30〜17:15', address: '架空市本町1-2-3' },
    });
    const contexts = [
      undefined,
      ...(['four_digit', 'signature', 'unknown'] as const).flatMap((pinType) => [
        { pinType },
        ...[1, 2, 3, 4, 5, 6].map((wrongCount) => ({ pinType, wrongCount })),
      ]),
    ];
    const texts = new Set<string>();
    for (const intent of INTENT_IDS) for (const context of contexts) texts.add(knowledge.answer(intent, context).text);
    for (const key of ['which_pin', 'privacy_warning', 'non_text', 'follow', 'empty', 'too_long', 'error', 'unsure'] as const) {
      texts.add(knowledge.message(key).text);
    }
    for (const text of texts) expect(scanSecrets(text).kinds, text).toEqual([]);
  });
});

describe('identifiers in logs are left alone', () => {
  it.each([
    'web:550e8400-e29b-41d4-a716-446655440000',
    'line:Uab123456789018cdef',
    'slack:T0123ABCD:C0456EFGH:U0789IJKL:1700000000.123456',
    'at Object.<anonymous> (/work/main/dist/conversation/engine.js:123:45)',
  ])('%s', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});
