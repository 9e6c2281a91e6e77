import type { IntentId } from '../intents/ids.js';
import type { PinType } from './types.js';
import { UseOrder, UseOrderLinks } from '../state/use-order.js';

/** A question the bot asked and the next turn may answer. */
export interface OpenQuestion {
  /** What was asked: which PIN the resident means. */
  kind: 'which_pin';
  /** The intent to answer once the question is resolved. */
  intent: IntentId;
}

/**
 * What the bot remembers of one conversation between turns. Plain JSON (a Redis store can
 * serialise it as is); it never holds the user's text, only what the bot concluded from it.
 */
export interface ConversationState {
  /** The intent of the last answer (what a follow-up question refers to). */
  lastIntent?: IntentId;
  openQuestion?: OpenQuestion;
  /** Facts of the resident's situation carried across turns. */
  slots: { pinType?: PinType; wrongCount?: number };
  /** Epoch milliseconds of the last turn. */
  lastTurnAt: number;
  /** Number of turns so far. */
  turns: number;
  /**
   * The language the conversation is answered in (`ja`, `ja-easy`, `en`, …): set by the last
   * message that showed one, a language request or the channel's default; kept by messages with no
   * language signal (「4」, an emoji).
   */
  lang?: string;
}

/**
 * Where conversation states live between turns. Async so that a shared store (e.g. Redis with
 * SET … EX for the idle TTL and a SET NX lock key) can implement it for several processes.
 */
export interface SessionStore {
  /** The state of a conversation, or undefined if there is none or it has expired. */
  get(key: string): Promise<ConversationState | undefined>;
  /** Stores the state and restarts the conversation's idle timer. */
  set(key: string, state: ConversationState): Promise<void>;
  /** Drops a conversation (「最初から」, LINE unfollow). */
  delete(key: string): Promise<void>;
  /**
   * Runs `fn` while holding the conversation's lock: turns of the same conversation run one after
   * the other (so two quick messages cannot overwrite each other's update); turns of different
   * conversations run concurrently.
   */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Number of live conversations (for metrics and benchmarks). */
  size(): Promise<number>;
}

/**
 * A {@link SessionStore} that keeps nothing, for commands that answer every message as a
 * conversation of its own and never continue one (`mynapin classify`): each turn starts from a fresh
 * state, as a new key in any store would, and the batch spends nothing on storing, locking and
 * forgetting conversations (about a tenth of an engine turn, measured 2026-12-06).
 */
export class StatelessSessionStore implements SessionStore {
  async get(_key: string): Promise<ConversationState | undefined> {
    return undefined;
  }

  async set(_key: string, _state: ConversationState): Promise<void> {}

  async delete(_key: string): Promise<void> {}

  /** No lock: no turn reads what another wrote. */
  withLock<T>(_key: string, fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async size(): Promise<number> {
    return 0;
  }
}

export interface MemorySessionStoreOptions {
  /** Idle time after which a conversation is forgotten (SESSION_TTL_SECONDS). Default 30 min. */
  ttlSeconds?: number;
  /** Most conversations kept; the least recently used is dropped first (SESSION_MAX_CONVERSATIONS). */
  maxConversations?: number;
  /** Clock in epoch milliseconds; injectable for tests. */
  now?: () => number;
}

/**
 * One stored conversation, linked to its neighbours in order of last use (`older` is the one used
 * before it). A class: entries live for minutes, and an object literal's allocation site is one V8
 * may decide to allocate straight into the old generation.
 */
class Entry extends UseOrderLinks<Entry> {
  constructor(
    readonly key: string,
    readonly state: ConversationState,
    public touchedAt: number,
  ) {
    super();
  }
}

/** withLock's mark of a conversation whose last turn has finished. */
const IDLE: unique symbol = Symbol('idle');

/**
 * An in-process {@link SessionStore}: idle TTL plus a size bound with least-recently-used eviction,
 * so memory stays bounded however many residents write. States are copied in and out, so a caller
 * holding a state cannot change the stored one behind the store's back (as with a remote store).
 */
export class MemorySessionStore implements SessionStore {
  readonly ttlMs: number;
  readonly maxConversations: number;
  private readonly now: () => number;
  // Found by key in the Map, kept in order of last use in a list of their own (oldest first out, also
  // the first to expire): see UseOrder for why not the Map's own order.
  private readonly entries = new Map<string, Entry>();
  private readonly order = new UseOrder<Entry>();
  // For the same reason (a long-lived Map's churn): a conversation's key stays in the map while its turns come, marked IDLE between
  // them rather than deleted and re-added; idle keys are swept once there are more of them than
  // conversations kept.
  private readonly locks = new Map<string, Promise<unknown> | typeof IDLE>();

