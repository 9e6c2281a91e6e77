import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IntentFileError } from '../../src/errors.js';
import { INTENT_IDS } from '../../src/intents/ids.js';
import { loadIntentFiles } from '../../src/intents/load.js';
import { createMatcher } from '../../src/nlu/index.js';
import { lookaheadsOnly } from '../../src/nlu/terms.js';
import { REPO_ROOT, SHARED_DIR, IN_CI } from '../helpers/paths.js';

const matcher = createMatcher();

function readTsv(file: string): Array<[string, string]> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split('\t') as [string, string]);
}

function score(rows: Array<[string, string]>) {
  let inScope = 0, inScopeRight = 0, none = 0, noneRight = 0;
  const misses: string[] = [];
  for (const [want, text] of rows) {
    const got = matcher.match(text).intent;
    if (want === 'none') { none++; if (got === 'none') noneRight++; }
    else { inScope++; if (got === want) inScopeRight++; }
    if (got !== want) misses.push(`${want} -> ${got}: ${text}`);
  }
  return { inScope: inScopeRight / inScope, none: noneRight / none, misses };
}

describe('matcher: intents by meaning', () => {
  it.each([
    ['暗証番号忘れてもうた、どないしたらええ?', 'forgot_pin'],
    ['ﾏｲﾅのﾊﾟｽﾜｰﾄﾞわからん', 'forgot_pin'],
    ['あんしょうばんごう おもいだせない', 'forgot_pin'],
    ['e-Taxのパスワード失念', 'forgot_signature_pin'],
    ['英数字の長いほう忘れた', 'forgot_signature_pin'],
    ['4桁のほうを２回まちがえた', 'lockout_rules'],
    ['ロックかかってもうた', 'unlock_procedure'],
    ['娘に代わりに行ってもらえる?', 'proxy_procedure'],
    ['暗唱番号を新しいのに変えたい', 'change_pin'],
    ['ローソンで印鑑証明', 'convenience_store'],
    ['クリニックでマイナ保険証つかうとき', 'health_insurance'],
    ['マイナポータル ログインできない', 'mynaportal'],
    ['暗証番号を手帳に書いといてもええ?', 'pin_management'],
    ['市役所は何時まで開いてますか', 'office_contact'],
    ['マイナカード落としたかも', 'lost_card'],
    ['電子証明書の期限が切れそう', 'certificate_renewal'],
    ['暗証番号いらんカードってある?', 'face_auth_card'],
    // Making the card PIN-less (intents/_lexicon.yaml CARD_TYPE), with the clinic in the same breath.
    ['認知症の祖母のカードを暗証番号なしにできるって本当?病院でも使える?', 'face_auth_card'],
    ['暗証番号なしで病院にかかれる?', 'health_insurance'],
    // 「何にしたっけ」: what was chosen, not recalled (FORGET, edited in place).
    ['うーん、カードの暗証番号なにしたっけなあ', 'forgot_pin'],
    ['iPhoneにマイナカードいれたい', 'smartphone_certificate'],
    ['こんにちは', 'greeting'],
    ['おおきに', 'thanks'],
    ['メニュー', 'help'],
  ])('%s → %s', (text, intent) => {
    expect(matcher.match(text).intent).toBe(intent);
  });
});

describe('matcher: near misses answer none', () => {
  it.each([
    'キャッシュカードの暗証番号忘れた',
    'ゆうちょのATMで暗証番号ロックされた',
    'クレカのPINがわからない',
    '運転免許証の暗証番号を忘れました',
    'iPhoneのパスコード忘れた',
    'スマホのロック画面が解除できない',
    'Wi-Fiのパスワードどこに書いてある?',
    'SIMカードのPINロック',
    '自転車の鍵をなくした',
    // another thing's lock (the lexicon's ロック is not a child lock, a smart lock or a lock screen)
    '車のチャイルドロックの解除方法',
    'IHのチャイルドロックってどうやって解除するの',
    '燃えるゴミの日',
    'おいしいラーメン屋',
    // the card's other procedures (none.yaml's negative key terms; more in test/conversation/engine.test.ts)
    'マイナンバーカードの受け取りを家族に頼めますか',
    '',
    '😅',
  ])('%j → none', (text) => {
    expect(matcher.match(text).intent).toBe('none');
  });
});

