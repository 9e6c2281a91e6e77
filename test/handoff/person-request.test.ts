import { describe, expect, it } from 'vitest';
import { asksForPerson } from '../../src/handoff/person-request.js';

// Requests for a person, as residents write them: plain, polite, dialect, kana, half-width, typos.
const REQUESTS = [
  '人と話したい', '担当者につないで', '電話じゃなくてチャットで聞きたい', '担当の方に代わってもらえますか',
  '人と話したいんやけど', '担当者に繋いでほしいっちゃけど', 'オペレーターにつないでください', 'ﾀﾝﾄｳｼｬにつないで',
  '職員さんと話せますか', '人間と話させて', '担当社につないで', '有人チャットはありますか', '電話は苦手なのでここで相談したいです',
  '人と直接話したい', '担当者を呼んでください', 'ひとと はなしたい', '窓口の人と話したいです', 'ボットじゃなくて人間がいい',
  '人にかわってもらえんかね', '担当者お願いします', 'でんわじゃなくてチャットでききたい',
];
// Questions that mention people or talking but ask no person to talk to.
const NOT_REQUESTS = [
  '暗証番号を忘れました', '代理人と話し合いました', '人に暗証番号を話してもいいですか', '家族に頼めますか', '本人が行けないときは',
  '窓口に電話したら話し中でした', '職員に暗証番号を教えてもいいですか', 'ロックされた', 'コンビニで住民票', '電話番号を教えて',
  '代理人に頼みたい', '窓口は何時まで？', '個人番号カードの暗証番号', '友人に話したら', '人に見られた', '暗証番号を人に聞かれた',
];

describe('asksForPerson', () => {
  it.each(REQUESTS)('reads %s as a request for a person', (text) => {
    expect(asksForPerson(text)).toBe(true);
  });
  it.each(NOT_REQUESTS)('does not read %s as one', (text) => {
    expect(asksForPerson(text)).toBe(false);
  });
  it('ignores over-long input without scanning it', () => {
    expect(asksForPerson(`${'あ'.repeat(600)}人と話したい`)).toBe(false);
  });
});
