import { describe, expect, it } from 'vitest';
import { isComplaint } from '../../src/conversation/complaint.js';
import { createMatcher } from '../../src/nlu/index.js';
import { createTestBot, realNlu } from './fixture.js';

const { knowledge } = realNlu();
const matcher = createMatcher({ cacheSize: 0 });
const complaint = (text: string): boolean => isComplaint(matcher.match(text), text);

describe('isComplaint', () => {
  it.each([
    '役所の対応最悪だった',
    '窓口で2時間待たされた、ふざけんな',
    'マイナ保険証ゴリ押しやめてほしい',
    'このボット全然役に立たんやん',
    '暗証番号が4つもあるとか、年寄りに覚えられるわけないやろ',
    'this bot is useless',
  ])('「%s」 only vents: a complaint', (text) => {
    expect(complaint(text)).toBe(true);
  });

  it.each([
    // A question, however annoyed: answered.
    ['役所の対応最悪。暗証番号の再設定はどこでできますか', 'asks where'],
    ['窓口で待たされた、土曜もやってる?', 'a question mark'],
    // Something happened to the card or PIN: a report to act on.
    ['3回間違えてロックされた、もう最悪', 'a lock'],
    ['暗証番号忘れた、最悪', 'a forgotten PIN'],
    ['カードなくした、最悪や', 'a lost card'],
    // Greetings and plain questions.
    ['お疲れさまです', 'a greeting'],
    ['マイナ保険証は病院で暗証番号がいる?', 'no judgement'],
    ['入力ミス５回でロック？それとも３回？', 'no judgement (ろっくそれ holds くそ)'],
  ])('「%s」 (%s) is not a complaint', (text) => {
    expect(complaint(text)).toBe(false);
  });
});

describe('a complaint in the conversation', () => {
  it('is heard, not answered with the topic its words name, and offers the menu and the office', async () => {
    const { chat } = createTestBot();
    const reply = await chat.send('a', 'マイナ保険証ゴリ押しやめてほしい');
    expect(reply.intent).toBe('none');
    expect(reply.text).toBe(knowledge.message('complaint').text.trim());
    expect(reply.text).not.toBe(knowledge.answer('health_insurance').text.trim());
    expect(reply.suggestions.map((s) => s.intent)).toEqual(expect.arrayContaining(['help', 'office_contact']));
  });

  it('after an answer, a complaint is still a complaint (not a follow-up on the hours)', async () => {
    const { chat } = createTestBot();
    expect((await chat.send('a', '窓口は何時まで開いていますか')).intent).toBe('office_contact');
    const reply = await chat.send('a', '窓口で2時間待たされた、ふざけんな');
    expect(reply.intent).toBe('none');
    expect(reply.text).toBe(knowledge.message('complaint').text.trim());
  });

  it('is answered in English when written in English', async () => {
    const { chat } = createTestBot();
    const reply = await chat.send('a', 'this chatbot is useless');
    expect(reply.text).toBe(knowledge.message('complaint', 'en').text.trim());
  });
});
