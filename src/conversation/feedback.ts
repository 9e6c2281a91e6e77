import type { IntentId } from '../intents/ids.js';
import type { BotReply } from './types.js';

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
