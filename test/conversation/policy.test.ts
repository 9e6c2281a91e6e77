import { describe, expect, it } from 'vitest';
import type { IntentId } from '../../src/intents/ids.js';
import type { MatchResult, NeighbourReading } from '../../src/nlu/types.js';
import { CLEAR_CONFIDENCE, decide, intentForPinType, isElliptical } from '../../src/conversation/policy.js';
import type { ConversationState } from '../../src/conversation/session-store.js';
import { readSlots } from '../../src/conversation/slots.js';
import { normalise } from '../../src/nlu/normalise.js';
import { createTestBot } from './fixture.js';

// The policy alone, with the matcher's verdict given by hand: shows where context beats the
// matcher and where it does not, independently of how the matcher is tuned.
function decideFor(text: string, intent: IntentId, confidence: number, state: Partial<ConversationState> = {}) {
  const normalised = normalise(text);
  const match: MatchResult = { intent, confidence, ranked: [{ intent, score: 1, confidence }], normalised, concepts: new Set() };
  return decide({ state: { slots: {}, lastTurnAt: 0, turns: 1, ...state }, match, slots: readSlots(normalised) });
}

describe('decide', () => {
  it('a short answer resolves the open question even if the matcher leans elsewhere', () => {
    const d = decideFor('署名用です', 'pin_types', 0.7, { openQuestion: { kind: 'which_pin', intent: 'forgot_pin' } });
    expect(d).toMatchObject({ intent: 'forgot_signature_pin', via: 'open_question', context: { pinType: 'signature' } });
  });

  it('a long, confident question of another topic wins over the open question', () => {
    const d = decideFor('署名用の暗証番号をマイナポータルで変更したいのですが', 'change_pin', CLEAR_CONFIDENCE + 0.1, {
      openQuestion: { kind: 'which_pin', intent: 'forgot_pin' },
    });
    expect(d).toMatchObject({ intent: 'change_pin', via: 'matcher', context: { pinType: 'signature' } });
  });

  it('a follow-up rule applies only after its topics', () => {
    expect(decideFor('家族に頼めますか', 'none', 0.3, { lastIntent: 'unlock_procedure' })).toMatchObject({
      intent: 'proxy_procedure',
      via: 'follow_up',
    });
    expect(decideFor('何時まで?', 'office_contact', 0.5, { lastIntent: 'health_insurance' })).toMatchObject({
      intent: 'office_contact',
      via: 'matcher',
    });
  });

  it('a very confident short question of its own beats the context', () => {
    const d = decideFor('紛失した時間は?', 'lost_card', 0.95, { lastIntent: 'convenience_store' });
    expect(d).toMatchObject({ intent: 'lost_card', via: 'matcher' });
  });

  it('a count without a type answers both and leaves the which-PIN question open', () => {
    const d = decideFor('3回間違えた', 'lockout_rules', 0.9);
    expect(d).toMatchObject({
      intent: 'lockout_rules',
      context: { pinType: 'unknown', wrongCount: 3 },
      openQuestion: { kind: 'which_pin', intent: 'lockout_rules' },
    });
  });

  it('a confident other intent is not turned into a tries-left answer by a count', () => {
    expect(decideFor('2回間違えたので家族に代わりに行ってもらいたい', 'proxy_procedure', 0.9).intent).toBe('proxy_procedure');
  });

  it('a greeting that opens a question about something else is out of scope, not a greeting', () => {
    const text = 'おはようございます。ゴミの収集日を知りたいのですが。';
    const normalised = normalise(text);
    const match: MatchResult = { intent: 'greeting', confidence: 0.94, ranked: [{ intent: 'greeting', score: 4, confidence: 0.94 }], normalised, concepts: new Set(['GREETING_START', 'UNRELATED']) };
    expect(decide({ state: { slots: {}, lastTurnAt: 0, turns: 0 }, match, slots: readSlots(normalised) }).intent).toBe('none');
    expect(decideFor('おはようございます', 'greeting', 0.99).intent).toBe('greeting');
  });

  it.each([
    ['利用者証明用の暗証番号を忘れました。署名用の方はメモってあります', 'forgot_pin'],
    ['4桁の暗証番号を忘れてしまったのですが、署名用も覚えていません', 'forgot_pin'],
    ['署名用の暗証番号を忘れました。4桁のほうも自信がない', 'forgot_signature_pin'],
    ['ＡからＺと数字の署名用パスワード、思い出せん', 'forgot_signature_pin'],
  ] as const)('a forgotten PIN naming both: the one named first is the one forgotten (%s → %s)', (text, expected) => {
    const normalised = normalise(text);
    const match: MatchResult = { intent: 'forgot_signature_pin', confidence: 0.9, ranked: [{ intent: 'forgot_signature_pin', score: 5, confidence: 0.9 }], normalised, concepts: new Set(['PIN', 'SIGNATURE', 'FORGET']) };
    expect(decide({ state: { slots: {}, lastTurnAt: 0, turns: 0 }, match, slots: readSlots(normalised) }).intent).toBe(expected);
  });

  it('a card reported locked is the way out, whichever reading found the rules', () => {
    const text = '英数字のほう5回ミスってロックされた。アプリでなんとかならん?';
    const normalised = normalise(text);
    const match: MatchResult = {
      intent: 'lockout_rules', confidence: 0.94, ranked: [{ intent: 'lockout_rules', score: 3.9, confidence: 0.94 }, { intent: 'unlock_procedure', score: 1.9, confidence: 0.05 }], normalised,
      concepts: new Set(['PIN', 'SIGNATURE', 'LOCK', 'LOCKED', 'WRONG']),
      keyTerms: { intent: 'unlock_procedure', confidence: 0.9, ranked: [{ intent: 'unlock_procedure', score: 5.5, confidence: 0.9 }] },
    };
    expect(decide({ state: { slots: {}, lastTurnAt: 0, turns: 0 }, match, slots: readSlots(normalised) })).toMatchObject({ intent: 'unlock_procedure', context: { pinType: 'signature' } });
  });

  it.each([
    ['家族の代わりに住民票取りに行くとき委任状いる?', ['PROXY', 'FAMILY', 'CERTIFICATE_DOC'], 'none'],
    ['成年後見人が手続きする際に戸籍謄本は必要ですか', ['PROXY', 'CERTIFICATE_DOC'], 'proxy_procedure'],
    ['子どもの暗証番号の再設定、住民票を取って持っていけばいい?', ['PROXY', 'FAMILY', 'CERTIFICATE_DOC', 'PIN', 'RESET'], 'proxy_procedure'],
    ['マイナンバーカードの受け取りに本人が行けない場合はどうしたらいいですか', ['CARD', 'PROXY', 'PROXY_WEAK'], 'none'],
    ['母のカードがロックされて、受け取りのときの番号もわからない。代わりに行ける?', ['CARD', 'PROXY', 'FAMILY', 'LOCKED'], 'proxy_procedure'],
  ] as const)('a proxy getting a certificate or the card itself is someone else\'s errand unless the PIN is named: %s → %s', (text, concepts, expected) => {
    const normalised = normalise(text);
    const match: MatchResult = { intent: 'proxy_procedure', confidence: 0.98, ranked: [{ intent: 'proxy_procedure', score: 4, confidence: 0.98 }], normalised, concepts: new Set(concepts) };
    expect(decide({ state: { slots: {}, lastTurnAt: 0, turns: 0 }, match, slots: readSlots(normalised) }).intent).toBe(expected);
  });

  it.each([
    ['コンビニで住民票とる時の暗証番号と、病院でマイナ保険証に入れる暗証番号は同じもの?', ['PIN', 'STORE', 'INSURANCE', 'CERTIFICATE_DOC'], 'pin_types'],
    ['コンビニで証明書を取る時とマイナポータルに入る時って同じ番号を使うの?', ['CARD', 'STORE', 'PORTAL', 'CERTIFICATE_DOC'], 'pin_types'],
    ['コンビニで住民票を取るときの暗証番号は何桁?', ['PIN', 'STORE', 'CERTIFICATE_DOC'], 'convenience_store'],
  ] as const)('two services compared ask for the PIN types: %s → %s', (text, concepts, expected) => {
    const normalised = normalise(text);
    const match: MatchResult = { intent: 'convenience_store', confidence: 0.99, ranked: [{ intent: 'convenience_store', score: 8, confidence: 0.99 }], normalised, concepts: new Set(concepts) };
    expect(decide({ state: { slots: {}, lastTurnAt: 0, turns: 0 }, match, slots: readSlots(normalised) }).intent).toBe(expected);
  });

  it('where the key terms find no topic, a message naming a PIN needs less of the classifier to be answered', () => {
    const reading = (text: string, concepts: string[]): MatchResult => ({
      intent: 'pin_types', confidence: 0.75, ranked: [{ intent: 'pin_types', score: 0.5, confidence: 0.75 }, { intent: 'none', score: -0.6, confidence: 0.2 }],
      normalised: normalise(text), concepts: new Set(concepts),
      keyTerms: { intent: 'none', confidence: 0.27, ranked: [{ intent: 'none', score: 1.5, confidence: 0.27 }] },
    });
    const state = { slots: {}, lastTurnAt: 0, turns: 0 };
    const pin = reading('マイナ PIN って結局いくつ覚えなきゃいけないの', ['PIN', 'CARD']);
    expect(decide({ state, match: pin, slots: readSlots(pin.normalised) }).intent).toBe('pin_types');
    // Without a PIN named, the vague message stays unanswered (the bar is CLASSIFIER_OVER_NONE, 0.8).
    const vague = reading('マイナンバーカードの手続きってややこしいですよね', ['CARD']);
    expect(decide({ state, match: vague, slots: readSlots(vague.normalised) }).intent).toBe('none');
  });

  it.each([
    ['こんにちは。母のことで相談です', ['GREETING_START', 'FAMILY', 'CONTACT'], 'greeting'],
    ['すみません、マイナンバーの件で質問です', ['CARD'], 'help'],
    ['暗証番号のことで相談です', ['PIN', 'CONTACT'], 'office_contact'],
  ] as const)('an opening that announces a question and names no topic is not answered as a topic: %s → %s', (text, concepts, expected) => {
    const normalised = normalise(text);
    const match: MatchResult = { intent: 'office_contact', confidence: 0.63, ranked: [{ intent: 'office_contact', score: 3.4, confidence: 0.63 }], normalised, concepts: new Set(concepts) };
    expect(decide({ state: { slots: {}, lastTurnAt: 0, turns: 0 }, match, slots: readSlots(normalised) }).intent).toBe(expected);
  });

  it.each([
    ['こんばんは。仕事が終わってやっと時間ができました。', 'office_contact', ['GREETING_START', 'HOURS'], 'greeting'],
    ['お世話になっております。市民課の窓口で案内を担当している者です。', 'office_contact', ['GREETING_START', 'OFFICE', 'CONTACT'], 'greeting'],
    ['こんばんは。窓口は何時まで開いていますか', 'office_contact', ['GREETING_START', 'OFFICE', 'HOURS'], 'office_contact'],
    ['こんばんは。窓口は夜も開いてます?', 'office_contact', ['GREETING_START', 'OFFICE', 'HOURS'], 'office_contact'],
    ['おはようございます。母が代理で手続きに行きます。', 'proxy_procedure', ['GREETING_START', 'FAMILY', 'PROXY'], 'proxy_procedure'],
    ['ハローワーク窓口の時間', 'office_contact', ['GREETING_START', 'OFFICE', 'HOURS'], 'office_contact'],
  ] as const)('a greeting followed only by who is writing is a greeting, not the topic its words name: %s → %s', (text, intent, concepts, expected) => {
    const normalised = normalise(text);
    const match: MatchResult = { intent, confidence: 0.9, ranked: [{ intent, score: 5, confidence: 0.9 }], normalised, concepts: new Set(concepts) };
    expect(decide({ state: { slots: {}, lastTurnAt: 0, turns: 0 }, match, slots: readSlots(normalised), written: text }).intent).toBe(expected);
  });

  // Each rule with a message it changes and a near one it leaves alone (the matcher's reading given by hand).
  it.each([
    ['ヘルパーさんに暗証番号を伝えて代わりに入力してもらうのは大丈夫?', 'proxy_procedure', ['PIN', 'PROXY'], 'pin_management'],
    ['代わりに窓口で暗証番号を再設定してもらうには委任状がいる?', 'proxy_procedure', ['PIN', 'PROXY', 'RESET', 'OFFICE'], 'proxy_procedure'],
    ['銀行のキャッシュカードとマイナの暗証番号が同じなんだけど危ないかな', 'pin_types', ['PIN', 'CARD'], 'pin_management'],
    ['4桁の暗証番号は3つとも同じでも大丈夫?', 'pin_types', ['PIN', 'FOUR_DIGIT'], 'pin_types'],
    ['保険証のことで変なニュースを見たけど大丈夫?', 'health_insurance', ['INSURANCE'], 'none'],
    ['マイナ保険証の暗証番号を忘れたけど詐欺メールじゃないよね?', 'health_insurance', ['PIN', 'INSURANCE', 'FORGET'], 'health_insurance'],
    ['転入手続きで番号を入れてと言われたけど思い出せない', 'none', ['FORGET', 'OFFICE', 'MOVE'], 'forgot_pin'],
    ['引っ越しの荷物の番号を忘れた、宅配の伝票どこだっけ', 'none', ['FORGET', 'MOVE', 'OTHER_SECRET_OWNER'], 'none'],
    ['ピンを3回間違えて、今カードが使えません。何を持って行くべきですか', 'lockout_rules', ['PIN', 'WRONG', 'COUNT_NUMBER', 'BRING'], 'unlock_procedure'],
    ['ピンを2回間違えました。あと何回で使えなくなりますか', 'lockout_rules', ['PIN', 'WRONG', 'COUNT_NUMBER'], 'lockout_rules'],
    ['保険証で使う4桁、覚えてはいるけど変えたい', 'health_insurance', ['FOUR_DIGIT', 'NOT_FORGOTTEN', 'CHANGE', 'INSURANCE'], 'change_pin'],
    ['暗証番号は覚えているのですが、病院で顔認証に切り替えたい', 'health_insurance', ['PIN', 'NOT_FORGOTTEN', 'CHANGE', 'INSURANCE', 'FACE'], 'health_insurance'],
    ['電車にマイナカード置き忘れた 暗証番号のメモも一緒に入れてた', 'forgot_pin', ['CARD', 'PIN', 'NOTE', 'LOST'], 'lost_card'],
    ['暗証番号を書いたメモをなくした', 'forgot_pin', ['PIN', 'NOTE', 'LOST'], 'forgot_pin'],
    ['そもそも忘れたの', 'none', ['FORGET'], 'forgot_pin'],
    ['そもそも忘れ物が多い', 'none', ['FORGET'], 'none'],
    ['会社の法人の電子証明書の有効期限が切れそうです', 'certificate_renewal', ['CERT', 'RENEWAL'], 'none'],
    ['会社で使うので電子証明書の有効期限を知りたい', 'certificate_renewal', ['CERT', 'RENEWAL'], 'certificate_renewal'],
    ['このボットって人工知能が返事してるの?', 'help', ['HELP'], 'none'],
    ['このボットで何が聞けるの?', 'help', ['HELP'], 'help'],
    ['マイナンバーカードの件で行くんですが駐車場はありますか', 'none', ['CARD'], 'office_contact'],
    ['市役所の駐車場は無料ですか', 'none', ['OFFICE'], 'none'],
    ['耳が不自由なのでFAXで問い合わせたい', 'none', ['CONTACT'], 'office_contact'],
    ['父の代わりに年金の手続きをしたい', 'proxy_procedure', ['PROXY', 'FAMILY', 'UNRELATED'], 'none'],
    ['父の代わりに暗証番号の再設定をしたい', 'proxy_procedure', ['PROXY', 'FAMILY', 'PIN', 'RESET'], 'proxy_procedure'],
    ['更新に行くとき暗証番号を忘れてたらどうなる?', 'forgot_pin', ['PIN', 'FORGET', 'RENEWAL'], 'certificate_renewal'],
    ['免許の更新のとき暗証番号を忘れてたらどうなる?', 'forgot_pin', ['PIN', 'FORGET', 'RENEWAL', 'OTHER_SECRET_OWNER'], 'forgot_pin'],
    ['病院の相談員です。患者さんのカードのことで、このチャットでどこまで対応してもらえますか', 'health_insurance', ['CONTACT', 'INSURANCE'], 'help'],
    ['このチャットで暗証番号を伝えたら調べてくれる?', 'pin_management', ['PIN', 'SHARE'], 'pin_management'],
    ['顔認証カードで病院にかかったとき、顔が読めなかったらどうなる?', 'health_insurance', ['INSURANCE', 'FACE'], 'face_auth_card'],
    ['病院の顔認証付きカードリーダーで顔が読めなかったらどうなる?', 'health_insurance', ['INSURANCE', 'FACE'], 'health_insurance'],
    ['入所者さんの住民票を施設に移す手続き、家族が代わりにできますか', 'proxy_procedure', ['PROXY', 'FAMILY', 'CERTIFICATE_DOC'], 'none'],
    ['入所者さんの暗証番号の再設定、家族が代わりにできますか', 'proxy_procedure', ['PROXY', 'FAMILY', 'PIN', 'RESET'], 'proxy_procedure'],
    ['その時決めたキャッシュカードの暗証番号を忘れました。マイナンバーカードで本人確認はしました', 'forgot_pin', ['PIN', 'CARD', 'FORGET'], 'none'],
    ['キャッシュカードの暗証番号は覚えてるけど、マイナンバーカードの4桁を忘れた', 'forgot_pin', ['PIN', 'CARD', 'FORGET', 'FOUR_DIGIT'], 'forgot_pin'],
    ['キャッシュカードの暗証番号は覚えているんですが、署名用のパスワードを忘れました', 'forgot_signature_pin', ['PIN', 'FORGET', 'SIGNATURE'], 'forgot_signature_pin'],
    ['キャッシュカードの暗証番号を忘れました', 'forgot_pin', ['PIN', 'FORGET'], 'none'],
    ['デビットカードの暗証番号をメモして財布に入れてる。危ないかな', 'pin_management', ['PIN', 'NOTE', 'MANAGE'], 'none'],
    ['運転免許証には暗証番号が何種類あるの', 'pin_types', ['PIN', 'TYPES'], 'none'],
    ['携帯の契約のときに決めた4桁の暗証番号を忘れた', 'forgot_pin', ['PIN', 'FOUR_DIGIT', 'FORGET'], 'none'],
    ['携帯の契約でマイナの暗証番号入れてって言われたけど思い出せんかった', 'forgot_pin', ['PIN', 'CARD', 'FORGET'], 'forgot_pin'],
    ['免許センターの端末で「暗証番号1と暗証番号2を入力」って出た 2つとも忘れました', 'forgot_pin', ['PIN', 'FORGET'], 'none'],
    ['このチャットで答えられることの一覧を見せて', 'help', ['HELP'], 'help'],
    ['「保険証が使えなくなる」と言ってお金を求めるハガキが届いた', 'health_insurance', ['INSURANCE'], 'none'],
    ['保険証が使えなくなるってハガキが届いた', 'health_insurance', ['INSURANCE'], 'health_insurance'],
    ['足の悪い母を車に乗せて手続きに行くつもりです。マイナンバーカードの窓口の近くに駐車場はありますか。', 'proxy_procedure', ['CARD', 'FAMILY', 'OFFICE', 'HOWTO', 'UNRELATED'], 'office_contact'],
    ['顔認証マイナンバーカードはいつから始まった仕組みなんですか。最近ニュースで初めて知りました。', 'face_auth_card', ['CARD', 'FACE'], 'face_auth_card'],
    ['職員です。住民の方にこのチャットを紹介したいので、対応できる内容をざっくり教えてください。', 'none', ['RELAY', 'HOWTO'], 'help'],
    ['このチャットで相談した内容は保存されますか', 'none', ['HOWTO'], 'none'],
    ['コンビニのマルチコピー機でPDFを印刷する方法', 'convenience_store', ['STORE', 'HOWTO'], 'none'],
    ['コンビニのマルチコピー機で住民票を印刷する方法', 'convenience_store', ['STORE', 'HOWTO', 'CERTIFICATE_DOC'], 'convenience_store'],
  ] as const)('a first message read past its words: %s (%s) → %s', (text, intent, concepts, expected) => {
    const normalised = normalise(text);
    const match: MatchResult = { intent, confidence: 0.9, ranked: [{ intent, score: 5, confidence: 0.9 }], normalised, concepts: new Set(concepts) };
    expect(decide({ state: { slots: {}, lastTurnAt: 0, turns: 0 }, match, slots: readSlots(normalised) }).intent).toBe(expected);
  });

  it('a greeting then a question of its own is that question; leave to ask, or a name and よろしく, greet', () => {
    const state = { slots: {}, lastTurnAt: 0, turns: 0 };
    const greeted = (text: string, concepts: string[]) => {
      const normalised = normalise(text);
      const match: MatchResult = { intent: 'greeting', confidence: 0.9, ranked: [{ intent: 'greeting', score: 5, confidence: 0.9 }], normalised, concepts: new Set(concepts) };
      return decide({ state, match, slots: readSlots(normalised), written: text }).intent;
    };
    expect(greeted('こんにちは。10年用のパスポートは何歳から作れますか', ['GREETING_START'])).toBe('none');
    expect(greeted('こんにちは、ちょっとお聞きしたいことがあるんですが', ['GREETING_START'])).toBe('greeting');
    expect(greeted('こんにちは。マイナンバーカードのことで質問いいですか', ['GREETING_START', 'CARD'])).toBe('greeting');
    expect(greeted('市民課の田中です。よろしくお願いします', ['OFFICE'])).toBe('greeting');
  });

  it('parking or crowding told as a story before another question is not the office\'s logistics', () => {
    const state = { slots: {}, lastTurnAt: 0, turns: 0 };
    const asked = (text: string) => {
      const normalised = normalise(text);
      const match: MatchResult = { intent: 'unlock_procedure', confidence: 0.9, ranked: [{ intent: 'unlock_procedure', score: 5, confidence: 0.9 }], normalised, concepts: new Set(['PIN', 'LOCKED', 'OFFICE']) };
      return decide({ state, match, slots: readSlots(normalised), written: text }).intent;
    };
    expect(asked('市役所の駐車場が狭くて困りました。ロックされた暗証番号はどこで直せますか')).toBe('unlock_procedure');
    expect(asked('ロックされた暗証番号を直しに行きます。駐車場はありますか?')).toBe('office_contact');
  });

  it('a certificate at a store stands against the key terms\' `none` (「手数料」 reads as another errand)', () => {
    const normalised = normalise('コンビニで住民票の写しを取りたい。手数料はいくら?');
    const concepts = new Set(['STORE', 'CERTIFICATE_DOC', 'UNRELATED']);
    const keyTerms = { intent: 'none' as const, confidence: 0.68, ranked: [{ intent: 'none' as const, score: 6.7, confidence: 0.68 }] };
    const ranked = [{ intent: 'convenience_store' as const, score: 7.2, confidence: 0.72 }, { intent: 'none' as const, score: 6.6, confidence: 0.28 }];
    const match: MatchResult = { intent: 'convenience_store', confidence: 0.72, ranked, normalised, concepts, keyTerms };
    const state = { slots: {}, lastTurnAt: 0, turns: 0 };
    expect(decide({ state, match, slots: readSlots(normalised) }).intent).toBe('convenience_store');
    // Without the store, the same reading is contested and declined.
    const atOffice = { ...match, concepts: new Set(['CERTIFICATE_DOC', 'UNRELATED']) };
    expect(decide({ state, match: atOffice, slots: readSlots(normalised) })).toMatchObject({ intent: 'none', message: 'unsure' });
  });

  it('a store or clinic screen quoted after wrong entries reports a lock: the way out, not the rules or the service', () => {
    const locked = decideFor('セブンで何回か間違えたら「ご利用できません」と出た', 'lockout_rules', 0.95);
    expect(locked.intent).toBe('unlock_procedure');
    expect(decideFor('何回間違えたら「ご利用できません」になるの', 'lockout_rules', 0.95).intent).toBe('lockout_rules');
    // Read as the service where it happened, the same report gets the way out too.
    expect(decideFor('病院の受付の機械で番号を何度か間違えて、使えませんって出た', 'health_insurance', 0.95).intent).toBe('unlock_procedure');
    expect(decideFor('病院の受付の機械で番号を間違えたらどうなるの', 'health_insurance', 0.95).intent).toBe('health_insurance');
  });

  it('wrong entries and a question of how many are left is the rules, not a lock reported', () => {
    const ask = (text: string) => {
      const normalised = normalise(text);
      const match: MatchResult = { intent: 'lockout_rules', confidence: 0.95, ranked: [{ intent: 'lockout_rules', score: 9, confidence: 0.95 }], normalised, concepts: new Set(['PIN', 'LOCKED', 'WRONG']) };
      return decide({ state: { slots: {}, lastTurnAt: 0, turns: 0 }, match, slots: readSlots(normalised) }).intent;
    };
    expect(ask('暗証番号を2回間違えました。あと何回で使えなくなりますか')).toBe('lockout_rules');
    expect(ask('暗証番号を3回間違えて使えなくなった。あと何回とかある?')).toBe('unlock_procedure');
  });

  it('small talk keeps the topic', () => {
    expect(decideFor('ありがとう', 'thanks', 0.99, { lastIntent: 'unlock_procedure' }).topic).toBeUndefined();
  });
});

