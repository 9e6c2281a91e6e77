import { afterTopicSwitch, dropContrasted, withoutClosing, withoutNotAbout, withoutOpening } from './contrast.js';
import { INTENT_IDS, type IntentId } from '../intents/ids.js';
import type { IntentMatcher, IntentScore, MatchResult } from './types.js';
import type { Lexicon } from './lexicon.js';
import { compileTerm, TermTable, type ScannedText, type Term } from './terms.js';
import { normalise, normaliseMarking, spanOfNormalised } from './normalise.js';
import { normalisedPhrase } from './phrase-sources.js';
import { bigrams, PhraseIndex, segmenterWords } from './phrase-index.js';
import type { NgramClassifier } from './classifier.js';
import { OWNED, OwnerReading, removeConcept, SET_ASIDE, UNRELATED } from './owners.js';
import { unitAt } from './code-units.js';

/** What the matcher needs of an intent file. */
export interface MatcherIntent {
  id: IntentId;
  phrases: readonly string[];
  terms: Readonly<Record<string, number>>;
  /** Where the intent came from, for error messages. */
  source?: string;
}

/** The knobs of the scorer. The defaults were tuned on the project's own phrase sets. */
export interface MatcherOptions {
  /** Weight of the best phrase's cosine similarity (0…1) in an intent's score. */
  phraseWeight: number;
  /** Score `none` starts with: an intent must beat it to be answered. */
  noneBase: number;
  /** Softmax temperature turning scores into confidences. */
  temperature: number;
  /** Longest text (characters) the matcher reads; the rest is ignored. */
  maxChars: number;
  /** Extra weight of the key terms that hold in the message's last clause (0 turns it off). */
  lastClauseWeight: number;
  /** How many recent texts keep their result (first in, first out); 0 turns the cache off. */
  cacheSize: number;
  /** Tokens of the phrase similarity: character bigrams, or ICU dictionary words (Intl.Segmenter). */
  tokenizer: 'char-bigrams' | 'segmenter-words';
  /**
   * Weight of the n-gram classifier's evidence (src/nlu/classifier.ts): each intent gains
   * weight × (its mean log-likelihood per n-gram − the best class's). 0 turns it off; the default
   * is {@link CLASSIFIER_ON}, the setting measured in README.md ("Statistical component").
   */
  classifierWeight: number;
  /** How the classifier's log-likelihoods are scaled: per n-gram (mean), or by √n-grams. */
  classifierScale: 'mean' | 'sqrt';
  /** Multiplier of the classifier's evidence for `none` (relative to classifierWeight). */
  classifierNoneWeight: number;
  /** Weight of the classifier's two-class evidence: `none` against every in-scope example pooled. */
  classifierOutOfScopeWeight: number;
  /**
   * Added to `none` whenever the classifier speaks: it lifts in-scope intents over `none` often
   * enough that `none` needs a higher base with it (and only with it).
   */
  classifierNoneBias: number;
  /**
   * Texts of at most this many n-grams (about a third of their characters) get no classifier
   * evidence, and it ramps up to full at classifierFullAtGrams: a fragment (「署名用です」「また
   * 間違えた」) has too few n-grams to judge, and the conversation layer reads fragments in context.
   * 0 / 0 (the default) applies it to every text; with 36 / 48 the classifier fails 3 conversation
   * tests instead of 13, and makes 41 more errors on the first-sight folds (README.md).
   */
  classifierFromGrams: number;
  classifierFullAtGrams: number;
  /**
   * The classifier is consulted only when the key terms' best intent (with `none`) holds less than
   * this confidence: above 1 consults it on every text, 0 never. The default 0.999 skips it where the
   * key terms are all but certain: it is consulted on 57% of the labelled lines; an uncached match
   * costs +2.7…3.4 µs CPU with it instead of +4.8…5.2 µs always (bench/classifier-cost.mjs), for 2
   * more errors on the past-lexicon folds (107 vs 105). Lower gates save more but lose what the
   * classifier is for: 0.97 (21% consulted, 113 errors) no longer carries a staff phrase to its
   * paraphrases and drops ja-b's `none` in sample to 0.943 (test/nlu/classifier.test.ts).
   */
  classifierGate: number;
  /**
   * When the key terms read `none`, the classifier's intent replaces it only with at least this
   * confidence (0: always). 0.5: 107 → 105 fold errors, `none` 0.958 → 0.963.
   */
  classifierOverNone: number;
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = {
  phraseWeight: 3,
  noneBase: 1.5,
  temperature: 0.7,
  maxChars: 400,
  lastClauseWeight: 0.5,
  cacheSize: 4096,
  tokenizer: 'char-bigrams',
  // Weights chosen on the past-lexicon folds through the policy (bench/classifier-policy-folds.mjs:
  // 126 → 114 errors of 4,676 against 5 / 0.3 / 3 / 0.5) and the blind sets ja-d / ja-e; a plateau
  // of 110–116 errors surrounds them (README, "Statistical component").
  classifierWeight: 6,
  classifierScale: 'mean',
  classifierNoneWeight: 0.4,
  classifierOutOfScopeWeight: 5,
  classifierNoneBias: 0.75,
  classifierFromGrams: 0,
  classifierFullAtGrams: 0,
  classifierGate: 0.999,
  classifierOverNone: 0.5,
};

/**
 * The n-gram classifier switched on, with the weights tuned on past-lexicon first-sight folds
 * (bench/classifier-folds.mjs). On by default since the conversation policy reads fragments, masked
 * messages and its context rules from the key terms (MatchResult.keyTerms); `classifierWeight: 0`
 * turns it off.
 */
export const CLASSIFIER_ON: Partial<MatcherOptions> = Object.freeze({ classifierWeight: 5 });

interface CompiledIntent {
  id: IntentId;
  index: number;
  terms: Term[];
}

/**
 * The intent matcher: lexicon concepts → weighted key terms per intent, plus nearest-phrase
 * similarity, with `none` as an explicit competitor (a base score plus its own negative-evidence
 * terms), and a softmax over all of them as the confidence.
 */
export class KeyTermMatcher implements IntentMatcher {
  private readonly intents: CompiledIntent[];
  private readonly noneIntent: CompiledIntent;
  /** The intents in the order compute() scores them (every intent, then `none`). */
  private readonly scoredIds: readonly IntentId[];
  private readonly phrases: PhraseIndex;
  private readonly options: MatcherOptions;
  private readonly cache = new Map<string, MatchResult>();
  /** Per-class log-likelihoods of the classifier, reused by every match (no allocation). */
  private readonly classifierScores: Float64Array;
  /** The last match's two-class (none vs all in-scope) evidence for `none`. */
  private outOfScope = 0;
  /** The terms of `intents` then `none`, flattened (undefined with a reference lexicon). */
  private readonly table: TermTable | undefined;
  /** Per intent of `intents`, then `none`: the score being summed. */
  private readonly scores: Float64Array;
  /** The scores plus the classifier's evidence, when it is consulted (`scores` keeps the key terms'). */
  private readonly withEvidence: Float64Array;
  private readonly confidences: Float64Array;
  /** Per intent of `intents`, its class index (CompiledIntent.index), read per match without the objects. */
  private readonly classOf: Int32Array;
  /** The ranked intents' indices, best first (see compute). */
  private readonly top = new Int32Array(5);
  /**
   * Whose secret the message is about: a place or a document that owns it, another owner only
   * compared with (owners.ts).
   */
  private readonly owners: OwnerReading;
  /** CARD's index among the lexicon's concepts (-1: a lexicon without it). */
  private readonly cardConcept: number;
  private readonly unrelatedConcept: number;

