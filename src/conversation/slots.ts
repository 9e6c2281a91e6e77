import type { PinType } from './types.js';

/**
 * Slot readers: the facts of the resident's situation the answer depends on, read from one
 * message. They work on text already passed through `normalise()` (src/nlu/normalise.ts): NFKC,
 * lower-case ASCII, katakana folded to hiragana, punctuation turned into spaces.
 */
export interface Slots {
  /** Which PIN the message names; `unknown` only when the resident says they do not know which. */
  pinType?: PinType;
  /** How many consecutive wrong entries the resident reports. */
  wrongCount?: number;
}

// 「数字だけのやつ」: the 4-digit PINs, unless letters are named too. Weak: 「AからZと数字の」 is the signature PIN.
const DIGITS_ONLY = /(?<!(?:英|大文字|あるふぁべっと).{0,6})数字(?!.*(?:英|あるふぁべっと))/;

const FOUR_DIGIT = [
  /(?<![0-9])4\s*(?:桁|けた)/,
  /よん\s*(?:桁|けた)|四\s*(?:桁|けた)|よけた/,
  DIGITS_ONLY,
  /利用者証明/,
  /住基|住民基本台帳/,
  /券面|けんめん/,
  /短い(?:ほう|方|やつ|の)|みじかい(?:ほう|方|やつ|の)/,
  // English (text in Latin letters): "the 4-digit one", "four digit PIN", "the short one"
  /\b(?:4|four)[ -]?digits?\b|\b(?:4|four) numbers\b|\bshort(?:er)? (?:one|pin|password)\b|\buser (?:certificate|authentication) pin\b|\bnumeric pin\b/,
];

// Where the signature PIN is used rather than its name: 「e-Taxで利用者証明用のパスワード(数字4桁)を…」 is
// the 4-digit PIN, which e-Tax also asks for at login.
const SIGNATURE_USE = /e\s*-?\s*tax|いーたっくす|確定申告|かくていしんこく/;

/** The signature PIN named as such (by name, its characters, its length). */
const SIGNATURE_NAMED = [
  /署名|しょめい/,
  /英数字|英字|英語と?数字|数字と英語|えいすうじ|あるふぁべっと|大文字|(?:ろーま字|ろーまじ)(?:まじり|混じり|交じり)/,
  /長い(?:ほう|方|やつ|の|ぱす)|ながい(?:ほう|方|やつ|の|ぱす)/,
  /6\s*(?:桁|けた|文字|もじ)\s*以上|6\s*(?:~|〜|から|-)\s*16|(?:ろっ|ろく)けた/,
  /\bsignature\b|\blong(?:er)? (?:one|pin|password)\b|\balpha-?numeric\b|\bletters and (?:numbers|digits)\b/,
];
const SIGNATURE = [...SIGNATURE_NAMED, SIGNATURE_USE];

// 「どっちかわからない」「どの暗証番号かわからない」: the resident does not know WHICH PIN. A bare
// 「わからない」 means this too, but only as the answer to the which-PIN question (see isUnsure).
const UNKNOWN_TYPE =
  /(?:どっち|どちら|どれ|どの|種類|何の|なんの)[^ ]{0,8}(?:わから|分から|わかりません|分かりません|不明|知ら|しら)|\b(?:don ?t|do not|dont) know which\b|\bnot sure which\b|\bno idea which\b/;

const UNSURE =
  /^(?:え[ーっ]?\s*)?(?:わから|分から|わかりま|分かりま|不明|知ら|しら|忘れ|わすれ|覚えて|おぼえて|どっちか|どちらか|両方|りょうほう)|^(?:i )?(?:don ?t know|dont know|do not know|not sure|no idea|unsure|dunno|both|either)\b/;

