import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { IntentFileError } from '../errors.js';
import { normalisePattern } from './normalise.js';
import { unitAt } from './code-units.js';
import { noteValidated, snapshotFor, validatedFor, validatedText } from '../intents/yaml-snapshot.js';
import { yaml } from '../intents/yaml-lazy.js';
import { lazySchema } from '../intents/lazy-schema.js';
import { analysePattern, automatonFor, grownTo, type LiteralAutomaton } from './pattern-scan.js';
import { KANA_DAMAGE_PAIRS, kanaDamagedAt, withKanaRestored } from './kana-damage.js';
import { patternSource } from './pattern-sources.js';
import { noteScan, scanKey, storedScan, storedWatch, type ScanState, type ScanSummary } from './lexicon-scan.js';
import type { ScannedText } from './terms.js';

// Built on first use: a lexicon the build validated (src/intents/yaml-snapshot.ts) needs none.
const lexiconSchema = lazySchema(() =>
  z.object({
    /** Words whose one-character misconversions are corrected before matching (3+ characters). */
    fuzzy: z.array(z.string().min(3, { message: 'fuzzy words need at least 3 characters' })).default([]),
    /** Words a fuzzy word's correction never touches: they are other words (しくじっと is not クレジット with a kana dropped). */
    fuzzyExceptions: z.array(z.string().min(2, { message: 'fuzzy exceptions need at least 2 characters' })).default([]),
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
  }),
);

/** A concept: one name, one compiled regular expression (the alternation of its patterns). */
export interface Concept {
  name: string;
  pattern: RegExp;
}

/**
 * The concepts found in a text: a Set of names (in lexicon order) that also carries them as bits,
 * `bits[i >> 5] & (1 << (i & 31))` for the concept of index i, so key terms test them without
 * hashing strings.
 *
 * The names are added on first need: `has` and `size` read the bits, and only iterating (or
 * changing) the Set fills it. Most results are read by `has` alone (the conversation policy), and
 * adding every name to every message's Set cost the matcher ~3% of its time.
 */
export class ConceptSet extends Set<string> {
  private filled = false;

  constructor(
    readonly bits: Uint32Array,
    /** Bit i: a literal factor of the watched pattern i occurs in the text (see Lexicon.watch). */
    readonly watched: Uint32Array,
    /** The lexicon's concepts, whose index is the bit. */
    private readonly lexiconConcepts: readonly Concept[] = [],
    private readonly indexOf: ReadonlyMap<string, number> = new Map(),
  ) {
    super();
  }

  override has(name: string): boolean {
    if (this.filled) return super.has(name);
    const i = this.indexOf.get(name);
    return i !== undefined && (this.bits[i >> 5]! & (1 << (i & 31))) !== 0;
  }

  override get size(): number {
    if (this.filled) return super.size;
    let count = 0;
    for (let w = 0; w < this.bits.length; w++) {
      let word = this.bits[w]!;
      while (word !== 0) {
        word &= word - 1;
        count++;
      }
    }
    return count;
  }

  override add(name: string): this {
    return this.fill().addName(name);
  }
  override delete(name: string): boolean {
    return this.fill().deleteName(name);
  }
  override clear(): void {
    this.fill();
    super.clear();
  }
  override forEach(callback: (value: string, key: string, set: Set<string>) => void, thisArg?: unknown): void {
    this.fill();
    super.forEach(callback, thisArg);
  }
  override keys(): SetIterator<string> {
    return this.fill().namesIterator();
  }
  override values(): SetIterator<string> {
    return this.fill().namesIterator();
  }
  override entries(): SetIterator<[string, string]> {
    this.fill();
    return super.entries();
  }
  override [Symbol.iterator](): SetIterator<string> {
    return this.fill().namesIterator();
  }

  /** Adds the names of the bits, in lexicon order (once; the bits are not read again after). */
  private fill(): this {
    if (this.filled) return this;
    this.filled = true;
    for (let w = 0; w < this.bits.length; w++) {
      let word = this.bits[w]!;
      while (word !== 0) {
        const low = word & -word;
        super.add(this.lexiconConcepts[w * 32 + 31 - Math.clz32(low)]!.name);
        word ^= low;
      }
    }
    return this;
  }

  private addName(name: string): this {
    super.add(name);
    return this;
  }
  private deleteName(name: string): boolean {
    return super.delete(name);
  }
  private namesIterator(): SetIterator<string> {
    return super.values();
  }
}

