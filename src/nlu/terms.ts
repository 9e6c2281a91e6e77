import { IntentFileError } from '../errors.js';
import { patternSource } from './pattern-sources.js';
import type { Lexicon } from './lexicon.js';

/**
 * A key term of an intent: a conjunction of atoms with a weight. In intent files a term is written
 * `"@PIN+@FORGET+!@SIGNATURE": 3` — `@NAME` is a lexicon concept, anything else a regular
 * expression on the normalised text, `!` negates an atom, `+` joins atoms that must all hold.
 */
export interface Term {
  source: string;
  weight: number;
  /**
   * Whether the term holds. With the concepts as a ConceptSet (what the lexicon returns) the
   * concept atoms are two mask tests; with any other Set, {@link Term.holdsReference}.
   */
  holds(normalised: string, concepts: ReadonlySet<string>): boolean;
  /** The straightforward evaluation, atom by atom in written order: the reference for tests. */
  holdsReference(normalised: string, concepts: ReadonlySet<string>): boolean;
  /** The fast form's parts, when compiled against a Lexicon (what {@link TermTable} flattens). */
  readonly parts?: TermParts;
}

/** A term as masks over the lexicon's concept bits, and its regex atoms. */
interface TermParts {
  required: Uint32Array;
  forbidden: Uint32Array;
  regexAtoms: readonly RegexAtom[];
}

interface Atom {
  negate: boolean;
  test(normalised: string, concepts: ReadonlySet<string>): boolean;
}

/** A regex atom with the lexicon's prefilter (see Lexicon.watch). */
interface RegexAtom {
  negate: boolean;
  pattern: RegExp;
  /** Its bit in ConceptSet.watched: a literal factor occurs; -1: none known, always run it. */
  watched: number;
  /** The pattern is exactly "one of the factors occurs". */
  literal: boolean;
}

function regexHolds(atom: RegexAtom, text: string, watched: Uint32Array): boolean {
  const i = atom.watched;
  if (i >= 0) {
    if ((watched[i >> 5]! & (1 << (i & 31))) === 0) return false;
    if (atom.literal) return true;
  }
  return atom.pattern.test(text);
}

/** The lexicon the term's concepts come from, or just the set of known concept names. */
type KnownConcepts = ReadonlySet<string> | Lexicon;

/** Compiles one `terms` entry; `where` (file and key) is named in errors. */
export function compileTerm(source: string, weight: number, knownConcepts: KnownConcepts, where: string): Term {
  // `+` joins atoms, but a regex atom may itself contain `+`: split only on a `+` that follows a
  // concept name or precedes a concept or a negation.
  const parts = source.split(/\+(?=[@!])|(?<=@[A-Z0-9_]+)\+/).map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new IntentFileError(`${where}: empty term`);
  // 「(?:番号|暗証)+(?:財布|さいふ)」 reads as "and" to a person but is one regex to the split above
  // (a repeated group followed by another), so it silently never matches: say so at load time.
  const joined = parts.find((p) => !p.startsWith('@') && !p.startsWith('!@') && /\)\+\(/.test(p));
  if (joined) {
    throw new IntentFileError(
      `${where}: "${joined}" has ")+(" inside one regular expression, which repeats a group instead of joining two conditions. ` +
        'To require both, write one regex with lookaheads, e.g. "(?=.*(?:a|b))(?=.*(?:c|d))"; to repeat a group, write {1,} instead of +.',
    );
  }
  const atoms: Atom[] = [];
  const lexicon = 'conceptIndex' in knownConcepts ? knownConcepts : undefined;
  const indexOf = lexicon?.conceptIndex;
  const known = indexOf ?? (knownConcepts as ReadonlySet<string>);
  // The fast form: concepts that must be present / absent as bit masks, then the regex atoms.
  const required: number[] = [];
  const forbidden: number[] = [];
  const regexAtoms: RegexAtom[] = [];
  for (const raw of parts) {
    const negate = raw.startsWith('!');
    const body = negate ? raw.slice(1) : raw;
    if (body.startsWith('@')) {
      const name = body.slice(1);
      if (!known.has(name)) {
        throw new IntentFileError(`${where}: unknown concept "@${name}" (define it in intents/_lexicon.yaml)`);
      }
      atoms.push({ negate, test: (_n, concepts) => concepts.has(name) });
      const index = indexOf?.get(name);
      if (index !== undefined) {
        const masks = negate ? forbidden : required;
        while (masks.length <= index >> 5) masks.push(0);
        masks[index >> 5]! |= 1 << (index & 31);
      }
      continue;
    }
    let pattern: RegExp;
    const normalisedSource = patternSource(body).source;
    try {
      pattern = new RegExp(normalisedSource, 'u');
    } catch (error) {
      throw new IntentFileError(`${where}: "${body}" is not a valid regular expression: ${(error as Error).message}`);
    }
    atoms.push({ negate, test: (normalised) => pattern.test(normalised) });
    const watched = lexicon?.watch(normalisedSource);
    regexAtoms.push({ negate, pattern, watched: watched?.index ?? -1, literal: watched?.literal ?? false });
  }
  const holdsReference = (normalised: string, concepts: ReadonlySet<string>): boolean => {
    for (const atom of atoms) if (atom.test(normalised, concepts) === atom.negate) return false;
    return true;
  };
  if (!lexicon) return { source, weight, holds: holdsReference, holdsReference };
  const req = Uint32Array.from(required);
  const forb = Uint32Array.from(forbidden);
  return {
    source,
    weight,
    holdsReference,
    parts: { required: req, forbidden: forb, regexAtoms },
    holds(normalised, concepts) {
      const { bits, watched } = concepts as { bits?: Uint32Array; watched?: Uint32Array };
      if (bits === undefined || watched === undefined) return holdsReference(normalised, concepts);
      for (let w = 0; w < req.length; w++) if ((req[w]! & ~(bits[w] ?? 0)) !== 0) return false;
      for (let w = 0; w < forb.length; w++) if (((bits[w] ?? 0) & forb[w]!) !== 0) return false;
      for (const atom of regexAtoms) if (regexHolds(atom, normalised, watched) === atom.negate) return false;
      return true;
    },
  };
}

