import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { IntentFileError } from '../errors.js';
import { safeParseOnce } from '../config/parse-once.js';
import { lazySchema } from '../intents/lazy-schema.js';

/**
 * The facts of shared/knowledge/facts.md as data: the only things the bot may state. Every answer in
 * intents/*.yaml names the ids of the facts it states, and the loader rejects ids that are not here.
 * `statement` is our own short Japanese summary (never the wording of a source page).
 */
export interface Fact {
  /** `F1` … `F20`, as in facts.md. */
  id: string;
  statement: string;
  /** The pages facts.md cites (host + page id as written there). */
  sources: string[];
  /** When the fact was last checked against its sources (YYYY-MM). */
  checked: string;
  /** True when municipalities differ: answers stating it must send the user to their own city. */
  variesByMunicipality: boolean;
  /** How the fact relates to the outdated article (`confirmed`, `changed`, `new`, `article`). */
  status: 'confirmed' | 'changed' | 'new' | 'article';
}

const factSchema = lazySchema(() =>
  z.strictObject({
    id: z.string().regex(/^F[1-9][0-9]*$/, { message: 'a fact id such as F7' }),
    statement: z.string().min(1),
    sources: z.array(z.string().min(1)).min(1),
    checked: z.string().regex(/^\d{4}-\d{2}$/, { message: 'a month such as 2026-11' }),
    variesByMunicipality: z.boolean(),
    status: z.enum(['confirmed', 'changed', 'new', 'article']),
  }),
);

const CHECKED = '2026-11';

