import { buildTableLookup } from '../build-table.js';
import { normalise } from './normalise.js';

// `npm run build` stores what normalise makes of every example phrase of intents/ (the intent files'
// and each language's _nlu.yaml), keyed by the phrase (scripts/snapshot-intents.mjs): normalising
// the phrases was ~5 ms of building the matcher on a cold `mynapin ask`. normalise is a pure
// function of the text, so a stored phrase gives the same text; a phrase staff added or edited
// since (or a reviewed phrase) is not stored and is normalised as before.
const storedPhrase = buildTableLookup<string>(new URL('../phrase-normalised.json', import.meta.url));

/** normalise(phrase), from the build's table when it has the phrase. */
export function normalisedPhrase(phrase: string): string {
  return storedPhrase(phrase) ?? normalise(phrase);
}
