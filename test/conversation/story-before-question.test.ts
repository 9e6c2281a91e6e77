import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/nlu/index.js';
import { firstAnswers } from './fixture.js';

const matcher = createMatcher();
const read = (text: string) => matcher.match(text);

describe('a story before the question (MatchResult.storyQuestion, src/nlu/owners.ts)', () => {
  it('the matcher gives the question after a story that only names another owner or business', () => {
    expect(read('先週、銀行で通帳を作ってきました。署名用の暗証番号って何に使うの?').storyQuestion).toBe(read('署名用の暗証番号って何に使うの?').normalised);
    expect(read('図書館で本を借りてきたところで、署名用の暗証番号って何に使うの?').storyQuestion).toBe(read('署名用の暗証番号って何に使うの?').normalised);
  });

  it('and none when the message opens with its question, or the first sentence names the other owner\'s secret', () => {
    expect(read('署名用の暗証番号って何に使うの?').storyQuestion).toBeUndefined();
    expect(read('暗証番号を忘れました。どうすればいいですか').storyQuestion).toBeUndefined();
    expect(read('保険会社のマイページのパスワードを何回か間違えてロック中です。時間が経てば戻るのかな').storyQuestion).toBeUndefined();
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