describe('matcher: which PIN a number names', () => {
  it.each(['四桁の暗証番号を忘れた', '四けたの方の番号が分からなくなりました', '四ケタのほうを忘れた', '4ケタのほうを忘れた'])('the 4-digit one however the 4 and 桁 are written: %s', (text) => {
    expect(matcher.match(text).concepts.has('FOUR_DIGIT')).toBe(true);
  });
});

describe('matcher: lexicon edits in place (fourteenth session)', () => {
  it('a card 失い (lost, as translation apps write it) is lost; a PIN still known 「覚えてはいる」 is not forgotten', () => {
    expect(matcher.match('私のカードを失いました').concepts.has('LOST')).toBe(true);
    expect(matcher.match('信用を失いました').concepts.has('LOST')).toBe(false);
    expect(matcher.match('4桁は覚えてはいるけど変えたい').concepts.has('NOT_FORGOTTEN')).toBe(true);
  });

  it('「暗証番号しらん」 in kana is a forgetting, as 知らん is; 「しらんぷり」 is not', () => {
    expect(matcher.match('親に作ってもらったから暗証番号しらんのだが').concepts.has('FORGET')).toBe(true);
    expect(matcher.match('しらんぷりされた').concepts.has('FORGET')).toBe(false);
  });

  it('「ロックになりました」 is locked; 「ロックになりますか」 asks about the rule', () => {
    expect(matcher.match('私の4桁のピンはロックになりました').concepts.has('LOCKED')).toBe(true);
    expect(matcher.match('あと1回でロックになりますか').concepts.has('LOCKED')).toBe(false);
  });

  it('「こんなに多くのパスワード」 asks which PINs there are', () => {
    expect(matcher.match('なぜ1枚のカードにこんなに多くのパスワードがあるのですか').concepts.has('TYPES')).toBe(true);
    expect(matcher.match('パスワードを多く間違えた').concepts.has('TYPES')).toBe(false);
  });

  it('「覚えていません」「わかりません」 after a PIN named is not the PIN they still know', () => {
    expect(matcher.match('カードを作るときに数字を設定しました、しかし今私はそれを覚えていません').concepts.has('FOUR_DIGIT_KNOWN')).toBe(false);
    expect(matcher.match('署名用は今はわかりません').concepts.has('SIGNATURE_KNOWN')).toBe(false);
    expect(matcher.match('数字のほうは覚えています').concepts.has('FOUR_DIGIT_KNOWN')).toBe(true);
    expect(matcher.match('署名用はわかるけど4桁を忘れた').concepts.has('SIGNATURE_KNOWN')).toBe(true);
  });
});

describe('matcher: lexicon edits in place (fifteenth session)', () => {
  it('「なんど」 in kana asks the count, as 何度 does; 「なんども」 does not', () => {
    expect(matcher.match('あんしょうばんごう、 なんど まで ためして いい ですか').concepts.has('COUNT_QUESTION')).toBe(true);
    expect(matcher.match('なんども ためした').concepts.has('COUNT_QUESTION')).toBe(false);
  });

  it('the 12-digit number itself, with 桁 in kana, is the My Number, not a PIN', () => {
    expect(matcher.match('マイナンバー の １２けた の ばんごう が わからない').concepts.has('MYNUMBER_ITSELF')).toBe(true);
    expect(matcher.match('マイナンバー の １２けた の ばんごう が わからない').intent).toBe('none');
  });

  it('「調べてもよくわからなくて」 is not knowing the answer, not a forgotten PIN', () => {
    expect(matcher.match('署名用は5回って聞いたけど4桁のやつも5回？ネットで調べてもよくわからなくて。').concepts.has('FORGET')).toBe(false);
    expect(matcher.match('暗証番号がわからなくて困っています').concepts.has('FORGET')).toBe(true);
  });

  it('logging in to LINE is another service\'s account, in kana or Latin letters', () => {
    expect(matcher.match('らいん に ろぐいん できない').concepts.has('OTHER_SECRET_OWNER')).toBe(true);
    expect(matcher.match('LINEにログインできない').concepts.has('OTHER_SECRET_OWNER')).toBe(true);
    expect(matcher.match('マイナポータルにログインできない').concepts.has('OTHER_SECRET_OWNER')).toBe(false);
  });
});

