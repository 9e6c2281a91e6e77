/**
 * The privacy guard: finds My Numbers and PINs that residents type into the chat, so that they can
 * be masked before the text is matched, logged or stored anywhere.
 *
 * Contract: scanSecrets never returns the secret itself; redactSecrets replaces every detected
 * secret. The guard errs on the side of masking when a number is offered in a PIN context, and on
 * the side of leaving alone numbers that are clearly counts, dates, times, prices or phone numbers
 * (the bot's own answers contain 0120-95-0178 and 6:30–23:00, and the logger runs them through
 * redactSecrets too).
 */
export type SecretKind = 'my_number' | 'pin' | 'signature_pin';

export interface SecretScan {
  /** Kinds of secrets found in the text (empty when none), each kind at most once. */
  kinds: SecretKind[];
  /** The text with every secret replaced by {@link SECRET_MASK}. */
  redacted: string;
}

/** What a detected secret is replaced with. */
export const SECRET_MASK = '［非表示］';

interface Span {
  start: number;
  end: number;
  kind: SecretKind;
}

// ---------------------------------------------------------------------------------------------
// Width folding that keeps string offsets: every UTF-16 unit maps to exactly one unit, so a span
// found in the folded text is the same span in the original.

// What foldWidth changes: most messages have none of it, and are returned as they are.
const WIDE = /[\uff01-\uff5e\u3000]/;

function foldWidth(text: string): string {
  if (!WIDE.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += text[i];
  }
  return out;
}

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
const isHexLetter = (ch: string | undefined): boolean => ch !== undefined && /[A-Fa-f]/.test(ch);
const isAlnum = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9]/.test(ch);

// ---------------------------------------------------------------------------------------------
// My Number (個人番号): 11 digits + a check digit (Ministry of Internal Affairs ordinance: weights
// 6,5,4,3,2,7,6,5,4,3,2 over the leading digits; remainder ≤ 1 → 0, else 11 − remainder).

