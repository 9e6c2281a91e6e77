import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { IntentFileError } from '../errors.js';
import { normalisePattern } from './normalise.js';
import { snapshotFor } from '../intents/yaml-snapshot.js';

const lexiconSchema = z.object({
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
  return {
    concepts,
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
