import { IntentFileError } from '../errors.js';
import { normalisePattern } from './normalise.js';
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
    const normalisedSource = normalisePattern(body);
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
   * One required concept of term t as a word index and a bit (mask 0: none required): most
   * terms fail on it, so it is tested before the call that tests everything.
   */
  private readonly keyWord: Int32Array;
  private readonly keyMask: Int32Array;

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
        watched.push(atom.watched);
        literal.push(atom.literal ? 1 : 0);
        negate.push(atom.negate ? 1 : 0);
      }
      this.atomStart[t + 1] = this.atomPattern.length;
    });
    this.atomWatched = Int32Array.from(watched);
    this.atomLiteral = Uint8Array.from(literal);
    this.atomNegate = Uint8Array.from(negate);
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
      else found = this.atomPattern[a]!.test(text);
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
    const groups = this.groupStart.length - 1;
    const { keyWord, keyMask } = this;
    const bits = scanned.bits;
    const clauseBits = clauseScanned?.bits;
    for (let g = 0; g < groups; g++) {
      let score = scores[g]!;
      const end = this.groupStart[g + 1]!;
      for (let t = this.groupStart[g]!; t < end; t++) {
        const km = keyMask[t]!;
        const kw = keyWord[t]!;
        if ((km === 0 || (bits[kw]! & km) !== 0) && this.holds(t, text, scanned)) score += this.weight[t]!;
        if (clauseBits !== undefined && (km === 0 || (clauseBits[kw]! & km) !== 0) && this.holds(t, clause!, clauseScanned!)) {
          score += clauseWeight * this.weight[t]!;
        }
      }
      scores[g] = score;
    }
  }
}
