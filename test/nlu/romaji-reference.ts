// romajiToHiragana as first written (a substring and a tuple per syllable), over the same tables:
// the reference test/nlu/normalise.test.ts holds the fast version equal to. Test code, not shipped.
import { ROMAJI_TABLES } from '../../src/nlu/romaji.js';

const { VOWELS, ROWS, SPECIAL, YOON, ORDER } = ROMAJI_TABLES;

function syllableReference(word: string, i: number): [kana: string, length: number] | undefined {
  for (const len of [3, 2]) {
    const chunk = word.slice(i, i + len);
    if (SPECIAL[chunk]) return [SPECIAL[chunk]!, len];
  }
  const c = word[i]!;
  if (VOWELS[c]) return [VOWELS[c]!, 1];
  const next = word[i + 1];
  if (c === 'n' && (next === undefined || next === "'" || (!VOWELS[next] && next !== 'y'))) {
    return [next === 'n' && !VOWELS[word[i + 2] ?? ''] ? 'ん' : 'ん', next === "'" ? 2 : 1];
  }
  if (next && next === c && c !== 'n' && !VOWELS[c]) return ['っ', 1];
  const row = ROWS[c];
  if (!row || next === undefined) return undefined;
  if (next === 'y' && YOON[word[i + 2] ?? ''] && row[1] !== '\0') return [row[1]! + YOON[word[i + 2]!]!, 3];
  const v = ORDER.indexOf(next);
  if (v < 0 || row[v] === '\0') return undefined;
  return [row[v]!, 2];
}

/** {@link romajiToHiragana} as first written (a substring and a tuple per syllable): the reference for tests. */
export function romajiToHiraganaReference(word: string): string | undefined {
  let out = '';
  let lastVowel = '';
  for (let i = 0; i < word.length; ) {
    const c = word[i]!;
    if (c === 'a' && c === lastVowel) {
      out += 'ー';
      lastVowel = '';
      i++;
      continue;
    }
    const s = syllableReference(word, i);
    if (!s) return undefined;
    out += s[0];
    lastVowel = VOWELS[word[i + s[1] - 1] ?? ''] ? word[i + s[1] - 1]! : '';
    i += s[1];
  }
  return out;
}