  /**
   * `classifier`, when given, is a model over INTENT_IDS' class indices trained on text normalised
   * as this matcher normalises it (see trainIntentClassifier); its evidence is added to every score.
   */
  constructor(
    definitions: readonly MatcherIntent[],
    private readonly lexicon: Lexicon,
    options: Partial<MatcherOptions> = {},
    private readonly classifier?: NgramClassifier,
  ) {
    this.options = { ...DEFAULT_MATCHER_OPTIONS, ...options };
    this.owners = new OwnerReading(lexicon);
    this.cardConcept = lexicon.conceptIndex.get('CARD') ?? -1;
    this.unrelatedConcept = lexicon.conceptIndex.get(UNRELATED) ?? -1;
    this.classifierScores = new Float64Array(classifier?.classCount ?? INTENT_IDS.length);
    const byId = new Map(definitions.map((d) => [d.id, d]));
    const compiled: CompiledIntent[] = [];
    const phraseTexts: string[] = [];
    const phraseOwners: number[] = [];
    INTENT_IDS.forEach((id, index) => {
      const def = byId.get(id);
      const where = def?.source ?? `intents/${id}.yaml`;
      const terms = Object.entries(def?.terms ?? {}).map(([source, weight]) =>
        compileTerm(source, weight, lexicon, `${where}: terms."${source}"`),
      );
      compiled.push({ id, index, terms });
      if (id === 'none') return; // examples of `none` are not a class to be near to
      for (const phrase of def?.phrases ?? []) {
        phraseTexts.push(normalisedPhrase(phrase));
        phraseOwners.push(index);
      }
    });
    this.intents = compiled.filter((c) => c.id !== 'none');
    this.noneIntent = compiled.find((c) => c.id === 'none')!;
    this.scoredIds = [...this.intents.map((c) => c.id), 'none'];
    const tokenize = this.options.tokenizer === 'segmenter-words' ? segmenterWords : bigrams;
    this.phrases = new PhraseIndex(phraseTexts, phraseOwners, INTENT_IDS.length, tokenize);
    // A reference lexicon (tests) keeps the reference paths throughout, so the two can be compared.
    this.table = lexicon.reference ? undefined : TermTable.from([...this.intents.map((i) => i.terms), this.noneIntent.terms], lexicon.concepts.length);
    this.classOf = Int32Array.from(this.intents, (intent) => intent.index);
    this.scores = new Float64Array(this.intents.length + 1);
    this.withEvidence = new Float64Array(this.intents.length + 1);
    this.confidences = new Float64Array(this.intents.length + 1);
  }

