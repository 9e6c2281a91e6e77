import type { IntentId } from '../intents/ids.js';
import type { NeighbourReading } from './example-neighbours.js';

export type { NeighbourReading } from './example-neighbours.js';

export interface IntentScore {
  intent: IntentId;
  /** Raw evidence score (larger is better; only comparable within one match). */
  score: number;
  /** Calibrated probability-like confidence in [0, 1]. */
  confidence: number;
}

/** What the matcher concluded about one utterance (stateless: no conversation context). */
export interface MatchResult {
  /** Best intent, or `none` when the confidence is under the threshold or negative evidence won. */
  intent: IntentId;
  confidence: number;
  /** Intents ranked best first (at most 5), before the `none` threshold was applied. */
  ranked: IntentScore[];
  /** The normalised text the matcher worked on (see normalise()). */
  normalised: string;
  /** Concept tags found in the text, e.g. `PIN`, `FORGET`, `SIGNATURE`, `FOUR_DIGIT`, `OTHER_CARD`. */
  concepts: ReadonlySet<string>;
  /**
   * The reading of the key terms and phrases alone, when the n-gram classifier was consulted (and
   * so may have shifted `intent`, `confidence` and `ranked`). The conversation layer reads short
   * fragments from it: their few n-grams say little, and its context rules were built on it.
   * Its fields may be getters (built on first use): copy them by name, not by spreading.
   */
  keyTerms?: Readonly<Pick<MatchResult, 'intent' | 'confidence' | 'ranked'>> | undefined;
  /**
   * The question after the story a message opens with, normalised, when the matcher set another
   * owner or other business aside as only that story (「先週、銀行で通帳を作ってきました。署名用の暗証番号
   * って何に使うの?」 → its second sentence), and without the words of another owner it set aside
   * (「ゆうちょの暗証番号とごっちゃになって、マイナの方がわからない」 → without ゆうちょ): the classifier
   * and the phrases read it alone, and the policy asks the labelled examples about it too.
   */
  storyQuestion?: string | undefined;
}

/** The intent matcher the conversation layer uses. Deterministic and in-process. */
export interface IntentMatcher {
  match(text: string): MatchResult;
  /**
   * Changes whenever the matcher's data is replaced by a reload (see ReloadableMatcher): whoever
   * keeps results of `match` drops them when it changes. Undefined for a matcher that never changes.
   */
  readonly revision?: number;
  /**
   * Builds whatever the matcher builds on first use (another language's matcher), so that a broken
   * file shows now rather than at the first message that needs it. `mynapin serve` and every reload
   * call it; a one-shot `ask` does not pay for languages it never reads.
   */
  prepare?(): void;
  /**
   * How close `text` (as given to match(), whose result had `normalised`) comes to the labelled
   * examples of `none` and of the answered intents (see ExampleNeighbours); undefined when the
   * matcher has no examples for the text's language. The policy asks before it answers.
   */
  neighbours?(text: string, normalised: string): NeighbourReading | undefined;
}