const MY_NUMBER_WEIGHTS = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/** True when `digits` (12 ASCII digits) carries a valid My Number check digit. */
export function isValidMyNumber(digits: string): boolean {
  if (!/^\d{12}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += Number(digits[i]) * MY_NUMBER_WEIGHTS[i]!;
  const remainder = sum % 11;
  const check = remainder <= 1 ? 0 : 11 - remainder;
  return check === Number(digits[11]);
}

// Separators people put inside a written-out number: spaces and the many hyphen look-alikes.
const GROUP_SEPARATOR = /^[ \t\-‐‑‒–—―−ｰー・]$/;
// Characters that glue a digit group to another into a phone number, date, time or decimal.
const TIGHT_JOINER = /^[\-‐‑‒–—―−ｰー・.,/:()（）~〜]$/;

interface DigitGroup {
  start: number;
  end: number;
  digits: string;
}

function digitGroups(folded: string): DigitGroup[] {
  const groups: DigitGroup[] = [];
  const re = /\d+/g;
  for (let m = re.exec(folded); m; m = re.exec(folded)) {
    groups.push({ start: m.index, end: m.index + m[0].length, digits: m[0] });
  }
  return groups;
}

/** Groups separated by exactly one separator character form a chain (e.g. 1234 5678 9012). */
function chains(groups: DigitGroup[], folded: string): DigitGroup[][] {
  const result: DigitGroup[][] = [];
  let current: DigitGroup[] = [];
  for (const g of groups) {
    const prev = current[current.length - 1];
    if (prev && g.start - prev.end === 1 && GROUP_SEPARATOR.test(folded[prev.end]!)) current.push(g);
    else {
      if (current.length) result.push(current);
      current = [g];
    }
  }
  if (current.length) result.push(current);
  return result;
}

const MY_NUMBER_CONTEXT = /マイナンバー|まいなんばー|個人番号|my ?number|mynumber/i;

function findMyNumbers(folded: string, groups: DigitGroup[], inIdentifiers = false): Span[] {
  const spans: Span[] = [];
  const context = MY_NUMBER_CONTEXT.test(folded);
  for (const chain of chains(groups, folded)) {
    // In chat text, digits glued to hex letters are part of an identifier someone pasted (a UUID),
    // not a number they typed. In log text the identifiers themselves are what may carry one
    // (「c314159265352」 as a conversation id), so there every valid My Number counts.
    const glued = isHexLetter(folded[chain[0]!.start - 1]) || isHexLetter(folded[chain[chain.length - 1]!.end]);
    if (glued && !inIdentifiers) continue;
    // Try every run of consecutive groups with 12 digits in all: a My Number can sit next to
    // another number in the same chain (「1234 5678 9012 2回」).
    for (let i = 0; i < chain.length; i++) {
      let digits = '';
      for (let j = i; j < chain.length; j++) {
        digits += chain[j]!.digits;
        if (digits.length > 12) break;
        if (digits.length === 12 && (isValidMyNumber(digits) || (context && isPlausibleGrouping(chain, i, j)))) {
          spans.push({ start: chain[i]!.start, end: chain[j]!.end, kind: 'my_number' });
        }
      }
    }
  }
  return spans;
}

// A mistyped My Number (bad check digit) in a My Number context is still one, when it is written
// in one piece or as 4-4-4.
function isPlausibleGrouping(chain: DigitGroup[], i: number, j: number): boolean {
  return i === j || chain.slice(i, j + 1).every((g) => g.digits.length === 4);
}

// ---------------------------------------------------------------------------------------------
// PINs: a 4-digit number, or a signature-PIN-like string, offered in a PIN context.

// Words that put a number in a PIN context (checked on the whole message, width-folded).
const PIN_CONTEXT =
  /暗証|暗唱|暗称|あんしょう|アンショウ|パスワード|ぱすわーど|パスワ|パス|ﾊﾟｽﾜｰﾄﾞ|password|passcode|pass|pin|ピン|ぴん|ﾋﾟﾝ|暗号|番号|ナンバー|コード|数字|署名用|利用者証明|券面|住基/i;
// What follows a number a resident is offering for checking or telling (「1234で合ってる?」).
const OFFER_AFTER =
  /^\s*(?:で(?:合|あ)って|でいい|で良い|でよい|で正し|でただし|で大丈夫|でok|でおk|であってる|でしたっけ|でした|です|だった|だっけ|だと思|だとおも|やった|やっけ|やと思|やとおも|じゃった|じゃと|と思う|とおもう|だよ|だ[。!！?？]|にし|に設定|に変更|に変え|にかえ|にへんこう|って|かな|か[?？]|でしょ|で間違|でまちが|じゃ|は(?:合|あ)って|\s*[?？]|$)/i;
// What precedes an offered value (「暗証番号は1234」「PIN:0000」).
const OFFER_BEFORE =
  /(?:暗証|暗唱|あんしょう|パスワード|ぱすわーど|パス|password|passcode|pass|pin|ピン|ぴん)(?:番号|コード)?\s*(?:は|が|を|って|も|:|=|＝|→)?\s*$/i;
// A unit or counter right after a number means it is a count, date, price… not a PIN.
const UNIT_AFTER =
  /^\s*(?:年|月|日|回|度|桁|けた|ケタ|円|時|分|秒|件|人|名|歳|才|個|枚|週|万|千|百|号|番地|番目|番線|階|丁目|ページ|頁|文字|字|か月|ヶ月|カ月|ヵ月|箇月|次|店|台|本|通|点|位|世帯|割|倍|%|％|km|m\b|kg|g\b|円|yen|年度|系|型|ml|mm|cm|件目|時間|日間|分間|年間)/i;
// A prefix that marks a year, a postal code, money, an ordinal…
const PREFIX_BEFORE = /(?:〒|¥|￥|\$|第|令和|平成|昭和|西暦|no\.?|#|ver\.?|v)\s*$/i;
// A phone, fax or postal number announced as such is not a PIN even after 「番号は」.
const PHONE_BEFORE = /(?:電話|でんわ|tel|fax|ファックス|携帯|郵便)/i;
// Words that look like signature PINs but are product names.
const NOT_A_SIGNATURE_PIN = /^(?:ios\d|iphone|android|windows|pixel|galaxy|xperia|aquos|arrows|ipad|macos|win\d|jpki|etax)/i;

function isTightlyJoined(folded: string, g: DigitGroup): boolean {
  const before = folded[g.start - 1];
  const after = folded[g.end];
  if (before !== undefined && TIGHT_JOINER.test(before) && isDigit(folded[g.start - 2])) return true;
  if (after !== undefined && TIGHT_JOINER.test(after) && isDigit(folded[g.end + 1])) return true;
  return false;
}

/** The message is essentially just the number (「1234」「1234です」「1234?」). */
function isBareValue(folded: string, start: number, end: number): boolean {
  const rest = (folded.slice(0, start) + ' ' + folded.slice(end))
    .replace(/です|でした|かな|だよ|だった|だっけ/g, '')
    .replace(/[\s\p{P}\p{S}]/gu, '');
  return rest.length === 0;
}

function isOffered(folded: string, start: number, end: number, pinContext: boolean): boolean {
  if (pinContext) return true;
  if (OFFER_BEFORE.test(folded.slice(Math.max(0, start - 12), start))) return true;
  if (OFFER_AFTER.test(folded.slice(end, end + 12))) return true;
  return isBareValue(folded, start, end);
}

function findPins(folded: string, groups: DigitGroup[], taken: Span[]): Span[] {
  const spans: Span[] = [];
  const pinContext = PIN_CONTEXT.test(folded);
  const overlaps = (g: DigitGroup) => taken.some((s) => g.start < s.end && s.start < g.end);
  for (const g of groups) {
    if (overlaps(g)) continue;
    if (isAlnum(folded[g.start - 1]) || isAlnum(folded[g.end])) continue; // part of a word: handled below
    if (isTightlyJoined(folded, g)) continue;
    if (UNIT_AFTER.test(folded.slice(g.end, g.end + 4))) continue;
    if (PREFIX_BEFORE.test(folded.slice(Math.max(0, g.start - 4), g.start))) continue;
    const len = g.digits.length;
    if (len === 4 && isOffered(folded, g.start, g.end, pinContext)) {
      spans.push({ start: g.start, end: g.end, kind: 'pin' });
    } else if (len >= 5 && len <= 16 && len !== 12 && directlyOffered(folded, g.start, g.end, pinContext)) {
      // Not a valid PIN format, but a resident telling us their (mis-remembered) PIN all the same.
      spans.push({ start: g.start, end: g.end, kind: 'pin' });
    }
  }
  // 「1 2 3 4」「12-34」: a 4-digit PIN typed with separators.
  for (const chain of chains(groups, folded)) {
    if (chain.length < 2) continue;
    const digits = chain.map((g) => g.digits).join('');
    const first = chain[0]!;
    const last = chain[chain.length - 1]!;
    if (digits.length !== 4 || overlaps({ start: first.start, end: last.end, digits })) continue;
    if (UNIT_AFTER.test(folded.slice(last.end, last.end + 4))) continue;
    if (pinContext || isBareValue(folded, first.start, last.end)) {
      spans.push({ start: first.start, end: last.end, kind: 'pin' });
    }
  }
  return spans;
}

function directlyOffered(folded: string, start: number, end: number, pinContext: boolean): boolean {
  if (PHONE_BEFORE.test(folded.slice(Math.max(0, start - 10), start))) return false;
  return (
    OFFER_BEFORE.test(folded.slice(Math.max(0, start - 12), start)) ||
    (pinContext && OFFER_AFTER.test(folded.slice(end, end + 12)))
  );
}

// 「暗証番号は一二三四」: four kanji digits in a PIN context.
function findKanjiPins(folded: string): Span[] {
  if (!PIN_CONTEXT.test(folded)) return [];
  const spans: Span[] = [];
  const re = /(?<![〇零一二三四五六七八九十百千万])[〇零一二三四五六七八九]{4}(?![〇零一二三四五六七八九十百千万])/g;
  for (let m = re.exec(folded); m; m = re.exec(folded)) {
    const end = m.index + m[0].length;
    if (UNIT_AFTER.test(folded.slice(end, end + 4))) continue;
    spans.push({ start: m.index, end, kind: 'pin' });
  }
  return spans;
}

// 「ABCD1234やったと思う」「abc12345だったかな」: a value the resident is trying to recall.
const RECALLED_AFTER = /^\s*(?:(?:や|だ|じゃ)(?:った)?|でした)?\s*(?:と思|とおも|かな|っけ)/;

// 「TARO2024 か TARO2025 のどっちか」: candidates for one value, offered side by side.
const ALTERNATIVE_AFTER = /^\s*(?:か|と|or|\/|・)\s*[A-Z0-9]{6,16}(?![A-Za-z0-9])/;
const ALTERNATIVE_BEFORE = /(?<![A-Za-z0-9])[A-Z0-9]{6,16}\s*(?:か|と|or|\/|・)\s*$/;

function isAlternative(folded: string, start: number, end: number): boolean {
  return ALTERNATIVE_AFTER.test(folded.slice(end, end + 24)) || ALTERNATIVE_BEFORE.test(folded.slice(Math.max(0, start - 24), start));
}

const SIGNATURE_CONTEXT = /暗証|暗唱|あんしょう|パスワード|ぱすわーど|パス|password|passcode|pin|ピン|ぴん|署名|暗号/i;

// A chat platform's handle or id written into the text: a Slack mention 「<@U04ABCD12>」, a channel
// 「<#C01AB2CD3|窓口>」, a user group 「<!subteam^S0123ABC>」, or 「@U04ABCD12」 pasted plain. Staff quote
// them beside 「暗証番号」; they are who is addressed, not a password.
const HANDLE_BEFORE = /(?:<[#!]|<!subteam\^|@)$/;

// 6–16 letters and digits with at least one of each: the signature PIN's format (F1). Residents
// may type it in lower case, so case only decides how much context we need.
function findSignaturePins(folded: string): Span[] {
  const spans: Span[] = [];
  const context = SIGNATURE_CONTEXT.test(folded);
  const re = /(?<![A-Za-z0-9])[A-Za-z0-9]{6,16}(?![A-Za-z0-9])/g;
  for (let m = re.exec(folded); m; m = re.exec(folded)) {
    const word = m[0];
    if (!/[A-Za-z]/.test(word) || !/\d/.test(word)) continue;
    if (NOT_A_SIGNATURE_PIN.test(word)) continue;
    if (HANDLE_BEFORE.test(folded.slice(Math.max(0, m.index - 10), m.index))) continue;
    const end = m.index + word.length;
    const upper = word === word.toUpperCase();
    const offered =
      OFFER_BEFORE.test(folded.slice(Math.max(0, m.index - 12), m.index)) ||
      (context && OFFER_AFTER.test(folded.slice(end, end + 12))) ||
      RECALLED_AFTER.test(folded.slice(end, end + 12)) ||
      (upper && isAlternative(folded, m.index, end));
    if ((upper && context) || offered || isBareValue(folded, m.index, end)) {
      spans.push({ start: m.index, end, kind: 'signature_pin' });
    }
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Identifier pieces: in a path, a request id or a user id, each piece between separators
// (「/x/1234/ABC12345」, 「pw_ABC12345」) is judged as if it had been sent alone, where a bare
// 4-digit number or a signature-PIN-like word is a secret. Pieces of lower-case hex (UUIDs, hashes,
// LINE ids) are left alone: that is how machines write ids, and a signature PIN is upper case (F1).
const LOWER_HEX = /^[0-9a-f]+$/;

const UPPER_RUN = /[A-Z0-9]{6,16}/g;

/** Length of the run of digits that ends just before `end` (or starts at `start`, going right). */
function digitRun(folded: string, from: number, step: 1 | -1): number {
  let n = 0;
  for (let i = from; isDigit(folded[i]); i += step) n++;
  return n;
}

// 「2026-12-05」「127.0.0.1:3000」「file.js:1234:5」 are dates, addresses and positions; but in
// 「slack:7305:7305」 the colon separates two pieces, each a 4-digit number on its own.
function isPartOfLargerNumber(folded: string, start: number, end: number): boolean {
  const before = folded[start - 1];
  const after = folded[end];
  if (before === ':' && folded[start - 2] === ']') return true; // an IPv6 address's port
  if (before !== undefined && TIGHT_JOINER.test(before) && isDigit(folded[start - 2])) {
    if (!(before === ':' && digitRun(folded, start - 2, -1) === 4)) return true;
  }
  if (after !== undefined && TIGHT_JOINER.test(after) && isDigit(folded[end + 1])) {
    if (!(after === ':' && digitRun(folded, end + 1, 1) === 4)) return true;
  }
  return false;
}

function findIdentifierSecrets(folded: string): Span[] {
  const spans: Span[] = [];
  const re = /[A-Za-z0-9]+/g;
  for (let m = re.exec(folded); m; m = re.exec(folded)) {
    const word = m[0];
    const start = m.index;
    const end = start + word.length;
    if (word.length === 4 && /^\d{4}$/.test(word)) {
      if (!isPartOfLargerNumber(folded, start, end) && !UNIT_AFTER.test(folded.slice(end, end + 4))) spans.push({ start, end, kind: 'pin' });
    } else if (word.length >= 6 && word.length <= 16 && /[A-Za-z]/.test(word) && /\d/.test(word)) {
      if (!LOWER_HEX.test(word) && !NOT_A_SIGNATURE_PIN.test(word)) spans.push({ start, end, kind: 'signature_pin' });
    } else if (word.length > 16) {
      // A signature PIN glued into a longer id (「UpwABC12345abcdef」): its upper-case part.
      for (const run of word.matchAll(UPPER_RUN)) {
        const [text] = run;
        if (/[A-Z]/.test(text) && /\d/.test(text)) {
          const runStart = start + run.index!;
          const runEnd = runStart + text.length;
          // Only a whole upper-case run: 「01FZ74A0TDDPYRVKNK77XKC3ZR」 (a ULID) is one run of 26.
          if (!/[A-Z0-9]/.test(folded[runStart - 1] ?? '') && !/[A-Z0-9]/.test(folded[runEnd] ?? '')) {
            spans.push({ start: runStart, end: runEnd, kind: 'signature_pin' });
          }
        }
      }
    }
  }
  return spans;
}

// Nothing to look at without a digit (a signature PIN has at least one too).
const ANY_DIGIT = /[0-9０-９〇零一二三四五六七八九]/;

/**
 * Finds My Numbers and PINs in a message. Returns which kinds were found and the text with each
 * one masked; the secret itself is never returned.
 */
export function scanSecrets(text: string): SecretScan {
  return scan(text, false);
}

function scan(text: string, inIdentifiers: boolean): SecretScan {
  if (!ANY_DIGIT.test(text)) return { kinds: [], redacted: text };
  const folded = foldWidth(text);
  const groups = digitGroups(folded);
  const myNumbers = findMyNumbers(folded, groups, inIdentifiers);
  const spans = [
    ...myNumbers,
    ...findPins(folded, groups, myNumbers),
    ...findKanjiPins(folded),
    ...findSignaturePins(folded),
    ...(inIdentifiers ? findIdentifierSecrets(folded) : []),
  ];
  if (spans.length === 0) return { kinds: [], redacted: text };
  return { kinds: [...new Set(spans.map((s) => s.kind))], redacted: mask(text, spans) };
}

/** Replaces every secret in `text` with {@link SECRET_MASK}; text without secrets is returned as is. */
export function redactSecrets(text: string): string {
  return scanSecrets(text).redacted;
}

// ---------------------------------------------------------------------------------------------
// Log text.

// Nothing in a log string can hide a secret without one of these: a digit in any width, a kanji
// digit, or a percent sign (which may encode any of them).
const MAY_HOLD_SECRET = /[0-9０-９〇零一二三四五六七八九%]/;
const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

/**
 * Percent-decodes `text` the forgiving way: every run of valid `%XX` escapes is decoded as UTF-8
 * (invalid byte sequences become U+FFFD), malformed `%` signs are left as they are, and nothing
 * throws. Double encoding (`%2531`) is undone up to three times.
 */
export function percentDecode(text: string): string {
  let current = text;
  for (let round = 0; round < 3 && current.includes('%'); round++) {
    const next = current.replace(PERCENT_RUN, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * The one redaction of everything written to a log: messages, paths, request ids, conversation
 * keys, user / group / channel ids, error messages. The chat rules of {@link scanSecrets} apply to
 * the percent-decoded text, plus the rules for identifiers: a valid My Number glued to letters
 * (「c314159265352」), and each piece between separators judged as if sent alone (「/x/1234/…」,
 * 「pw_ABC12345」). Text without a digit or `%` is returned at once, unchanged (the common case:
 * `/api/chat`, `/healthz`). When a secret is found the decoded text is returned with it masked;
 * otherwise the original text, as it was.
 */
export function redactForLog(text: string): string {
  if (!MAY_HOLD_SECRET.test(text)) return text;
  const decoded = text.includes('%') ? percentDecode(text) : text;
  const result = scan(decoded, true);
  return result.kinds.length === 0 ? text : result.redacted;
}

function mask(text: string, spans: Span[]): string {
  // Merge overlapping spans so a secret found twice is masked once.
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  let out = '';
  let pos = 0;
  for (const s of merged) {
    out += text.slice(pos, s.start) + SECRET_MASK;
    pos = s.end;
  }
  return out + text.slice(pos);
}