const FACT_DATA: readonly Fact[] = [
  {
    id: 'F1',
    statement:
      '暗証番号は4種類: 署名用電子証明書（英大文字と数字を各1字以上含む6〜16文字。e-Tax等の電子申請）、利用者証明用電子証明書（数字4桁。マイナポータル、コンビニ交付、顔認証を使わないマイナ保険証）、住民基本台帳用（数字4桁。転入手続き、券面の住所・氏名情報の更新）、券面事項入力補助用（数字4桁。氏名・住所・生年月日のオンライン入力）。',
    sources: ['city.natori.miyagi.jp node_55209 (2024-01-10)', 'kojinbango-card.go.jp/jpki'],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'confirmed',
  },
  {
    id: 'F2',
    statement: '数字4桁の3つの暗証番号は、すべて同じ番号にしてよい。',
    sources: ['city.natori.miyagi.jp node_55209 (2024-01-10)', 'kojinbango-card.go.jp/jpki'],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'confirmed',
  },
  {
    id: 'F3',
    statement: '署名用電子証明書は、15歳未満の人と成年被後見人には原則として発行されない。',
    sources: ['city.natori.miyagi.jp (2024-01-10)'],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'new',
  },
  {
    id: 'F4',
    statement: '数字4桁の暗証番号は3回連続、署名用の暗証番号は5回連続で間違えるとロックされる。',
    sources: ['town.masaki.ehime.jp 17837 (2021-09-01)', 'city.ichinomiya.aichi.jp faq 1023639 (2024-08-23)'],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'confirmed',
  },
  {
    id: 'F5',
    statement:
      '間違えた回数は時間の経過（翌日を含む）では戻らず、正しく入力したときだけリセットされる。4桁で2回間違えたら残り1回、署名用で4回間違えたら残り1回。',
    sources: ['support.iam-jpki.jp/password (J-LIS support)'],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'confirmed',
  },
  {
    id: 'F6',
    statement:
      'JPKI暗証番号リセットアプリとコンビニのキオスク端末で、窓口に行かずに再設定できる: 利用者証明用（4桁）がわかれば署名用を、署名用がわかれば利用者証明用を。アプリでカード読取→わかる暗証番号を入力→顔認証→24時間以内にキオスク端末でカードを置き、わかる暗証番号を入れて新しい暗証番号を設定。キオスク端末は6:30〜23:00（アプリは随時）、無料。',
    sources: [
      'city.osakasayama.osaka.jp 6761 (2024-08-07)',
      'city.naha.okinawa.jp konbinisyomei (2024-09-20)',
      '4894.call.city.niigata.jp B0308805',
    ],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'changed',
  },
  {
    id: 'F7',
    statement:
      '署名用のみ再設定できる店: ローソン、ファミリーマート、ミニストップ、一部のダイエー。署名用と4桁の両方: セブン-イレブン、イオンリテール（本州・四国）、一部のイオン北海道・東北、一部のフジ。',
    sources: ['www2.jpki.go.jp jpkiidreset riyoukiyaku (J-LIS)'],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'new',
  },
  {
    id: 'F8',
    statement:
      'どちらの電子証明書の暗証番号もわからない場合や、住民基本台帳用・券面事項入力補助用（店では再設定できない）は、住民票のある市区町村の窓口に本人がカードと本人確認書類（顔写真付き推奨。使える書類は市区町村で異なる）を持って行く。窓口でロック解除と再設定ができ、すぐ使える。',
    sources: ['city.dazaifu.lg.jp 1281', 'support.iam-jpki.jp'],
    checked: CHECKED,
    variesByMunicipality: true,
    status: 'confirmed',
  },
  {
    id: 'F9',
    statement:
      '代理人による手続きは可能だが即日には終わらない。市区町村が本人の住所に照会書（兼回答書）を郵送し、代理人がカード・記入済みの回答書・委任状・代理人の本人確認書類を持って来庁する。理由の要否（入院・施設入所など。仕事・学校は断られることが多い）と使える本人確認書類は市区町村で異なる。法定代理人は資格を証明する書類（戸籍謄本など）を持参。',
    sources: ['city.kikuchi.lg.jp 6533', 'city.osakasayama.osaka.jp 1619756671822', 'Kunitachi (2021-04-13)'],
    checked: CHECKED,
    variesByMunicipality: true,
    status: 'confirmed',
  },
  {
    id: 'F10',
    statement:
      'コンビニ交付: 住民票の写し、住民票記載事項証明書、印鑑登録証明書、税の証明書を、12/29〜1/3とメンテナンス日を除く毎日6:30〜23:00、全国の店舗で、カードと4桁の暗証番号で取得できる。戸籍証明書・戸籍の附票は時間が短いことが多い（例: 平日9:00〜17:00）。取得できる証明書は市区町村で異なる。',
    sources: ['city.gero.lg.jp 285', 'town.harima.lg.jp 201602222000'],
    checked: CHECKED,
    variesByMunicipality: true,
    status: 'confirmed',
  },
  {
    id: 'F11',
    statement: 'マイナ保険証は、医療機関・薬局のカードリーダーで顔認証か4桁の暗証番号で使う。',
    sources: ['daidankenpo.or.jp news 136'],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'confirmed',
  },
  {
    id: 'F12',
    statement:
      '紙の健康保険証は2024-12-02に新規発行が終了し、2025-12-01までにすべて有効期限を迎えた（医療機関向けの猶予は2026-03-31に終了）。マイナ保険証のない人には資格確認書が無料で交付される（有効期間は最長5年）。',
    sources: ['faq.myna.go.jp/faq/show/3505 (Digital Agency)', 'hodanren.doc-net.or.jp (2025-06-30)'],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'changed',
  },
  {
    id: 'F13',
    statement: '電子証明書の有効期限が切れても、期限の月の3か月後の月末までマイナ保険証として使える。',
    sources: ['city.nara.lg.jp 32476', 'city.tama.lg.jp 1017168 (2025-05-15)'],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'new',
  },
  {
    id: 'F14',
    statement:
      'マイナポータルにはカードと4桁の暗証番号でログインする。自分の情報（健康保険、税・所得、年金、子育て、福祉）の確認、オンライン申請（児童手当、介護、転出届）、確定申告へのデータ連携（源泉徴収票、医療費、保険料・寄附金控除）ができる。',
    sources: ['article', 'Mynaportal'],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'confirmed',
  },
  {
    id: 'F15',
    statement:
      '覚えている暗証番号の変更は、マイナポータル（パソコン・スマートフォン）、J-LISの利用者クライアントソフト、または市区町村の窓口でできる。現在の暗証番号が必要。',
    sources: ['tomioka-town.jp 6033', 'town.fujimi.lg.jp mynumbercard-system'],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'changed',
  },
  {
    id: 'F16',
    statement:
      '顔認証マイナンバーカード（2023-12-15〜）は暗証番号も署名用電子証明書もないカード。健康保険証（顔認証か職員の目視確認）と顔写真付き本人確認書類としてだけ使え、マイナポータルやコンビニ交付は使えない。通常のカードとの切り替えはどちら向きも窓口で。',
    sources: ['city.higashine.yamagata.jp 2201', 'city.saijo.ehime.jp mnkaoninsyo'],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'new',
  },
  {
    id: 'F17',
    statement:
      'スマホ用電子証明書: Androidは2023-05-11から、iPhoneは2025-06-24から（iOS 18.5以上、iPhone XS以降）。カードの暗証番号とは別の専用パスワードがあり、カード本体を使ってマイナポータルアプリで再設定する。',
    sources: ['city.nagato.yamaguchi.jp 50294', 'Impress Watch (2025-06-24)'],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'new',
  },
  {
    id: 'F18',
    statement:
      '電子証明書の有効期限は発行後5回目の誕生日（カードの有効期限が先ならその日）。期限の3か月前から市区町村の窓口でのみ更新でき、暗証番号が必要。忘れていても同じ来庁で本人確認書類により再設定できる。住所・氏名が変わると署名用電子証明書は自動的に失効する。',
    sources: ['city.ome.tokyo.jp 16932', 'city.matsudo.chiba.jp denshisyoumei_pass'],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'new',
  },
  {
    id: 'F19',
    statement:
      '紛失・盗難: マイナンバー総合フリーダイヤル0120-95-0178（一時停止は24時間365日、音声案内2番）に電話し、警察と市区町村に届け出る。一般の問い合わせは同じ番号で平日9:30〜20:00、土日祝9:30〜17:30（12/29〜1/3休み）。外国語は0120-0178-27。',
    sources: ['city.miyazaki.miyazaki.jp 250462', 'city.sakata.lg.jp shimin240930 (2024-09-30)'],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'new',
  },
  {
    id: 'F20',
    statement:
      '暗証番号は誰にも教えない（職員、警察、このボットも必要としない）。カードと一緒に保管しない。メモは他人の目に触れない場所に保管する。',
    sources: ['article'],
    checked: CHECKED,
    variesByMunicipality: false,
    status: 'article',
  },
];

