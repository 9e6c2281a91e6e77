// Distinct, realistic utterances for the benchmarks: every labelled line of test/fixtures/*.tsv
// (and of the shared dev.tsv when present) with varied openings and endings, so that no line
// repeats and no cache can answer for the matcher.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const PREFIXES = ['', 'すみません、', 'あの、', '質問です。', 'こんにちは。', '母のことで、', '急ぎです。', 'ちょっと聞きたいんだけど', '窓口の者ですが、', 'お世話になります。', '初めてです。', 'ﾁｮｯﾄ教えて '];
const SUFFIXES = ['', '？', 'よろしくお願いします', '。どうすればいいですか', '（至急）', '…', '。困っています', ' お願いします!', 'ね', '。ありがとう', '！', '。教えてください'];

/** The labelled lines of the fixtures (and dev.tsv): [intent, text] pairs. */
export function labelledLines(root) {
  const dir = join(root, 'test/fixtures');
  const files = readdirSync(dir).filter((f) => f.endsWith('.tsv')).sort().map((f) => join(dir, f));
  const dev = resolve(root, '../shared/eval/dev.tsv');
  if (existsSync(dev)) files.push(dev);
  return files.flatMap((f) => readFileSync(f, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t')));
}

/**
 * `n` distinct utterances (fewer only if the combinations run out), each a flat string as
 * JSON.parse gives a request's text (a webhook's, /api/chat's). Built by concatenation they would
 * stay V8 cons strings, which no channel ever hands the matcher: reading one cost about 0.3 µs more
 * per match (2026-12-06, same process).
 */
export function distinctLines(root, n) {
  const texts = [...new Set(labelledLines(root).map(([, text]) => text.trim()).filter(Boolean))];
  const out = new Set();
  const combos = texts.length * PREFIXES.length * SUFFIXES.length;
  for (let i = 0; out.size < n && i < combos; i++) {
    const text = texts[i % texts.length];
    const p = PREFIXES[Math.floor(i / texts.length) % PREFIXES.length];
    const s = SUFFIXES[Math.floor(i / (texts.length * PREFIXES.length)) % SUFFIXES.length];
    // Mix prefixes and suffixes early: step the suffix with the prefix so the first lines vary both.
    out.add(`${p}${text}${SUFFIXES[(SUFFIXES.indexOf(s) + Math.floor(i / texts.length)) % SUFFIXES.length]}`);
  }
  return [...out].map((line) => JSON.parse(JSON.stringify(line)));
}

/**
 * Voiced and small kana → the plain large kana a resident's phone or voice input left instead (both
 * scripts): the damage bench/classifier-policy-folds.mjs and bench/typo-robustness.mjs apply.
 */
export const PLAIN_KANA = new Map();
for (const [from, to] of [['がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽ', 'かきくけこさしすせそたちつてとはひふへほはひふへほ'], ['ぁぃぅぇぉっゃゅょゎ', 'あいうえおつやゆよわ']]) {
  for (let k = 0; k < from.length; k++) {
    PLAIN_KANA.set(from[k], to[k]);
    PLAIN_KANA.set(String.fromCharCode(from.charCodeAt(k) + 0x60), String.fromCharCode(to.charCodeAt(k) + 0x60));
  }
}
