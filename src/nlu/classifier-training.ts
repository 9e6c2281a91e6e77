import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INTENT_IDS, isIntentId, type IntentId } from '../intents/ids.js';
import { NgramClassifier, type ClassifierExample, type ClassifierOptions } from './classifier.js';
import { phraseVariants, typoVariants } from './classifier-variants.js';

/** A labelled sentence as people wrote it (not yet normalised). */
export interface LabelledText {
  intent: IntentId;
  text: string;
}

/** How the intent classifier is trained (see README.md, "Statistical component", for the measurements). */
export interface IntentClassifierOptions extends ClassifierOptions {
  /** Weight of an intent file's own phrase (staff wrote it for this intent). */
  phraseWeight: number;
  /** Weight of each generated variant of a phrase (particles dropped, endings changed, typos). */
  variantWeight: number;
  /** Weight of a line of the labelled example sets. */
  exampleWeight: number;
  /**
   * Weight of each typo variant of a labelled line (exampleTypos of them: a character dropped, two
   * swapped), so residents' typos reach the model through every labelled line, not only the
   * intents' phrases. Not the phrases' rewrites of endings and particles: on the labelled lines
   * (twenty for each phrase) those outweighed the phrases and moved 「パスワード忘れたんですけど」
   * under the clarifying threshold.
   */
  exampleVariantWeight: number;
  /**
   * How many typo variants each labelled line gets. Two: four spread the model's mass so far that
   * a reviewed question (「暗証番号忘れ対応のフロー教えてください」) fell to 0.62, under the clarifying
   * threshold, for +2 / +2 lines held out.
   */
  exampleTypos: number;
  /** The model: naive Bayes (counts; default) or logistic regression (SGD). */
  model: 'naive-bayes' | 'logistic';
  /** Logistic regression: passes over the examples, and the first step size. */
  epochs: number;
  learningRate: number;
}

export const DEFAULT_INTENT_CLASSIFIER_OPTIONS: IntentClassifierOptions = {
  bucketBits: 18,
  alpha: 0.1,
  maxN: 3,
  // Twice what they were before the labelled lines' typo variants (each labelled line now counts
  // three times): at 3 / 1 the one phrase staff add through `review` no longer carried to its
  // paraphrases (test/nlu/classifier.test.ts).
  phraseWeight: 6,
  variantWeight: 2,
  exampleWeight: 1,
  exampleVariantWeight: 1,
  exampleTypos: 2,
  model: 'naive-bayes',
  epochs: 8,
  learningRate: 0.5,
};

/** `<repo>/test/fixtures`: the project's labelled held-out sets, two levels up from src/nlu and dist/nlu. */
export const DEFAULT_EXAMPLE_DIR = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));

/**
 * Sets that must not become training data: heldout33 measures the unanswered-question loop (its
 * misses are to be learnt through phrases staff review, see test/unanswered/loop.test.ts on main).
 */
export const NOT_FOR_TRAINING: ReadonlySet<string> = new Set(['heldout33.tsv']);

/** The file names {@link loadExampleSets} reads in a folder, sorted (none when it is missing). */
export function exampleSetNames(dir = DEFAULT_EXAMPLE_DIR): string[] {
  try {
    return readdirSync(dir).filter((n) => /^heldout\d*\.tsv$/.test(n) && !NOT_FOR_TRAINING.has(n)).sort();
  } catch {
    return [];
  }
}

/**
 * The labelled example sets (`heldout*.tsv`: a header line, then `intent<TAB>text`) of a folder,
 * by file name, except {@link NOT_FOR_TRAINING}. A missing folder gives none (a deployment without
 * the test folder trains on the intents' phrases alone); a line with an unknown intent id is skipped.
 */
export function loadExampleSets(dir = DEFAULT_EXAMPLE_DIR): Map<string, LabelledText[]> {
  const sets = new Map<string, LabelledText[]>();
  for (const name of exampleSetNames(dir)) {
    const rows: LabelledText[] = [];
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n').slice(1)) {
      const tab = line.indexOf('\t');
      if (tab < 0) continue;
      const intent = line.slice(0, tab);
      if (isIntentId(intent)) rows.push({ intent, text: line.slice(tab + 1) });
    }
    sets.set(name, rows);
  }
  return sets;
}

/**
 * Trains the intent classifier (classes: INTENT_IDS' indices, then one class pooling every in-scope
 * example): every intent's phrases (and their generated variants) plus the
 * labelled examples, all normalised by `prepare` exactly as the matcher normalises its input.
 */
export function trainIntentClassifier(
  phrases: ReadonlyArray<{ id: IntentId; phrases: readonly string[] }>,
  examples: readonly LabelledText[],
  prepare: (text: string) => string,
  options: Partial<IntentClassifierOptions> = {},
): NgramClassifier {
  const o = { ...DEFAULT_INTENT_CLASSIFIER_OPTIONS, ...options };
  const classOf = new Map<IntentId, number>(INTENT_IDS.map((id, i) => [id, i]));
  const training: ClassifierExample[] = [];
  for (const intent of phrases) {
    const label = classOf.get(intent.id)!;
    for (const phrase of intent.phrases) {
      const text = prepare(phrase);
      if (text === '') continue;
      training.push({ text, label, weight: o.phraseWeight });
      if (o.variantWeight > 0) for (const v of phraseVariants(text)) training.push({ text: v, label, weight: o.variantWeight });
    }
  }
  if (o.exampleWeight > 0) {
    for (const e of examples) {
      const text = prepare(e.text);
      if (text === '') continue;
      const label = classOf.get(e.intent)!;
      training.push({ text, label, weight: o.exampleWeight });
      if (o.exampleVariantWeight > 0) for (const v of typoVariants(text, o.exampleTypos)) training.push({ text: v, label, weight: o.exampleVariantWeight });
    }
  }
  if (o.model === 'logistic') return NgramClassifier.trainLogistic(training, intentClassCount(o), o);
  // One more class, every in-scope example pooled: `none` against it is a two-class in/out model,
  // which sees all in-scope examples at once rather than one intent's share of them.
  const noneLabel = classOf.get('none')!;
  const pooled = INTENT_IDS.length;
  const count = training.length;
  for (let i = 0; i < count; i++) if (training[i]!.label !== noneLabel) training.push({ ...training[i]!, label: pooled });
  return NgramClassifier.train(training, intentClassCount(o), o);
}

/** The classes of the model trainIntentClassifier trains with these options (see there). */
export function intentClassCount(options: Pick<IntentClassifierOptions, 'model'>): number {
  return options.model === 'logistic' ? INTENT_IDS.length : INTENT_IDS.length + 1;
}