  match(text: string): MatchResult {
    // Without a cache, no lookup: it hashed every new text, and the eviction below made an
    // iterator and its result on every call (about 1% of an uncached match).
    if (this.options.cacheSize <= 0) return this.compute(text);
    // Residents ask the same few questions over and over; the result depends on the text alone.
    const cached = this.cache.get(text);
    if (cached) return cached;
    const result = this.compute(text);
    if (this.cache.size >= this.options.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    if (this.options.cacheSize > 0) this.cache.set(text, result);
    return result;
  }

  private compute(text: string): MatchResult {
    // The matcher's fields read once, here, on every call: `this` is a JapaneseMatcher (index.ts) or,
    // for English, a KeyTermMatcher, two maps. A field read only in a rare branch had seen one of
    // them when compute was compiled, and the first English line to reach it threw the compiled
    // compute away (at the 4,400th line of a fresh process: compiled again in the timed pass).
    const { options, lexicon, owners: reading, table, phrases, unrelatedConcept, cardConcept } = this;
    const read = dropContrasted(withoutNotAbout(afterTopicSwitch(withoutClosing(withoutOpening(text.length > options.maxChars ? text.slice(0, options.maxChars) : text)))));
    const { phraseWeight, noneBase, temperature, lastClauseWeight } = options;
    // Residents tell the story first and ask last (「ロックを解除しに行きたいけど、窓口は何時まで?」):
    // the terms that hold in the last clause count once more, by lastClauseWeight. The clause is
    // marked as the message is normalised, so its normalisation is read off the message's.
    const span = lastClauseWeight > 0 ? lastClauseSpan(read) : undefined;
    const start = span === undefined ? -1 : span.start;
    const end = span === undefined ? -1 : span.end;
    const whole = span === undefined ? normalise(read) : normaliseMarking(read, start, end);
    const normalised = lexicon.correct(whole);
    const concepts = lexicon.conceptsIn(normalised);
    // Another owner only compared with is set aside, a place or a document that owns the secret
    // added (owners.ts); before the clause's scan, as reading them scans their phrases.
    const owners = reading.read(normalised, concepts);
    let setAside = (owners & SET_ASIDE) !== 0;
    const owned = (owners & OWNED) !== 0;
    // An owner named only in the story's sentences, with the question about the card in another, is
    // set aside; so is the card named only in the story, with the question about another's secret.
    const story = reading.mayBeStory(concepts, setAside) && SENTENCE_END.test(read) ? storyPart(read, lexicon, reading) : undefined;
    if (story?.owner) {
      reading.unmark(concepts);
      // A PIN said known in the story is the other owner's (「ゆうちょの4桁は覚えています。マイナの暗証番号がわからない」).
      if (story.from > 0) reading.keepRememberedOf(concepts, story.sentences, story.from);
      setAside = true;
    }
    // Another owner beside the card's own PIN named by its own name is not whose PIN is asked (owners.ts).
    if (!story?.owner && !story?.ownersFirst && reading.namesOwnPinBeside(normalised, concepts)) {
      reading.unmark(concepts);
      setAside = true;
    }
    if (story?.unrelated) removeConcept(concepts, unrelatedConcept, UNRELATED);
    if (story?.card || story?.ownersFirst) removeConcept(concepts, cardConcept, 'CARD');
    // The classifier and the phrases read the question after a story (storyPart), the key terms all of it.
    // Another owner set aside is not the classifier's either (OwnerReading.withoutOwners).
    const evidenceText = setAside ? reading.withoutOwners(story?.question ?? normalised) : (story?.question ?? normalised);
    const similarity = table ? phrases.similarity(evidenceText) : phrases.similarityReference(evidenceText);
    const clauseNormalised = span === undefined ? undefined : lexicon.correct(spanOfNormalised(read, start, end, whole));
    // Resemblance to a training phrase is weak evidence on its own: with no concept of the lexicon in
    // the message (「カレーの作り方」), it counts half.
    const phraseScale = concepts.size === 0 ? 0.5 * phraseWeight : phraseWeight;
    const scores = this.scores;
    const intents = this.intents;
    const last = intents.length;
    const count = last + 1;
    const classOf = this.classOf;
    for (let i = 0; i < last; i++) scores[i] = phraseScale * similarity[classOf[i]!]!;
    scores[last] = noneBase;
    if (table && lexicon.scan) {
      // The clause is scanned last: scan() reuses its buffer, and `concepts` holds its own copy.
      const clauseScanned = clauseNormalised === undefined ? undefined : lexicon.scan(clauseNormalised);
      if (setAside && clauseScanned) reading.unmark(clauseScanned);
      if (owned && clauseScanned) reading.mark(clauseScanned);
      table.score(scores, normalised, concepts as unknown as ScannedText, clauseNormalised, clauseScanned, lastClauseWeight);
    } else {
      const clauseConcepts = clauseNormalised === undefined ? undefined : lexicon.conceptsIn(clauseNormalised);
      if (setAside && clauseConcepts) reading.unmark(clauseConcepts);
      if (owned && clauseConcepts) reading.mark(clauseConcepts);
      const addTerms = (g: number, terms: readonly Term[]): void => {
        let score = scores[g]!;
        for (const term of terms) {
          if (term.holds(normalised, concepts)) score += term.weight;
          if (clauseConcepts && term.holds(clauseNormalised!, clauseConcepts)) score += lastClauseWeight * term.weight;
        }
        scores[g] = score;
      };
      intents.forEach((intent, g) => addTerms(g, intent.terms));
      addTerms(last, this.noneIntent.terms);
    }
    // Softmax over every intent and `none`: confidence is the share of evidence the winner holds.
    // `exps` keeps each exp((score − max) / temperature) and the share is divided out only for the
    // five that are reported: the same numbers as dividing all of them.
    const exps = this.confidences;
    const gate = options.classifierGate;
    // The classifier is consulted only when the key terms leave the question open: their winner
    // holds less than classifierGate of the confidence. A clear key-term reading stays as it was
    // (and costs no classifier time). Whether it is consulted is known as soon as the sum of the
    // exps so far says so (see gatedTotal), and then this softmax is replaced by the next one.
    let total = gatedTotal(scores, exps, count, temperature, gate);
    const learnt = total < 0 ? this.classifierEvidence(evidenceText) : undefined;
    // The key terms' scores before the classifier's evidence, kept for MatchResult.keyTerms (built
    // only when read: most results never need it, and building it costs as much as the classifier).
    // A plain array: allocating a typed array costs more than the copy.
    let keyScores: number[] | undefined;
    /** The scores ranked: the key terms' (`scores`), or those plus the classifier's evidence. */
    let ranking = scores;
    let keyTop = -1;
    if (learnt) {
      keyScores = new Array<number>(count);
      for (let i = 0; i < count; i++) keyScores[i] = scores[i]!;
      keyTop = argmax(scores, count);
      ranking = this.withEvidence;
      for (let i = 0; i < last; i++) ranking[i] = scores[i]! + learnt[classOf[i]!]!;
      ranking[last] = scores[last]! + (options.classifierNoneWeight * learnt[this.noneIntent.index]! + this.outOfScope);
    }
    if (total < 0) {
      // The softmax of the scores ranked (unless gatedTotal already made it), and made again, by the
      // same call, when the classifier's reading is set aside for the key terms': no code of this
      // function is for that rare case alone, so the compiled function never meets code it has not
      // run (it deoptimised there, mid-run, as it did at the first such message).
      for (;;) {
        total = expsInto(ranking, exps, count, temperature);
        if (ranking === scores || !this.staysOutOfScope(keyTop, ranking, total)) break;
        ranking = scores;
        keyScores = undefined;
      }
    }
    const top = this.top;
    const want = bestFive(ranking, count, top);
    const ranked = new Array<IntentScore>(want); // its size known: no storage grown by push
    // Frozen when the cache shares results between callers, so that no caller may change one. A
    // result nobody else holds (cache off: `classify`, the benchmarks) is not: freezing six objects
    // cost 0.2–0.4 µs a match, 2–3% of it.
    const shared = options.cacheSize > 0;
    for (let r = 0; r < want; r++) {
      const pick = top[r]!;
      const intent = pick < last ? intents[pick]!.id : 'none';
      const entry: IntentScore = { intent, score: round(ranking[pick]!), confidence: share(exps[pick]! / total) };
      ranked[r] = shared ? Object.freeze(entry) : entry;
    }
    const best = ranked[0]!;
    const result: MatchResult = {
      intent: normalised === '' ? 'none' : best.intent,
      confidence: best.confidence,
      ranked: shared ? (Object.freeze(ranked) as IntentScore[]) : ranked,
      normalised,
      concepts: concepts as ReadonlySet<string>,
      keyTerms: keyScores && normalised !== '' ? new KeyTermReading(this.scoredIds, keyScores, temperature, shared) : undefined,
      storyQuestion: evidenceText === normalised ? undefined : evidenceText,
    };
    return shared ? Object.freeze(result) : result;
  }

  /**
   * Whether the classifier's reading is set aside: the key terms read `none` (`keyTop`, the last
   * index) and, with the classifier's evidence (`ranking`, its softmax summed to `total` in
   * this.confidences), an intent wins with less than classifierOverNone of the confidence — the
   * classifier only leans to it. Every branch runs on the messages the key terms read as `none`.
   */
  private staysOutOfScope(keyTop: number, ranking: Float64Array, total: number): boolean {
    const last = this.intents.length;
    if (keyTop !== last || this.options.classifierOverNone <= 0) return false;
    const top = argmax(ranking, last + 1);
    const topShare = this.confidences[top]! / total;
    return top !== last && topShare < this.options.classifierOverNone;
  }

  /**
   * The classifier's evidence per class index: weight × (log-likelihood − the best class's), scaled
   * per n-gram, so the likeliest class gains 0 and the others lose. Undefined without a classifier.
   */
  private classifierEvidence(normalised: string): Float64Array | undefined {
    const { classifierWeight, classifierScale, classifierOutOfScopeWeight, classifierNoneBias } = this.options;
    this.outOfScope = 0;
    if (!this.classifier || classifierWeight === 0 || normalised === '') return undefined;
    const out = this.classifierScores;
    for (let k = 0; k < out.length; k++) out[k] = 0; // a loop: fill() is a call into the runtime
    const grams = this.classifier.logLikelihoods(normalised, out);
    const classes = INTENT_IDS.length;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) if (out[k]! > max) max = out[k]!;
    const { classifierFromGrams: from, classifierFullAtGrams: full } = this.options;
    const ramp = grams >= full ? 1 : grams <= from ? 0 : (grams - from) / (full - from);
    if (ramp === 0) return undefined;
    const perGram = (classifierScale === 'mean' ? grams : Math.sqrt(grams)) / ramp;
    this.outOfScope = classifierNoneBias * ramp;
    if (out.length > classes) this.outOfScope += (classifierOutOfScopeWeight * (out[this.noneIntent.index]! - out[classes]!)) / perGram;
    const scale = classifierWeight / perGram;
    for (let k = 0; k < classes; k++) out[k] = (out[k]! - max) * scale;
    return out;
  }
}

/** What storyPart reads of a message told as a story. */
interface StoryReading {
  owner: boolean;
  unrelated: boolean;
  card: boolean;
  /** Another owner's secret asked first, the card only compared after it (OwnerReading.cardAfterword). */
  ownersFirst: boolean;
  question: string | undefined;
  /** The sentence the question starts at, after a story told first (0: none such); `sentences` holds each one's concepts. */
  from: number;
  sentences: readonly Set<string>[];
}

/**
 * What of a message of several sentences is only the story (OwnerReading.storyEnd, cardOnlyStory):
 * the other owner, the other business (UNRELATED), or the card. Each sentence is read as a message
 * is; rare: only messages with another owner or business and a word of the card's. A function of the
 * module, not a method: `this.storyPart` read in compute's rare branch deoptimised compute at the first
 * English line to reach it (see compute).
 */
function storyPart(read: string, lexicon: Lexicon, reading: OwnerReading): StoryReading | undefined {
  const parts = sentencesOf(read);
  if (parts.length < 2) return undefined;
  // Arrays grown by push, not made by map(): once storyPart was compiled, the map() inlined in it
  // made arrays of another kind (holey) than the interpreter's, and storyEnd and cardOnlyStory,
  // compiled for the first kind, were thrown away at the next story and compiled again.
  const sentences: Set<string>[] = [];
  const asks: boolean[] = [];
  const texts: string[] = [];
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k]!;
    const normalised = lexicon.correct(normalise(part));
    const concepts = lexicon.conceptsIn(normalised);
    reading.read(normalised, concepts);
    sentences.push(concepts);
    asks.push(ASKED.test(part));
    texts.push(normalised);
  }
  const ownerEnd = reading.storyEnd(sentences, undefined, asks);
  const unrelatedEnd = reading.storyEnd(sentences, UNRELATED, asks);
  const end = Math.max(ownerEnd, unrelatedEnd);
  // The question first and the other owner only after it (OwnerReading.afterwordStart): the question alone
  // is read, and other business named only in the afterword goes with it.
  const afterword = end > 0 ? -1 : reading.afterwordStart(sentences, asks, texts);
  if (afterword > 0) {
    return {
      owner: true,
      unrelated: !reading.namedBefore(sentences, afterword, UNRELATED),
      card: false,
      ownersFirst: false,
      question: lexicon.correct(normalise(parts.slice(0, afterword).join(''))),
      from: 0,
      sentences,
    };
  }
  const ownersFirst = end <= 0 && reading.cardAfterword(sentences, asks, texts);
  // Another thing said to be fine, then a question with nobody's secret named (OwnerReading.fineThenAsked).
  const fine = end <= 0 && !ownersFirst ? reading.fineThenAsked(sentences, asks, texts, fullStops(parts), periods(parts)) : -1;
  if (fine > 0) {
    return { owner: true, unrelated: unrelatedEnd > 0, card: false, ownersFirst: false, question: lexicon.correct(normalise(parts.slice(fine).join(''))), from: fine, sentences };
  }
  return {
    owner: ownerEnd > 0,
    unrelated: unrelatedEnd > 0,
    card: ownerEnd < 0 && reading.cardOnlyStory(sentences, asksAboutTheCard(parts, asks)),
    ownersFirst,
    // What follows the story: the classifier and the phrases read it alone (they learnt words, and the
    // story's 「図書館で本を借りて」 are an out-of-scope example's words); the other owner's question before
    // the card compared with is read alone too.
    question: end > 0 ? lexicon.correct(normalise(parts.slice(end).join(''))) : ownersFirst ? texts[0] : undefined,
    from: ownerEnd > 0 ? ownerEnd : 0,
    sentences,
  };
}

