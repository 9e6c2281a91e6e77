import { describe, expect, it } from 'vitest';
import { afterTopicSwitch, dropContrasted, withoutClosing, withoutNotAbout, withoutOpening } from '../../src/nlu/contrast.js';
import { createMatcher } from '../../src/nlu/index.js';

describe('dropContrasted', () => {
  it.each([
    ['キャッシュカードではなく、マイナンバーカードの方の暗証番号を忘れた', 'マイナンバーカードの方の暗証番号を忘れた'],
    ['e-Taxじゃなくて、住民票取るほうの暗証番号を忘れた', '住民票取るほうの暗証番号を忘れた'],
    ['4桁の暗証番号じゃなくて署名用の方を忘れた', '署名用の方を忘れた'],
    ['住民票 コンビニじゃなくて郵送で頼みたい', '住民票 郵送で頼みたい'],
    ['ﾏｲﾅﾎﾟｰﾀﾙじゃなくて窓口で', '窓口で'],
    ['確定申告のじゃなくて、マイナポータルに入るほうの番号を忘れた', 'マイナポータルに入るほうの番号を忘れた'],
    // an adjective or a noun with ほう / やつ is set aside too
    ['長いほうじゃなくて、4桁のほうを忘れた', '4桁のほうを忘れた'],
    ['英数字のやつじゃなく数字のほう', '数字のほう'],
    // A forgetting, a lock or a change denied: the event goes, what it was about stays.
    ['忘れたとかじゃなくて、そもそも暗証番号が何種類あるか知りたい', 'そもそも暗証番号が何種類あるか知りたい'],
    ['暗証番号は忘れてないけどロックされた', '暗証番号はロックされた'],
    ['まだロックはされてないけど、4桁が思い出せない', '4桁が思い出せない'],
    ['暗証番号を忘れたわけではなく、変えたいです', '暗証番号を変えたいです'],
    // wrong entries denied: a forgotten PIN, not the count
    ['署名用の暗証番号がわからなくなりました。まだ一度も間違えて入力はしていません。', '署名用の暗証番号がわからなくなりました。'],
    ['暗証番号が分からない。まだ1回も間違えてはない', '暗証番号が分からない。'],
  ])('%s → %s', (text, expected) => {
    expect(dropContrasted(text)).toBe(expected);
  });

  it.each([
    '本人じゃなくても解除できる?',
    '本人じゃなくて大丈夫?',
    '長いほうじゃなくてもいい?',
    '4桁だけじゃなくて署名用も忘れた',
    '暗証番号じゃなくて',
    '暗証番号を忘れた',
    '暗証番号を忘れないようにしたい',
    '忘れてないか心配',
    '変えなくていい?',
    'ロックされて使えない',
    '2回間違えてしまった',
    '間違えないか心配',
  ])('keeps %s', (text) => {
    expect(dropContrasted(text)).toBe(text);
  });
});

describe('afterTopicSwitch', () => {
  it('keeps what follows the last switch of topic after a sentence', () => {
    expect(afterTopicSwitch('ロックは解除してもらえました。ついでに聞きたいのですが、市営プールは冬も泳げますか')).toBe('聞きたいのですが、市営プールは冬も泳げますか');
    expect(afterTopicSwitch('暗証番号の件は解決しました。別件ですが、粗大ごみの収集日を知りたい')).toBe('粗大ごみの収集日を知りたい');
    expect(afterTopicSwitch('ロックの件はもう済みました。でもそれより、夫の保険証はどうなりますか')).toBe('夫の保険証はどうなりますか');
  });
  it('keeps what follows 「〜ついでに、」 closed by a comma: the errand before it is only the occasion', () => {
    expect(afterTopicSwitch('ATMでお金をおろすついでに、店のコピー機で印鑑証明を取れるって本当?')).toBe('店のコピー機で印鑑証明を取れるって本当?');
  });
  it.each(['引っ越したついでに暗証番号を変えたい', '更新のついでに再設定もできる?', '入力するところで止まった', 'ついでに聞きたいんですが暗証番号って何桁?'])('keeps %s', (text) => {
    expect(afterTopicSwitch(text)).toBe(text);
  });
});

