import { buildTableLookup } from '../build-table.js';
import { normalisePattern } from './normalise.js';

// `npm run build` stores, for every pattern of intents/ (lexicon concepts and key-term regex
// atoms), what normalisePattern makes of it, once that source has compiled as a `u` regular
// expression (scripts/snapshot-intents.mjs). Normalising and test-compiling the 2,100 patterns of
// the lexicon was ~8 ms of a cold `mynapin ask`. Both are pure functions of the pattern, so a
// stored pattern gives the same source; a pattern staff added or edited since is not stored and is
// normalised and checked as before (with the same error for an invalid one).
const storedSource = buildTableLookup<string>(new URL('../pattern-sources.json', import.meta.url));

/**
 * normalisePattern(pattern), and whether the build already compiled that source with the `u` flag
 * (so a caller that compiles it only to check it may skip that).
 */
export function patternSource(pattern: string): { source: string; valid: boolean } {
  const known = storedSource(pattern);
  return known === undefined ? { source: normalisePattern(pattern), valid: false } : { source: known, valid: true };
}
