import { loadHandoffFile, DEFAULT_INTENTS_DIR } from '../intents/load.js';
import type { HandoffTextKey } from '../intents/schema.js';
import type { Suggestion } from '../conversation/types.js';
import { fillPlaceholders, municipalityTexts } from '../knowledge/placeholders.js';
import type { Municipality } from '../knowledge/types.js';

/** A hand-off text with its fact ids. */
export interface HandoffText {
  text: string;
  facts: readonly string[];
}

/** The resident-facing hand-off texts of intents/_handoff.yaml, municipality filled in. */
export interface HandoffTexts {
  /** The quick reply / chip that opens a hand-off (intent: office_contact, the nearest topic). */
  offerButton: Suggestion;
  get(key: HandoffTextKey, values?: { next_open?: string }): HandoffText;
}

/** Loads intents/_handoff.yaml (throws IntentFileError naming the field on a bad file). */
export function loadHandoffTexts(dir: string = DEFAULT_INTENTS_DIR, municipality: Municipality = {}): HandoffTexts {
  const file = loadHandoffFile(dir);
  const fixed = municipalityTexts(municipality);
  const values: Record<string, string> = { ...fixed };
  const offerButton: Suggestion = Object.freeze({ intent: 'office_contact', label: file.offer_button.label, text: file.offer_button.text });
  return {
    offerButton,
    get(key, extra = {}) {
      const block = file[key];
      const text = fillPlaceholders(fillPlaceholders(block.text, values), { next_open: extra.next_open ?? '' });
      return { text, facts: block.facts };
    },
  };
}
