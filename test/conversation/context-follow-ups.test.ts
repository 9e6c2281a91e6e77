import { describe, expect, it } from 'vitest';
import { createTestBot } from './fixture.js';

/** The intent of each reply to `turns`, sent in order in one conversation. */
async function intents(...turns: string[]): Promise<string[]> {
  const bot = createTestBot();
  const out: string[] = [];
  for (const text of turns) out.push((await bot.chat.send('resident', text)).intent);
  return out;
}

// Follow-ups whose meaning is the last answer's, in phrasings of our own (the held-out dialogues 6
// that showed each gap are in test/fixtures/dialogues-heldout6.jsonl).
describe('context follow-ups', () => {
  it('「…でもできる？」 with a store after a reset is the reset for that PIN, not the store certificates', async () => {
    expect(await intents('暗証番号わからなくなった', '数字4桁のほう', 'セブンでもいける？')).toEqual(['forgot_pin', 'forgot_pin', 'forgot_pin']);
    expect((await intents('暗証番号わからなくなった', '数字4桁のほう', 'コンビニで住民票もとれる？'))[2]).toBe('convenience_store');
  });

  it('「パソコンからでもできる？」 after a change is the same procedure from a device', async () => {
    expect((await intents('暗証番号を変更したいです', 'パソコンからでもできますか'))[1]).toBe('change_pin');
  });

  it('a cost question is about the answer just given', async () => {
    expect((await intents('紙の保険証はもう使えないの？', '費用はかかるの？'))[1]).toBe('health_insurance');
  });

  it('「もう一度まちがえた」 after the lockout rules stays on them', async () => {
    expect((await intents('暗証番号は何回まで間違えていいの', 'もう一度まちがえちゃった'))[1]).toBe('lockout_rules');
  });

  it('「日曜は？」 after the office answer is still the office', async () => {
    expect((await intents('ロックがかかってしまった', '窓口はどこ？', '日曜日はどう？')).slice(1)).toEqual(['office_contact', 'office_contact']);
  });

  it('forgetting after the smartphone certificate is its own password; another device stays none', async () => {
    expect((await intents('Androidにマイナカードの機能を入れたい', 'わすれたらどうなるの'))[1]).toBe('smartphone_certificate');
    expect((await intents('Androidにマイナカードの機能を入れたい', 'パソコンのログインパスワードも忘れてしまった'))[1]).toBe('none');
  });

  it('English: a short reply leans on the conversation by its words, not its characters', async () => {
    expect(await intents('my my number card was stolen', 'what about at night?', 'should I go to the police too?')).toEqual([
      'lost_card',
      'lost_card',
      'lost_card',
    ]);
    expect((await intents('How many wrong tries lock the PIN?', 'I was wrong once more, again'))[1]).toBe('lockout_rules');
  });

  it('a message the matcher places nowhere is read in context only when it names no other card or thing', async () => {
    expect((await intents('暗証番号っていくつあるの', '全部ひとつの番号に統一したいんだけど'))[1]).toBe('change_pin');
    expect((await intents('暗証番号っていくつあるの', '銀行のカードと同じ番号に統一したい'))[1]).toBe('none');
  });
});
