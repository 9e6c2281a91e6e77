import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { IntentFileError } from '../errors.js';
import { normalisePattern } from './normalise.js';
import { snapshotFor } from '../intents/yaml-snapshot.js';

const lexiconSchema = z.object({
  /** Words whose one-character misconversions are corrected before matching (3+ characters). */
  fuzzy: z.array(z.string().min(3, { message: 'fuzzy words need at least 3 characters' })).default([]),
  /**
   * Two-kanji words and, per kanji, the kanji an IME offers for the same reading: a word written
   * with one of them in place of its own (「辺更」「粉失」「管里」) is corrected.
   */
  homophoneWords: z.array(z.string().length(2, { message: 'homophone words have exactly 2 characters' })).default([]),
  homophones: z.record(z.string().length(1, { message: 'one kanji per key' }), z.string().min(1)).default({}),
  concepts: z.record(
    z.string().regex(/^[A-Z][A-Z0-9_]*$/, { message: 'concept names are UPPER_SNAKE_CASE' }),
    z.array(z.string().min(1)).min(1),
  ),
});

/** A concept: one name, one compiled regular expression (the alternation of its patterns). */
export interface Concept {
  name: string;
  pattern: RegExp;
}

/** The concepts of intents/_lexicon.yaml, compiled. */
export interface Lexicon {
  concepts: readonly Concept[];
  /**
   * Replaces one-character misconversions of the `fuzzy` words (「暗傷番号」「顔人証」「代里人」)
   * by the word. Only an inner character may differ: the first and last characters must match, so
   * 「保険料」 never becomes 「保険証」 and 「認証番号」 never 「暗証番号」.
   */
  correct(normalised: string): string;
  /** The concept names present in a normalised text. */
  conceptsIn(normalised: string): Set<string>;
}

/** Compiles a lexicon from its parsed YAML data; `where` names the source in error messages. */
export function compileLexicon(data: unknown, where = 'intents/_lexicon.yaml'): Lexicon {
  const parsed = lexiconSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new IntentFileError(`${where}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  const concepts: Concept[] = [];
  for (const [name, patterns] of Object.entries(parsed.data.concepts)) {
    const sources = patterns.map((p, i) => {
      const source = normalisePattern(p);
      try {
        new RegExp(source, 'u');
      } catch (error) {
        throw new IntentFileError(`${where}: concepts.${name}[${i}]: not a valid regular expression: ${(error as Error).message}`);
      }
      return source;
    });
    concepts.push({ name, pattern: new RegExp(sources.map((s) => `(?:${s})`).join('|'), 'u') });
  }
  const fuzzy = [...new Set(parsed.data.fuzzy.map((w) => normalisePattern(w).toLowerCase()))];
  const misspelt = homophoneVariants(parsed.data.homophoneWords, parsed.data.homophones);
  const misspeltPattern = misspelt.size > 0 ? new RegExp([...misspelt.keys()].join('|'), 'g') : undefined;
  return {
    concepts,
    correct(normalised: string): string {
      let text = misspeltPattern ? normalised.replace(misspeltPattern, (m) => misspelt.get(m) ?? m) : normalised;
      for (const word of fuzzy) text = correctWord(text, word);
      return text;
    },
    conceptsIn(normalised: string): Set<string> {
      const found = new Set<string>();
      for (const concept of concepts) if (concept.pattern.test(normalised)) found.add(concept.name);
      return found;
    },
  };
}

/** Reads and compiles intents/_lexicon.yaml (or another file). */
export function loadLexicon(file: string): Lexicon {
  let data: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    data = snapshotFor(text) ?? parse(text);
  } catch (error) {
    throw new IntentFileError(`${file}: cannot read the lexicon: ${(error as Error).message}`);
  }
  return compileLexicon(data, file);
}

/** Replaces every substring of `text` that differs from `word` in exactly one inner character. */
function correctWord(text: string, word: string): string {
  const n = word.length;
  if (text.length < n || text.includes(word)) return text;
  const first = word.charCodeAt(0);
  const last = word.charCodeAt(n - 1);
  let out: string | undefined;
  for (let i = 0; i + n <= text.length; i++) {
    if (text.charCodeAt(i) !== first || text.charCodeAt(i + n - 1) !== last) continue;
    let mismatches = 0;
    for (let j = 1; j < n - 1 && mismatches < 2; j++) if (text.charCodeAt(i + j) !== word.charCodeAt(j)) mismatches++;
    if (mismatches === 1) {
      out = (out ?? text).slice(0, i) + word + (out ?? text).slice(i + n);
      text = out;
    }
  }
  return out ?? text;
}

/**
 * Every spelling of the homophone words with one kanji replaced by a same-reading kanji, mapped to
 * the word (「辺更」→「変更」). A variant that is itself one of the words is left alone.
 */
function homophoneVariants(words: readonly string[], homophones: Readonly<Record<string, string>>): Map<string, string> {
  const variants = new Map<string, string>();
  const real = new Set(words);
  for (const word of words) {
    [...word].forEach((ch, i) => {
      for (const alt of homophones[ch] ?? '') {
        if (alt === ch) continue;
        const variant = i === 0 ? alt + word.slice(1) : word.slice(0, 1) + alt;
        if (!real.has(variant) && !variants.has(variant)) variants.set(variant, word);
      }
    });
  }
  return variants;
}
