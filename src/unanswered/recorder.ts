import type { TurnObserver, TurnRecord } from '../conversation/types.js';
import { asksForPerson } from '../handoff/person-request.js';
import type { HandoffService } from '../handoff/service.js';
import type { IntentId } from '../intents/ids.js';
import type { Logger } from '../logging/logger.js';
import { normalise } from '../nlu/normalise.js';
import { SECRET_MASK } from '../privacy/guard.js';
import { dayOf, dayStartOf, type UnansweredDatabase } from './database.js';
import { UseOrder, UseOrderLinks } from '../state/use-order.js';

/** Why a question is in the log. */
export type UnansweredReason = 'none' | 'clarified_twice' | 'handoff' | 'unhelpful';

/** Who confirmed the intent of a logged question. */
export type ReviewSource = 'review' | 'slack_faq';

/** A confirmed question → intent pair: the caller turns it into a reviewed phrase. */
export type ReviewListener = (review: { intent: IntentId; phrase: string; by: ReviewSource }) => void;

export interface UnansweredLogOptions {
  database: UnansweredDatabase;
  logger: Logger;
  now?: () => number;
  /** How long writes are gathered before one transaction writes them (default 100 ms). */
  flushMs?: number;
  /** Told of every review made in the running bot (Slack 「FAQで回答」). */
  onReview?: ReviewListener;
}

interface Guess {
  intent: IntentId;
  confidence: number;
}

interface LoggedQuestion {
  at: number;
  channel: string;
  reason: UnansweredReason;
  maskedText: string;
  normalised: string;
  answeredIntent: IntentId | null;
  guesses: readonly Guess[];
}

/** The turns of one day, channel and intent since the last write (a row of turn_counts, summed in memory). */
interface TurnCount {
  day: string;
  channel: string;
  intent: IntentId;
  turns: number;
  clarifying: number;
}

/** The parts of a turn a feedback click needs (not the reply text: up to 10,000 are kept). */
type RememberedTurn = Pick<TurnRecord, 'at' | 'channel' | 'maskedText' | 'normalised' | 'ranked'> & { reply: Pick<TurnRecord['reply'], 'intent'> };

/**
 * What is remembered of a conversation's last turn, in memory only (like the session store), linked
 * to the conversations used just before and after it.
 */
class RecentTurn extends UseOrderLinks<RecentTurn> {
  constructor(
    readonly conversationKey: string,
    public clarifyStreak: number,
    readonly turn: RememberedTurn,
  ) {
    super();
  }
}

type Write =
  | { kind: 'question'; row: LoggedQuestion }
  | { kind: 'event'; day: string; event: string; intent: string }
  | { kind: 'review'; maskedText: string; intent: IntentId; by: ReviewSource; at: number; channel: string };

const TEXT_MAX = 500;
const DAY_MS = 86_400_000;
const RECENT_MAX = 10_000;
const RECENT_TTL_MS = 30 * 60_000;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+/g;
// Turns that asked nothing: not questions, not counted.
const NOT_A_QUESTION = new Set(['empty']);

/** The masked text as it is stored: one line, no control characters, at most 500 characters. */
export function storedText(masked: string): string {
  return masked.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim().slice(0, TEXT_MAX);
}

/** A stored question as a training phrase: without the mask of a hidden PIN / My Number. */
export function phraseOf(maskedText: string): string {
  return maskedText.split(SECRET_MASK).join(' ').replace(/\s+/g, ' ').trim();
}

/** A turn as a logged question (undefined when its message held no words but a mask). */
function questionOf(turn: RecentTurn['turn']): Omit<LoggedQuestion, 'reason' | 'at'> | undefined {
  const maskedText = storedText(turn.maskedText);
  if (phraseOf(maskedText) === '') return undefined;
  return {
    channel: turn.channel,
    maskedText,
    normalised: turn.normalised,
    answeredIntent: turn.reply.intent,
    guesses: turn.ranked.slice(0, 2).map((r) => ({ intent: r.intent, confidence: r.confidence })),
  };
}

