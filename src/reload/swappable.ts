import type { IntentId } from '../intents/ids.js';
import type { AnswerContext, ComposedAnswer, KnowledgeBase, MessageKey } from '../knowledge/types.js';
import type { Lang } from '../i18n/languages.js';
import type { UiKey } from '../intents/locale-schema.js';
import type { IntentMatcher, MatchResult, NeighbourReading } from '../nlu/types.js';
import type { Suggestion } from '../conversation/types.js';

/**
 * The matcher the engine, the hand-off and the channels hold: it answers with the current matcher
 * and a reload swaps in a new one in one assignment, so a turn sees either the old data or the new,
 * never a mix. `revision` tells result caches (the engine's readings) to drop what they kept.
 */
export class ReloadableMatcher implements IntentMatcher {
  private current: IntentMatcher;
  private rev = 0;

  constructor(initial: IntentMatcher) {
    this.current = initial;
  }

  get revision(): number {
    return this.rev;
  }

  match(text: string): MatchResult {
    return this.current.match(text);
  }

  prepare(): void {
    this.current.prepare?.();
  }

  neighbours(text: string, normalised: string): NeighbourReading | undefined {
    return this.current.neighbours?.(text, normalised);
  }

  /** The matcher in use now. */
  get active(): IntentMatcher {
    return this.current;
  }

  swap(next: IntentMatcher): void {
    this.current = next;
    this.rev++;
  }
}

/** The knowledge base, swappable the same way (answers edited in intents/<id>.yaml). */
export class ReloadableKnowledge implements KnowledgeBase {
  constructor(private current: KnowledgeBase) {}

  answer(intent: IntentId, context?: AnswerContext): ComposedAnswer {
    return this.current.answer(intent, context);
  }

  message(key: MessageKey, lang?: Lang): ComposedAnswer {
    return this.current.message(key, lang);
  }

  suggestion(intent: IntentId, lang?: Lang): Suggestion {
    return this.current.suggestion(intent, lang);
  }

  get languages(): readonly Lang[] {
    return this.current.languages;
  }

  ui(key: UiKey, lang?: Lang): string {
    return this.current.ui(key, lang);
  }

  languageName(lang: Lang): string {
    return this.current.languageName(lang);
  }

  swap(next: KnowledgeBase): void {
    this.current = next;
  }
}