/** Which PIN the (normalised) text talks about; undefined when it names none or both. */
export function readPinType(normalised: string): PinType | undefined {
  const four = FOUR_DIGIT.some((re) => re.test(normalised));
  const named = SIGNATURE_NAMED.some((re) => re.test(normalised));
  const signature = named || SIGNATURE_USE.test(normalised);
  if (four && !signature) return 'four_digit';
  // A 4-digit PIN named as such outweighs the signature PIN's use named around it.
  if (four && !named && FOUR_DIGIT_NAMED.some((re) => re.test(normalised))) return 'four_digit';
  if (signature && !four) return 'signature';
  if (UNKNOWN_TYPE.test(normalised)) return 'unknown';
  return undefined;
}

/** The text names where the signature PIN is used (e-Tax) but not the PIN itself. */
export function namesSignatureUseOnly(normalised: string): boolean {
  return SIGNATURE_USE.test(normalised) && !SIGNATURE_NAMED.some((re) => re.test(normalised));
}

/** True when the (normalised) text names both the 4-digit and the signature PIN. */
export function namesBothPins(normalised: string): boolean {
  return FOUR_DIGIT.some((re) => re.test(normalised)) && SIGNATURE.some((re) => re.test(normalised));
}

// The 4-digit PIN named as such: 「数字」 alone may be half of 「英字と数字」, which comes later.
const FOUR_DIGIT_NAMED = FOUR_DIGIT.filter((re) => re !== DIGITS_ONLY);

/**
 * Which PIN the (normalised) text names first, when it names both: the one a message is about comes
 * first (「利用者証明用を忘れました。署名用の方はメモってあります」).
 */
export function firstNamedPinType(normalised: string): PinType | undefined {
  const four = firstIndex(FOUR_DIGIT_NAMED, normalised);
  const signature = firstIndex(SIGNATURE, normalised);
  if (four < 0 || signature < 0) return undefined;
  return four < signature ? 'four_digit' : 'signature';
}