describe('matcher: asking for someone is not the proxy procedure', () => {
  it.each(['兄の代わりに聞きます。兄のパスポートを失くしました', '祖父の代わりに質問します', '母の代わりに問い合わせたいのですが'])('「代わりに」 asking or writing is relaying: %s', (text) => {
    expect(matcher.match(text).concepts.has('PROXY')).toBe(false);
  });

  it.each(['母の代わりに暗証番号の再設定に行きたい', '代わりに手続きできますか'])('「代わりに」 going or doing it is the proxy: %s', (text) => {
    expect(matcher.match(text).concepts.has('PROXY')).toBe(true);
  });
});

describe('matcher: confidence', () => {
  it('is within [0, 1], ranked best first, and the same for the same text', () => {
    for (const text of ['暗証番号忘れた', 'ロック', '天気', '暗証番号', 'x'.repeat(5000)]) {
      const a = matcher.match(text);
      const b = matcher.match(text);
      expect(a).toEqual(b);
      expect(a.confidence).toBeGreaterThanOrEqual(0);
      expect(a.confidence).toBeLessThanOrEqual(1);
      for (const r of a.ranked) expect(r.confidence).toBeGreaterThanOrEqual(0);
      const scores = a.ranked.map((r) => r.score);
      expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    }
  });

  it('is high for a clear question and low for a vague one', () => {
    expect(matcher.match('マイナンバーカードの暗証番号を忘れました').confidence).toBeGreaterThan(0.8);
    // A bare word: its key-term reading, which the conversation acts on for a fragment this short
    // (readingInContext), is vague. The classifier alone leans harder on four characters.
    expect(matcher.match('暗証番号').keyTerms?.confidence ?? matcher.match('暗証番号').confidence).toBeLessThan(0.6);
  });
});

