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
  /**
   * `open` while the conversation is handed off to staff (src/handoff): the web page then fetches
   * staff messages from GET /api/chat/updates. Absent otherwise.
   */
  handoff?: 'open';
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

/**
 * What one answered turn was, for observers (metrics, the unanswered-question log). It holds the
 * masked text only: any PIN or My Number in the message is already replaced by the mask.
 */
export interface TurnRecord {
  /** The platform, from the conversation key's prefix: `line`, `slack`, `web`, `cli`, or `other`. */
  channel: string;
  /**
   * The conversation's key, so an observer can follow a conversation in memory (a clarification
   * streak, the question a feedback click is about). It identifies the user: never store or log it.
   */
  conversationKey: string;
  /** The message with every secret masked ('' for messages that were not read: empty, too long). */
  maskedText: string;
  /** The normalised text the matcher read ('' when it did not read one). */
  normalised: string;
  /** How the answer was reached: `matcher`, `context`, `reset`, … or the fixed reply's kind. */
  via: string;
  /** The matcher's best intents with confidences (at most 5; empty when it did not run). */
  ranked: ReadonlyArray<{ intent: IntentId; confidence: number }>;
  /** The reply sent. */
  reply: BotReply;
  /** Epoch milliseconds. */
  at: number;
}

/** Called after every turn; must not throw (an observer's error is logged and ignored). */
export type TurnObserver = (turn: TurnRecord) => void;