/**
 * Whether a regex source is only positive lookaheads that each start with `.*`, as in
 * `(?=.*(?:番号|暗証))(?=.*(?:財布|さいふ))`. On a text without line terminators such a pattern
 * matches somewhere exactly when it matches at the start: a match at p means each `.*X` finds its X
 * at some q ≥ p, and from 0 the same q is reached, `.` crossing anything but a line terminator. So
 * it is tried at the start only, instead of at every position (each try scanning the rest: a
 * quadratic 4–12 µs on a long text).
 */
export function lookaheadsOnly(source: string): boolean {
  let i = 0;
  while (i < source.length) {
    if (!source.startsWith('(?=.*', i)) return false;
    let depth = 0;
    let j = i;
    for (; j < source.length; j++) {
      const ch = source[j];
      if (ch === '\\') j++;
      else if (ch === '[') {
        for (j++; j < source.length && source[j] !== ']'; j++) if (source[j] === '\\') j++;
      } else if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) break;
    }
    if (j >= source.length) return false;
    i = j + 1;
  }
  return i > 0;
}

/** `pattern.test(text)`, by `fromStart` (see {@link lookaheadsOnly}) when given and the text has no line terminator. */
function testAtom(pattern: RegExp, fromStart: RegExp | undefined, text: string): boolean {
  if (fromStart === undefined) return pattern.test(text);
  for (let k = 0; k < text.length; k++) {
    const u = text.charCodeAt(k);
    if (u === 0x0a || u === 0x0d || u === 0x2028 || u === 0x2029) return pattern.test(text);
  }
  fromStart.lastIndex = 0;
  return fromStart.test(text);
}

/** Concept bits and watched-pattern bits of one text, as the lexicon's scan returns them. */
export interface ScannedText {
  bits: Uint32Array;
  watched: Uint32Array;
}

/**
 * Every intent's terms in flat typed arrays, scored in one loop: per term its required and
 * forbidden concept masks (`words` 32-bit words each) and its regex atoms. The same decisions as
 * {@link Term.holds}, in the same order, so the sums are the same numbers.
 */