describe('matcher: generalisation on labelled sets', () => {
  // heldout33 measures the unanswered-question loop (test/unanswered/loop.test.ts): its misses are
  // learnt through reviewed phrases, never through intents/, so it has no bar of its own here.
  const LOOP_SETS = new Set(['heldout33.tsv']);
  const heldout = readdirSync(join(REPO_ROOT, 'test/fixtures')).filter((f) => /^heldout\d*\.tsv$/.test(f) && !LOOP_SETS.has(f));

  it('has the in-repo held-out sets', () => {
    expect(heldout.length).toBeGreaterThanOrEqual(5);
  });

  // Sets whose floor is their first-sight score, for the matcher without the n-gram classifier: they
  // were written after the lexicon stopped growing (issue 13). With the classifier (CLASSIFIER_ON) every
  // set is held at 0.95: test/nlu/classifier.test.ts.
  // heldout42 (ja-i, first sight 0.976 / 0.870): eight of its `none` lines share every word with an
  // answer but whose or which procedure (「マイナンバーカード 交付申請書 なくした」); the matcher alone
  // keeps them even trained on them. The policy declines them by their nearest labelled example:
  // test/conversation/labelled-sets.test.ts holds every set at 0.95 / 0.95 through the engine.
  // heldout48 (ja-o, first sight 0.951 / 0.873): five of its `none` lines are complaints in the
  // topic's words (「受付でマイナ保険証の説明するの、毎日疲れます…」), which the matcher reads by those
  // words even trained on them (0.912); the policy hears them as complaints (src/conversation/complaint.ts).
  // With heldout53–54 as training data (2026-12-06, ninth session) 「夜勤つらい…」 also tips, to
  // forgot_pin at 0.55 from the classifier alone (no key term): 0.902. The policy reads a fragment
  // like it by its key terms, `none`.
  const floors: Record<string, [number, number]> = { 'heldout35.tsv': [0.92, 0.77], 'heldout42.tsv': [0.95, 0.92], 'heldout48.tsv': [0.95, 0.9] };

  it.each(heldout)('in-repo held-out phrasings %s: in-scope ≥ 0.95, none ≥ 0.95 (or the set\'s floor)', (file) => {
    {
      const [inScopeFloor, noneFloor] = floors[file] ?? [0.95, 0.95];
      const rows = readTsv(join(REPO_ROOT, 'test/fixtures', file));
      const result = score(rows);
      expect(result.inScope, `${file}\n${result.misses.join('\n')}`).toBeGreaterThanOrEqual(inScopeFloor);
      expect(result.none, `${file}\n${result.misses.join('\n')}`).toBeGreaterThanOrEqual(noneFloor);
    }
  });

  it.skipIf(!SHARED_DIR && !IN_CI)('shared dev.tsv: in-scope ≥ 0.97, none ≥ 0.95', () => {
    expect(SHARED_DIR, 'the shared folder (../shared) must be present in CI').toBeDefined();
    const result = score(readTsv(join(SHARED_DIR!, 'eval/dev.tsv')));
    expect(result.inScope, result.misses.join('\n')).toBeGreaterThanOrEqual(0.97);
    expect(result.none, result.misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it.skipIf(!SHARED_DIR && !IN_CI)('no line of the shared eval set is copied into intents/ phrases', () => {
    const dev = new Set(readTsv(join(SHARED_DIR!, 'eval/dev.tsv')).map(([, text]) => text.trim()));
    const copied = loadIntentFiles().flatMap((intent) => intent.phrases.filter((p) => dev.has(p.trim())).map((p) => `${intent.id}: ${p}`));
    expect(copied).toEqual([]);
  });
});

describe('matcher: intent-file errors name the file and the field', () => {
  function brokenCopy(edit: (dir: string) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'mynapin-intents-'));
    cpSync(join(REPO_ROOT, 'intents'), dir, { recursive: true });
    edit(dir);
    return dir;
  }

  it('an unknown concept in terms', () => {
    const dir = brokenCopy((d) => {
      const file = join(d, 'lost_card.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"@LOST": ', '"@LOSTT": '));
    });
    expect(() => createMatcher({ intentsDir: dir })).toThrow(IntentFileError);
    expect(() => createMatcher({ intentsDir: dir })).toThrow(/lost_card\.yaml: terms\."@LOSTT": unknown concept "@LOSTT"/);
  });

  it('two conditions joined by ")+(" inside one regex, which would silently never match', () => {
    const dir = brokenCopy((d) => {
      const file = join(d, 'lost_card.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('terms:', 'terms:\n  "@LOST+(?:番号|暗証)+(?:財布|さいふ)": 2'));
    });
    expect(() => createMatcher({ intentsDir: dir })).toThrow(IntentFileError);
    expect(() => createMatcher({ intentsDir: dir })).toThrow(/lost_card\.yaml: .*"\(\?:番号\|暗証\)\+\(\?:財布\|さいふ\)" has "\)\+\(".*lookaheads/);
  });

  it('a weight that is not a number', () => {
    const dir = brokenCopy((d) => {
      const file = join(d, 'lost_card.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"@LOST": 2', '"@LOST": high'));
    });
    expect(() => createMatcher({ intentsDir: dir })).toThrow(/lost_card\.yaml: terms\."@LOST": the weight must be a number/);
  });

  it('a broken regular expression in the lexicon', () => {
    const dir = brokenCopy((d) => {
      const file = join(d, '_lexicon.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('  LOST:\n', '  LOST:\n    - "(unclosed"\n'));
    });
    expect(() => createMatcher({ intentsDir: dir })).toThrow(/_lexicon\.yaml: concepts\.LOST\[0\]: not a valid regular expression/);
  });

  it('staff can add a phrase or a synonym without touching TypeScript', () => {
    // The lexicon path alone (classifier off): the classifier already guesses this one.
    const text = 'まいなの合言葉がでてこん';
    expect(createMatcher({ classifierWeight: 0 }).match(text).intent).not.toBe('forgot_pin');
    const dir = brokenCopy((d) => {
      const file = join(d, '_lexicon.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('  PIN:\n', '  PIN:\n    - 合言葉\n').replace('  FORGET:\n', '  FORGET:\n    - でてこん\n'));
    });
    expect(createMatcher({ intentsDir: dir, classifierWeight: 0 }).match(text).intent).toBe('forgot_pin');
  });

  it('covers every intent id', () => {
    expect(loadIntentFiles().map((i) => i.id)).toEqual([...INTENT_IDS]);
  });
});

describe('matcher: one-character misconversions of key words', () => {
  it.each([
    ['暗傷番号を忘れました', 'forgot_pin'],
    ['顔人証のマイナンバーカードって何?', 'face_auth_card'],
    ['代里人でも手続きできますか', 'proxy_procedure'],
    ['資格確忍書はいつ届く?', 'health_insurance'],
  ])('%s → %s', (text, intent) => {
    expect(matcher.match(text).intent).toBe(intent);
  });

  it.each([
    ['暗証番号を辺更したい', 'change_pin'],
    ['マイナンバーカードを粉失しました', 'lost_card'],
    ['暗証番号の官理のしかた', 'pin_management'],
    ['ロックの解徐はどこで', 'unlock_procedure'],
    // Voice input's slips: 所名 / 書名 for 署名, 移任 for 委任.
    ['所名用の暗証番号わすれた', 'forgot_signature_pin'],
    ['書名用のパスワード忘れた', 'forgot_signature_pin'],
    ['移任状があれば代わりに暗証番号の再設定できますか', 'proxy_procedure'],
  ])('two-kanji homophone typo %s → %s', (text, intent) => {
    expect(matcher.match(text).intent).toBe(intent);
  });

  it('reads 暗唱番号 (the commonest misconversion) as 暗証番号', () => {
    expect(matcher.match('暗唱番号を忘れた').normalised).toBe('暗証番号を忘れた');
    expect(matcher.match('暗唱番号を忘れた').intent).toBe('forgot_pin');
  });

  it('restores a word of four characters or more with one inner character dropped or two inner neighbours swapped', () => {
    expect(matcher.match('暗番号を忘れました').normalised).toBe('暗証番号を忘れました');
    expect(matcher.match('署名用電子明証書の期限').normalised).toContain('署名用電子証明書');
    expect(matcher.match('マナンバーカードなくした').normalised).toContain('まいなんばー');
    expect(matcher.match('署用電子証明書の暗証番号を忘れました').intent).toBe('forgot_signature_pin');
  });

  it('leaves a three-character word with a dropped character, and a first or last character dropped, alone', () => {
    // 「代人」 is not 「代理人」 short of one, and 「証番号」 or 「暗証番」 lack an edge of 暗証番号.
    expect(matcher.match('代人に頼む').normalised).toBe('代人に頼む');
    expect(matcher.match('証番号の桁').normalised).toBe('証番号の桁');
    expect(matcher.match('暗証番を忘れた').normalised).toBe('暗証番を忘れた');
  });

  it('never changes a real word that differs in its first or last character', () => {
    expect(matcher.match('国民健康保険料の支払い方法').intent).toBe('none');
    expect(matcher.match('保険料を払いたい').normalised).toContain('保険料');
    expect(matcher.match('SMSの認証番号が届かない').normalised).toContain('認証番号');
  });
});

describe('lookaheadsOnly (key-term regexes tried at the start only)', () => {
  it('recognises patterns of nothing but (?=.*…) lookaheads, and they answer the same tried at the start only', () => {
    expect(lookaheadsOnly('(?=.*(?:番号|暗証))(?=.*(?:財布|さいふ))')).toBe(true);
    expect(lookaheadsOnly('(?=.*[)(])(?=.*\\))')).toBe(true);
    for (const source of ['(?=.*a)b', 'a(?=.*b)', '(?=a)', '(?=.*a)|(?=.*b)', '(?!.*a)', '']) expect(lookaheadsOnly(source), source).toBe(false);
    const pattern = /(?=.*(?:番号|暗証))(?=.*(?:財布|さいふ))/u;
    const fromStart = new RegExp(pattern.source, 'uy');
    const texts = ['番号 さいふ', 'さいふに番号', 'さいふ', 'あ番号', '', 'さ い ふ番号', 'xx番号yyさいふzz'];
    for (const text of texts) {
      fromStart.lastIndex = 0;
      expect(fromStart.test(text), text).toBe(pattern.test(text));
    }
  });
});