/**
 * `read.split(SENTENCES).filter((s) => s.trim() !== '')`, by code units: a cut after each sentence
 * end and after a comma that follows て, で, が, し, けど, けれど, から or たら (SENTENCES' lookbehind), at
 * positions 1 … length − 1 as split cuts. The regex split tried its lookbehind at every position and
 * made an array for filter (~250 ns of each story read, 2026-12-07).
 */
export function sentencesOf(read: string): string[] {
  const parts: string[] = [];
  const n = read.length;
  let start = 0;
  for (let p = 1; p < n; p++) {
    const u = read.charCodeAt(p - 1);
    let cut = isSentenceEnd(u);
    if (!cut && (u === 0x3001 || u === 0xff0c || u === 0x2c) && p >= 2) {
      const a = read.charCodeAt(p - 2);
      if (a === 0x3066 || a === 0x3067 || a === 0x304c || a === 0x3057) cut = true; // て で が し
      else if (a === 0x3069 && p >= 3) {
        const b = read.charCodeAt(p - 3); // けど, けれど
        cut = b === 0x3051 || (b === 0x308c && p >= 4 && read.charCodeAt(p - 4) === 0x3051);
      } else if (a === 0x3089 && p >= 3) {
        const b = read.charCodeAt(p - 3); // から, たら
        cut = b === 0x304b || b === 0x305f;
      }
    }
    if (cut) {
      const part = read.slice(start, p);
      if (part.trim() !== '') parts.push(part);
      start = p;
    }
  }
  const last = read.slice(start);
  if (last.trim() !== '') parts.push(last);
  return parts;
}