/**
 * dist/facts-validated.json (scripts/snapshot-intents.mjs): the facts as JSON, written when the
 * build found every one valid (zod's output equal to the fact itself). Facts equal to it need no
 * zod at start (building the schema and parsing 20 facts was ~2 ms of a cold `mynapin ask`); facts
 * edited since differ from it and are validated here as before.
 */
const VALIDATED_URL = new URL('../facts-validated.json', import.meta.url);

/** Whether these facts are, as JSON, the ones the build validated. */
export function validatedAtBuild(data: readonly Fact[], url: URL = VALIDATED_URL): boolean {
  try {
    return readFileSync(url, 'utf8') === JSON.stringify(data);
  } catch {
    return false; // running from src/ (tests) or before a build
  }
}

/**
 * Validates the facts and indexes them by id. `knownValid`: the caller has checked that `data` is
 * what the build validated (the default looks that up), so zod's output is the data itself.
 */
export function validateFacts(data: readonly Fact[], knownValid: boolean = validatedAtBuild(data)): ReadonlyMap<string, Fact> {
  const byId = new Map<string, Fact>();
  data.forEach((fact, index) => {
    const parsed = knownValid ? { success: true as const, data: fact } : safeParseOnce(factSchema, fact);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || '(fact)';
      throw new IntentFileError(`src/knowledge/facts.ts: FACT_DATA[${index}].${field}: ${issue?.message}`);
    }
    if (byId.has(fact.id)) {
      throw new IntentFileError(`src/knowledge/facts.ts: fact id "${fact.id}" appears twice; ids must be unique`);
    }
    byId.set(fact.id, Object.freeze({ ...parsed.data, sources: [...parsed.data.sources] }));
  });
  return byId;
}

/** Every fact by id, validated when this module loads. */
export const FACTS: ReadonlyMap<string, Fact> = validateFacts(FACT_DATA);

/**
 * For the build: the facts as JSON when zod finds every one valid and gives each back unchanged
 * (what {@link validateFacts} then may take without parsing), else undefined.
 */
export function validatedFactsJson(data: readonly Fact[] = FACT_DATA): string | undefined {
  for (const fact of data) {
    const parsed = safeParseOnce(factSchema, fact);
    if (!parsed.success || !isDeepStrictEqual(parsed.data, fact)) return undefined;
  }
  return JSON.stringify(data);
}

export function isFactId(value: string): boolean {
  return FACTS.has(value);
}

/**
 * The lockout limits of F4, kept here once so every tries-left answer computes from the same numbers
 * (intent texts show them through the `{limit4}` / `{limitSig}` placeholders).
 */
export const LOCKOUT_LIMITS = Object.freeze({ four_digit: 3, signature: 5 } as const);
export const LOCKOUT_LIMITS_FACT = 'F4';

/** A claim from facts.md's "Not verified" list: the bot must never state it. */
export interface UnverifiedClaim {
  id: string;
  claim: string;
  /** Patterns that, found in a reply, would mean the bot states (or touches on) the claim. */
  patterns: RegExp[];
}

/**
 * facts.md "Not verified". The patterns are deliberately broad: none of these topics belongs in an
 * answer, so even a mention counts (tests run every answer text against them).
 */
export const UNVERIFIED_CLAIMS: readonly UnverifiedClaim[] = Object.freeze([
  {
    id: 'card_renewal_pins',
    claim: 'PIN handling when the 10-year card itself is renewed (PINs set at pickup of the new card).',
    patterns: [
      /10年/,
      /十年/,
      /カード(?:自体|本体)?(?:の|を)(?:有効期限の)?(?:更新|作り直|再発行)/,
      /新しいカード/,
      /(?:受け取り|受取|交付)(?:時|の際|のとき).{0,20}暗証番号/,
      /\brenew(?:al|ing)? (?:of )?(?:the|your) card\b/i,
      /\bcard renewal\b/i,
    ],
  },
  {
    id: 'next_generation_card',
    claim: 'Next-generation card (fewer PINs, PUK unlock in the app) and its launch date.',
    patterns: [/\bPUK\b/i, /次期(?:個人番号|マイナンバー)?カード/, /次世代/, /新しいマイナンバーカード/, /2028/, /next[- ]generation/i],
  },
  {
    id: 'overseas_loss_number',
    claim: 'An overseas 24-hour number for reporting a lost card.',
    patterns: [/海外/, /国外/, /\boverseas\b/i, /\babroad\b/i, /\+81/],
  },
]);

/** The unverified claims a text touches on (empty when none): used by tests and the loader's checks. */
export function findUnverifiedClaims(text: string): UnverifiedClaim[] {
  const folded = text.normalize('NFKC');
  return UNVERIFIED_CLAIMS.filter((claim) => claim.patterns.some((pattern) => pattern.test(folded)));
}