describe('withoutNotAbout', () => {
  it('drops a sentence that only says what the question is not about', () => {
    expect(withoutNotAbout('代理人の委任状の確認方法を教えてください。コンビニ交付の話ではありません。')).toBe('代理人の委任状の確認方法を教えてください。');
    expect(withoutNotAbout('暗証番号の件ではありませんが、カードの受け取りは代理でもできますか')).toBe('カードの受け取りは代理でもできますか');
  });
  it('drops the card set aside in English', () => {
    expect(withoutNotAbout('my bank card PIN is locked, not my number card. what should I do?').replace(/\s+/g, ' ')).toBe('my bank card PIN is locked what should I do?');
    expect(withoutNotAbout('I forgot my PIN, not sure which one')).toBe('I forgot my PIN, not sure which one');
    expect(createMatcher({ cacheSize: 0 }).match('my credit card PIN is locked, not my mynumber card. how do I unlock it?').intent).toBe('none');
  });
  it.each(['暗証番号の件です', 'コンビニではない場所で取れますか', 'それは大した話ではない'])('keeps %s', (text) => {
    expect(withoutNotAbout(text)).toBe(text);
  });
});

describe('the matcher reads what a message asks about, not what it sets aside', () => {
  const matcher = createMatcher({ cacheSize: 0 });
  it.each([
    ['キャッシュカードではなく、マイナンバーカードの方の暗証番号を忘れてしまいました', 'forgot_pin'],
    ['暗証番号じゃなくて、マイナンバーの12桁の番号そのものを忘れた', 'none'],
    ['銀行のカードじゃなくてマイナカードの暗証番号がロックされた', 'unlock_procedure'],
    ['暗証番号忘れてないよ、コンビニで証明書取る時は4桁のやつでいいんだよね?', 'convenience_store'],
    ['ロックの件は窓口で解除してもらえました。ついでにお聞きしますが、市民プールは冬も開いていますか', 'none'],
  ])('%s → %s', (text, intent) => {
    expect(matcher.match(text).intent).toBe(intent);
  });
});

describe('withoutClosing', () => {
  it('drops a closing courtesy after the question, which read as a greeting', () => {
    expect(withoutClosing('マイナ関係の窓口って何階？よろしくお願いします。')).toBe('マイナ関係の窓口って何階？');
    expect(withoutClosing('暗証番号を忘れました、よろしくお願いいたします')).toBe('暗証番号を忘れました、');
    expect(withoutClosing('ロック解除の持ち物を教えてください。お願いします。')).toBe('ロック解除の持ち物を教えてください。');
    // thanks in advance, after a question
    expect(withoutClosing('土日でも窓口はあいていますか。ありがとうございます。')).toBe('土日でも窓口はあいていますか。');
  });

  it.each(['よろしくお願いします', 'よくわかりました。ありがとうございます', '助かりました、ありがとう', '暗証番号を忘れました。ありがとうございました'])('keeps %s', (text) => {
    expect(withoutClosing(text)).toBe(text);
  });

  it('a question closed so is answered, a name closed so is a greeting (through the engine)', async () => {
    const { firstAnswers } = await import('../conversation/fixture.js');
    const ask = firstAnswers();
    expect(await ask('土日でも窓口あいてる？よろしくお願いします。')).toBe('office_contact');
    expect(await ask('こんにちは。暗証番号を忘れてしまいました。よろしくお願いします。')).toBe('forgot_pin');
    expect(await ask('市民課の田中です。よろしくお願いします')).toBe('greeting');
    expect(await ask('こんにちは。母の代わりにいろいろ調べているところです。よろしくお願いします。')).toBe('greeting');
  });
});

describe('withoutOpening', () => {
  it('drops an opening that only announces a question', () => {
    expect(withoutOpening('質問です。バイト先のタイムカードの暗証番号忘れた')).toBe('バイト先のタイムカードの暗証番号忘れた');
    expect(withoutOpening('あの、質問があるんですが、暗証番号は何桁ですか')).toBe('暗証番号は何桁ですか');
  });
  it.each(['質問です', '質問です。はい', 'こんにちは。質問です', '質問の仕方がわからない'])('keeps %s', (text) => {
    expect(withoutOpening(text)).toBe(text);
  });
});