/** {@link sentencesOf} as first written, by SENTENCES: the reference it is held to. */
export function sentencesOfReference(read: string): string[] {
  return read.split(SENTENCES).filter((s) => s.trim() !== '');
}

/** SENTENCES' `[。．！？!?\n]`. */
function isSentenceEnd(u: number): boolean {
  return u === 0x3002 || u === 0xff0e || u === 0xff01 || u === 0xff1f || u === 0x21 || u === 0x3f || u === 0x0a;
}

/** Per sentence: it ends with a full stop, a question or exclamation mark or a line break, not a clause's comma. */
function fullStops(parts: readonly string[]): boolean[] {
  const ends: boolean[] = [];
  for (let k = 0; k < parts.length; k++) ends.push(FULL_STOP.test(parts[k]!));
  return ends;
}

const FULL_STOP = /(?:[。．！？!?\n]|(?:(?<!っ)て|(?<!の)で|たら)[、，,])\s*$/;

/** Per sentence: it ends with a full stop, a question or exclamation mark or a line break (not a clause). Pushed, as above. */
function periods(parts: readonly string[]): boolean[] {
  const ends: boolean[] = [];
  for (let k = 0; k < parts.length; k++) ends.push(PERIOD.test(parts[k]!));
  return ends;
}
const PERIOD = /[。．！？!?\n]\s*$/;