function firstIndex(patterns: readonly RegExp[], text: string): number {
  let first = -1;
  for (const re of patterns) {
    const at = text.search(re);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  return first;
}

/**
 * True for a short 「わからない」-style answer: as the reply to the which-PIN question it means the
 * resident does not know which PIN it is.
 */
export function isUnsure(normalised: string): boolean {
  return normalised.length <= 20 && UNSURE.test(normalised.trim());
}

const KANJI_DIGITS: Record<string, number> = {
  一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** 「二」→2, 「十」→10, 「十二」→12, 「二十」→20; undefined for anything else. */
function kanjiNumber(text: string): number | undefined {
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!m || text === '') return undefined;
  const [, tens, ten, ones] = m;
  if (!ten) return tens && !ones ? KANJI_DIGITS[tens] : undefined;
  return (tens ? KANJI_DIGITS[tens]! : 1) * 10 + (ones ? KANJI_DIGITS[ones]! : 0);
}

// A count of tries: 「2回」「二回」「3度」「いっかい」 (「何回」 has no number).
const COUNT =
  /(あと|残り|のこり|もう|[0-9一]日|毎日)?\s*(?<![0-9一二三四五六七八九十百千])(?:([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*(?:回|度)|(いっ|に|さん|よん)かい)/g;
const VISITS_AFTER = /^\s*(?:で(?:終|おわ|済|すみ|すむ|すま|行|いけ|完了|かんりょう|大丈夫|ok)|(?:行|い)(?:け|っ|く)|(?:来|き)(?:れ|て))/;
const KANA_NUMBERS: Record<string, number> = { いっ: 1, に: 2, さん: 3, よん: 4 };
const MISTAKE = /間違|まちが|みす|ミス|失敗|しっぱい|誤|あやま|ろっく|ロック|入力|にゅうりょく|打ち|うち|押し|おし|違|ちが|だめ|ダメ|はじか|弾か|通らな|とおらな/;

/**
 * How many wrong entries the (normalised) text reports, from 1 to 20. The counter only resets on
 * a correct entry, so any reported count is taken as consecutive.
 */
export function readWrongCount(normalised: string): number | undefined {
  // Every count COUNT reads ends in 回, 度 or かい: most messages hold none, and skip the regex.
  if (!normalised.includes('回') && !normalised.includes('度') && !normalised.includes('かい')) return undefined;
  COUNT.lastIndex = 0;
  for (let m = COUNT.exec(normalised); m; m = COUNT.exec(normalised)) {
    const prefix = m[1];
    const raw = m[2] ?? m[3];
    if (raw === undefined) continue;
    // 「1回で終わりますか」「2回行けばいい」: visits or steps, not wrong entries.
    if (VISITS_AFTER.test(normalised.slice(m.index + m[0].length, m.index + m[0].length + 6))) continue;
    // 「あと1回」「残り2回」 are tries left, 「1日3回」 a rate, 「もう1回」 once more; but
    // 「もう2回間違えた」 is 'already twice'.
    if (prefix && !(prefix === 'もう' && raw !== '1' && raw !== '一' && raw !== 'いっ')) continue;
    const isKana = m[3] !== undefined;
    // Kana numbers are ambiguous (「にかい」 is also 「二階」) and 「一度」 often means 'once, ever':
    // only trust them next to a mistake word.
    const ambiguous = isKana || (raw === '一' && m[0].endsWith('度'));
    if (ambiguous && !MISTAKE.test(normalised.slice(m.index, m.index + m[0].length + 10))) continue;
    const value = /^[0-9]+$/.test(raw) ? Number(raw) : isKana ? KANA_NUMBERS[raw] : kanjiNumber(raw);
    // 「一度も間違えていない」「1回も入力してない」: not even once. (「2回も間違えた」 is twice.)
    if (value === 1 && normalised.charCodeAt(m.index + m[0].length) === 0x3082 /* も */) continue;
    if (value !== undefined && value >= 1 && value <= 20) return value;
  }
  return undefined;
}

// English counts of wrong entries: "2 times", "twice", "three tries" next to a mistake word.
const ENGLISH_COUNT = /\b([0-9]{1,2}|once|twice|one|two|three|four|five|six|seven|eight|nine|ten)(?: (times?|tries|attempts?))?\b/g;
const ENGLISH_NUMBERS: Record<string, number> = { once: 1, twice: 2, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
const ENGLISH_MISTAKE = /\b(?:wrong|incorrect|mistyp|mistake|failed|fail|invalid|messed up|entered|typed)/;

/** How many wrong entries an English (normalised) text reports, from 1 to 20. */
export function readWrongCountEnglish(normalised: string): number | undefined {
  if (!ENGLISH_MISTAKE.test(normalised)) return undefined;
  ENGLISH_COUNT.lastIndex = 0;
  for (let m = ENGLISH_COUNT.exec(normalised); m; m = ENGLISH_COUNT.exec(normalised)) {
    const word = m[1]!;
    const isWord = Object.hasOwn(ENGLISH_NUMBERS, word);
    // "2 times" / "twice" / "three tries"; a bare number is a count only with its unit.
    if (!m[2] && word !== 'once' && word !== 'twice') continue;
    // "4 digit", "one more time": not counts.
    if (/^(?:one|once)$/.test(word) && /\bone more\b/.test(normalised)) continue;
    const value = isWord ? ENGLISH_NUMBERS[word]! : Number(word);
    if (value >= 1 && value <= 20) return value;
  }
  return undefined;
}

/** Every slot the (normalised) text fills. */
export function readSlots(normalised: string): Slots {
  const slots: Slots = {};
  const pinType = readPinType(normalised);
  if (pinType) slots.pinType = pinType;
  const wrongCount = readWrongCount(normalised) ?? (/[a-z]{3}/.test(normalised) ? readWrongCountEnglish(normalised) : undefined);
  if (wrongCount !== undefined) slots.wrongCount = wrongCount;
  return slots;
}