describe('helpers', () => {
  it('intentForPinType maps the forgot intents by PIN type only', () => {
    expect(intentForPinType('forgot_pin', 'signature')).toBe('forgot_signature_pin');
    expect(intentForPinType('forgot_signature_pin', 'four_digit')).toBe('forgot_pin');
    expect(intentForPinType('lockout_rules', 'signature')).toBe('lockout_rules');
  });

  it('isElliptical', () => {
    expect(isElliptical(normalise('何時まで?'))).toBe(true);
    expect(isElliptical(normalise('じゃあ家族が代わりに窓口へ行く場合は何が必要ですか'))).toBe(true);
    expect(isElliptical(normalise('コンビニで住民票を取るには何が必要ですか'))).toBe(false);
  });
});

describe('a contested answer (the classifier brought `none` within reach)', () => {
  // A first message as the matcher gives it when the classifier was consulted: `keyTerms` is the
  // key terms' own reading, `ranked` the combined one.
  function contested(text: string, intent: IntentId, confidence: number, runnerUp: IntentId, concepts: string[]) {
    const normalised = normalise(text);
    const ranked = [
      { intent, score: 1.5, confidence },
      { intent: runnerUp, score: 0.8, confidence: 1 - confidence - 0.01 },
    ];
    const match: MatchResult = {
      intent,
      confidence,
      ranked,
      normalised,
      concepts: new Set(concepts),
      keyTerms: { intent, confidence: 0.98, ranked: [{ intent, score: 5, confidence: 0.98 }] },
    };
    return decide({ state: { slots: {}, lastTurnAt: 0, turns: 0 }, match, slots: readSlots(normalised) });
  }

  it('is declined as unclear: collecting the card with a proxy is not the PIN procedure', () => {
    expect(contested('マイナンバーカード 受け取り 代理人 持ち物', 'proxy_procedure', 0.68, 'none', ['CARD', 'PROXY', 'BRING'])).toMatchObject({ intent: 'none', message: 'unsure', via: 'matcher' });
    expect(contested('交付申請書をなくした', 'lost_card', 0.7, 'none', ['LOST']).intent).toBe('none');
  });

  it('is answered when the answer holds enough, the runner-up is another topic, or the card\'s PIN is named', () => {
    expect(contested('マイナンバーカード 代理人 持ち物', 'proxy_procedure', 0.8, 'none', ['CARD', 'PROXY', 'BRING']).intent).toBe('proxy_procedure');
    expect(contested('代理人 ロック 解除', 'proxy_procedure', 0.6, 'unlock_procedure', ['PROXY', 'UNLOCK', 'LOCK']).intent).toBe('proxy_procedure');
    expect(contested('マイナカードのPIN忘れました', 'forgot_pin', 0.6, 'none', ['CARD', 'PIN', 'FORGET']).intent).toBe('forgot_pin');
    expect(contested('ありがとうございましたー', 'thanks', 0.6, 'none', ['THANKS']).intent).toBe('thanks');
  });
});