/**
 * The unanswered-question log: a TurnObserver (and hand-off / feedback listener) that records, in
 * SQLite, every question answered `none`, clarified twice in a row, handed off to staff or marked
 * 「役に立たなかった」 — its masked text, normalised text, the bot's two best intents, channel, time and
 * reason — and counts every turn per intent and day. It never writes a user id or a conversation
 * key: conversations are followed in memory only (the last turn of each, for a clarification
 * streak and for the question a feedback click is about), as the session store does.
 *
 * Observers run on the reply path, so the observer only counts the turn (and queues its question,
 * if it is one); a moment later one transaction writes the counts and the queue (prepared
 * statements, off the reply path).
 */
export class UnansweredLog {
  private readonly db: UnansweredDatabase;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly flushMs: number;
  private readonly queue: Write[] = [];
  // Turns are summed here as they come rather than queued: a busy batch is a few upserts, and the
  // turns themselves (reply, ranked intents) are not held until the batch is written. Held for
  // 100 ms, a thousand of them a batch under load outlived the young generation and made the
  // server's scavenges and old-space collections longer (measured under bench/chat-load.mjs).
  private turnCounts = new Map<string, TurnCount>();
  private turnsCounted = 0;
  // Questions queued by those turns: a failed write reports the turns lost, as when they were queued whole.
  private turnQuestions = 0;
  // dayOf(at) formats a date; turns come in the same day but for one a day.
  private countedDay = { from: 0, to: 0, day: '' };
  private timer: NodeJS.Timeout | undefined;
  private readonly purgeTimer: NodeJS.Timeout;
  // Conversations by key, and in order of last turn in a list of their own (the oldest is forgotten
  // first; UseOrder says why not the Map's own order).
  private readonly recent = new Map<string, RecentTurn>();
  private readonly recentOrder = new UseOrder<RecentTurn>();
  private readonly write: (counts: Iterable<TurnCount>, writes: Write[]) => void;
  private closed = false;
  private onReview: ReviewListener | undefined;

  /** Pass to the engine (`createBot({ observers: [log.observer] })`). */
  readonly observer: TurnObserver = (turn) => this.onTurn(turn);

  constructor(options: UnansweredLogOptions) {
    this.db = options.database;
    this.log = options.logger.child({ component: 'unanswered' });
    this.now = options.now ?? Date.now;
    this.flushMs = options.flushMs ?? 100;
    this.onReview = options.onReview;
    const { db } = this.db;
    const insert = db.prepare(
      `INSERT INTO unanswered (at, channel, reason, masked_text, normalised, answered_intent, intent1, confidence1, intent2, confidence2)
       VALUES (@at, @channel, @reason, @maskedText, @normalised, @answeredIntent, @intent1, @confidence1, @intent2, @confidence2)`,
    );
    const countEvent = db.prepare(
      `INSERT INTO daily_events (day, kind, intent, count) VALUES (?, ?, ?, 1)
       ON CONFLICT (day, kind, intent) DO UPDATE SET count = count + 1`,
    );
    const review = db.prepare(
      `UPDATE unanswered SET reviewed_at = ?, reviewed_intent = ?, reviewed_by = ?
       WHERE id = (SELECT id FROM unanswered WHERE reviewed_at IS NULL AND masked_text = ? ORDER BY at DESC LIMIT 1)`,
    );
    const insertReviewed = db.prepare(
      `INSERT INTO unanswered (at, channel, reason, masked_text, normalised, reviewed_at, reviewed_intent, reviewed_by)
       VALUES (?, ?, 'handoff', ?, ?, ?, ?, ?)`,
    );
    const countTurns = db.prepare(
      `INSERT INTO turn_counts (day, channel, intent, turns, clarifying) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (day, channel, intent) DO UPDATE SET turns = turns + excluded.turns, clarifying = clarifying + excluded.clarifying`,
    );
    this.write = db.transaction((counts: Iterable<TurnCount>, rows: Write[]) => {
      for (const t of counts) countTurns.run(t.day, t.channel, t.intent, t.turns, t.clarifying);
      for (const w of rows) {
        if (w.kind === 'question') {
          const [first, second] = w.row.guesses;
          insert.run({
            ...w.row,
            intent1: first?.intent ?? null,
            confidence1: first?.confidence ?? null,
            intent2: second?.intent ?? null,
            confidence2: second?.confidence ?? null,
          });
        } else if (w.kind === 'event') countEvent.run(w.day, w.event, w.intent);
        else if (review.run(w.at, w.intent, w.by, w.maskedText).changes === 0) {
          insertReviewed.run(w.at, w.channel, w.maskedText, normalise(phraseOf(w.maskedText)), w.at, w.intent, w.by);
        }
      }
    });
    this.purgeTimer = setInterval(() => this.purge(), 86_400_000);
    this.purgeTimer.unref();
  }

