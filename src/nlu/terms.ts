import { IntentFileError } from '../errors.js';
import { normalisePattern } from './normalise.js';

/**
 * A key term of an intent: a conjunction of atoms with a weight. In intent files a term is written
 * `"@PIN+@FORGET+!@SIGNATURE": 3` — `@NAME` is a lexicon concept, anything else a regular
 * expression on the normalised text, `!` negates an atom, `+` joins atoms that must all hold.
 */
export interface Term {
  source: string;
  weight: number;
  holds(normalised: string, concepts: ReadonlySet<string>): boolean;
}

interface Atom {
  negate: boolean;
  test(normalised: string, concepts: ReadonlySet<string>): boolean;
}

function compileAtom(raw: string, knownConcepts: ReadonlySet<string>, where: string): Atom {
  const negate = raw.startsWith('!');
  const body = negate ? raw.slice(1) : raw;
  if (body.startsWith('@')) {
    const name = body.slice(1);
    if (!knownConcepts.has(name)) {
      throw new IntentFileError(`${where}: unknown concept "@${name}" (define it in intents/_lexicon.yaml)`);
    }
    return { negate, test: (_n, concepts) => concepts.has(name) };
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(normalisePattern(body), 'u');
  } catch (error) {
    throw new IntentFileError(`${where}: "${body}" is not a valid regular expression: ${(error as Error).message}`);
  }
  return { negate, test: (normalised) => pattern.test(normalised) };
}

/** Compiles one `terms` entry; `where` (file and key) is named in errors. */
export function compileTerm(source: string, weight: number, knownConcepts: ReadonlySet<string>, where: string): Term {
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
  const atoms = parts.map((p) => compileAtom(p, knownConcepts, where));
  return {
    source,
    weight,
    holds(normalised, concepts) {
      for (const atom of atoms) if (atom.test(normalised, concepts) === atom.negate) return false;
      return true;
    },
  };
}