/** The concepts of intents/_lexicon.yaml, compiled. */
export interface Lexicon {
  concepts: readonly Concept[];
  /**
   * Replaces one-character misconversions of the `fuzzy` words (「暗傷番号」「顔人証」「代里人」)
   * by the word, and for words of four characters or more also one inner character dropped
   * (「暗番号」) or two inner neighbours swapped (「電子明証書」). Only inner characters may differ:
   * the first and last characters must match, so 「保険料」 never becomes 「保険証」 and 「認証番号」
   * never 「暗証番号」.
   */
  correct(normalised: string): string;
  /** The concept names present in a normalised text (one scan; see pattern-scan.ts). */
  conceptsIn(normalised: string): Set<string>;
  /**
   * The same scan as bits only, without the Set of names: a shared buffer, valid until the next
   * call of scan or conceptsIn. Undefined for a reference lexicon.
   */
  scan?(normalised: string): ScannedText;
  /** True for the straightforward implementations (see CompileLexiconOptions.reference). */
  reference?: boolean;
  /** The same by running every concept's regular expression: the reference the scan is tested against. */
  conceptsInReference(normalised: string): Set<string>;
  /** Concept name → its index (the bit of ConceptSet.bits). */
  conceptIndex: ReadonlyMap<string, number>;
  /**
   * Adds a regular expression of a key term to the single pass: returns its index in
   * ConceptSet.watched, whose bit then says whether one of its literal factors occurs (when it
   * is a literal, whether it matches) — or undefined when it has no such factors.
   */
  watch(source: string): { index: number; literal: boolean } | undefined;
}

interface Scan {
  conceptsIn(text: string): ConceptSet;
  scan(text: string): ScannedText;
  watch(source: string): { index: number; literal: boolean } | undefined;
}