  /** Sets who is told of reviews made in the running bot. */
  setReviewListener(listener: ReviewListener | undefined): void {
    this.onReview = listener;
  }

  /** Records hand-offs (opened → a logged question) and 「FAQで回答」 (→ a review) of a hand-off service. */
  attachHandoff(handoff: Pick<HandoffService, 'on'>): void {
    handoff.on('opened', (e) => {
      this.event(e.at, 'handoff_opened', '');
      const turns = [...e.maskedTurns].reverse().map(storedText).filter((t) => phraseOf(t) !== '');
      const question = turns.find((t) => !asksForPerson(t)) ?? turns[0];
      if (!question) return;
      this.enqueue({
        kind: 'question',
        row: {
          at: e.at,
          channel: e.channel,
          reason: 'handoff',
          maskedText: question,
          normalised: normalise(phraseOf(question)),
          answeredIntent: null,
          guesses: e.guesses.slice(0, 2),
        },
      });
    });
    handoff.on('closed', (e) => this.event(e.at, 'handoff_closed', ''));
    handoff.on('faq_answered', (e) => {
      this.event(e.at, 'faq_answered', e.intent);
      const question = storedText(e.maskedQuestion);
      // 「担当者につないで」 answered with an FAQ is no example of that FAQ.
      if (phraseOf(question) === '' || asksForPerson(question)) return;
      this.enqueue({ kind: 'review', maskedText: question, intent: e.intent, by: 'slack_faq', at: e.at, channel: e.channel });
      try {
        this.onReview?.({ intent: e.intent, phrase: phraseOf(question), by: 'slack_faq' });
      } catch (err) {
        this.log.error({ err }, 'the 「FAQで回答」 review could not be saved as a phrase');
      }
    });
  }

  /**
   * A 「役に立った / 役に立たなかった」 click on an answer in a conversation. The count is kept per
   * intent and day; an unhelpful answer's question is logged when this process answered it.
   */
  feedback(conversationKey: string, intent: IntentId, helpful: boolean): void {
    const at = this.now();
    this.event(at, helpful ? 'feedback_helpful' : 'feedback_unhelpful', intent);
    if (helpful) return;
    const recent = this.recentOf(conversationKey, at);
    const question = recent && questionOf(recent.turn);
    if (!question) return;
    this.enqueue({ kind: 'question', row: { ...question, at, reason: 'unhelpful', answeredIntent: intent } });
  }

  // On the reply path: map lookups and a count; the database is written in the batch (flush).
  private onTurn(turn: TurnRecord): void {
    if (this.closed || NOT_A_QUESTION.has(turn.via)) return;
    const before = this.recentOf(turn.conversationKey, turn.at);
    const clarifyStreak = turn.reply.clarifying ? (before?.clarifyStreak ?? 0) + 1 : 0;
    const { at } = turn;
    this.remember(clarifyStreak, turn);
    this.countTurn(turn);
    const reason: UnansweredReason | undefined =
      turn.reply.intent === 'none' && !turn.reply.privacyWarning ? 'none' : clarifyStreak === 2 ? 'clarified_twice' : undefined;
    const question = reason && questionOf(turn);
    if (question) {
      this.enqueue({ kind: 'question', row: { ...question, at, reason } });
      this.turnQuestions++;
    } else this.scheduleFlush();
  }

