import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntentFileError } from '../errors.js';
import { DEFAULT_INTENTS_DIR, loadIntentFiles } from '../intents/load.js';
import type { IntentDefinition } from '../intents/schema.js';
import { loadLexicon } from './lexicon.js';
import { DEFAULT_MATCHER_OPTIONS, KeyTermMatcher, type MatcherIntent, type MatcherOptions } from './matcher.js';
import { normalise } from './normalise.js';
import {
  DEFAULT_EXAMPLE_DIR,
  DEFAULT_INTENT_CLASSIFIER_OPTIONS,
  exampleSetNames,
  intentClassCount,
  loadExampleSets,
  trainIntentClassifier,
  type IntentClassifierOptions,
  type LabelledText,
} from './classifier-training.js';
import { NgramClassifier } from './classifier.js';
import { createLanguageMatchers, LanguageRoutingMatcher } from './language-matcher.js';
import { ExampleNeighbours } from './example-neighbours.js';
import type { IntentMatcher, NeighbourReading } from './types.js';

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

/** dist/classifier-model.bin: the classifier trained by `npm run build` (see writeClassifierSnapshot). */
const CLASSIFIER_SNAPSHOT_URL = new URL('../classifier-model.bin', import.meta.url);
// Bumped when training changes in a way the key cannot see (the code, not its inputs).
const CLASSIFIER_VERSION = 4; // 4: rows stored likeliest first (see likeliestRowsFirst)
/** Models trained in this process, by key: a hot reload with unchanged phrases reuses its model. */
const trainedModels = new Map<string, NgramClassifier>();

/** What the build stores with the model besides the table (NgramClassifier.toBytes). */
interface SnapshotHeader {
  /** The key of the model's training inputs (see intentClassifier). */
  key?: unknown;
  /** The default labelled sets as they were: each file's name, size and mtime, and their digest. */
  examples?: { stamp?: unknown; digest?: unknown };
}
let snapshot: { header: SnapshotHeader; model: NgramClassifier } | null | undefined;

function classifierSnapshot(): { header: SnapshotHeader; model: NgramClassifier } | null {
  if (snapshot === undefined) snapshot = readStored(CLASSIFIER_SNAPSHOT_URL, NgramClassifier.fromBytes);
  return snapshot;
}

/** A file the build stored, parsed; null when it is missing or unreadable (running from src/, before a build): build it then. */
function readStored<T>(url: URL, parse: (bytes: Buffer) => T | undefined): T | null {
  try {
    return parse(readFileSync(url)) ?? null;
  } catch {
    return null;
  }
}

/** The key of what is built from these inputs: `head` (its version, its options), the phrases, the labelled examples' digest, the lexicon. */
function inputsKey(head: readonly unknown[], definitions: readonly MatcherIntent[], examplesDigest: string, lexiconFile: string): string {
  return createHash('sha1')
    .update(JSON.stringify([...head, definitions.map((d) => [d.id, d.phrases]), examplesDigest]))
    .update(readFileSync(lexiconFile))
    .digest('base64');
}

let defaultExamples: LabelledText[] | undefined;
let defaultDigest: string | undefined;

/** The project's labelled sets (test/fixtures/heldout*.tsv), read once per process. */
const projectExamples = (): LabelledText[] => (defaultExamples ??= [...loadExampleSets().values()].flat());

const sha1 = (text: string): string => createHash('sha1').update(text).digest('base64');

/** The content digest of labelled examples: part of the classifier's key. */
const examplesDigest = (examples: readonly LabelledText[]): string => sha1(JSON.stringify(examples));

/** The default labelled sets' files as they are now: name, size and mtime of each. */
function exampleFilesStamp(): string {
  return exampleSetNames()
    .map((name) => {
      // The folder's path ends with a separator (a URL's folder): path.join's normalising of 60 paths was ~1 ms of a cold ask.
      const stat = statSync(DEFAULT_EXAMPLE_DIR + name);
      return `${name}\t${stat.size}\t${stat.mtimeMs}`;
    })
    .join('\n');
}

/**
 * The digest of the default labelled sets. Reading and hashing their 9,000 lines costs more than a
 * one-shot `ask` may take, so while every file still has the size and mtime it had when the build
 * stored the model, the digest stored with it is used; any edit changes an mtime, and then the files
 * are read and hashed (content decides: a file touched but unchanged still matches).
 */
