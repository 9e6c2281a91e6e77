import { KANA_READINGS } from './kana-readings.data.js';
import { unitAt } from './code-units.js';

/**
 * A message written in kana alone (children, older residents, やさしい日本語: 「としょかん の かーど
 * の ばんごう わすれた」), followed by the kanji spelling of its words that the phrases and the
 * labelled sets write in kanji (「… 図書館番号」). The lexicon, the key terms, the classifier and the
 * example index all learnt those words in kanji; without them the kana message kept only its common
 * words (かーど, ばんごう, わすれた) and read as a forgotten My Number PIN.
 *
 * Only a message with no kanji at all gets them (one in katakana alone is read as hiragana), and a
 * word is read only where one starts: at the start, after a space, punctuation, katakana or Latin
 * letters, after a particle, or right after a word just read. Readings are the IPA dictionary's for
 * the words of the training texts (scripts/kana-readings.mjs), at least three kana long. Any other
 * message is returned as it is.
 */
export function withKanjiForKana(text: string): string {
  const kana = kanaIn(text, 0, text.length);
  if (kana === Kana.None) return text;
  // A message in katakana alone, often half-width (「ﾊﾞﾝｺﾞｳ ﾍﾝｺｳ ｼﾀｲ」 from an older phone), is read
  // as the same words in hiragana: the readings are hiragana. Katakana among hiragana stays a word
  // boundary (「パスワードわすれた」), so only a text with no hiragana is folded.
  const found = kanjiWordsIn(kana === Kana.Hiragana ? text : katakanaAsHiragana(text));
  // Appended, as romaji readings are (normalise.ts), not put in place: the lexicon's kana patterns
  // still read the text as written. Measured with heldout35–63 each left out (in-scope / none):
  // in place 7,125 / 2,730 against appended 7,125 / 2,733 (「しないと」 became 「市内と」); then
  // appended 7,125 / 2,734 against each word after its reading 7,121 / 2,733 and appended with
  // a separator 7,125 / 2,733.
  return found === '' ? text : `${text} ${found}`;
}

/**
 * The kanji spelling of each word that `kana` spells where a word starts (see
 * {@link withKanjiForKana}), once each, joined; '' when none. Also read from the kana reading of
 * words typed in romaji (normalise.ts: 「shinsei」 → しんせい → 申請).
 */
export function kanjiWordsIn(kana: string): string {
  const text = kana;
  const byPrefix = (table ??= readTable());
  let found: Set<string> | undefined;
  let afterWord = false;
  const n = text.length;
  for (let i = 0; i < n; ) {
    if (isHiragana(text.charCodeAt(i)) && (afterWord || i === 0 || startsWordAfter(text.charCodeAt(i - 1)))) {
      let length = 0;
      // Only the readings with these first three kana, longest first: the longest that the text
      // spells here (as looking each length up, longest first, found it; no slice or hash made).
      const key = i + MIN_READING <= n ? prefixKey(text, i) : -1;
      const readings = key >= 0 ? byPrefix.get(key) : undefined;
      if (readings !== undefined) {
        const { spellings, kanji } = readings;
        for (let r = 0; r < spellings.length; r++) {
          const reading = spellings[r]!;
          if (reading.length <= n - i && text.startsWith(reading, i)) {
            (found ??= new Set<string>()).add(kanji[r]!);
            length = reading.length;
            break;
          }
        }
      }
      if (length > 0) {
        i += length;
        afterWord = true;
        continue;
      }
    }
    afterWord = false;
    i++;
  }
  return found === undefined ? '' : [...found].join('');
}

/** Whether `text[start…end)` has kana and no kanji: a text whose kanji words {@link withKanjiForKana} reads. */
export function isKanaOnly(text: string, start: number, end: number): boolean {
  return kanaIn(text, start, end) !== Kana.None;
}

const enum Kana {
  /** Kanji, or no kana at all. */
  None,
  /** Hiragana (and maybe katakana), no kanji. */
  Hiragana,
  /** Katakana (full- or half-width), no hiragana and no kanji. */
  KatakanaOnly,
}