  private countTurn(turn: TurnRecord): void {
    const day = this.dayOfTurn(turn.at);
    const key = `${day}\u0000${turn.channel}\u0000${turn.reply.intent}`;
    let count = this.turnCounts.get(key);
    if (!count) {
      count = { day, channel: turn.channel, intent: turn.reply.intent, turns: 0, clarifying: 0 };
      this.turnCounts.set(key, count);
    }
    count.turns++;
    if (turn.reply.clarifying) count.clarifying++;
    this.turnsCounted++;
  }

  /** dayOf(at), remembered for the day it falls in. */
  private dayOfTurn(at: number): string {
    const known = this.countedDay;
    if (at >= known.from && at < known.to) return known.day;
    const day = dayOf(at);
    const from = dayStartOf(at);
    this.countedDay = { from, to: from + DAY_MS, day };
    return day;
  }

  private event(at: number, event: string, intent: string): void {
    this.enqueue({ kind: 'event', day: dayOf(at), event, intent });
  }

  private recentOf(conversationKey: string, at: number): RecentTurn | undefined {
    const found = this.recent.get(conversationKey);
    return found && at - found.turn.at <= RECENT_TTL_MS ? found : undefined;
  }

  private remember(clarifyStreak: number, turn: TurnRecord): void {
    const { conversationKey, at, channel, maskedText, normalised, ranked } = turn;
    const kept = this.recent.get(conversationKey);
    if (kept) {
      // Updated in place rather than replaced (as the session store does): a conversation's entry
      // outlives the young generation, so each replaced one was old-generation garbage.
      kept.clarifyStreak = clarifyStreak;
      const last = kept.turn;
      last.at = at;
      last.channel = channel;
      last.maskedText = maskedText;
      last.normalised = normalised;
      last.ranked = ranked;
      last.reply.intent = turn.reply.intent;
      this.recentOrder.touch(kept);
      return;
    }
    const oldest = this.recentOrder.oldest;
    if (this.recent.size >= RECENT_MAX && oldest) {
      this.recent.delete(oldest.conversationKey);
      this.recentOrder.unlink(oldest);
    }
    const added = new RecentTurn(conversationKey, clarifyStreak, { at, channel, maskedText, normalised, ranked, reply: { intent: turn.reply.intent } });
    this.recent.set(conversationKey, added);
    this.recentOrder.push(added);
  }

  private enqueue(write: Write): void {
    if (this.closed) return;
    this.queue.push(write);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes what is queued now, in one transaction (a failure is logged; the bot never notices). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0 && this.turnsCounted === 0) return;
    const writes = this.queue.splice(0);
    const counts = this.turnCounts;
    const turnsLost = this.turnsCounted - this.turnQuestions;
    this.turnCounts = new Map();
    this.turnsCounted = 0;
    this.turnQuestions = 0;
    try {
      this.write(counts.values(), writes);
    } catch (err) {
      this.log.error({ err: { message: (err as Error).message, code: (err as { code?: string }).code }, lost: writes.length + turnsLost }, 'unanswered-question log write failed');
    }
  }

  /** Deletes rows past UNANSWERED_RETENTION_DAYS (also run at open and once a day). */
  purge(): number {
    try {
      const gone = this.db.purge();
      if (gone > 0) this.log.info({ deleted: gone }, 'unanswered-question log: old rows deleted');
      return gone;
    } catch (err) {
      this.log.error({ err: { message: (err as Error).message } }, 'unanswered-question log purge failed');
      return 0;
    }
  }

  /** Writes what is queued and closes the database. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    clearInterval(this.purgeTimer);
    this.recent.clear();
    this.recentOrder.clear();
    this.db.close();
  }
}