export class TermTable {
  private readonly words: number;
  /** Terms of group g: [groupStart[g], groupStart[g + 1]). */
  private readonly groupStart: Int32Array;
  private readonly weight: Float64Array;
  private readonly required: Uint32Array;
  private readonly forbidden: Uint32Array;
  /** Regex atoms of term t: [atomStart[t], atomStart[t + 1]). */
  private readonly atomStart: Int32Array;
  private readonly atomPattern: RegExp[];
  private readonly atomWatched: Int32Array;
  private readonly atomLiteral: Uint8Array;
  private readonly atomNegate: Uint8Array;
  /**
   * Per regex atom, the pattern tried at the text's start only (sticky) when it is nothing but
   * `(?=.*…)` lookaheads, else undefined (see {@link lookaheadsOnly}).
   */
  private readonly atomFromStart: (RegExp | undefined)[];
  /**
   * One required concept of term t as a word index and a bit (mask 0: none required): most
   * terms fail on it, so it is tested before the call that tests everything.
   */
  private readonly keyWord: Int32Array;
  private readonly keyMask: Int32Array;
  /** Words of a bitmap over the terms (bit t: term t). */
  private readonly termWords: number;
  /** Group of term t. */
  private readonly groupOf: Int32Array;
  /**
   * The terms that may hold, as bitmaps over the terms (see {@link TermTable.candidates}): per
   * concept, the terms whose key concept it is; per watched pattern, the terms without a key concept
   * that need one of its factors (a regex atom that must match); and the terms with neither.
   */
  private readonly byConcept: Uint32Array;
  private readonly byWatched: Uint32Array;
  private readonly unkeyed: Uint32Array;
  private readonly textCandidates: Uint32Array;
  private readonly clauseCandidates: Uint32Array;

  /** Undefined when a term was not compiled against a Lexicon (then Term.holds is the only way). */
  static from(groups: readonly (readonly Term[])[], conceptCount: number): TermTable | undefined {
    if (groups.some((terms) => terms.some((t) => t.parts === undefined))) return undefined;
    return new TermTable(groups, conceptCount);
  }

  private constructor(groups: readonly (readonly Term[])[], conceptCount: number) {
    const words = (this.words = Math.ceil(conceptCount / 32) || 1);
    const terms = groups.flat();
    this.groupStart = new Int32Array(groups.length + 1);
    groups.forEach((g, i) => (this.groupStart[i + 1] = this.groupStart[i]! + g.length));
    this.weight = Float64Array.from(terms.map((t) => t.weight));
    this.required = new Uint32Array(terms.length * words);
    this.forbidden = new Uint32Array(terms.length * words);
    this.atomStart = new Int32Array(terms.length + 1);
    this.keyWord = new Int32Array(terms.length);
    this.keyMask = new Int32Array(terms.length);
    this.atomPattern = [];
    this.atomFromStart = [];
    const watched: number[] = [];
    const literal: number[] = [];
    const negate: number[] = [];
    terms.forEach((term, t) => {
      const parts = term.parts!;
      if (parts.required.length > words || parts.forbidden.length > words) throw new Error('a term names a concept the lexicon does not have');
      this.required.set(parts.required, t * words);
      this.forbidden.set(parts.forbidden, t * words);
      const w = parts.required.findIndex((m) => m !== 0);
      if (w >= 0) {
        this.keyWord[t] = w;
        this.keyMask[t] = parts.required[w]! & -parts.required[w]!;
      }
      for (const atom of parts.regexAtoms) {
        this.atomPattern.push(atom.pattern);
        this.atomFromStart.push(lookaheadsOnly(atom.pattern.source) ? new RegExp(atom.pattern.source, 'uy') : undefined);
        watched.push(atom.watched);
        literal.push(atom.literal ? 1 : 0);
        negate.push(atom.negate ? 1 : 0);
      }
      this.atomStart[t + 1] = this.atomPattern.length;
    });
    this.atomWatched = Int32Array.from(watched);
    this.atomLiteral = Uint8Array.from(literal);
    this.atomNegate = Uint8Array.from(negate);
    const termWords = (this.termWords = Math.ceil(terms.length / 32) || 1);
    this.groupOf = new Int32Array(terms.length);
    for (let g = 0; g < groups.length; g++) this.groupOf.fill(g, this.groupStart[g]!, this.groupStart[g + 1]!);
    const watchedCount = Math.max(0, ...watched) + 1;
    this.byConcept = new Uint32Array(words * 32 * termWords);
    this.byWatched = new Uint32Array(watchedCount * termWords);
    this.unkeyed = new Uint32Array(termWords);
    this.textCandidates = new Uint32Array(termWords);
    this.clauseCandidates = new Uint32Array(termWords);
    const bit = (t: number): number => 1 << (t & 31);
    terms.forEach((_, t) => {
      const km = this.keyMask[t]!;
      if (km !== 0) {
        const concept = this.keyWord[t]! * 32 + 31 - Math.clz32(km);
        this.byConcept[concept * termWords + (t >> 5)]! |= bit(t);
        return;
      }
      // A regex atom that must match, with a factor known: the term cannot hold without the factor.
      for (let a = this.atomStart[t]!; a < this.atomStart[t + 1]!; a++) {
        const i = this.atomWatched[a]!;
        if (i >= 0 && this.atomNegate[a] === 0) {
          this.byWatched[i * termWords + (t >> 5)]! |= bit(t);
          return;
        }
      }
      this.unkeyed[t >> 5]! |= bit(t);
    });
  }