/** Compiles the concepts' single pass: one automaton over the patterns' literal factors. */
function compileScan(concepts: readonly Concept[], sourcesOf: readonly (readonly string[])[], conceptIndex: ReadonlyMap<string, number>): Scan {
  // Outputs of the automaton: p ≥ 0 is concept pattern p; -1 - i is watched pattern i.
  // Everything below is made on the first scan (prepareScan), from the build's snapshot when its
  // inputs are these (see lexicon-scan.ts), else analysed here.
  let patternConcept: number[] = [];
  let patternLiteral: boolean[] = [];
  let patternRegex: (RegExp | undefined)[] = [];
  let always: number[] = [];
  // Per concept, the patterns no literal can rule out, as one alternation run on every text.
  let residual: (RegExp | undefined)[] = [];
  const watchedIndex = new Map<string, { index: number; literal: boolean }>();
  /** The literal factors of each watched pattern, by its index (undefined: not read yet). */
  const watchedFactors: (readonly string[] | undefined)[] = [];
  /** The sources watch was asked about that have no literal factors (so are not watched). */
  const unwatched = new Set<string>();
  let automaton: LiteralAutomaton | undefined;
  const conceptCount = concepts.length;
  const wordsPerSet = Math.ceil(conceptCount / 32) || 1;
  // Stamps instead of clearing: seen[p] === generation means pattern p was already a candidate.
  let seen = new Uint32Array(0);
  let generation = 0;
  // The patterns whose regex may have to run, as a buffer and a count: a plain array emptied by
  // `length = 0` dropped its storage, and every scan grew a new one.
  let candidates = new Int32Array(64);
  let residualConcepts: number[] = [];
  const scratch: ScannedText = { bits: new Uint32Array(wordsPerSet), watched: new Uint32Array(1) };
  let summary: ScanSummary | undefined;
  return {
    watch(source) {
      const known = watchedIndex.get(source);
      if (known) return known;
      // A source the build's scan was asked about: its factors are needed only if the scan is built.
      let literal = storedWatch(source);
      let factors: readonly string[] | undefined;
      if (literal === undefined) {
        const facts = analysePattern(source);
        if (facts.factors) ({ literal, factors } = facts);
        else literal = null;
      }
      if (literal === null) {
        unwatched.add(source);
        return undefined;
      }
      const entry = { index: watchedIndex.size, literal };
      watchedIndex.set(source, entry);
      watchedFactors.push(factors);
      automaton = undefined; // rebuilt on the next scan
      return entry;
    },
    conceptsIn(text) {
      const scanned = scanText(text);
      // Copied by the constructor: a third cheaper than slice() for arrays this small.
      return new ConceptSet(new Uint32Array(scanned.bits), new Uint32Array(scanned.watched), concepts, conceptIndex);
    },
    scan: (text) => scanText(text),
  };

  // Per automaton state, its outputs summarised once: the concept bits its literal patterns
  // give, the watched bits, and the patterns that still need their regex (a state often carries
  // dozens of outputs, and reading them one by one on every text was most of the scan).

  /**
   * The scan's tables for the concepts' patterns and the patterns watched so far: the build's
   * snapshot when it was made from the same sources (see lexicon-scan.ts), else analysed and built
   * here (then also what the build stores).
   */
  function prepareScan(): LiteralAutomaton {
    const key = scanKey(sourcesOf, [...watchedIndex.keys()]);
    const stored = storedScan(key);
    const state = stored ?? analyseScan();
    ({ patternConcept, patternLiteral, always } = state);
    patternRegex = state.regexSources.map((source) => (source === undefined ? undefined : new RegExp(source, 'u')));
    residual = state.residualSources.map((source) => (source === undefined ? undefined : new RegExp(source, 'u')));
    residualConcepts = residual.flatMap((re, c) => (re ? [c] : []));
    seen = new Uint32Array(patternConcept.length);
    summary = state.summary ?? summarise(state.automaton);
    if (!stored) {
      const asked: [string, boolean | null][] = [...watchedIndex].map(([source, { literal }]) => [source, literal]);
      noteScan(key, { ...state, summary }, [...asked, ...[...unwatched].map((source): [string, null] => [source, null])]);
    }
    return state.automaton;
  }

  /** The analysis of every pattern, and the automaton of their factors. */
  function analyseScan(): ScanState {
    const words = new Map<string, number[]>();
    const addWord = (word: string, output: number): void => {
      let list = words.get(word);
      if (!list) words.set(word, (list = []));
      if (!list.includes(output)) list.push(output);
    };
    const state: ScanState = { patternConcept: [], patternLiteral: [], regexSources: [], always: [], residualSources: [], automaton: undefined! };
    sourcesOf.forEach((sources, c) => {
      const unfiltered: string[] = [];
      for (const source of sources) {
        const facts = analysePattern(source);
        if (facts.always) {
          state.always.push(c);
          continue;
        }
        if (!facts.factors) {
          unfiltered.push(source);
          continue;
        }
        const id = state.patternConcept.length;
        state.patternConcept.push(c);
        state.patternLiteral.push(facts.literal);
        state.regexSources.push(facts.literal ? undefined : source);
        for (const word of facts.factors) addWord(word, id);
      }
      state.residualSources.push(unfiltered.length > 0 ? unfiltered.map((u) => `(?:${u})`).join('|') : undefined);
    });
    // The watched patterns' factors after the concepts', in the order they were watched.
    [...watchedIndex.keys()].forEach((source, i) => {
      for (const word of (watchedFactors[i] ??= analysePattern(source).factors!)) addWord(word, -1 - i);
    });
    state.automaton = automatonFor([...words.keys()], [...words.values()]);
    return state;
  }

  function summarise(built: LiteralAutomaton): ScanSummary {
    const states = built.stateCount;
    const watchedWords = Math.ceil(watchedIndex.size / 32) || 1;
    const stateBits = new Uint32Array(states * wordsPerSet);
    const stateWatched = new Uint32Array(states * watchedWords);
    const candStart = new Int32Array(states + 1);
    const cands: number[] = [];
    const lastState = new Int32Array(patternConcept.length).fill(-1);
    // The tables themselves: a subarray per state (outputsOf) was most of this loop at start.
    const { outStart, outputs } = built.outputTable();
    for (let s = 0; s < states; s++) {
      const end = outStart[s + 1]!;
      for (let o = outStart[s]!; o < end; o++) {
        const p = outputs[o]!;
        if (p < 0) {
          const i = -1 - p;
          stateWatched[s * watchedWords + (i >> 5)]! |= 1 << (i & 31);
        } else if (patternLiteral[p]) {
          const c = patternConcept[p]!;
          stateBits[s * wordsPerSet + (c >> 5)]! |= 1 << (c & 31);
        } else if (lastState[p] !== s) {
          lastState[p] = s;
          cands.push(p);
        }
      }
      candStart[s + 1] = cands.length;
    }
    return { bits: stateBits, watched: stateWatched, watchedWords, candStart, cands: Int32Array.from(cands) };
  }

  function scanText(text: string): ScannedText {
    if (automaton === undefined) automaton = prepareScan();
    const { watchedWords, candStart, cands } = summary!;
    const stateBits = summary!.bits;
    const stateWatched = summary!.watched;
    if (scratch.watched.length !== watchedWords) scratch.watched = new Uint32Array(watchedWords);
    const { bits, watched } = scratch;
    // Loops, not fill(): for a few words the call into the runtime's fill cost more (every scan).
    for (let w = 0; w < bits.length; w++) bits[w] = 0;
    for (let w = 0; w < watched.length; w++) watched[w] = 0;
    for (const c of always) bits[c >> 5]! |= 1 << (c & 31);
    if (++generation === 0xffffffff) {
      seen.fill(0);
      generation = 1;
    }
    const { states, count } = automaton.collectStates(text);
    let candidateCount = 0;
    for (let k = 0; k < count; k++) {
      const s = states[k]!;
      for (let w = 0; w < wordsPerSet; w++) bits[w]! |= stateBits[s * wordsPerSet + w]!;
      for (let w = 0; w < watchedWords; w++) watched[w]! |= stateWatched[s * watchedWords + w]!;
      const end = candStart[s + 1]!;
      for (let j = candStart[s]!; j < end; j++) {
        const p = cands[j]!;
        if (seen[p] === generation) continue;
        seen[p] = generation;
        if (candidateCount === candidates.length) candidates = grownTo(candidates, candidates.length * 2);
        candidates[candidateCount++] = p;
      }
    }
    for (let i = 0; i < candidateCount; i++) {
      const p = candidates[i]!;
      const c = patternConcept[p]!;
      if ((bits[c >> 5]! & (1 << (c & 31))) === 0 && patternRegex[p]!.test(text)) bits[c >> 5]! |= 1 << (c & 31);
    }
    for (const c of residualConcepts) {
      if ((bits[c >> 5]! & (1 << (c & 31))) === 0 && residual[c]!.test(text)) bits[c >> 5]! |= 1 << (c & 31);
    }
    return scratch;
  }
}

