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
  '代理人に頼みたい', '窓口は何時まで？', '個人番号カードの暗証番号', '友人に話したら', '人に見られた', '暗証番号を人に聞かれた', '受付の人に、代わりに入力するので教えてと言われた', '登録していない人には代わりの書類が届く',
  '暗証番号を人にしゃべったらまずいですか', '職員さんにかわりに入力してもらってもいい?', '電話をかければ担当につないでもらえますか',
  'これってオペレーターさんが答えてるんですか',
  '窓口担当です。祖母の代わりに手続きしたいという方がいます', '市の職員です。英語で相談したい方がいます',
];

describe('asksForPerson', () => {
  it.each(REQUESTS)('reads %s as a request for a person', (text) => {
    expect(asksForPerson(text)).toBe(true);
  });
  it.each(NOT_REQUESTS)('does not read %s as one', (text) => {
    expect(asksForPerson(text)).toBe(false);
  });
  it('fires on none of the 202 dev.tsv questions', async () => {
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(new URL('../../../shared/eval/dev.tsv', import.meta.url), 'utf8').trim().split('\n').slice(1);
    expect(lines.filter((l) => asksForPerson(l.split('\t')[1] ?? ''))).toEqual([]);
  });
  it('fires on none of the held-out questions (test/fixtures/heldout*.tsv, dev-*.tsv, first-sight-*.tsv) but the ones that ask for a person', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../fixtures/', import.meta.url);
    const lines = readdirSync(dir)
      .filter((f) => /^(?:heldout\d*|dev-[a-z-]+|first-sight-[a-z-]+)\.tsv$/.test(f))
      .flatMap((f) => readFileSync(new URL(f, dir), 'utf8').trim().split('\n').slice(1));
    expect(lines.length).toBeGreaterThan(8000);
    // heldout39, heldout41, heldout49, heldout56, dev-casual-denials, dev-kana-mixed,
    // first-sight-casual-denials, dev-month-log and dev-short (written 2026-12-06 / 07) each have one
    // resident who does ask for a person; so do two of the eighteenth session's sets (first-sight-month-log, dev-elderly)
    // and one of the nineteenth's (first-sight-devform, retired from the locked set ja-ar).
    expect(lines.filter((l) => asksForPerson(l.split('\t')[1] ?? '')).sort()).toEqual(
      [
        'office_contact\tチャットじゃなくて人と話したい',
        'office_contact\tひと と はなして ききたい。 でんわ できる ところ は',
        'office_contact\t人と話したい、電話どこ',
        'office_contact\tボットじゃなくて人と話したい、電話番号は？',
        'office_contact\t暗証番号のこと、担当の人と直接話したいんですが',
        'office_contact\t機械じゃなくて人と話したい 窓口の連絡先',
        'office_contact\t人と話したい',
        'office_contact\t担当の人と直接話したい。電話番号は？',
        'office_contact\t人と直接話したいです',
        'office_contact\t人と話したいです。担当の方につないでください',
        'office_contact\tマイナンバーの担当の方に直接お話しできる窓口を教えてください。',
        'office_contact\t市役所のマイナンバー担当に直接電話したい',
      ].sort(),
    );
  });
  it('ignores over-long input without scanning it', () => {
    expect(asksForPerson(`${'あ'.repeat(600)}人と話したい`)).toBe(false);
  });
});