/** Per sentence: it asks, and not about another thing it names last (cardOnlyStory's `asks`). Pushed, as above. */
function asksAboutTheCard(parts: readonly string[], asks: readonly boolean[]): boolean[] {
  const about: boolean[] = [];
  for (let k = 0; k < parts.length; k++) about.push(asks[k]! && !ASKS_ANOTHER_THING.test(parts[k]!));
  return about;
}

// Where the story's sentences end (MatchResult's owner and card read sentence by sentence): a full
// stop, a question mark, a line break, or a comma after a verb's or a conjunction's ending (「図書館で
// 本を借りてきたところで、」); 「カード会社のコード、4桁のやつ忘れた」 names its subject before the comma,
// and is one sentence. SENTENCE_END: the message has another sentence after one.
const SENTENCE_END = /(?:[。．！？!?\n]|(?:て|で|が|けど|けれど|ので|から|たら|し)[、，,])\s*[^\s。．！？!?\n]/;
const SENTENCES = /(?<=[。．！？!?\n]|(?:て|で|が|けど|けれど|ので|から|たら|し)[、，,])/;
/** A sentence written as a question: a question mark, or 〜か at its end (「どこでできますか。」). */
const ASKED = /(?:[?？]|か[。．.!！]?)\s*$/;
/** A sentence that ends asking about a thing it names last that is not the card (「…けど免許は?」). */
const ASKS_ANOTHER_THING = /(?<!マイナ|まいな|ﾏｲﾅ|カード|かーど|ｶｰﾄﾞ|ンバー|ほう|方)(?:は|って)[?？]\s*$/u;

