import type { Suggestion } from '../conversation/types.js';
import type { IntentId } from '../intents/ids.js';

/** The resident channels a hand-off can start from. */
export type HandoffChannel = 'line' | 'web';

/** One of the bot's readings of the resident's question. */
export interface HandoffGuess {
  intent: IntentId;
  confidence: number;
}

/** One resident turn before the hand-off, as staff see it. */
export interface HandoffTurn {
  /** The message with every PIN / My Number masked. */
  text: string;
  /** What the bot answered, and how sure it was. */
  intent: IntentId;
  confidence: number;
}

/** What staff are shown when a hand-off opens. Nothing in it identifies the resident. */
export interface HandoffSummary {
  /** Opaque id (random), the only handle staff get. */
  id: string;
  channel: HandoffChannel;
  turns: HandoffTurn[];
  guesses: HandoffGuess[];
  /** Staff replies reach the resident (false on LINE without LINE_ALLOW_PUSH). */
  replyReachable: boolean;
  /** Epoch ms of the next opening when the hand-off opens outside HANDOFF_HOURS. */
  nextOpenAt?: number;
  openedAt: number;
  /** Minutes without a message after which the hand-off closes by itself. */
  ttlMinutes: number;
}

/** A staff thread: where the desk posted the hand-off. */
export interface DeskThread {
  channel: string;
  threadTs: string;
}

/** What the bot tells staff in a hand-off thread (the desk words it). */
export type StaffNotice =
  | { kind: 'unreachable' }
  | { kind: 'delivery_failed' }
  | { kind: 'claimed'; staffUser: string }
  | { kind: 'faq_sent'; intent: IntentId; label: string; delivered: boolean }
  | { kind: 'closed'; by: 'staff' | 'timeout'; staffUser?: string }
  | { kind: 'already_closed' };

/**
 * Where staff see and answer hand-offs (the Slack adapter implements it). Every text it receives is
 * already masked.
 */
export interface StaffDesk {
  /** Posts a new hand-off (a new thread). */
  openThread(summary: HandoffSummary): Promise<DeskThread>;
  /** Posts a resident's message (masked) in the thread. */
  postResidentMessage(thread: DeskThread, maskedText: string): Promise<void>;
  postNotice(thread: DeskThread, notice: StaffNotice): Promise<void>;
  /** Shows on the thread's first message that the hand-off is over (its buttons go). */
  markClosed(thread: DeskThread, summary: HandoffSummary, by: 'staff' | 'timeout'): Promise<void>;
}

/** A message for the resident from the hand-off (a staff reply, an FAQ answer, a notice). */
export interface ResidentMessage {
  from: 'staff' | 'bot';
  text: string;
  suggestions?: readonly Suggestion[];
  /** `closed` when the message ends the hand-off. */
  handoff?: 'open' | 'closed';
}

/** How hand-off messages reach residents of one channel outside a reply (LINE push, web outbox). */
export interface ResidentMessenger {
  /** False when nothing can be sent outside a reply (LINE without LINE_ALLOW_PUSH). */
  readonly canReply: boolean;
  /** Sends; true when it was delivered (or queued for the page to fetch). Never throws. */
  send(conversationKey: string, message: ResidentMessage): Promise<boolean>;
}