describe('another card\'s PIN named, and not the My Number Card', () => {
  it('stays out of scope however sure the classifier is of a topic (it reads words, not whose they are)', () => {
    const text = 'じいちゃんの銀行の暗証番号、家族が代わりに手続きできる？';
    const normalised = normalise(text);
    const match: MatchResult = {
      intent: 'proxy_procedure',
      confidence: 0.86,
      ranked: [{ intent: 'proxy_procedure', score: 8.9, confidence: 0.86 }, { intent: 'none', score: 7.6, confidence: 0.13 }],
      normalised,
      concepts: new Set(['PIN', 'PROXY', 'FAMILY', 'OTHER_SECRET_OWNER']),
      keyTerms: { intent: 'none', confidence: 0.95, ranked: [{ intent: 'none', score: 11, confidence: 0.95 }] },
    };
    const state = { slots: {}, lastTurnAt: 0, turns: 0 };
    expect(decide({ state, match, slots: readSlots(normalised) }).intent).toBe('none');
    // With the card's own PIN named too, the classifier's reading stands.
    const both = normalise('じいちゃんの銀行の暗証番号とマイナンバーカードの暗証番号、家族が代わりに手続きできる？');
    const card = { ...match, normalised: both, concepts: new Set([...match.concepts, 'CARD']) };
    expect(decide({ state, match: card, slots: readSlots(both) }).intent).toBe('proxy_procedure');
  });
});