  /**
   * The terms that may hold in a scanned text, as a bitmap into `out`: those whose key concept
   * (or, without one, whose watched factor) the text has, and those with neither. A term outside
   * it fails {@link TermTable.holds} on that concept or factor, so skipping it changes nothing.
   */
  private candidates(scanned: ScannedText, out: Uint32Array): void {
    // A loop, not out.set(): for nine words the call into the runtime cost more (twice a match).
    const unkeyed = this.unkeyed;
    for (let k = 0; k < unkeyed.length; k++) out[k] = unkeyed[k]!;
    this.addRows(scanned.bits, this.byConcept, out);
    this.addRows(scanned.watched, this.byWatched, out);
  }

  /** ORs into `out` the row of `rows` of every bit set in `have`. */
  private addRows(have: Uint32Array, rows: Uint32Array, out: Uint32Array): void {
    const termWords = this.termWords;
    for (let w = 0; w < have.length; w++) {
      let word = have[w]!;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const row = (w * 32 + 31 - Math.clz32(low)) * termWords;
        if (row >= rows.length) return; // bits beyond the rows: patterns no term watches
        for (let k = 0; k < termWords; k++) out[k]! |= rows[row + k]!;
      }
    }
  }

  /** Whether term t holds for a scanned text. */
  private holds(t: number, text: string, scanned: ScannedText): boolean {
    const { bits, watched } = scanned;
    const words = this.words;
    const base = t * words;
    for (let w = 0; w < words; w++) {
      const have = bits[w] ?? 0;
      if ((this.required[base + w]! & ~have) !== 0 || (have & this.forbidden[base + w]!) !== 0) return false;
    }
    const end = this.atomStart[t + 1]!;
    for (let a = this.atomStart[t]!; a < end; a++) {
      const i = this.atomWatched[a]!;
      let found: boolean;
      if (i >= 0 && (watched[i >> 5]! & (1 << (i & 31))) === 0) found = false;
      else if (i >= 0 && this.atomLiteral[a] === 1) found = true;
      else found = testAtom(this.atomPattern[a]!, this.atomFromStart[a], text);
      if (found === (this.atomNegate[a] === 1)) return false;
    }
    return true;
  }

  /**
   * Adds to `scores[g]` the weight of every term of group g that holds in the text, and
   * `clauseWeight` times it for every term that holds in the last clause (when there is one) —
   * term by term in written order, as the matcher's reference loop does.
   */
  score(scores: Float64Array, text: string, scanned: ScannedText, clause: string | undefined, clauseScanned: ScannedText | undefined, clauseWeight: number): void {
    // Only the terms that may hold are tried (most fail on their key concept): in increasing order,
    // so every group's sum adds the same weights in the same order as testing them all.
    const inText = this.textCandidates;
    const inClause = this.clauseCandidates;
    this.candidates(scanned, inText);
    if (clauseScanned !== undefined) this.candidates(clauseScanned, inClause);
    else for (let w = 0; w < inClause.length; w++) inClause[w] = 0; // a loop: fill() is a call into the runtime
    const { groupOf, weight } = this;
    for (let w = 0; w < this.termWords; w++) {
      const textWord = inText[w]!;
      const clauseWord = inClause[w]!;
      let word = textWord | clauseWord;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const t = w * 32 + 31 - Math.clz32(low);
        const g = groupOf[t]!;
        if ((textWord & low) !== 0 && this.holds(t, text, scanned)) scores[g] = scores[g]! + weight[t]!;
        if ((clauseWord & low) !== 0 && this.holds(t, clause!, clauseScanned!)) scores[g] = scores[g]! + clauseWeight * weight[t]!;
      }
    }
  }
}