function projectExamplesDigest(storedWith?: SnapshotHeader['examples']): string {
  if (defaultDigest !== undefined) return defaultDigest;
  // The store at hand (the example index's, when it asks) before reading the classifier's.
  const stored = storedWith?.digest !== undefined ? storedWith : classifierSnapshot()?.header.examples;
  if (defaultExamples === undefined && typeof stored?.digest === 'string' && stored.stamp === exampleFilesStamp()) {
    return (defaultDigest = stored.digest);
  }
  return (defaultDigest = examplesDigest(projectExamples()));
}

/**
 * The n-gram classifier for these phrases, examples (undefined: the project's labelled sets) and
 * lexicon: the build's snapshot or an earlier model of this process when its key (a hash of every
 * training input) matches, else trained now (about 0.4 s for the phrases and the 14,000 labelled lines, with their variants).
 */
function intentClassifier(
  definitions: readonly MatcherIntent[],
  examples: readonly LabelledText[] | undefined,
  lexiconFile: string,
  prepare: (text: string) => string,
  options: Partial<IntentClassifierOptions> = {},
): { key: string; model: NgramClassifier } {
  const trainingOptions = { ...DEFAULT_INTENT_CLASSIFIER_OPTIONS, ...options };
  const digest = examples ? examplesDigest(examples) : projectExamplesDigest();
  const key = inputsKey([CLASSIFIER_VERSION, trainingOptions], definitions, digest, lexiconFile);
  let model = trainedModels.get(key);
  if (model) return { key, model };
  const stored = classifierSnapshot();
  model = stored?.header.key === key ? stored.model : trainIntentClassifier(definitions, examples ?? projectExamples(), prepare, trainingOptions);
  if (trainedModels.size >= 8) trainedModels.delete(trainedModels.keys().next().value!);
  trainedModels.set(key, model);
  return { key, model };
}

/**
 * The classifier a KeyTermMatcher consults, found (or trained) on its first consultation: the
 * matcher asks it only when the key terms leave a question open, and a one-shot `mynapin ask` whose
 * key terms are sure never needs it. `mynapin serve` and a hot reload call prepare() (see
 * JapaneseMatcher) and so have it before the first message, as before.
 */
class ClassifierOnFirstUse {
  private model: NgramClassifier | undefined;

  constructor(
    /** Known before the model is: the matcher sizes its buffer with it. */
    readonly classCount: number,
    private readonly find: () => NgramClassifier,
  ) {}

  load(): NgramClassifier {
    if (!this.model) {
      const model = this.find();
      if (model.classCount !== this.classCount) throw new Error(`classifier: ${model.classCount} classes, expected ${this.classCount}`);
      this.model = model;
    }
    return this.model;
  }

  logLikelihoods(text: string, out: Float64Array): number {
    return (this.model ?? this.load()).logLikelihoods(text, out);
  }
}

/** dist/example-neighbours.bin: the labelled examples' bigram index built by `npm run build`. */
const NEIGHBOURS_SNAPSHOT_URL = new URL('../example-neighbours.bin', import.meta.url);
const NEIGHBOURS_VERSION = 1;
/** Indexes built in this process, by key (a hot reload with unchanged phrases reuses its index). */
const builtNeighbours = new Map<string, ExampleNeighbours>();
let storedNeighbours: { header: Record<string, unknown>; index: ExampleNeighbours } | null | undefined;

/**
 * The example index for these phrases, examples (undefined: the project's labelled sets) and
 * lexicon: the build's snapshot when its key (a hash of every input) matches, else built now
 * (about 0.15 s for the phrases and the labelled lines).
 */
function exampleNeighbours(
  definitions: readonly MatcherIntent[],
  examples: readonly LabelledText[] | undefined,
  lexiconFile: string,
  prepare: (text: string) => string,
): { key: string; index: ExampleNeighbours } {
  if (storedNeighbours === undefined) storedNeighbours = readStored(NEIGHBOURS_SNAPSHOT_URL, ExampleNeighbours.fromBytes);
  const digest = examples ? examplesDigest(examples) : projectExamplesDigest(storedNeighbours?.header.examples as SnapshotHeader['examples']);
  const key = inputsKey([NEIGHBOURS_VERSION], definitions, digest, lexiconFile);
  let index = builtNeighbours.get(key);
  if (index) return { key, index };
  if (storedNeighbours?.header.key === key) index = storedNeighbours.index;
  else index = ExampleNeighbours.fromLabelled([...definitions.flatMap((d) => d.phrases.map((text) => ({ intent: d.id, text }))), ...(examples ?? projectExamples())], prepare);
  if (builtNeighbours.size >= 8) builtNeighbours.delete(builtNeighbours.keys().next().value!);
  builtNeighbours.set(key, index);
  return { key, index };
}

/**
 * The Japanese key-term matcher; prepare() finds or trains its classifier now, and finds or builds
 * its example index (see ExampleNeighbours), which `neighbours` otherwise loads on first use.
 */