/** A NeighbourReading with the given best cosines (as ExampleNeighbours would answer). */
function near(none: number, inScope: number): NeighbourReading {
  return { none, inScope, noneAtLeast: (bar) => (none >= bar ? none : undefined), inScopeOver: (bar) => inScope > bar };
}

describe('an answer whose nearest labelled example is out of scope', () => {
  function answered(text: string, intent: IntentId, neighbours: NeighbourReading | undefined) {
    const normalised = normalise(text);
    const match: MatchResult = { intent, confidence: 0.97, ranked: [{ intent, score: 5, confidence: 0.97 }], normalised, concepts: new Set(['PIN', 'FORGET']) };
    let asked = 0;
    const decision = decide({
      state: { slots: {}, lastTurnAt: 0, turns: 0 },
      match,
      slots: readSlots(normalised),
      neighbours: () => {
        asked++;
        return neighbours;
      },
    });
    return { decision, asked };
  }

  it('is declined as unclear when the message is near a `none` example and far from any answered one', () => {
    const { decision } = answered('e-Taxの利用者識別番号の暗証番号を忘れた', 'forgot_signature_pin', near(0.62, 0.35));
    expect(decision).toMatchObject({ intent: 'none', message: 'unsure', via: 'matcher' });
  });

  it('is answered when the `none` example is not close enough, or an answered one is nearly as close', () => {
    expect(answered('署名用の暗証番号を忘れた', 'forgot_signature_pin', near(0.39, 0.1)).decision.intent).toBe('forgot_signature_pin');
    expect(answered('署名用の暗証番号を忘れた', 'forgot_signature_pin', near(0.7, 0.51)).decision.intent).toBe('forgot_signature_pin');
    expect(answered('署名用の暗証番号を忘れた', 'forgot_signature_pin', undefined).decision.intent).toBe('forgot_signature_pin');
  });

  it('is not asked in a conversation already about the card\'s PINs', () => {
    const normalised = normalise('マイナンバーカードのほうは何を持っていけばいい');
    const match: MatchResult = { intent: 'unlock_procedure', confidence: 0.9, ranked: [{ intent: 'unlock_procedure', score: 5, confidence: 0.9 }], normalised, concepts: new Set(['CARD', 'BRING']) };
    const nearOutOfScope = () => near(0.9, 0.1);
    // After a forgotten PIN, 「…のほうは」 points back at it: what to bring for that reset (follow-up rule).
    expect(decide({ state: { slots: {}, lastTurnAt: 0, turns: 2, lastIntent: 'forgot_pin' }, match, slots: readSlots(normalised), neighbours: nearOutOfScope })).toMatchObject({ intent: 'forgot_pin', via: 'follow_up' });
    const afterAnotherCard = { slots: { pinType: 'four_digit' as const }, lastTurnAt: 0, turns: 2, lastIntent: 'none' as IntentId };
    expect(decide({ state: afterAnotherCard, match, slots: readSlots(normalised), neighbours: nearOutOfScope }).intent).toBe('unlock_procedure');
    expect(decide({ state: { slots: {}, lastTurnAt: 0, turns: 1, lastIntent: 'greeting' }, match, slots: readSlots(normalised), neighbours: nearOutOfScope }).intent).toBe('none');
  });

  it('is not asked about a bare PIN and what happened to it (「ぱすわーどかえたい」)', () => {
    const normalised = normalise('ぱすわーどかえたい');
    const match: MatchResult = { intent: 'change_pin', confidence: 0.9, ranked: [{ intent: 'change_pin', score: 5, confidence: 0.9 }], normalised, concepts: new Set(['PIN', 'CHANGE']) };
    const state = { slots: {}, lastTurnAt: 0, turns: 0 };
    expect(decide({ state, match, slots: readSlots(normalised), neighbours: () => near(0.64, 0.44) }).intent).toBe('change_pin');
    // Anything more in the message (here an owner's concept) and the nearest example still counts.
    const owned = { ...match, concepts: new Set(['PIN', 'CHANGE', 'SMARTPHONE']) };
    expect(decide({ state, match: owned, slots: readSlots(normalised), neighbours: () => near(0.64, 0.44) })).toMatchObject({ intent: 'none', message: 'unsure' });
  });

  it('is never asked about small talk or a message already out of scope', () => {
    expect(answered('ありがとう', 'thanks', near(1, 0))).toMatchObject({ decision: { intent: 'thanks' }, asked: 0 });
    expect(answered('カレーの作り方', 'none', near(1, 0)).asked).toBe(0);
  });
});

