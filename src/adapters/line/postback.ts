import { isIntentId, type IntentId } from '../../intents/ids.js';
import type { Suggestion } from '../../conversation/types.js';
import { LINE_LIMITS } from './limits.js';

/**
 * What a quick-reply button or rich-menu area sends back. JSON (not URL encoding) because LINE
 * counts `data` in characters and percent-encoded Japanese would use up the 300 quickly.
 */
export interface SuggestionPostback {
  /** The text to handle exactly as if the user had typed it. */
  text: string;
  /** The intent the button was offered for (logged only; the engine decides from the text). */
  intent?: IntentId;
}

/** Encodes a suggestion as postback `data`, or `undefined` when it would not fit LINE's limit. */
export function encodeSuggestionPostback(suggestion: Pick<Suggestion, 'intent' | 'text'>): string | undefined {
  const data = JSON.stringify({ t: suggestion.text, i: suggestion.intent });
  return data.length <= LINE_LIMITS.postbackData ? data : undefined;
}

/**
 * Reads postback `data` written by {@link encodeSuggestionPostback} — or plain words, so a city can
 * hand-edit its rich menu with `"data": "暗証番号を忘れた"`. Returns `undefined` for anything else
 * (e.g. a datetime picker someone added later), which the webhook ignores.
 */
export function decodeSuggestionPostback(data: string): SuggestionPostback | undefined {
  const trimmed = data.trim();
  if (trimmed === '') return undefined;
  if (!trimmed.startsWith('{')) return { text: trimmed };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { t, i } = parsed as { t?: unknown; i?: unknown };
  if (typeof t !== 'string' || t.trim() === '') return undefined;
  return isIntentId(i) ? { text: t, intent: i } : { text: t };
}

/** What a 「役に立った / 役に立たなかった」 quick-reply button sends back. */
export interface FeedbackPostback {
  /** The intent of the answer the button was under. */
  intent: IntentId;
  helpful: boolean;
  /** The answer's language, for the thank-you (the postback carries no text to read it from). */
  lang?: string;
}

/** Encodes a feedback button's postback `data` (short: an intent id, a flag and a language code). */
export function encodeFeedbackPostback(feedback: FeedbackPostback): string {
  return JSON.stringify({ fb: feedback.intent, h: feedback.helpful ? 1 : 0, ...(feedback.lang ? { l: feedback.lang } : {}) });
}

/** Reads postback `data` written by {@link encodeFeedbackPostback}; `undefined` for anything else. */
export function decodeFeedbackPostback(data: string): FeedbackPostback | undefined {
  const trimmed = data.trim();
  if (!trimmed.startsWith('{"fb"')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  const { fb, h, l } = parsed as { fb?: unknown; h?: unknown; l?: unknown };
  if (!isIntentId(fb) || (h !== 0 && h !== 1)) return undefined;
  // The language is read against the bot's languages where it is used (parseLang), as a typed one is.
  return { intent: fb, helpful: h === 1, ...(typeof l === 'string' && l.length <= 20 ? { lang: l } : {}) };
}