// Where a message splits into the story and the question: sentence ends and the conjunctions that
// close a clause of background (けど, ので, んですが …).
const CLAUSE_BREAK = /[。．.!?！？\n]+|(?:けど|けれど|ので|んですが|のですが|んだけど|んやけど|ですが|ますが|から、|が、)[、,\s]*/g;

/**
 * The last clause of a message, when it has more than one (undefined otherwise): the last
 * non-empty part of `text.split(CLAUSE_BREAK)`, trimmed.
 */
export function lastClause(text: string): string | undefined {
  const span = lastClauseSpan(text);
  return span ? text.slice(span.start, span.end) : undefined;
}

/** Where lastClauseSpan found the last clause: `text[start…end)`. */
const clauseSpan = { start: 0, end: 0 };

/**
 * Where {@link lastClause} lies in the text, `text.slice(start, end)`, or undefined when it has one
 * clause. A shared object, valid until the next call. The breaks are found one by one (no array
 * of parts, no strings), each part trimmed by index.
 */
export function lastClauseSpan(text: string): { readonly start: number; readonly end: number } | undefined {
  CLAUSE_BREAK.lastIndex = 0;
  let partStart = 0;
  let lastStart = -1;
  let lastEnd = -1;
  let earlier = false;
  for (;;) {
    const found = CLAUSE_BREAK.exec(text);
    let from = partStart;
    let to = found === null ? text.length : found.index;
    while (from < to && isTrimmed(unitAt(text, from))) from++;
    while (to > from && isTrimmed(unitAt(text, to - 1))) to--;
    if (from < to) {
      if (lastStart >= 0) earlier = true;
      lastStart = from;
      lastEnd = to;
    }
    if (found === null) break;
    partStart = found.index + found[0].length;
  }
  clauseSpan.start = lastStart;
  clauseSpan.end = lastEnd;
  return earlier ? clauseSpan : undefined;
}

/** What `String.prototype.trim` removes: white space and line terminators. */
function isTrimmed(u: number): boolean {
  if (u <= 0x20) return u === 0x20 || (u >= 0x09 && u <= 0x0d);
  if (u < 0xa0) return false;
  return u === 0xa0 || u === 0x1680 || (u >= 0x2000 && u <= 0x200a) || u === 0x2028 || u === 0x2029 || u === 0x202f || u === 0x205f || u === 0x3000 || u === 0xfeff;
}

/** {@link lastClause} as first written: the reference for tests. */
export function lastClauseReference(text: string): string | undefined {
  const parts = text.split(CLAUSE_BREAK).map((p) => p.trim()).filter((p) => p.length > 0);
  return parts.length > 1 ? parts[parts.length - 1] : undefined;
}

/**
 * MatchResult.keyTerms: the key terms' reading, built on first use from their scores (most results
 * never need it, and building it eagerly cost as much as the classifier itself).
 */
class KeyTermReading {
  private built?: { intent: IntentId; confidence: number; ranked: IntentScore[] };

  constructor(
    private readonly ids: readonly IntentId[],
    private readonly scores: readonly number[],
    private readonly temperature: number,
    /** Whether the result is shared (through the cache), and so frozen as compute() freezes its own. */
    private readonly frozen: boolean,
  ) {}

