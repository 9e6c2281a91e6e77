import { describe, expect, it } from 'vitest';
import { questionAfterStory } from '../../src/conversation/story.js';
import { createMatcher } from '../../src/nlu/index.js';
import { firstAnswers } from './fixture.js';

const matcher = createMatcher();
const read = (text: string) => matcher.match(text);

describe('questionAfterStory (src/conversation/story.ts)', () => {
  it('drops the sentences and clauses of story a message opens with', () => {
    expect(questionAfterStory('先週、銀行で通帳を作ってきました。署名用の暗証番号って何に使うの?', read)).toBe('署名用の暗証番号って何に使うの?');
    expect(questionAfterStory('図書館で本を借りてきたところで、署名用の暗証番号って何に使うの?', read)).toBe('署名用の暗証番号って何に使うの?');
  });

  it('is undefined when the message opens with its question, or with too little to be a story', () => {
    expect(questionAfterStory('署名用の暗証番号って何に使うの?', read)).toBeUndefined();
    expect(questionAfterStory('暗証番号を忘れました。どうすればいいですか', read)).toBeUndefined();
    expect(questionAfterStory('なんでもない、間違えました', read)).toBeUndefined();
  });

  it('keeps a first sentence that names a secret or what happened to one: it is the subject', () => {
    expect(questionAfterStory('保険会社のマイページのパスワードを何回か間違えてロック中です。時間が経てば戻るのかな', read)).toBeUndefined();
  });

  it('a message that opens with a story is not declined for the story\'s words (through the engine)', async () => {
    const ask = firstAnswers();
    expect(await ask('図書館で本を借りてきたところで、署名用電子証明書の暗証番号って結局なにに使うん？')).toBe('pin_types');
    expect(await ask('図書館で本を借りてきたところで、親のマイナのロック解除、代わりに行ってもいい？')).toBe('proxy_procedure');
    // other business (図書館) told first is the story too; asked last, it is the question
    expect(await ask('図書館で本を借りてきたところで、紙の保険証ってまだ使えるの?')).toBe('health_insurance');
    expect(await ask('マイナンバーカードとパスポートを両方持っていますが、パスポートの更新はどこでやるの?')).toBe('none');
    // a sentence that asks about the other business is no story, whatever follows it
    expect(await ask('父の運転免許証の更新はどこでできますか。マイナ保険証のことではなく免許の話です')).toBe('none');
    // and a story about the card does not make another card's question the card's
    expect(await ask('マイナンバーカードは去年作りました。証券会社のログインパスワードを5回間違えてロックされました')).toBe('none');
    expect(await ask('マイナンバーカードを作ってから3年くらい経ちます。図書館のカードの暗証番号わすれた')).toBe('none');
  });
});
