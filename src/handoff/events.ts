import { EventEmitter } from 'node:events';
import type { IntentId } from '../intents/ids.js';
import type { HandoffChannel, HandoffGuess } from './types.js';

/**
 * What happens to hand-offs, for the unanswered-question log and the metrics. No payload holds a
 * user id (resident's or staff's) or a conversation key: only the opaque hand-off id, the channel
 * and texts that are already masked.
 */
export interface HandoffEventMap {
  /** A resident accepted the offer and a staff thread was opened. */
  opened: {
    handoffId: string;
    channel: HandoffChannel;
    /** The resident's last messages (≤ 3, oldest first), masked. */
    maskedTurns: string[];
    /** The bot's best intents for the last question. */
    guesses: HandoffGuess[];
    /** Opened outside HANDOFF_HOURS. */
    afterHours: boolean;
    /** Whether staff replies can reach the resident (false on LINE without push). */
    replyReachable: boolean;
    at: number;
  };
  /** One message crossed the hand-off: resident → staff thread, or staff → resident. */
  message: {
    handoffId: string;
    channel: HandoffChannel;
    from: 'resident' | 'staff';
    /** False when a staff message could not reach the resident (LINE without push, a failed push). */
    delivered: boolean;
    at: number;
  };
  /** A member of staff started handling the hand-off (「対応します」). */
  claimed: { handoffId: string; channel: HandoffChannel; at: number };
  /** Staff answered with an FAQ answer (「FAQで回答」): the intent that answers the question. */
  faq_answered: {
    handoffId: string;
    channel: HandoffChannel;
    intent: IntentId;
    /** The resident's last question, masked: with `intent`, a reviewed example. */
    maskedQuestion: string;
    delivered: boolean;
    at: number;
  };
  /** The hand-off ended: 「対応終了」 by staff, or no message either way for HANDOFF_TTL_MINUTES. */
  closed: { handoffId: string; channel: HandoffChannel; by: 'staff' | 'timeout'; durationMs: number; at: number };
}

export type HandoffEventName = keyof HandoffEventMap;

/**
 * A small typed emitter of {@link HandoffEventMap}. A listener that throws is logged by the emitter's
 * owner and never breaks the hand-off (see HandoffService).
 */
export class HandoffEvents {
  private readonly emitter = new EventEmitter();

  on<K extends HandoffEventName>(name: K, listener: (event: HandoffEventMap[K]) => void): this {
    this.emitter.on(name, listener);
    return this;
  }

  off<K extends HandoffEventName>(name: K, listener: (event: HandoffEventMap[K]) => void): this {
    this.emitter.off(name, listener);
    return this;
  }

  /** Calls every listener of `name`; returns the errors they threw (the caller logs them). */
  emit<K extends HandoffEventName>(name: K, event: HandoffEventMap[K]): unknown[] {
    const errors: unknown[] = [];
    for (const listener of this.emitter.listeners(name) as Array<(e: HandoffEventMap[K]) => void>) {
      try {
        listener(event);
      } catch (err) {
        errors.push(err);
      }
    }
    return errors;
  }
}
