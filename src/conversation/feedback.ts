import type { IntentId } from '../intents/ids.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { BotReply, Suggestion } from './types.js';

/** Intents whose answers are small talk: a 「役に立った?」 under 「こんにちは」 asks about nothing. */
const SMALL_TALK: ReadonlySet<IntentId> = new Set(['greeting', 'thanks']);

/**
 * Whether an answer carries the 「役に立った / 役に立たなかった」 buttons, on every channel that has
 * buttons (Slack, LINE, the web chat). Questions the bot asks back (which PIN?) are not answers
 * yet; an out-of-scope reply is, because an unhelpful click on it is how staff learn what the bot
 * wrongly declined (the click logs the question for `mynapin review`).
 */
export function offersFeedback(reply: Pick<BotReply, 'intent' | 'clarifying'>): boolean {
  return !reply.clarifying && !SMALL_TALK.has(reply.intent);
}

/** The suggestions under the reply to 「役に立たなかった」: somewhere else to turn. */
const AFTER_UNHELPFUL: readonly IntentId[] = ['office_contact', 'help'];

/**
 * What the bot says to a feedback click (LINE, the web chat): thanks, or after 「役に立たなかった」 an
 * apology with the office and the menu as buttons, in the answer's language.
 */
export function feedbackReply(
  knowledge: Pick<KnowledgeBase, 'ui' | 'suggestion'>,
  helpful: boolean,
  lang?: string,
): { text: string; suggestions: Suggestion[] } {
  if (helpful) return { text: knowledge.ui('feedback_thanks', lang), suggestions: [] };
  return { text: knowledge.ui('feedback_sorry', lang), suggestions: AFTER_UNHELPFUL.map((intent) => knowledge.suggestion(intent, lang)) };
}
