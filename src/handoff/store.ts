import type { SharedStore } from '../state/shared-store.js';
import type { DeskThread, HandoffChannel, HandoffSummary, HandoffTurn, ResidentMessage } from './types.js';

/** One hand-off as kept in the shared store. The conversation key never leaves the bot. */
export interface HandoffRecord {
  id: string;
  conversationKey: string;
  channel: HandoffChannel;
  summary: HandoffSummary;
  thread: DeskThread;
  /** The resident's last message (masked), for the FAQ review record. */
  lastQuestion: string;
  /** Closes by itself at this time (epoch ms) unless a message extends it. */
  expiresAt: number;
  claimed?: boolean;
  closedAt?: number;
  /** The resident's language when the hand-off opened (the bot's own texts to them use it). */
  lang?: string;
}

/** What the bot remembers of a LINE / web conversation for hand-offs (masked texts only). */
export interface ConversationMemory {
  /** The last ≤ 3 resident turns, oldest first. */
  recent: HandoffTurn[];
  /** Answers in a row that were `none`. */
  noneStreak: number;
  /** A hand-off was offered in this conversation, so 「担当者につないでください」 opens one. */
  offered?: boolean;
  /** The open hand-off of this conversation. */
  handoffId?: string;
  /** The language of the bot's last reply in this conversation. */
  lang?: string;
}

// Closed and expired records stay this long, so a late staff message or resident turn is told
// what happened instead of vanishing.
const GRACE_MS = 24 * 60 * 60 * 1000;
const RECENT_KEPT = 3;
const OPEN_LIST = 'handoff:open';

/**
 * The hand-off state in a {@link SharedStore}, so any instance can carry on a hand-off another
 * opened: records (`handoff:rec:<id>`), thread → id (`handoff:thread:<channel>:<ts>`), the
 * conversation's memory (`handoff:conv:<key>`) and the web page's outbox (`handoff:outbox:<key>`).
 */
export class HandoffStore {
  constructor(
    private readonly shared: SharedStore,
    private readonly now: () => number = Date.now,
  ) {}

  memory(conversationKey: string): Promise<ConversationMemory | undefined> {
    return this.shared.getJson<ConversationMemory>(`handoff:conv:${conversationKey}`);
  }

  saveMemory(conversationKey: string, memory: ConversationMemory, ttlMs: number): Promise<void> {
    const recent = memory.recent.slice(-RECENT_KEPT);
    return this.shared.setJson(`handoff:conv:${conversationKey}`, { ...memory, recent }, ttlMs);
  }

  record(id: string): Promise<HandoffRecord | undefined> {
    return this.shared.getJson<HandoffRecord>(`handoff:rec:${id}`);
  }

  async saveRecord(record: HandoffRecord): Promise<void> {
    const ttl = Math.max(1, (record.closedAt ?? record.expiresAt) - this.now()) + GRACE_MS;
    await this.shared.setJson(`handoff:rec:${record.id}`, record, ttl);
    await this.shared.setJson(threadKey(record.thread), record.id, ttl);
  }

  idForThread(thread: DeskThread): Promise<string | undefined> {
    return this.shared.getJson<string>(threadKey(thread));
  }

  /**
   * Lists a hand-off as open, so that an instance which did not open it (the one that did was
   * restarted or scaled away) can still time it out: see HandoffService.adoptOpen.
   */
  listOpen(id: string, ttlMs: number): Promise<void> {
    return this.shared.append(OPEN_LIST, id, ttlMs + GRACE_MS);
  }

  /** Takes the open list (atomically): the caller lists again the ones still open. */
  takeOpen(): Promise<string[]> {
    return this.shared.drain(OPEN_LIST);
  }

  /** Runs `work` once across instances for `what` (e.g. closing one hand-off). */
  once(what: string, ttlMs: number): Promise<boolean> {
    return this.shared.claim(`handoff:once:${what}`, ttlMs);
  }

  pushOutbox(conversationKey: string, message: ResidentMessage & { at: number }, ttlMs: number): Promise<void> {
    return this.shared.append(`handoff:outbox:${conversationKey}`, JSON.stringify(message), ttlMs);
  }

  async drainOutbox(conversationKey: string): Promise<Array<ResidentMessage & { at: number }>> {
    const items = await this.shared.drain(`handoff:outbox:${conversationKey}`);
    const out: Array<ResidentMessage & { at: number }> = [];
    for (const item of items) {
      try {
        out.push(JSON.parse(item) as ResidentMessage & { at: number });
      } catch {
        // a corrupt entry is skipped rather than losing the others
      }
    }
    return out;
  }
}

function threadKey(thread: DeskThread): string {
  return `handoff:thread:${thread.channel}:${thread.threadTs}`;
}