export interface CompileLexiconOptions {
  /**
   * Use the straightforward implementations (every concept's regex, every fuzzy word) instead of
   * the single pass. For tests, which hold the two against each other; never faster.
   */
  reference?: boolean;
}

/** Compiles a lexicon from its parsed YAML data; `where` names the source in error messages. */
export function compileLexicon(data: unknown, where = 'intents/_lexicon.yaml', options: CompileLexiconOptions = {}): Lexicon {
  const parsed = validLexicon(data, where);
  const concepts: Concept[] = [];
  const sourcesOf: string[][] = [];
  for (const [name, patterns] of Object.entries(parsed.data.concepts)) {
    const sources = patterns.map((p, i) => {
      const { source, valid } = patternSource(p);
      if (valid) return source; // compiled by the build (see pattern-sources.ts)
      try {
        new RegExp(source, 'u');
      } catch (error) {
        throw new IntentFileError(`${where}: concepts.${name}[${i}]: not a valid regular expression: ${(error as Error).message}`);
      }
      return source;
    });
    concepts.push(conceptOf(name, sources));
    sourcesOf.push(sources);
  }

  const conceptsInReference = (normalised: string): Set<string> => {
    const found = new Set<string>();
    for (const concept of concepts) if (concept.pattern.test(normalised)) found.add(concept.name);
    return found;
  };
  const conceptIndex = new Map(concepts.map((c, i) => [c.name, i]));
  const scan = compileScan(concepts, sourcesOf, conceptIndex);
  const fuzzy = [...new Set(parsed.data.fuzzy.map((w) => normalisePattern(w).toLowerCase()))];
  const exceptions = parsed.data.fuzzyExceptions.map((w) => normalisePattern(w).toLowerCase());
  const misspelt = homophoneVariants(parsed.data.homophoneWords, parsed.data.homophones);
  const misspeltPattern = misspelt.size > 0 ? new RegExp([...misspelt.keys()].join('|'), 'g') : undefined;
  const correctReference = (normalised: string): string => {
    const restored = withKanaRestored(normalised);
    let text = misspeltPattern ? restored.replace(misspeltPattern, (m) => misspelt.get(m) ?? m) : restored;
    for (const word of fuzzy) text = correctWord(text, word, exceptions);
    return text;
  };
  const { at: fuzzyAt, unlessChanged: fuzzyUnlessChanged } = fuzzyCandidates(fuzzy, [...KANA_DAMAGE_PAIRS, ...[...misspelt.keys()].map((k) => [k.charCodeAt(0), k.charCodeAt(1)] as const)]);
  if (fuzzy.length > 0) primeCorrectWord();
  const misspeltFirst = new Uint8Array(65536);
  for (const k of misspelt.keys()) misspeltFirst[k.charCodeAt(0)] = 1;
  // Every misspelling is two code units: a pair lookup at each position replaces the regex.
  const misspeltPairs = [...misspelt.keys()].every((k) => k.length === 2);
  // …and a table of the pairs' hashes rules out nearly every position before the lookup: the
  // misspellings' first characters are common kanji (暗, 確, 認, 手 …), so testing only the first
  // character sliced a two-character string and looked it up at most positions of most texts.
  // One bit per slot (8 KB): a byte per slot was 64 KB read at a random place per character,
  // out of the first-level cache the rest of the match shares.
  const misspeltPair = new Int32Array(65536 / 32);
  if (misspeltPairs) for (const k of misspelt.keys()) markPair(misspeltPair, pairSlot(k.charCodeAt(0), k.charCodeAt(1)));
  // The pre-checks of correct's three steps in one pass over the text, for when the first two find
  // nothing to change (nearly every message): see fuzzyCandidates' unlessChanged. Not for
  // misspellings that are not all pairs (read by a regex then, not a pair table).
  const oneReading = !misspeltPattern || misspeltPairs;
  const correct = (normalised: string): string => {
    const maybe = oneReading ? fuzzyUnlessChanged(normalised, misspeltPattern ? misspeltPair : undefined) : null;
    if (maybe === undefined) return normalised;
    if (maybe !== null) return corrected(normalised, maybe);
    let text = withKanaRestored(normalised);
    if (misspeltPattern && misspeltPairs) {
      const n = text.length;
      for (let i = 0; i + 1 < n; i++) {
        if (hasPair(misspeltPair, pairSlot(unitAt(text, i), unitAt(text, i + 1)))) {
          text = replacePairs(text, i, misspelt, misspeltPair);
          break;
        }
      }
    } else if (misspeltPattern) {
      // Most texts hold no first character of any misspelling: skip the regex then.
      for (let i = 0; i < text.length; i++) {
        if (misspeltFirst[text.charCodeAt(i)] === 1) {
          text = text.replace(misspeltPattern, (m) => misspelt.get(m) ?? m);
          break;
        }
      }
    }
    // A word with no position where its first and last characters both fit cannot be corrected;
    // correctWord leaves such a text as it is, so only the others run, in the same order.
    const left = fuzzyAt(text);
    return left === undefined ? text : corrected(text, left);
  };
  /** correct's last step: the fuzzy words `maybe` holds tried on `text` in order. */
  const corrected = (text: string, first: Uint32Array): string => {
    let maybe: Uint32Array | undefined = first;
    for (let w = 0; w < fuzzy.length; w++) {
      if ((maybe[w >> 5]! & (1 << (w & 31))) === 0) continue;
      const next = correctWord(text, fuzzy[w]!, exceptions);
      if (next !== text) {
        text = next;
        maybe = fuzzyAt(text);
        if (maybe === undefined) break;
      }
    }
    return text;
  };
  if (options.reference) {
    return {
      concepts, conceptIndex, correct: correctReference, conceptsIn: (n) => conceptsInReference(n), conceptsInReference, watch: () => undefined, reference: true,
    };
  }
  return {
    concepts,
    correct,
    conceptIndex,
    conceptsIn: scan.conceptsIn,
    scan: scan.scan,
    conceptsInReference,
    watch: scan.watch,
  };
}

