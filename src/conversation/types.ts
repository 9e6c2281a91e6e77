import type { IntentId } from '../intents/ids.js';

/** Which PIN a resident is talking about. `unknown` = they said they do not know which one. */
export type PinType = 'four_digit' | 'signature' | 'unknown';

/** A next question the bot offers; adapters render it as a quick reply / button / chip. */
export interface Suggestion {
  intent: IntentId;
  /** Button label: short Japanese, at most 20 characters (LINE's quick-reply limit). */
  label: string;
  /** What choosing the suggestion sends, handled exactly as if the user had typed it. */
  text: string;
}

/** One answer of the bot, platform-neutral. Adapters translate it; they never change its content. */
export interface BotReply {
  intent: IntentId;
  /** Calibrated confidence in [0, 1] of the intent. */
  confidence: number;
  /** The reply as plain text (Japanese, polite, one chat bubble). */
  text: string;
  /** Fact ids (F1…F20 of shared/knowledge/facts.md) the reply states. */
  facts: string[];
  /** 2–4 next questions (may be fewer for clarifying questions that offer choices instead). */
  suggestions: Suggestion[];
  /** True when the bot is asking the user something (e.g. which PIN) rather than answering. */
  clarifying: boolean;
  /** True when the user's message contained a PIN or a My Number; the reply carries a warning. */
  privacyWarning: boolean;
}

/** One incoming user message, already reduced to text by the adapter. */
export interface UserTurn {
  /**
   * Who is talking where: e.g. `line:<userId>`, `slack:<team>:<channel>:<user>:<thread_ts>`,
   * `web:<conversationId>`, `cli:<pid>`. The conversation state is keyed by this.
   */
  conversationKey: string;
  text: string;
}

/** The platform-neutral conversation layer every adapter talks to. */
export interface ConversationEngine {
  /** Answers one user turn, using and updating the conversation's state. Never throws for bad text. */
  respond(turn: UserTurn): Promise<BotReply>;
  /** Drops a conversation's state (LINE unfollow, 「最初から」). */
  forget(conversationKey: string): Promise<void>;
}
