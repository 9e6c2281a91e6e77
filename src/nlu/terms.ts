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
