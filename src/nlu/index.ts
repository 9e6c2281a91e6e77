import { join } from 'node:path';
import { IntentFileError } from '../errors.js';
import { DEFAULT_INTENTS_DIR, loadIntentFiles } from '../intents/load.js';
import type { IntentDefinition } from '../intents/schema.js';
import { loadLexicon } from './lexicon.js';
import { KeyTermMatcher, type MatcherIntent, type MatcherOptions } from './matcher.js';
import { createLanguageMatchers, LanguageRoutingMatcher } from './language-matcher.js';
import type { IntentMatcher } from './types.js';

export { normalise } from './normalise.js';
export { KeyTermMatcher, DEFAULT_MATCHER_OPTIONS, type MatcherIntent, type MatcherOptions } from './matcher.js';
export type { IntentMatcher, MatchResult, IntentScore } from './types.js';
export { LanguageRoutingMatcher } from './language-matcher.js';

export interface CreateMatcherOptions extends Partial<MatcherOptions> {
  /** Folder with the intent files and _lexicon.yaml (default: the repo's intents/). */
  intentsDir?: string;
  /** Already loaded intent files (skips reading them again). */
  intents?: readonly IntentDefinition[];
}

/** Turns an intent file's `terms` (validated loosely by the intent schema) into numeric weights. */
function termWeights(intent: IntentDefinition, file: string): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const [term, weight] of Object.entries(intent.terms)) {
    if (typeof weight !== 'number' || !Number.isFinite(weight)) {
      throw new IntentFileError(`${file}: terms."${term}": the weight must be a number such as 2 or -3`);
    }
    weights[term] = weight;
  }
  return weights;
}

/**
 * Builds the intent matcher from the intent files (phrases + terms) and intents/_lexicon.yaml.
 * Throws an IntentFileError naming the file and field when either is broken.
 */
export function createMatcher(options: CreateMatcherOptions = {}): IntentMatcher {
  const dir = options.intentsDir ?? DEFAULT_INTENTS_DIR;
  const intents = options.intents ?? loadIntentFiles(dir);
  const lexicon = loadLexicon(join(dir, '_lexicon.yaml'));
  const definitions: MatcherIntent[] = intents.map((intent) => {
    const source = `intents/${intent.id}.yaml`;
    return { id: intent.id, phrases: intent.phrases, terms: termWeights(intent, source), source };
  });
  const base = new KeyTermMatcher(definitions, lexicon, options);
  // English (and any language folder with an _nlu.yaml) gets a matcher of its own; Japanese stays as it is.
  const languages = createLanguageMatchers(dir, definitions, options);
  return languages.size > 0 ? new LanguageRoutingMatcher(base, languages) : base;
}
