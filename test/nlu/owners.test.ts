import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/nlu/index.js';

const matcher = createMatcher();
const owner = (text: string): boolean => matcher.match(text).concepts.has('OTHER_SECRET_OWNER');

describe('another organisation owns the secret only when it is attached to it (src/nlu/owners.ts)', () => {
  it.each([
    // where it happened
    '税務署の確定申告会場でカードを出したら、署名用のパスワードを間違えてしまった',
    '会社の昼休みにコンビニで住民票を取ろうとしたら、暗証番号を間違えてロックした',
    '娘がカードを学校に持っていって落としてきたみたい',
    // what proves who one is
    '暗証番号を忘れたので再設定したい。本人確認は年金手帳で大丈夫ですか',
    // how to write in, with no secret named
    'メールで問い合わせできる窓口はありますか',
  ])('a place, a document or a way of writing in around the card: %s', (text) => {
    expect(matcher.match(text).concepts.has('OTHER_OWNER_CONTEXT')).toBe(true);
    expect(owner(text)).toBe(false);
  });

  it.each([
    // the secret or the event is theirs
    '郵便局の暗証番号を忘れた',
    '年金手帳をなくしてしまった',
    'メールのパスワードを忘れた',
    '会社の入館ゲートの暗証番号を変えたい',
    // the document's own renewal: what was set there is the document's
    '免許証の更新で決めた暗証番号を忘れた',
    // no secret or event at all: the place or the document itself
    '税務署の受付は何時まで',
    '郵便局の営業時間は?',
    'パスポートの申請はどこでできますか',
  ])('the same words as the owner: %s', (text) => {
    expect(owner(text)).toBe(true);
  });

  it('reads the story as the card and the owner as out of scope', () => {
    expect(matcher.match('税務署の確定申告会場でカードを出したら、署名用のパスワードを2回間違えた。あと何回いける?').intent).toBe('lockout_rules');
    expect(matcher.match('郵便局の暗証番号を忘れた').intent).toBe('none');
    expect(matcher.match('年金手帳をなくしてしまった').intent).toBe('none');
  });

  it.each([
    ['クレジットカードみたいに、暗証番号は一つだけじゃないの?', 'クレジットカードの暗証番号は一つだけ?'],
    ['スマホのパスコードとは別に、カードの暗証番号もあるの?', 'スマホのパスコードを忘れた'],
    ['銀行と同じ番号にしてたから、カードの暗証番号を変えたい', '銀行の暗証番号を変えたい'],
  ])('another secret only compared with is set aside: %s (but %s)', (compared, owned) => {
    expect(owner(compared)).toBe(false);
    expect(owner(owned)).toBe(true);
  });

  it('a comparison whose rest names no secret, event or card stays another owner\'s (which card changes is not said)', () => {
    expect(owner('銀行のカードと同じ番号にそろえたい')).toBe(true);
    expect(owner('銀行のカードと同じ番号にしてたから、暗証番号を変えたい')).toBe(false);
  });

  it('a place where it is done is not the owner when no secret is named; one to go to is', () => {
    expect(owner('メールやFAXで問い合わせはできますか')).toBe(false);
    expect(owner('パスポートの申請に必要なもの')).toBe(true);
  });

  it('the lexicon: a lock that is 錠 and 「…けど、あの」 are not another owner\'s', () => {
    expect(owner('暗証番号に錠がかかってしまった')).toBe(false);
    expect(owner('自転車のダイヤル錠の番号を忘れた')).toBe(true);
    expect(owner('前に決めたけど、あの番号が出てこない')).toBe(false);
    expect(owner('家のドアの暗証番号を変えたい')).toBe(true);
  });

  it.each([
    ['LINEのpassword忘れた', 'LINEのパスワード忘れた'],
    ['iPhoneのpasscode忘れた', 'iPhoneのパスコード忘れた'],
    ['スマホのpasscodeを変えたい', 'スマホのパスコードを変えたい'],
  ])('a secret written in English is another owner\'s as its katakana is: %s', (english, katakana) => {
    expect(owner(english)).toBe(true);
    expect(owner(katakana)).toBe(true);
  });

  it('the lexicon: the residence card brought or copied as proof of who one is is not the secret\'s owner', () => {
    expect(owner('在留カード持って行けばロック解除できますか')).toBe(false);
    expect(owner('在留カードのコピーは必要ですか、代理で暗証番号を再設定するとき')).toBe(false);
    expect(owner('在留カードの暗証番号を忘れた')).toBe(true);
    expect(owner('在留カードを更新したい')).toBe(true);
  });

  it('the card\'s own password in English is not another owner\'s', () => {
    expect(owner('マイナカードのpassword忘れた')).toBe(false);
    expect(matcher.match('マイナカードのpassword忘れた').intent).not.toBe('none');
  });

  it('an owner named only in a sentence of story, with the card\'s own secret asked in another, is set aside', () => {
    const story = '先週、銀行で通帳を作ってきました。署名用電子証明書の暗証番号ってアプリでリセットできるの?';
    expect(owner(story)).toBe(false);
    // a clause of story, closed by a comma after a verb's ending
    expect(owner('図書館で本を借りてきたところで、署名用電子証明書の暗証番号って何に使うの?')).toBe(false);
    // the secret asked with none of the card's words may still be the owner's
    expect(owner('古い住基カードが出てきました。暗証番号も覚えていません。')).toBe(true);
    // the owner's sentence names the secret: it is theirs
    expect(owner('銀行のパスワードを忘れました。署名用の暗証番号はわかります。')).toBe(true);
    // one of the card's PINs known and the other named: the card's
    expect(owner('証券会社の口座開設で署名用の暗証番号を求められ、忘れていました。4桁のほうは分かります。')).toBe(false);
    // once a sentence has named the owner's secret, a later story sentence does not make it a story
    expect(owner('キャッシュカードの暗証番号を忘れました。銀行の窓口に行ってきました。署名用のパスワードは大丈夫ですか')).toBe(true);
    // a subject named before a comma is not a clause of story
    expect(owner('カード会社のコード、数字4つのやつ忘れた')).toBe(true);
  });

  it('the card\'s question first, and another owner only compared after it (an afterword), is the card\'s question', () => {
    expect(owner('マイナのロック解除って即日?キャッシュカードは2週間かかった')).toBe(false);
    expect(matcher.match('マイナのロック解除って即日?キャッシュカードは2週間かかった').intent).toBe('unlock_procedure');
    expect(matcher.match('電子証明書の更新ってコンビニでできる?免許の更新は警察署だけど').intent).toBe('certificate_renewal');
    // the other owner not the topic of its sentence says whose PIN is asked
    expect(owner('暗証番号って何桁?ゆうちょ銀行のです')).toBe(true);
    // the afterword tells the other thing's own trouble: it is that thing's
    expect(owner('マイナカードで本人確認できる?銀行のは暗証番号を忘れた')).toBe(true);
    // the afterword asks: a question of its own
    expect(owner('マイナのロック解除って即日?キャッシュカードは?')).toBe(true);
  });

  it('another owner\'s secret asked first, and the card only told or compared after it, is the other owner\'s', () => {
    expect(matcher.match('クレカの暗証番号の変更ってネットでできる?マイナのほうはこの前役所で変えた').intent).toBe('none');
    expect(matcher.match('エポスカードのPINを忘れた。マイナンバーカードの暗証番号を忘れたときと同じで窓口に行くの?').intent).toBe('none');
    // the card's PIN wanted too, after a comma: the card's question
    expect(matcher.match('スマホのパスコードは誕生日をやめて変えた。次はマイナの暗証番号も変えたいけど、役所に行かないと無理?').intent).toBe('change_pin');
    // the other secret said to be known, not asked about, is the contrast before the card's question
    expect(matcher.match('キャッシュカードの暗証番号は覚えているんですが、マイナの暗証番号は4桁だった気がする').intent).toBe('pin_types');
    // a last sentence of nobody's with its own trouble is the card's question
    expect(matcher.match('楽天とかのパスワードと使い回してたはずなんだけど、署名用の暗証番号がどれも違うっぽい。忘れた場合の手順教えて').intent).toBe('forgot_signature_pin');
  });

  it('the card named only in a sentence of story, with another owner\'s secret asked in another, is not the card\'s', () => {
    const read = matcher.match('マイナンバーカードは去年作りました。証券会社のログインパスワードを5回間違えてロックされました');
    expect(read.concepts.has('CARD')).toBe(false);
    expect(read.concepts.has('OTHER_SECRET_OWNER')).toBe(true);
    // the other sentence names the card's own 4 digits: it stays the card's
    expect(matcher.match('スマホにマイナンバーカードを入れたのですが、スマホのパスワードとカードの4桁の番号は同じにしないといけないのですか。').concepts.has('CARD')).toBe(true);
  });

  it('the card named in a last sentence that asks about it is the question, not the story', () => {
    const read = matcher.match('銀行のカードは3回間違えるとロックだけど、マイナカードも同じ?');
    expect(read.concepts.has('CARD')).toBe(true);
    expect(read.intent).toBe('lockout_rules');
    // asking about another thing named last, or the card only as a proof of identity: the other card's
    expect(matcher.match('クレカの暗証番号を忘れたら作り直し?マイナカードで本人確認すれば済む?').concepts.has('CARD')).toBe(false);
    expect(matcher.match('免許証の暗証番号を2つとも忘れた。マイナは覚えてるけど免許は?').intent).toBe('none');
  });

  it('a comparison takes the other owner\'s words before it, not the card\'s PIN asked about just before them', () => {
    expect(owner('暗証番号を変えたい。クレカみたいに電話でできたら楽なのに')).toBe(false);
    expect(owner('今の暗証番号は覚えてるけど変えたい。Suicaみたいに駅でできないの?')).toBe(false);
    expect(owner('クレカの暗証番号を電話で変えたい')).toBe(true);
  });

  it('an owner only compared with still tells a story: the question after it is read alone', () => {
    const story = '銀行に寄ったついでに市役所にも来ましたが、iPhone対応っていつからでしたっけ?市民の方に聞かれまして';
    expect(matcher.match(story).intent).toBe('smartphone_certificate');
    // an owner's secret said known, then the card's question: the card's
    expect(matcher.match('キャッシュカードの暗証番号は覚えているんですが、ロックかかった詰んだ').intent).toBe('unlock_procedure');
  });

  it('the card\'s PIN named only to compare with does not set the other owner aside', () => {
    expect(owner('ゆうちょのキャッシュカードの暗証番号を変えたい。マイナンバーカードの暗証番号みたいにネットで変えられる?')).toBe(true);
    expect(owner('ゆうちょのキャッシュカードの暗証番号と同じにしてたマイナンバーカードの暗証番号を変えたい')).toBe(false);
  });

  it('another secret the card\'s PIN was confused with (「〜と間違えて」) is only compared with', () => {
    expect(owner('キャッシュカードの暗証番号と間違えて2回入れてしまった。マイナはあと何回いける?')).toBe(false);
    expect(owner('クレカの暗証番号と勘違いして3回押したら、マイナンバーカードがロックされた')).toBe(false);
    expect(owner('キャッシュカードの暗証番号を2回間違えてしまった')).toBe(true);
  });

  it('a comparison whose rest names one of the card\'s own services or certificates is set aside', () => {
    expect(owner('電子証明書の更新のお知らせが来た。クレカの更新みたいに郵送で済むの?')).toBe(false);
    expect(owner('クレカの更新は郵送で済むの?')).toBe(true);
  });

  it('another card\'s secret said to be known, before the one asked, is only compared with', () => {
    expect(owner('キャッシュカードの暗証番号は覚えているんですが、署名用のパスワードを忘れました')).toBe(false);
    expect(owner('キャッシュカードの暗証番号を忘れました')).toBe(true);
  });

  it('the lexicon: a company card is the company\'s, a locker at work where the card was taken from is not', () => {
    expect(owner('会社の入館カードをなくしました')).toBe(true);
    expect(owner('会社のロッカーからカードが盗まれたようです。一時停止したあと見つかったらまた使えますか')).toBe(false);
    expect(owner('運転免許証をどこかで落としてしまいました')).toBe(true);
  });

  it('the old card\'s time (「住基カードの頃は」) is only compared with', () => {
    expect(owner('住基カードの頃は暗証番号が1つだけだった気がするのですが、マイナンバーカードはどうしてこんなに種類が多いんですか')).toBe(false);
    expect(owner('住基カードの暗証番号が1つだけだった気がする')).toBe(true);
  });

  it('another thing said to be fine or known, then a question naming nobody\'s secret, is the card\'s question', () => {
    expect(owner('Suicaはちゃんと使えています。代理人でロック解除できる?')).toBe(false);
    expect(matcher.match('Suicaはちゃんと使えています。代理人でロック解除できる?').intent).toBe('proxy_procedure');
    expect(owner('銀行のカードの番号はちゃんと覚えてるんだけど、市役所のどこに行けばいいの')).toBe(false);
    // the other thing's own trouble told, or asked about, stays its own
    expect(owner('Suicaの暗証番号を忘れました。どこで聞けばいい?')).toBe(true);
    expect(owner('クレカは使えてるけど、クレカの暗証番号ってどこで変えるの?')).toBe(true);
  });

  it('a comparison in English names the other owner after it (「same as my credit card PIN」)', () => {
    expect(owner('change my mynumber card PIN? its the same as my visa pin rn, want a different one')).toBe(false);
    expect(owner('I forgot my visa card PIN')).toBe(true);
  });

  it('a context word only compared with (「免許更新みたいに」) owns nothing it is followed by', () => {
    expect(owner('電子証明書の更新通知が来た。免許更新みたいに暗証番号いる?')).toBe(false);
    expect(owner('免許の更新で暗証番号を決めた')).toBe(true);
  });
});