  constructor(options: MemorySessionStoreOptions = {}) {
    const ttlSeconds = options.ttlSeconds ?? 1800;
    const max = options.maxConversations ?? 10_000;
    if (!(ttlSeconds > 0)) throw new RangeError(`ttlSeconds must be positive (SESSION_TTL_SECONDS), got ${ttlSeconds}`);
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`maxConversations must be a whole number ≥ 1 (SESSION_MAX_CONVERSATIONS), got ${max}`);
    }
    this.ttlMs = ttlSeconds * 1000;
    this.maxConversations = max;
    this.now = options.now ?? Date.now;
  }

  async get(key: string): Promise<ConversationState | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (now - entry.touchedAt >= this.ttlMs) {
      this.remove(entry);
      return undefined;
    }
    entry.touchedAt = now;
    this.order.touch(entry);
    return copyState(entry.state);
  }

  async set(key: string, state: ConversationState): Promise<void> {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry) {
      // Updated in place rather than replaced: a conversation's entry lives for minutes, so each
      // replaced one was garbage in the old generation, collected by the long (5–12 ms) full pauses.
      copyStateInto(entry.state, state);
      entry.touchedAt = now;
      this.order.touch(entry);
    } else {
      const added = new Entry(key, copyState(state), now);
      this.entries.set(key, added);
      this.order.push(added);
    }
    this.evict(now);
  }

  async delete(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry) this.remove(entry);
  }

  async size(): Promise<number> {
    this.evict(this.now());
    return this.entries.size;
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key);
    // An idle conversation (the usual case) starts its turn at once rather than a tick later.
    const run = previous === undefined || previous === IDLE ? startNow(fn) : previous.then(fn);
    // The chain goes on whether this turn failed or not (only the caller sees its error), and the
    // key is marked idle once no later turn queued behind this one.
    const release = (): void => {
      if (this.locks.get(key) === tail) this.locks.set(key, IDLE);
    };
    const tail: Promise<void> = run.then(release, release);
    if (previous === undefined && this.locks.size >= Math.max(this.maxConversations, MIN_LOCKS_KEPT)) this.sweepIdleLocks();
    this.locks.set(key, tail);
    return run;
  }

  /** Forgets the keys of conversations with no turn running, so the lock map stays bounded. */
  private sweepIdleLocks(): void {
    for (const [key, lock] of this.locks) if (lock === IDLE) this.locks.delete(key);
  }

  /** Drops expired conversations (oldest first) and then the least recently used over the bound. */
  private evict(now: number): void {
    let entry = this.order.oldest;
    while (entry && (now - entry.touchedAt >= this.ttlMs || this.entries.size > this.maxConversations)) {
      this.remove(entry);
      entry = this.order.oldest;
    }
  }

  private remove(entry: Entry): void {
    this.entries.delete(entry.key);
    this.order.unlink(entry);
  }
}

// Idle lock keys kept before a sweep, whatever the conversation bound (a sweep walks the whole map).
const MIN_LOCKS_KEPT = 1024;

// copyState() and copyStateInto() name every field; a field added to ConversationState or its slots must be added
// there too, and these two lines stop the build until it is.
const STATE_FIELDS: Record<keyof ConversationState, true> = { lastIntent: true, openQuestion: true, slots: true, lastTurnAt: true, turns: true, lang: true };
const SLOT_FIELDS: Record<keyof ConversationState['slots'], true> = { pinType: true, wrongCount: true };
void STATE_FIELDS;
void SLOT_FIELDS;

function copyState(state: ConversationState): ConversationState {
  // Field by field rather than with spreads: this runs twice per turn, and spreads of these small
  // objects cost several times more (measured in bench/conversation.mjs).
  // Built from empty literals, which V8 does not track: a literal with fields is an allocation site
  // V8 may decide to make straight in the old generation, and under load it did so with this
  // copy (every turn's state then waited for a full collection; sampling heap profiler).
  const slots: ConversationState['slots'] = {};
  if (state.slots.pinType !== undefined) slots.pinType = state.slots.pinType;
  if (state.slots.wrongCount !== undefined) slots.wrongCount = state.slots.wrongCount;
  const copy = {} as ConversationState;
  copy.slots = slots;
  copy.lastTurnAt = state.lastTurnAt;
  copy.turns = state.turns;
  if (state.lastIntent !== undefined) copy.lastIntent = state.lastIntent;
  if (state.openQuestion !== undefined) copy.openQuestion = { kind: state.openQuestion.kind, intent: state.openQuestion.intent };
  if (state.lang !== undefined) copy.lang = state.lang;
  return copy;
}

/**
 * Makes the stored `target` hold what `state` holds, reusing its objects. A field `state` lacks
 * becomes undefined in `target`, which copyState() leaves out of the copies it hands out.
 */
function copyStateInto(target: ConversationState, state: ConversationState): void {
  target.slots.pinType = state.slots.pinType;
  target.slots.wrongCount = state.slots.wrongCount;
  target.lastTurnAt = state.lastTurnAt;
  target.turns = state.turns;
  target.lastIntent = state.lastIntent;
  const asked = state.openQuestion;
  if (asked === undefined) target.openQuestion = undefined;
  else if (target.openQuestion === undefined) target.openQuestion = { kind: asked.kind, intent: asked.intent };
  else {
    target.openQuestion.kind = asked.kind;
    target.openQuestion.intent = asked.intent;
  }
  target.lang = state.lang;
}

/** Calls `fn` now; a synchronous throw becomes a rejection, as it would inside `.then`. */
function startNow<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return fn();
  } catch (err) {
    return Promise.reject(err);
  }
}
