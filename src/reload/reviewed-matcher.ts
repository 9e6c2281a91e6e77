import type { IntentId } from '../intents/ids.js';
import type { ReviewedPhrases } from '../intents/reviewed.js';
import type { IntentMatcher, MatchResult } from '../nlu/types.js';

/** Confidence of an answer staff confirmed for exactly this question. */
export const REVIEWED_CONFIDENCE = 0.95;

/**
 * A matcher that answers a question staff reviewed (mynapin review, Slack 「FAQで回答」) with the
 * intent they chose, whatever the key terms say — including `none`. Measured on heldout33: a
 * reviewed phrase as an ordinary phrase is weak evidence (IDF-bigram similarity × 3) against key
 * terms, so about one reviewed question in five still got its old wrong answer. Questions are
 * compared by the matcher's own normalised text, so spelling variants the normaliser and the
 * lexicon fold (全角/半角, かな/カナ, typos it corrects) count as the same question.
 * Everything else goes to the inner matcher unchanged.
 */
export function withReviewedAnswers(inner: IntentMatcher, reviewed: ReviewedPhrases): IntentMatcher {
  const answers = new Map<string, IntentId>();
  for (const [intent, phrases] of reviewed) {
    for (const phrase of phrases) {
      const key = inner.match(phrase).normalised;
      if (key) answers.set(key, intent);
    }
  }
  if (answers.size === 0) return inner;
  const cache = new Map<MatchResult, MatchResult>();
  return {
    prepare: () => inner.prepare?.(),
    // A question staff reviewed is answered as they chose: no resemblance to other examples contests it.
    neighbours: (text, normalised) => (answers.has(normalised) ? undefined : inner.neighbours?.(text, normalised)),
    match(text: string): MatchResult {
      const result = inner.match(text);
      const intent = answers.get(result.normalised);
      if (intent === undefined) return result;
      const known = cache.get(result);
      if (known) return known;
      const others = result.ranked.filter((r) => r.intent !== intent);
      const rest = others.reduce((n, r) => n + r.confidence, 0) || 1;
      const top = result.ranked[0]?.score ?? 0;
      // Staff's answer is the reading: the key terms' own (keyTerms, which the conversation reads
      // fragments from) must not bring the old answer back.
      const { keyTerms: _shifted, ...unshifted } = result;
      const overridden: MatchResult = Object.freeze({
        ...unshifted,
        intent,
        confidence: REVIEWED_CONFIDENCE,
        ranked: [
          { intent, score: top, confidence: REVIEWED_CONFIDENCE },
          ...others.slice(0, 4).map((r) => ({ ...r, confidence: Math.round(((1 - REVIEWED_CONFIDENCE) * r.confidence * 1000) / rest) / 1000 })),
        ],
      });
      // The inner result is cached per text, so its identity is a stable key (bounded by that cache).
      if (cache.size >= 4096) cache.delete(cache.keys().next().value!);
      cache.set(result, overridden);
      return overridden;
    },
  };
}