/**
 * The lexicon's data validated: for data loadLexicon took from the build's snapshot, what the build
 * stored for the same text (see src/intents/yaml-snapshot.ts), else checked with the schema now.
 */
function validLexicon(data: unknown, where: string): { data: z.infer<typeof lexiconSchema> } {
  if (typeof data === 'object' && data !== null && storedValid.has(data)) return { data: data as z.infer<typeof lexiconSchema> };
  const known = validatedFor('lexicon', data);
  if (known !== undefined) return { data: known as z.infer<typeof lexiconSchema> };
  const parsed = lexiconSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new IntentFileError(`${where}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  noteValidated('lexicon', data, parsed.data);
  return parsed;
}

/**
 * A concept whose alternation is compiled when first read: only the reference path
 * (conceptsInReference, tests) runs it, and compiling the 56 alternations of 2,000 patterns took
 * ~4 ms of a cold start. Each pattern was compiled on its own above, so only patterns naming a
 * capture group could make the alternation fail (the same name twice): those compile now, as before.
 */
function conceptOf(name: string, sources: readonly string[]): Concept {
  const compile = (): RegExp => new RegExp(sources.map((s) => `(?:${s})`).join('|'), 'u');
  if (sources.some((s) => /\(\?<(?![=!])/.test(s))) return { name, pattern: compile() };
  let pattern: RegExp | undefined;
  return {
    name,
    get pattern() {
      return (pattern ??= compile());
    },
  };
}

/** Lexicon data loadLexicon took from the build's validated output (not validated again). */
const storedValid = new WeakSet<object>();

/** Reads and compiles intents/_lexicon.yaml (or another file). */
export function loadLexicon(file: string): Lexicon {
  let data: unknown;
  try {
    const bytes = readFileSync(file);
    // The build's validated output for this text, when stored, is all compileLexicon needs (found by
    // the file's bytes: not decoded then).
    const known = validatedText('lexicon', bytes);
    if (typeof known === 'object' && known !== null) storedValid.add(known);
    if (known !== undefined) data = known;
    else {
      const text = bytes.toString('utf8');
      data = snapshotFor(text) ?? yaml().parse(text);
    }
  } catch (error) {
    throw new IntentFileError(`${file}: cannot read the lexicon: ${(error as Error).message}`);
  }
  return compileLexicon(data, file);
}

/**
 * For a text, the fuzzy words (bit w of the result for word w) that have a position where the
 * text holds their first character and, n-1 characters on, their last, and that the text does not
 * hold as they are: the only ones correctWord can change anything for (it leaves a text holding
 * the word alone). Undefined when there are none; otherwise a shared buffer, valid until the next
 * call. `at` reads any text; `unlessChanged` also rules out `otherPairs` on the way (see there).
 */
function fuzzyCandidates(words: readonly string[], otherPairs: readonly (readonly [number, number])[]): {
  at: (text: string) => Uint32Array | undefined;
  unlessChanged: (text: string, misspeltPair: Int32Array | undefined) => Uint32Array | undefined | null;
} {
  // A table by first code unit instead of a Map: this runs on every message.
  const firstOf = new Uint8Array(65536);
  const byFirst: { word: number; span: number; last: number; spelling: string }[][] = [[]];
  words.forEach((word, w) => {
    const first = word.charCodeAt(0);
    if (firstOf[first] === 0) {
      firstOf[first] = byFirst.length;
      byFirst.push([]);
    }
    byFirst[firstOf[first]!]!.push({ word: w, span: word.length - 1, last: word.charCodeAt(word.length - 1), spelling: word });
  });
  if (byFirst.length > 255) throw new Error('too many fuzzy words with distinct first characters');
  // Where unlessChanged has anything to check, as bits (8 KB each, where tables of a byte a code
  // unit were 64 KB read at random places): the code units that start a fuzzy word or one of
  // `otherPairs` (a damaged kana spelling or a misspelling), and the pairSlot of those pairs.
  const startsAny = new Int32Array(65536 / 32);
  words.forEach((word) => markPair(startsAny, word.charCodeAt(0)));
  const otherPair = new Int32Array(65536 / 32);
  for (const [a, b] of otherPairs) {
    markPair(startsAny, a);
    markPair(otherPair, pairSlot(a, b));
  }
  const wordsOfBits = Math.ceil(words.length / 32) || 1;
  const maybe = new Uint32Array(wordsOfBits);
  // Most messages with a candidate hold it as the word itself (暗証番号 is in most of them): those
  // words are ruled out here, instead of by a text.includes() each in correctWord.
  const present = new Uint32Array(wordsOfBits);
  /**
   * Marks the words of first-character class `f` that may start at `i` of `text` (`n` its length): in
   * `present` when spelt out, in `maybe` when not quite (a character dropped, changed or swapped). Whether
   * any was marked. Shared by `at` and `unlessChanged`, small enough to be inlined into both loops.
   */
  const markWordsAt = (text: string, i: number, n: number, f: number): boolean => {
    let any = false;
    for (const { word, span, last, spelling } of byFirst[f]!) {
      // Read only within the text: one read past its end (NaN) would cost every unitAt its inlining.
      if (i + span >= n || unitAt(text, i + span) !== last) {
        // One inner character dropped (words of four or more): the last one a character sooner.
        if (span >= MIN_SPAN_FOR_DROPS && i + span - 1 < n && unitAt(text, i + span - 1) === last) {
          maybe[word >> 5]! |= 1 << (word & 31);
          any = true;
        }
        continue;
      }
      let same = 1;
      while (same < span && unitAt(text, i + same) === spelling.charCodeAt(same)) same++;
      if (same === span) present[word >> 5]! |= 1 << (word & 31);
      else maybe[word >> 5]! |= 1 << (word & 31);
      any = true;
    }
    return any;
  };
  const at = (text: string): Uint32Array | undefined => {
    for (let b = 0; b < wordsOfBits; b++) maybe[b] = present[b] = 0;
    let any = false;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const f = firstOf[unitAt(text, i)]!;
      if (f !== 0 && markWordsAt(text, i, n, f)) any = true;
    }
    if (!any) return undefined;
    let left = 0;
    for (let b = 0; b < wordsOfBits; b++) left |= maybe[b]! &= ~present[b]!;
    return left === 0 ? undefined : maybe;
  };
  /**
   * `at(text)` when withKanaRestored leaves `text` as it is and no pair of `misspeltPair` (the
   * misspellings' filter; undefined: none) occurs in it, so that correct's first two steps change
   * nothing and its third reads this very text; null when either might change it. One pass instead
   * of three over the message (correct was ~9% of a match, each step a loop over its code units).
   */
  const unlessChanged = (text: string, misspeltPair: Int32Array | undefined): Uint32Array | undefined | null => {
    for (let b = 0; b < wordsOfBits; b++) maybe[b] = present[b] = 0;
    let any = false;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const u = unitAt(text, i);
      if (!hasPair(startsAny, u)) continue;
      if (i + 1 < n) {
        const next = unitAt(text, i + 1);
        const slot = pairSlot(u, next);
        if (hasPair(otherPair, slot)) {
          // Where withKanaRestored and the misspellings' loop look (i + 2 < n, i + 1 < n).
          if (i + 2 < n && kanaDamagedAt(text, i, u, next)) return null;
          if (misspeltPair !== undefined && hasPair(misspeltPair, slot)) return null;
        }
      }
      const f = firstOf[u]!;
      if (f !== 0 && markWordsAt(text, i, n, f)) any = true;
    }
    if (!any) return undefined;
    let left = 0;
    for (let b = 0; b < wordsOfBits; b++) left |= maybe[b]! &= ~present[b]!;
    return left === 0 ? undefined : maybe;
  };
  return { at, unlessChanged };
}

/**
 * What `text.replace(/ab|cd|…/g, …)` does for two-character keys, from position `from` (no key
 * starts before it): left to right, a key found is replaced and the search goes on after it.
 * `filter` has the bit pairSlot(a, b) of every key's two code units (and of some other pairs).
 */
function replacePairs(text: string, from: number, pairs: ReadonlyMap<string, string>, filter: Int32Array): string {
  let out: string | undefined;
  let copied = 0;
  for (let i = from; i + 1 < text.length; i++) {
    if (!hasPair(filter, pairSlot(text.charCodeAt(i), text.charCodeAt(i + 1)))) continue;
    const replacement = pairs.get(text.slice(i, i + 2));
    if (replacement === undefined) continue;
    out = (out ?? '') + text.slice(copied, i) + replacement;
    copied = i + 2;
    i++;
  }
  return out === undefined ? text : out + text.slice(copied);
}

/** A slot of a 65,536-entry table for the code unit pair (a, b). */
function pairSlot(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 16;
}

/** Sets bit `slot` of a bitset of 65,536 slots. */
function markPair(bits: Int32Array, slot: number): void {
  bits[slot >>> 5]! |= 1 << (slot & 31);
}

/** Whether bit `slot` of a bitset of 65,536 slots is set. */
function hasPair(bits: Int32Array, slot: number): boolean {
  return (bits[slot >>> 5]! & (1 << (slot & 31))) !== 0;
}

/**
 * The fewest characters a fuzzy word needs before a dropped or swapped inner character is
 * corrected too, as its span (length − 1): a three-character word less one character is two, which
 * too many other words share.
 */
const MIN_SPAN_FOR_DROPS = 3;

/** Whether {@link primeCorrectWord} has run in this process. */
let correctWordPrimed = false;

/**
 * Runs {@link correctWord} down each of its paths once per process: a character replaced, two
 * swapped, one dropped, and none. Corrections are rare, and the first message needing each kind
 * came thousands of messages in, after the JIT had compiled correctWord without it: each one threw
 * the compiled code away and had it compiled again (three times in a benchmark's timed pass, ~20 ms
 * of compiling). V8 records no feedback for a function's first calls, so each path runs eight
 * times (about 0.25 ms at the first lexicon's compiling, mostly the bytecode the first correction
 * would compile anyway).
 */
function primeCorrectWord(): void {
  if (correctWordPrimed) return;
  correctWordPrimed = true;
  const word = 'あいうえお';
  const filler = 'かきくけこ'.repeat(2);
  const variants = ['あいXえお', 'あういえお', 'あいえお', 'あいうえお', 'あXYZお'].map((v) => filler + v + filler);
  for (let round = 0; round < 8; round++) for (const text of variants) correctWord(text, word, ['くけ']);
}

/**
 * Replaces every substring of `text` that differs from `word` in exactly one inner character and,
 * for words of four characters or more, every one that lacks one inner character of it or has two
 * inner neighbours of it swapped.
 */
function correctWord(text: string, word: string, exceptions: readonly string[]): string {
  const n = word.length;
  if (text.length < n - 1 || text.includes(word)) return text;
  const first = word.charCodeAt(0);
  const last = word.charCodeAt(n - 1);
  const drops = n - 1 >= MIN_SPAN_FOR_DROPS;
  let out: string | undefined;
  for (let i = 0; i + n - 1 <= text.length; i++) {
    if (text.charCodeAt(i) !== first) continue;
    if (i + n <= text.length && text.charCodeAt(i + n - 1) === last && sameButOne(text, i, word, drops)) {
      if (!inException(text, i, i + n, exceptions)) text = out = text.slice(0, i) + word + text.slice(i + n);
    } else if (drops && text.charCodeAt(i + n - 2) === last && lacksOne(text, i, word)) {
      if (!inException(text, i, i + n - 1, exceptions)) text = out = text.slice(0, i) + word + text.slice(i + n - 1);
    }
  }
  return out ?? text;
}

/** Whether one of the exceptions occurs in `text` overlapping [from, to) (rare: only a correction's candidate asks). */
function inException(text: string, from: number, to: number, exceptions: readonly string[]): boolean {
  for (const word of exceptions) {
    for (let at = text.indexOf(word, Math.max(0, from - word.length + 1)); at >= 0 && at < to; at = text.indexOf(word, at + 1)) return true;
  }
  return false;
}

/**
 * Whether text[at, at + word.length) is `word` with exactly one inner character replaced or, when
 * `swaps`, two inner neighbours swapped (first and last characters already checked).
 */
function sameButOne(text: string, at: number, word: string, swaps: boolean): boolean {
  const n = word.length;
  const j = innerMatch(text, at, word);
  if (j >= n - 1) return false;
  // Replaced: the rest matches.
  let k = j + 1;
  while (k < n - 1 && text.charCodeAt(at + k) === word.charCodeAt(k)) k++;
  if (k >= n - 1) return true;
  // Swapped with the next inner character, and the rest matches.
  if (!swaps || k !== j + 1) return false;
  if (text.charCodeAt(at + j) !== word.charCodeAt(k) || text.charCodeAt(at + k) !== word.charCodeAt(j)) return false;
  for (k++; k < n - 1; k++) if (text.charCodeAt(at + k) !== word.charCodeAt(k)) return false;
  return true;
}

/** How many of `word`'s first characters text[at…] holds, up to its last inner one (the first is checked). */
function innerMatch(text: string, at: number, word: string): number {
  let j = 1;
  while (j < word.length - 1 && text.charCodeAt(at + j) === word.charCodeAt(j)) j++;
  return j;
}

/** Whether text[at, at + word.length − 1) is `word` without one of its inner characters. */
function lacksOne(text: string, at: number, word: string): boolean {
  const n = word.length;
  const j = innerMatch(text, at, word);
  if (j > n - 2) return false; // every inner character there: nothing was dropped
  // text[at + j] stands where word[j + 1] should: the rest is the word from there, shifted by one.
  for (let k = j + 1; k < n; k++) if (text.charCodeAt(at + k - 1) !== word.charCodeAt(k)) return false;
  return true;
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