function kanaIn(text: string, start: number, end: number): Kana {
  let hasHiragana = false;
  let hasKatakana = false;
  for (let k = start; k < end; k++) {
    const u = unitAt(text, k); // any kind of string: see code-units.ts
    if (u >= 0x3400 && u <= 0x9fff) return Kana.None;
    if (u >= 0x3041 && u <= 0x3096) hasHiragana = true;
    else if ((u >= 0x30a1 && u <= 0x30f6) || (u >= 0xff66 && u <= 0xff9d)) hasKatakana = true;
  }
  return hasHiragana ? Kana.Hiragana : hasKatakana ? Kana.KatakanaOnly : Kana.None;
}

/** Katakana, full- or half-width (NFKC joins ﾊ and ﾞ), as hiragana; the rest as NFKC gives it. */
function katakanaAsHiragana(text: string): string {
  // A loop over the code units, not a replace() with a callback per katakana (several times the cost).
  const wide = text.normalize('NFKC');
  const n = wide.length;
  const codes = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const u = wide.charCodeAt(k);
    codes[k] = u >= 0x30a1 && u <= 0x30f6 ? u - 0x60 : u;
  }
  return String.fromCharCode.apply(null, codes);
}

/** The shortest reading in the table (scripts/kana-readings.mjs keeps none shorter). */
const MIN_READING = 3;
// Particles a word may follow when the writer left no spaces (「かーどのあんしょうばんごう」):
// の を が は に で と も へ や (compared, not looked up in a Set at every kana).
function isParticle(u: number): boolean {
  return u === 0x306e || u === 0x3092 || u === 0x304c || u === 0x306f || u === 0x306b || u === 0x3067 || u === 0x3068 || u === 0x3082 || u === 0x3078 || u === 0x3084;
}

/** The readings by their first three kana ({@link prefixKey}): their spellings, longest first, and the kanji of each. */
type ReadingsByPrefix = Map<number, { spellings: string[]; kanji: string[] }>;

let table: ReadingsByPrefix | undefined;

/**
 * The first three code units at `i` as one number, a key of the readings by prefix, when all three are
 * hiragana (as every reading's are: readTable checks), else −1 (no reading starts there). Seven
 * bits each, a small integer: the 48-bit key it replaced was a heap number, made and hashed at
 * every position looked up (~1% of a match, 2026-12-07).
 */
function prefixKey(text: string, i: number): number {
  const a = text.charCodeAt(i) - 0x3040;
  const b = text.charCodeAt(i + 1) - 0x3040;
  const c = text.charCodeAt(i + 2) - 0x3040;
  if (!(a > 0 && a < 0x57 && b > 0 && b < 0x57 && c > 0 && c < 0x57)) return -1;
  return (a << 14) | (b << 7) | c;
}

/** The readings, parsed when the first kana-only message comes (most messages have kanji). */
function readTable(): ReadingsByPrefix {
  // A reading listed twice keeps its last kanji, as a Map set in file order did.
  const words = new Map<string, string>();
  for (const line of KANA_READINGS.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < MIN_READING) continue;
    words.set(line.slice(0, tab), line.slice(tab + 1));
  }
  const byPrefix: ReadingsByPrefix = new Map();
  const lists = new Map<number, [string, string][]>();
  for (const [reading, kanji] of words) {
    const key = prefixKey(reading, 0);
    if (key < 0) throw new Error(`kana-readings: the reading ${JSON.stringify(reading)} does not start with three hiragana`);
    let list = lists.get(key);
    if (list === undefined) lists.set(key, (list = []));
    list.push([reading, kanji]);
  }
  for (const [key, list] of lists) {
    list.sort((a, b) => b[0].length - a[0].length);
    byPrefix.set(key, { spellings: list.map(([reading]) => reading), kanji: list.map(([, kanji]) => kanji) });
  }
  return byPrefix;
}

function isHiragana(u: number): boolean {
  return u >= 0x3041 && u <= 0x3096;
}

/** Whether a word may start after this character: anything but hiragana, or a particle. */
function startsWordAfter(u: number): boolean {
  return (!isHiragana(u) && u !== 0x30fc) || isParticle(u);
}