describe('first messages whose reading changed in the sixteenth session, and neighbours that must not change (real engine)', () => {
  it.each([
    // another service's PIN with a count: not the card's tries left
    ['ショッピングサイトのパスワードを3回間違えた', 'none'],
    ['マイナの暗証番号3回まちがえた', 'lockout_rules'],
    // 「〜なんだっけ」 after a predicate checks a rule; it is not a forgotten PIN
    ['署名用ってアルファベットだけじゃダメなんだっけ', 'pin_types'],
    ['暗証番号なんだっけ…思い出せない', 'forgot_pin'],
    // confused by how many PINs there are, not forgetting one
    ['暗証番号がいっぱいありすぎて分からん。どれが何のため?', 'pin_types'],
    ['パスワードっていくつ要るの', 'pin_types'],
    ['マイナの暗証番号ってひとつじゃないの?', 'pin_types'],
    ['暗証番号あといくつ間違えられる?', 'lockout_rules'],
    // e-Tax names where the signature PIN is used; the 4-digit PIN named outweighs it
    ['e-Taxで利用者証明用の4桁を聞かれたけど覚えてない', 'forgot_pin'],
    ['e-Taxのパスワード忘れた', 'forgot_signature_pin'],
    ['確定申告で英数字のパスワードを忘れました。4桁の方は覚えています', 'forgot_signature_pin'],
    // asking for someone who can go to the office: their own reset, not the proxy procedure
    ['父の代わりに質問します。暗証番号を忘れたそうですが、本人は役所に行けます', 'forgot_pin'],
    ['本人が窓口に行けないので代わりに行きたい', 'proxy_procedure'],
    ['代理人だとその日のうちに終わりますか', 'proxy_procedure'],
    // half-width katakana alone gets its kanji words (src/nlu/kana-words.ts)
    ['ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ ﾉ ﾊﾞﾝｺﾞｳ ﾍﾝｺｳ', 'change_pin'],
    // another card's secret first, then the card as the topic: the other card is the contrast
    ['キャッシュカードの暗証番号はすぐ思い出せたのに、マイナカードのほうは全然思い出せない', 'forgot_pin'],
    ['クレジットカードの暗証番号は4桁だけど、マイナンバーカードは何桁?', 'pin_types'],
    ['マイナンバーカードは持ってるけど、キャッシュカードの暗証番号を忘れた', 'none'],
    // 券面事項入力補助用 is only ever the card's, whoever asks for it
    ['証券会社の口座開設で券面事項入力補助用の暗証番号を聞かれた。何の番号?', 'pin_types'],
    // the PIN set aside with 「〜じゃなくて」 is not the one meant (src/nlu/contrast.ts)
    ['長いほうじゃなくて、4桁のほうを忘れました', 'forgot_pin'],
    // the face-only card named by the PIN it lacks, whatever the clinic around it
    ['暗証番号なしのマイナカードがあると聞きました。病院で使えれば十分なんですが', 'face_auth_card'],
    ['暗証番号の無いマイナンバーカードで病院の受付はどうするの?', 'face_auth_card'],
    // someone at the clinic typing the PIN is keeping it safe; the reader asking for it is the clinic's
    ['病院の受付の人に、代わりに暗証番号を入れてもらうのってアリ?マイナ保険証です', 'pin_management'],
    ['クリニックで番号を聞かれたんだけど、顔認証でもいいの?', 'health_insurance'],
    // services listed, which PIN each takes
    ['マイナ保険証、コンビニ、マイナポータル。それぞれ暗証番号はどれ?', 'pin_types'],
    ['マイナ保険証とコンビニ交付、使う暗証番号はどっち?', 'pin_types'],
    // the card itself lost, whatever its lock
    ['カードを落としたけど、暗証番号を3回間違えたらロックされるんだし、止めなくてもいいよね?', 'lost_card'],
    // a photocopy of the proxy's ID is the proxy's question, not copying at a store
    ['代理人の免許証はコピーでもいいですか', 'proxy_procedure'],
    // 「リスタート」 starts over; the counter in katakana is the office
    ['りすたーと', 'help'],
    ['マイナンバーのカウンターはどこ?', 'office_contact'],
    // the signature PIN said to be known: the 4-digit one named after it is the one forgotten
    ['署名用のほうは覚えています。4桁のほうをスマホで再設定したい', 'forgot_pin'],
    // a way round the office, or whether only the office can do it: the procedure's answer, not its hours
    // (each line below was answered wrongly before its rule)
    ['窓口担当です。暗証番号を忘れた方から電話があり、平日は来庁できないそうです。役所以外で手続きする方法はありますか', 'forgot_pin'],
    ['暗証番号の変更手続きは平日の窓口が開いている時間しか受け付けてないんですよね', 'change_pin'],
    ['番号って市役所に問い合わせれば教えてもらえる?忘れたので', 'forgot_pin'],
    // a new number for a forgotten one is the reset, when no word of changing is said
    ['暗証番号を忘れました。新しい番号を送ってもらえるって本当ですか', 'forgot_pin'],
    // a PIN set anew with no lock said is the reset of a forgotten PIN
    ['ファミマの端末で署名用を新しく決め直したい。何がいる?', 'forgot_signature_pin'],
    // 「どの店でも大丈夫」 is not the signature PIN said to be known
    ['署名用のリセット、ローソンならどの店でも大丈夫?', 'forgot_signature_pin'],
    // making the card itself is its issuance
    ['マイナンバーカードは小学生は作れないんですよね', 'none'],
    ['新生児のマイナンバーカードは顔写真なしで作れるって本当?', 'none'],
    // a store's copier refusing the service is the store service
    ['セブンのコピー機で「サービス対象外」と出た。この市は未対応?', 'convenience_store'],
    // a scam asking for money is not a PIN question; 「〜やすいかな」 is not Suica
    ['ロック解除の手数料3000円を振り込んでと電話があった', 'none'],
    ['子どもの名前にしてたけど覚えやすいかな。暗証番号の変更方法は?', 'change_pin'],
    // afraid to forget is keeping the PIN; telling someone is too, in any dialect
    ['暗証番号わすれそうやけん、書いときたい。どこに書いとけばええ?', 'pin_management'],
    ['マイナンバーカードの暗証番号は人に言うてもかまへん?', 'pin_management'],
    // not knowing which PIN is which is their kinds; the card that needs no PIN, said in dialect
    ['暗証番号が3つもあるって、どれが何に使うんかようわからんわ', 'pin_types'],
    ['ばっちゃのカード、暗証番号いらねカードさ変えられるんだべか', 'face_auth_card'],
    // a lock without 「に」, in dialect
    ['4桁のやつ3回まちがえてロックなったべ、どうすればいいのさ', 'unlock_procedure'],
    // the card's making told as a story is no question of issuance
    ['マイナンバーカードは去年作りました。市役所の窓口って土曜もあいとる?', 'office_contact'],
    // a service named by its own name is this bot's, whatever out-of-scope example it resembles
    ['マイナポータルにはGoogleアカウントでログインできますか', 'mynaportal'],
    // the card kept for someone is the proxy's errand; the PIN kept for them is keeping it safe
    ['祖父のカードを預かっています。ロックされた暗証番号を私が代わりに解除しに行けますか', 'proxy_procedure'],
    ['施設で入居者さんの暗証番号を預かってもいいですか', 'pin_management'],
    // 「4つの数字」 is the 4-digit PIN; a certificate at a store after hours is the store's service
    ['カードの4つの数字、わすれました。どこで新しくできますか', 'forgot_pin'],
    ['夜11時すぎにローソンで住民票が出せなかった。機械の故障?', 'convenience_store'],
    // what would lock, asked beforehand, is the rules
    ['年をとると押し間違いが多くて、何回間違えたら使えなくなってしまうのか知っておきたいです', 'lockout_rules'],
    // the city's other business
    ['除雪をお願いしたいのですが、市に頼めますか', 'none'],
    // a wallet stolen with the card in it is the card lost, whatever the PIN's note beside it
    ['駅で財布をすられました。マイナンバーカードと、暗証番号を書いた紙も入っていました。どうしたら', 'lost_card'],
    // another owner's secret, the card named only to compare with or set aside: the other's question
    ['クレカの暗証番号をお店で3回間違えた。マイナンバーカードみたいにロックされちゃうの?', 'none'],
    ['キャッシュカードの暗証番号を誕生日にしてるのって危ないかな?マイナンバーカードは別の番号にしてる', 'none'],
    ['銀行の暗証番号と同じにしてたマイナの暗証番号を忘れた', 'forgot_pin'],
    // nineteenth session: the face check got them through and the forgotten number itself is asked; whether
    // the face will do stays the insurance use's
    ['歯医者で番号が出てこなくて、その日は顔認証で済ませました。あの4桁はどうすれば新しくできますか', 'forgot_pin'],
    ['番号忘れとっても病院の受付は顔認証でいけるがやろか', 'health_insurance'],
    // the PINs wanted the same, and where asked: the change; whether it is allowed: their kinds
    ['4桁が3つともバラバラで面倒です。全部同じ番号にそろえたいので、どこでできるか教えてください', 'change_pin'],
    ['4桁の暗証番号を3つとも同じ数字にしても差し支えないでしょうか', 'pin_types'],
    ['住基カードの頃は1つだったけど、マイナの4桁は3つとも同じ番号にしてもいい?', 'pin_types'],
    // locked at the clinic and today's visit asked: the insurance use; the release asked: the release
    ['眼科で暗証番号を何回か間違えてロックされました。今日の診察は受けられますか', 'health_insurance'],
    ['眼科で暗証番号を何回か間違えてロックされました。解除はどこでできますか', 'unlock_procedure'],
    // a family member's card and the writer going for them: the proxy
    ['父のカードがロックされました。私が役所に行けば解除してもらえますか', 'proxy_procedure'],
    // a wallet lost with the card said not in it is not the card's loss
    ['電車で財布をなくしました。マイナンバーカードは家に置いてあったので無事です。免許証はどうすれば', 'none'],
    // the same errand done at the same visit is no topic switch
    ['電子証明書の更新に行くけど暗証番号忘れてる、ついでに直してもらえる?', 'certificate_renewal'],
    // the rule itself asked about is the lockout's rules
    ['3回間違えたら止まる仕組みなんですか?', 'lockout_rules'],
    // another thing as the topic, 「けど」, then the card as the topic: the card's question
    ['クレカは暗証番号4桁だけど、マイナカードは何桁?', 'pin_types'],
    ['クレカの暗証番号は何桁?', 'none'],
    // what went well told, then thanks: thanks; a question with thanks after it is the question
    ['おかげさまでコンビニで印鑑証明が取れました。助かりました', 'thanks'],
    ['暗証番号を3回間違えてロックされました。ありがとうございます', 'unlock_procedure'],
  ] as const)('%s → %s', async (text, intent) => {
    const { chat } = createTestBot();
    expect((await chat.send('a', text)).intent).toBe(intent);
  });
});
