import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntentFileError } from '../errors.js';
import { DEFAULT_INTENTS_DIR, loadIntentFiles } from '../intents/load.js';
import type { IntentDefinition } from '../intents/schema.js';
import { loadLexicon } from './lexicon.js';
import { DEFAULT_MATCHER_OPTIONS, KeyTermMatcher, type MatcherIntent, type MatcherOptions } from './matcher.js';
import { normalise } from './normalise.js';
import { loadExampleSets, trainIntentClassifier, DEFAULT_INTENT_CLASSIFIER_OPTIONS, type IntentClassifierOptions, type LabelledText } from './classifier-training.js';
import { NgramClassifier } from './classifier.js';
import { createLanguageMatchers, LanguageRoutingMatcher } from './language-matcher.js';
import type { IntentMatcher } from './types.js';

export { normalise } from './normalise.js';
export { KeyTermMatcher, DEFAULT_MATCHER_OPTIONS, CLASSIFIER_ON, type MatcherIntent, type MatcherOptions } from './matcher.js';
export type { IntentMatcher, MatchResult, IntentScore } from './types.js';
export { LanguageRoutingMatcher } from './language-matcher.js';

export interface CreateMatcherOptions extends Partial<MatcherOptions> {
  /** Folder with the intent files and _lexicon.yaml (default: the repo's intents/). */
  intentsDir?: string;
  /** Already loaded intent files (skips reading them again). */
  intents?: readonly IntentDefinition[];
  /**
   * Labelled sentences the n-gram classifier learns from besides the intents' phrases (default: the
   * project's labelled sets, test/fixtures/heldout*.tsv); `false` trains on the phrases alone.
   */
  examples?: readonly LabelledText[] | false;
  /** Training options of the n-gram classifier. */
  classifier?: Partial<IntentClassifierOptions>;
}

let defaultExamples: LabelledText[] | undefined;

/** dist/classifier-model.bin: the classifier trained by `npm run build` (see writeClassifierSnapshot). */
const CLASSIFIER_SNAPSHOT_URL = new URL('../classifier-model.bin', import.meta.url);
// Bumped when training changes in a way the key cannot see (the code, not its inputs).
const CLASSIFIER_VERSION = 2;
/** Models trained in this process, by key: a hot reload with unchanged phrases reuses its model. */
const trainedModels = new Map<string, NgramClassifier>();
let snapshot: { key: unknown; model: NgramClassifier } | null | undefined;

/**
 * The n-gram classifier for these phrases, examples and lexicon: the build's snapshot or an earlier
 * model of this process when its key (a hash of every training input) matches, else trained now
 * (about 0.2 s for the phrases and the 8,400 labelled lines).
 */
function intentClassifier(
  definitions: readonly MatcherIntent[],
  examples: readonly LabelledText[],
  lexiconFile: string,
  prepare: (text: string) => string,
  options: Partial<IntentClassifierOptions> = {},
): { key: string; model: NgramClassifier } {
  const trainingOptions = { ...DEFAULT_INTENT_CLASSIFIER_OPTIONS, ...options };
  const key = createHash('sha1')
    .update(JSON.stringify([CLASSIFIER_VERSION, trainingOptions, definitions.map((d) => [d.id, d.phrases]), examples]))
    .update(readFileSync(lexiconFile))
    .digest('base64');
  let model = trainedModels.get(key);
  if (model) return { key, model };
  if (snapshot === undefined) {
    try {
      const read = NgramClassifier.fromBytes(readFileSync(CLASSIFIER_SNAPSHOT_URL));
      snapshot = read ? { key: read.header.key, model: read.model } : null;
    } catch {
      snapshot = null; // running from src/ (tests) or before a build: train
    }
  }
  model = snapshot?.key === key ? snapshot.model : trainIntentClassifier(definitions, examples, prepare, trainingOptions);
  if (trainedModels.size >= 8) trainedModels.delete(trainedModels.keys().next().value!);
  trainedModels.set(key, model);
  return { key, model };
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
  const base = japaneseMatcher(definitions, lexicon, dir, options);
  // English (and any language folder with an _nlu.yaml) gets a matcher of its own; Japanese stays as it is.
  const languages = createLanguageMatchers(dir, definitions, options);
  return languages.size > 0 ? new LanguageRoutingMatcher(base, languages) : base;
}

/** The key-term matcher, with the n-gram classifier when its weight is not 0. */
function japaneseMatcher(
  definitions: readonly MatcherIntent[],
  lexicon: ReturnType<typeof loadLexicon>,
  dir: string,
  options: CreateMatcherOptions,
): KeyTermMatcher {
  if ((options.classifierWeight ?? DEFAULT_MATCHER_OPTIONS.classifierWeight) === 0) return new KeyTermMatcher(definitions, lexicon, options);
  const examples = options.examples === false ? [] : (options.examples ?? (defaultExamples ??= [...loadExampleSets().values()].flat()));
  const prepare = (text: string): string => lexicon.correct(normalise(text.length > 400 ? text.slice(0, 400) : text));
  const { model } = intentClassifier(definitions, examples, join(dir, '_lexicon.yaml'), prepare, options.classifier);
  return new KeyTermMatcher(definitions, lexicon, options, model);
}

/**
 * Trains the classifier for the repo's intents and labelled sets and stores it where
 * createMatcher looks first (`npm run build` runs this), so a cold start does not train.
 */
export function writeClassifierSnapshot(file = CLASSIFIER_SNAPSHOT_URL): number {
  const dir = DEFAULT_INTENTS_DIR;
  const lexicon = loadLexicon(join(dir, '_lexicon.yaml'));
  const definitions: MatcherIntent[] = loadIntentFiles(dir).map((intent) => ({ id: intent.id, phrases: intent.phrases, terms: {} }));
  const examples = (defaultExamples ??= [...loadExampleSets().values()].flat());
  const prepare = (text: string): string => lexicon.correct(normalise(text.length > 400 ? text.slice(0, 400) : text));
  const { key, model } = intentClassifier(definitions, examples, join(dir, '_lexicon.yaml'), prepare);
  const bytes = model.toBytes({ key });
  writeFileSync(file, bytes);
  return bytes.length;
}