  get intent(): IntentId {
    return this.build().intent;
  }
  get confidence(): number {
    return this.build().confidence;
  }
  get ranked(): IntentScore[] {
    return this.build().ranked;
  }

  /** The softmax and the five best, as compute() ranks them: objects for those five only. */
  private build(): { intent: IntentId; confidence: number; ranked: IntentScore[] } {
    if (this.built) return this.built;
    const { ids, temperature } = this;
    const count = ids.length;
    if (readingScores.length < count) {
      readingScores = new Float64Array(count);
      readingShares = new Float64Array(count);
    }
    for (let i = 0; i < count; i++) readingScores[i] = this.scores[i]!;
    const total = expsInto(readingScores, readingShares, count, temperature);
    const want = bestFive(readingScores, count, readingTop);
    const ranked: IntentScore[] = [];
    for (let r = 0; r < want; r++) {
      const pick = readingTop[r]!;
      const entry: IntentScore = { intent: ids[pick]!, score: round(readingScores[pick]!), confidence: share(readingShares[pick]! / total) };
      ranked.push(this.frozen ? Object.freeze(entry) : entry);
    }
    if (this.frozen) Object.freeze(ranked);
    return (this.built = { intent: ranked[0]!.intent, confidence: ranked[0]!.confidence, ranked });
  }
}

// KeyTermReading.build's buffers (it runs to its end before another can start).
let readingScores = new Float64Array(32);
let readingShares = new Float64Array(32);
const readingTop = new Int32Array(5);

/**
 * The indices of the five best of `scores[0..count)` into `top`, as a stable sort by score would
 * order them (ties: the earlier index first): one pass, each score inserted behind every one it does
 * not beat (scores are never NaN). Returns how many (five, or fewer scores).
 */
function bestFive(scores: Float64Array, count: number, top: Int32Array): number {
  const want = Math.min(5, count);
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const score = scores[i]!;
    if (kept === want && !(score > scores[top[want - 1]!]!)) continue;
    let at = kept < want ? kept++ : want - 1;
    for (; at > 0 && score > scores[top[at - 1]!]!; at--) top[at] = top[at - 1]!;
    top[at] = i;
  }
  return want;
}

/**
 * The softmax of `scores[0..count)` before its division: `out[i] = exp((scores[i] − max) /
 * temperature)`, and returns their sum (share i is `out[i] / sum`, the highest `1 / sum`).
 */
function expsInto(scores: Float64Array, out: Float64Array, count: number, temperature: number): number {
  let max = -Infinity;
  for (let i = 0; i < count; i++) if (scores[i]! > max) max = scores[i]!;
  let total = 0;
  for (let i = 0; i < count; i++) total += out[i] = Math.exp((scores[i]! - max) / temperature);
  return total;
}

/**
 * {@link expsInto}, or −1 (and `out` incomplete) as soon as the highest share is certain to fall
 * below `gate`: the sums so far only grow (adding a non-negative number never lowers a rounded
 * sum), and so `1 / sum` only falls, so once it is below the gate the complete sum's is too. The
 * gated matches (more than half) then skip the rest of the exps.
 */
function gatedTotal(scores: Float64Array, out: Float64Array, count: number, temperature: number, gate: number): number {
  let max = -Infinity;
  let runnerUp = -Infinity;
  for (let i = 0; i < count; i++) {
    const score = scores[i]!;
    if (score > max) {
      runnerUp = max;
      max = score;
    } else if (score > runnerUp) runnerUp = score;
  }
  // The sum of every exp is at least 1 (the highest's) plus the runner-up's, and rounding keeps
  // that order: when those two alone put the highest share below the gate, so does the sum. That
  // decides most gated matches with one exp instead of the dozen the loop reads before it knows.
  if (1 / (1 + Math.exp((runnerUp - max) / temperature)) < gate) return -1;
  let total = 0;
  for (let i = 0; i < count; i++) {
    total += out[i] = Math.exp((scores[i]! - max) / temperature);
    if (1 / total < gate) return -1;
  }
  return total;
}

/** The index of the highest of `scores[0..count)` (the first on ties). */
function argmax(scores: Float64Array, count: number): number {
  let top = 0;
  for (let i = 1; i < count; i++) if (scores[i]! > scores[top]!) top = i;
  return top;
}

/**
 * A softmax share, rounded: never 1, since every competitor keeps some share (the classifier makes
 * 0.9996 common, and a rounded 1 would read as certainty to thresholds such as HANDOFF_OFFER_BELOW=1).
 */
function share(x: number): number {
  return Math.min(round(x), 0.999);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