class JapaneseMatcher extends KeyTermMatcher {
  private examples: ExampleNeighbours | undefined;

  constructor(
    definitions: readonly MatcherIntent[],
    lexicon: ReturnType<typeof loadLexicon>,
    options: Partial<MatcherOptions>,
    private readonly lazyClassifier: ClassifierOnFirstUse,
    private readonly findExamples: () => ExampleNeighbours,
  ) {
    // The matcher reads classCount and logLikelihoods() only, which ClassifierOnFirstUse has.
    super(definitions, lexicon, options, lazyClassifier as unknown as NgramClassifier);
  }

  prepare(): void {
    this.lazyClassifier.load();
    this.examples ??= this.findExamples();
  }

  neighbours(_text: string, normalised: string): NeighbourReading | undefined {
    if (normalised === '') return undefined;
    return (this.examples ??= this.findExamples()).nearest(normalised);
  }
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

/** The key-term matcher, with the n-gram classifier (found on first use) when its weight is not 0. */
function japaneseMatcher(
  definitions: readonly MatcherIntent[],
  lexicon: ReturnType<typeof loadLexicon>,
  dir: string,
  options: CreateMatcherOptions,
): KeyTermMatcher {
  if ((options.classifierWeight ?? DEFAULT_MATCHER_OPTIONS.classifierWeight) === 0) return new KeyTermMatcher(definitions, lexicon, options);
  const examples = options.examples === false ? [] : options.examples;
  const prepare = (text: string): string => lexicon.correct(normalise(text.length > 400 ? text.slice(0, 400) : text));
  const classCount = intentClassCount({ ...DEFAULT_INTENT_CLASSIFIER_OPTIONS, ...options.classifier });
  const lexiconFile = join(dir, '_lexicon.yaml');
  const classifier = new ClassifierOnFirstUse(classCount, () => intentClassifier(definitions, examples, lexiconFile, prepare, options.classifier).model);
  return new JapaneseMatcher(definitions, lexicon, options, classifier, () => exampleNeighbours(definitions, examples, lexiconFile, prepare).index);
}

/**
 * Trains the classifier for the repo's intents and labelled sets and stores it where
 * createMatcher looks first (`npm run build` runs this), so a cold start does not train.
 */
export function writeClassifierSnapshot(file = CLASSIFIER_SNAPSHOT_URL): number {
  const dir = DEFAULT_INTENTS_DIR;
  const lexicon = loadLexicon(join(dir, '_lexicon.yaml'));
  const definitions: MatcherIntent[] = loadIntentFiles(dir).map((intent) => ({ id: intent.id, phrases: intent.phrases, terms: {} }));
  // Stamped before reading: a file edited meanwhile then has another mtime than the stamp says.
  const stamp = exampleFilesStamp();
  const examples = projectExamples();
  const prepare = (text: string): string => lexicon.correct(normalise(text.length > 400 ? text.slice(0, 400) : text));
  // The examples passed as such: their digest from their content, never from an earlier snapshot.
  const { key, model } = intentClassifier(definitions, examples, join(dir, '_lexicon.yaml'), prepare);
  const header: SnapshotHeader = { key, examples: { stamp, digest: examplesDigest(examples) } };
  const bytes = model.toBytes(header as Record<string, unknown>);
  writeFileSync(file, bytes);
  return bytes.length;
}

/**
 * Builds the example index (see ExampleNeighbours) for the repo's intents and labelled sets and
 * stores it where createMatcher looks first (`npm run build` runs this after the classifier's).
 */
export function writeNeighboursSnapshot(file = NEIGHBOURS_SNAPSHOT_URL): number {
  const dir = DEFAULT_INTENTS_DIR;
  const lexicon = loadLexicon(join(dir, '_lexicon.yaml'));
  const definitions: MatcherIntent[] = loadIntentFiles(dir).map((intent) => ({ id: intent.id, phrases: intent.phrases, terms: {} }));
  const prepare = (text: string): string => lexicon.correct(normalise(text.length > 400 ? text.slice(0, 400) : text));
  storedNeighbours = null; // never an earlier build's
  // Stamped before reading, as the classifier's: a file edited meanwhile has another mtime than this.
  const stamp = exampleFilesStamp();
  const examples = projectExamples();
  const { key, index } = exampleNeighbours(definitions, examples, join(dir, '_lexicon.yaml'), prepare);
  const bytes = index.toBytes({ key, examples: { stamp, digest: examplesDigest(examples) } });
  writeFileSync(file, bytes);
  return bytes.length;
}
