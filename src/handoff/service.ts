import { randomBytes } from 'node:crypto';
import type { BotReply, ConversationEngine, Suggestion, UserTurn } from '../conversation/types.js';
import type { IntentId } from '../intents/ids.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { Logger } from '../logging/logger.js';
import type { IntentMatcher } from '../nlu/types.js';
import { scanSecrets, SECRET_MASK } from '../privacy/guard.js';
import type { SharedStore } from '../state/shared-store.js';
import { HandoffEvents, type HandoffEventMap, type HandoffEventName } from './events.js';
import { formatJapaneseTime, nextOpening, type OfficeHours } from './hours.js';
import { asksForPerson } from './person-request.js';
import { HandoffStore, type ConversationMemory, type HandoffRecord } from './store.js';
import type { HandoffTexts } from './texts.js';
import type {
  DeskThread,
  HandoffChannel,
  HandoffGuess,
  HandoffSummary,
  ResidentMessage,
  ResidentMessenger,
  StaffDesk,
} from './types.js';

/** Settings and parts the hand-off is built from (createBot passes them). */
export interface HandoffServiceOptions {
  shared: SharedStore;
  knowledge: KnowledgeBase;
  matcher: IntentMatcher;
  texts: HandoffTexts;
  logger: Logger;
  /** HANDOFF_TTL_MINUTES: a hand-off with no message either way for this long closes. */
  ttlMinutes: number;
  /** HANDOFF_OFFER_BELOW: answers under this confidence offer a hand-off. */
  offerBelow: number;
  /** SESSION_TTL_SECONDS: how long the last turns of a conversation are remembered. */
  sessionTtlSeconds: number;
  /** HANDOFF_HOURS; undefined = the bot says nothing about office hours. */
  hours?: OfficeHours;
  now?: () => number;
}

/** What became of a staff message posted in a hand-off thread. */
export type StaffMessageOutcome = 'delivered' | 'unreachable' | 'failed' | 'closed' | 'not_a_handoff';

// Intents that are not a question about the card: never "unsure answers" worth a person.
const NOT_A_QUESTION: ReadonlySet<IntentId> = new Set(['greeting', 'thanks', 'help']);
// From this confidence an answer to a resident who asked for a person is kept (with the offer
// under it): 「窓口の人と話せば解除できますか」 deserves its answer too. Same as the policy's
// CLEAR_CONFIDENCE (src/conversation/policy.ts).
const KEEP_ANSWER_CONFIDENCE = 0.6;
const GUESSES_SHOWN = 3;
const TEXT_MAX = 500;
// How often an instance looks for open hand-offs no instance is timing (adoptOpen): a timeout
// notice is then at most this late when the instance that opened the hand-off is gone.
const ADOPT_EVERY_MS = 60_000;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;
// Web conversation ids must be hard to guess to carry a hand-off: the updates endpoint hands staff
// replies to whoever knows the id. The page makes a random UUID.
const WEB_ID = /^web:[A-Za-z0-9_-]{16,100}$/;
// LINE 1:1 chats only: a staff reply pushed to a family group would reach everyone in it.
const LINE_USER = /^line:U[0-9a-f]{32}$|^line:U[A-Za-z0-9]{4,}$/;

/**
 * The platform-neutral staff hand-off: decides when to offer a person, opens a staff thread on the
 * {@link StaffDesk} when the resident accepts, carries messages both ways while it is open, and
 * closes it on 「対応終了」 or after HANDOFF_TTL_MINUTES of silence. All state is in the SharedStore.
 * Only masked text ever reaches the desk, and only the opaque hand-off id identifies a resident there.
 */
export class HandoffService {
  readonly events = new HandoffEvents();
  private readonly store: HandoffStore;
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly sessionTtlMs: number;
  private desk: StaffDesk | undefined;
  private readonly messengers = new Map<HandoffChannel, ResidentMessenger>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The minute timer of adoptOpen, once a desk is attached. */
  private adoption: NodeJS.Timeout | undefined;
  private readonly log: Logger;

  constructor(private readonly options: HandoffServiceOptions) {
    this.now = options.now ?? Date.now;
    this.store = new HandoffStore(options.shared, this.now);
    this.ttlMs = options.ttlMinutes * 60_000;
    this.sessionTtlMs = options.sessionTtlSeconds * 1000;
    this.log = options.logger.child({ component: 'handoff' });
    this.messengers.set('web', {
      canReply: true,
      send: async (conversationKey, message) => {
        // The page fetches these from GET /api/chat/updates; they wait as long as a hand-off lives.
        await this.store.pushOutbox(conversationKey, { ...message, at: this.now() }, this.ttlMs + this.sessionTtlMs);
        return true;
      },
    });
  }

  /**
   * The staff side (Slack). Without one, no hand-off is offered. With one, this instance also
   * takes on the timeouts of hand-offs other instances opened (adoptOpen), now and every minute.
   */
  attachDesk(desk: StaffDesk): void {
    this.desk = desk;
    if (this.adoption) return;
    const adopt = () => void this.adoptOpen().catch((err: unknown) => this.log.error({ err: describe(err) }, 'open hand-offs could not be read'));
    this.adoption = setInterval(adopt, ADOPT_EVERY_MS);
    this.adoption.unref();
    adopt();
  }

  /**
   * Arms this instance's timer for every open hand-off it is not yet timing, and lists them again
   * for the others. The timers are in memory, so a hand-off whose instance was restarted or scaled
   * away would otherwise close only when the resident next writes, without telling staff or the
   * page; closing stays once-only across instances (close). Returns how many it took on.
   */
  async adoptOpen(): Promise<number> {
    let adopted = 0;
    for (const id of new Set(await this.store.takeOpen())) {
      const record = await this.store.record(id);
      if (!record || record.closedAt) continue;
      await this.store.listOpen(id, Math.max(0, record.expiresAt - this.now()));
      if (this.timers.has(id)) continue;
      this.arm(id, Math.max(0, record.expiresAt - this.now()));
      adopted++;
    }
    return adopted;
  }

  /** How messages reach residents of a channel outside a reply (the LINE adapter attaches push). */
  attachMessenger(channel: HandoffChannel, messenger: ResidentMessenger): void {
    this.messengers.set(channel, messenger);
  }

  /** Subscribes to hand-off events (the unanswered-question log, metrics). */
  on<K extends HandoffEventName>(name: K, listener: (event: HandoffEventMap[K]) => void): this {
    this.events.on(name, listener);
    return this;
  }

  /** Stops the timeout timers and the adoption of other instances' hand-offs (shutdown, tests). */
  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    clearInterval(this.adoption);
    this.adoption = undefined;
  }

  /**
   * The engine every channel talks to: LINE and web conversations get hand-off offers, and while a
   * hand-off is open their messages go to the staff thread instead of the bot. Other channels
   * (Slack, the terminal) pass straight through.
   */
  wrap(engine: ConversationEngine): ConversationEngine {
    return {
      respond: (turn) => this.respond(engine, turn),
      forget: (key) => engine.forget(key),
    };
  }

  private channelOf(conversationKey: string): HandoffChannel | undefined {
    if (!this.desk) return undefined;
    if (WEB_ID.test(conversationKey)) return 'web';
    if (LINE_USER.test(conversationKey)) return 'line';
    return undefined;
  }

  private async respond(engine: ConversationEngine, turn: UserTurn): Promise<BotReply> {
    const key = turn.conversationKey;
    const channel = this.channelOf(key);
    if (!channel) return engine.respond(turn);
    try {
      return await this.respondInChannel(engine, turn, channel);
    } catch (err) {
      // The hand-off layer failing (a store outage) must not silence the bot.
      this.log.error({ err }, 'hand-off layer failed; the bot answers alone');
      return engine.respond(turn);
    }
  }

  private async respondInChannel(engine: ConversationEngine, turn: UserTurn, channel: HandoffChannel): Promise<BotReply> {
    const key = turn.conversationKey;
    const raw = typeof turn.text === 'string' ? turn.text : '';
    const scan = scanSecrets(raw.slice(0, TEXT_MAX * 4));
    const masked = scan.redacted.replace(CONTROL, '').trim().slice(0, TEXT_MAX);
    const memory: ConversationMemory = (await this.store.memory(key)) ?? { recent: [], noneStreak: 0 };
    let prefix: string | undefined;

    if (memory.handoffId) {
      const record = await this.store.record(memory.handoffId);
      if (record && !record.closedAt && record.expiresAt > this.now()) {
        return this.forwardResidentMessage(record, masked, scan.kinds.length > 0);
      }
      if (record && !record.closedAt) {
        // Timed out while nobody was looking: the resident hears it now, staff in the thread.
        await this.close(record, 'timeout', { tellResident: false });
        prefix = this.options.texts.get('closed_timeout', {}, memory.lang).text;
      }
      delete memory.handoffId;
    }

    if (memory.offered && this.options.texts.isOfferText(raw.trim())) {
      return this.open(key, channel, memory);
    }

    const reply = await engine.respond(turn);
    if (reply.lang) memory.lang = reply.lang;
    memory.recent.push({ text: masked, intent: reply.intent, confidence: reply.confidence });
    memory.noneStreak = reply.intent === 'none' ? memory.noneStreak + 1 : 0;

    let out = reply;
    if (asksForPerson(raw)) {
      const keep = reply.intent !== 'none' && !NOT_A_QUESTION.has(reply.intent) && reply.confidence >= KEEP_ANSWER_CONFIDENCE;
      out = keep ? this.withOffer(reply, 'offer') : this.offerInstead(reply);
      memory.offered = true;
    } else if (this.isUnsure(reply) || memory.noneStreak >= 2) {
      out = this.withOffer(reply, 'offer');
      memory.offered = true;
      memory.noneStreak = 0;
    }
    await this.store.saveMemory(key, memory, this.sessionTtlMs);
    return prefix ? { ...out, text: `${prefix}\n\n${out.text}` } : out;
  }

  private isUnsure(reply: BotReply): boolean {
    if (reply.clarifying || reply.privacyWarning || reply.intent === 'none' || NOT_A_QUESTION.has(reply.intent)) return false;
    return reply.confidence < this.options.offerBelow;
  }

  private withOffer(reply: BotReply, key: 'offer'): BotReply {
    const offer = this.options.texts.get(key, {}, reply.lang);
    return {
      ...reply,
      text: `${reply.text}\n\n${offer.text}`,
      facts: [...new Set([...reply.facts, ...offer.facts])],
      suggestions: this.offerFirst(reply.suggestions, reply.lang),
    };
  }

  private offerInstead(reply: BotReply): BotReply {
    const offer = this.options.texts.get('offer_request', {}, reply.lang);
    return {
      ...reply,
      // A message that held a PIN keeps its warning in front.
      text: reply.privacyWarning ? `${this.options.knowledge.message('privacy_warning', reply.lang).text.trim()}\n\n${offer.text}` : offer.text,
      facts: [...offer.facts],
      suggestions: this.offerFirst(reply.suggestions, reply.lang),
      clarifying: false,
    };
  }

  private offerFirst(suggestions: readonly Suggestion[], lang?: string): Suggestion[] {
    const button = this.options.texts.offerButtonFor(lang);
    return [{ ...button }, ...suggestions.filter((s) => s.text !== button.text).slice(0, 3)];
  }

  private guessesFor(text: string): HandoffGuess[] {
    const question = text.split(SECRET_MASK).join(' ').trim();
    if (!question) return [];
    return this.options.matcher
      .match(question)
      .ranked.slice(0, GUESSES_SHOWN)
      .map((r) => ({ intent: r.intent, confidence: Number(r.confidence.toFixed(3)) }));
  }

  private async open(conversationKey: string, channel: HandoffChannel, memory: ConversationMemory): Promise<BotReply> {
    const { texts } = this.options;
    const desk = this.desk;
    const reachable = this.messengers.get(channel)?.canReply ?? false;
    const now = this.now();
    // The question is the last message that was not the request for a person (「担当者につないで」):
    // it is what staff's guesses, 「FAQで回答」 and the review log are about.
    const recent = [...memory.recent].reverse();
    const last = recent.find((t) => t.text !== '' && !asksForPerson(t.text)) ?? recent.find((t) => t.text !== '');
    const nextOpenAt = this.options.hours ? nextOpening(this.options.hours, now) : undefined;
    const summary: HandoffSummary = {
      id: `H${randomBytes(6).toString('base64url')}`,
      channel,
      turns: memory.recent,
      guesses: last ? this.guessesFor(last.text) : [],
      replyReachable: reachable,
      openedAt: now,
      ttlMinutes: this.options.ttlMinutes,
      ...(nextOpenAt !== undefined ? { nextOpenAt } : {}),
    };
    let thread: DeskThread;
    try {
      if (!desk) throw new Error('no staff desk attached');
      thread = await desk.openThread(summary);
    } catch (err) {
      this.log.error({ err: describe(err), handoffId: summary.id }, 'hand-off thread could not be posted; the resident is asked to phone');
      const text = texts.get('unavailable', {}, memory.lang);
      return plainReply(text.text, text.facts, [], memory.lang);
    }
    const record: HandoffRecord = {
      id: summary.id,
      conversationKey,
      channel,
      summary,
      thread,
      lastQuestion: last?.text ?? '',
      expiresAt: now + this.ttlMs,
      ...(memory.lang ? { lang: memory.lang } : {}),
    };
    await this.store.saveRecord(record);
    await this.store.listOpen(record.id, this.ttlMs);
    memory.handoffId = record.id;
    memory.noneStreak = 0;
    await this.store.saveMemory(conversationKey, memory, this.ttlMs * 2 + this.sessionTtlMs);
    this.arm(record.id, this.ttlMs);
    this.log.info({ handoffId: record.id, channel, replyReachable: reachable, afterHours: nextOpenAt !== undefined }, 'hand-off opened');
    this.emit('opened', {
      handoffId: record.id,
      channel,
      maskedTurns: memory.recent.map((t) => t.text),
      guesses: summary.guesses,
      afterHours: nextOpenAt !== undefined,
      replyReachable: reachable,
      at: now,
    });
    const opened = texts.get(reachable ? 'opened' : 'opened_no_reply', {}, memory.lang);
    let text = opened.text;
    if (reachable && nextOpenAt !== undefined) {
      text += `\n${texts.get('after_hours', { next_open: formatJapaneseTime(nextOpenAt) }, memory.lang).text}`;
    }
    return { ...plainReply(text, opened.facts, [], memory.lang), handoff: 'open' };
  }

  private async forwardResidentMessage(record: HandoffRecord, masked: string, hadSecret: boolean): Promise<BotReply> {
    const { texts } = this.options;
    const reachable = this.messengers.get(record.channel)?.canReply ?? false;
    if (masked) {
      try {
        await this.desk?.postResidentMessage(record.thread, masked);
      } catch (err) {
        this.log.error({ err: describe(err), handoffId: record.id }, 'resident message could not be posted to the hand-off thread');
        const text = texts.get('unavailable', {}, record.lang);
        return { ...plainReply(text.text, text.facts, [], record.lang), handoff: 'open' };
      }
      record.lastQuestion = masked;
    }
    record.expiresAt = this.now() + this.ttlMs;
    await this.store.saveRecord(record);
    this.arm(record.id, this.ttlMs);
    this.emit('message', { handoffId: record.id, channel: record.channel, from: 'resident', delivered: true, at: this.now() });
    const ack = texts.get(reachable ? 'forwarded' : 'forwarded_no_reply', {}, record.lang);
    if (!hadSecret) return { ...plainReply(ack.text, ack.facts, [], record.lang), handoff: 'open' };
    const warning = this.options.knowledge.message('privacy_warning', record.lang);
    return {
      ...plainReply(`${warning.text.trim()}\n\n${ack.text}`, [...warning.facts, ...ack.facts], [], record.lang),
      privacyWarning: true,
      handoff: 'open',
    };
  }

  private async liveRecord(thread: DeskThread): Promise<HandoffRecord | undefined> {
    const id = await this.store.idForThread(thread);
    return id ? this.store.record(id) : undefined;
  }

  /** A record by id that is still open; an expired one is closed on the way. */
  private async openRecord(id: string): Promise<HandoffRecord | 'closed' | undefined> {
    const record = await this.store.record(id);
    if (!record) return undefined;
    if (record.closedAt) return 'closed';
    if (record.expiresAt <= this.now()) {
      await this.close(record, 'timeout', { tellResident: true });
      return 'closed';
    }
    return record;
  }

  /**
   * A member of staff wrote in a hand-off thread: the message (masked) goes to the resident —
   * LINE by push when LINE_ALLOW_PUSH is on, the web page through its outbox. When it cannot, the
   * thread is told so.
   */
  async handleStaffMessage(thread: DeskThread, text: string): Promise<StaffMessageOutcome> {
    const found = await this.liveRecord(thread);
    if (!found) return 'not_a_handoff';
    const record = await this.openRecord(found.id);
    if (record === undefined) return 'not_a_handoff';
    if (record === 'closed') {
      await this.notify(found.thread, { kind: 'already_closed' });
      return 'closed';
    }
    const masked = scanSecrets(text).redacted.replace(CONTROL, '').trim();
    if (!masked) return 'failed';
    const messenger = this.messengers.get(record.channel);
    record.expiresAt = this.now() + this.ttlMs;
    await this.store.saveRecord(record);
    this.arm(record.id, this.ttlMs);
    if (!messenger?.canReply) {
      await this.notify(record.thread, { kind: 'unreachable' });
      this.emit('message', { handoffId: record.id, channel: record.channel, from: 'staff', delivered: false, at: this.now() });
      return 'unreachable';
    }
    const prefix = record.channel === 'line' ? `${this.options.texts.get('staff_prefix', {}, record.lang).text}\n` : '';
    const delivered = await messenger.send(record.conversationKey, { from: 'staff', text: `${prefix}${masked}`, handoff: 'open' });
    if (!delivered) await this.notify(record.thread, { kind: 'delivery_failed' });
    this.emit('message', { handoffId: record.id, channel: record.channel, from: 'staff', delivered, at: this.now() });
    return delivered ? 'delivered' : 'failed';
  }

  /** 「対応します」: staff take the hand-off; the thread and the resident are told. */
  async claim(id: string, staffUser: string): Promise<boolean> {
    const record = await this.openRecord(id);
    if (!record || record === 'closed') {
      if (record === 'closed') await this.notifyById(id, { kind: 'already_closed' });
      return false;
    }
    const first = !record.claimed;
    record.claimed = true;
    record.expiresAt = this.now() + this.ttlMs;
    await this.store.saveRecord(record);
    this.arm(record.id, this.ttlMs);
    await this.notify(record.thread, { kind: 'claimed', staffUser });
    if (first) {
      const messenger = this.messengers.get(record.channel);
      if (messenger?.canReply) await messenger.send(record.conversationKey, { from: 'bot', text: this.options.texts.get('claimed', {}, record.lang).text, handoff: 'open' });
      this.emit('claimed', { handoffId: record.id, channel: record.channel, at: this.now() });
    }
    return true;
  }

  /** 「FAQで回答」: the bot sends the chosen intent's answer to the resident. */
  async answerWithFaq(id: string, intent: IntentId): Promise<boolean> {
    const record = await this.openRecord(id);
    if (!record || record === 'closed') {
      if (record === 'closed') await this.notifyById(id, { kind: 'already_closed' });
      return false;
    }
    const answer = this.options.knowledge.answer(intent, { lang: record.lang });
    const messenger = this.messengers.get(record.channel);
    const text = `${this.options.texts.get('faq_prefix', {}, record.lang).text}\n${answer.text.trim()}`;
    const delivered = messenger?.canReply
      ? await messenger.send(record.conversationKey, { from: 'bot', text, suggestions: answer.suggestions, handoff: 'open' })
      : false;
    record.expiresAt = this.now() + this.ttlMs;
    await this.store.saveRecord(record);
    this.arm(record.id, this.ttlMs);
    const label = this.options.knowledge.suggestion(intent).label;
    await this.notify(record.thread, { kind: 'faq_sent', intent, label, delivered });
    this.emit('faq_answered', {
      handoffId: record.id,
      channel: record.channel,
      intent,
      maskedQuestion: record.lastQuestion,
      delivered,
      at: this.now(),
    });
    return delivered;
  }

  /** 「対応終了」 by staff. */
  async closeByStaff(id: string, staffUser: string): Promise<boolean> {
    const record = await this.store.record(id);
    if (!record || record.closedAt) {
      if (record) await this.notify(record.thread, { kind: 'already_closed' });
      return false;
    }
    return this.close(record, 'staff', { tellResident: true, staffUser });
  }

  /**
   * Closes every hand-off this instance is timing whose time is up. The timers call it; so can a
   * test with a fake clock.
   */
  async sweep(): Promise<number> {
    let closed = 0;
    for (const id of [...this.timers.keys()]) {
      const record = await this.store.record(id);
      if (!record || record.closedAt) {
        this.disarm(id);
        continue;
      }
      if (record.expiresAt <= this.now()) {
        if (await this.close(record, 'timeout', { tellResident: true })) closed++;
      }
    }
    return closed;
  }

  private async close(record: HandoffRecord, by: 'staff' | 'timeout', o: { tellResident: boolean; staffUser?: string }): Promise<boolean> {
    // Several instances may notice the same timeout; one closes it.
    if (!(await this.store.once(`close:${record.id}`, 60_000))) return false;
    const now = this.now();
    record.closedAt = now;
    await this.store.saveRecord(record);
    this.disarm(record.id);
    const memory = await this.store.memory(record.conversationKey);
    if (memory?.handoffId === record.id) {
      delete memory.handoffId;
      await this.store.saveMemory(record.conversationKey, memory, this.sessionTtlMs);
    }
    await this.notify(record.thread, { kind: 'closed', by, ...(o.staffUser ? { staffUser: o.staffUser } : {}) });
    try {
      await this.desk?.markClosed(record.thread, record.summary, by);
    } catch (err) {
      this.log.warn({ err: describe(err), handoffId: record.id }, 'hand-off thread could not be marked closed');
    }
    const messenger = this.messengers.get(record.channel);
    if (o.tellResident && messenger?.canReply) {
      const text = this.options.texts.get(by === 'staff' ? 'closed_staff' : 'closed_timeout', {}, record.lang).text;
      await messenger.send(record.conversationKey, { from: 'bot', text, handoff: 'closed' });
    }
    this.log.info({ handoffId: record.id, by }, 'hand-off closed');
    this.emit('closed', { handoffId: record.id, channel: record.channel, by, durationMs: now - record.summary.openedAt, at: now });
    return true;
  }

  /**
   * What the web page fetches: staff messages and notices waiting for the conversation, and whether
   * its hand-off is still open. Only the conversation's own outbox is read.
   */
  async updatesFor(conversationKey: string): Promise<{ messages: Array<ResidentMessage & { at: number }>; handoff: 'open' | 'closed' | 'none' }> {
    const messages = await this.store.drainOutbox(conversationKey);
    const memory = await this.store.memory(conversationKey);
    let state: 'open' | 'closed' | 'none' = messages.some((m) => m.handoff === 'closed') ? 'closed' : 'none';
    if (memory?.handoffId) {
      const record = await this.openRecord(memory.handoffId);
      if (record && record !== 'closed') state = 'open';
      else if (record === 'closed') {
        state = 'closed';
        // A timeout closed just now put its notice in the outbox after the drain above.
        messages.push(...(await this.store.drainOutbox(conversationKey)));
      }
    }
    return { messages, handoff: state };
  }

  private async notify(thread: DeskThread, notice: Parameters<StaffDesk['postNotice']>[1]): Promise<void> {
    try {
      await this.desk?.postNotice(thread, notice);
    } catch (err) {
      this.log.warn({ err: describe(err), notice: notice.kind }, 'hand-off notice could not be posted');
    }
  }

  private async notifyById(id: string, notice: Parameters<StaffDesk['postNotice']>[1]): Promise<void> {
    const record = await this.store.record(id);
    if (record) await this.notify(record.thread, notice);
  }

  private arm(id: string, ms: number): void {
    this.disarm(id);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      void this.expire(id);
    }, Math.min(ms + 1000, 2 ** 31 - 1));
    timer.unref();
    this.timers.set(id, timer);
  }

  private disarm(id: string): void {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
  }

  private async expire(id: string): Promise<void> {
    try {
      const record = await this.store.record(id);
      if (!record || record.closedAt) return;
      const left = record.expiresAt - this.now();
      // Another instance (or a later message here) extended it: wait for the new time.
      if (left > 0) this.arm(id, left);
      else await this.close(record, 'timeout', { tellResident: true });
    } catch (err) {
      this.log.error({ err: describe(err), handoffId: id }, 'hand-off timeout check failed');
    }
  }

  private emit<K extends HandoffEventName>(name: K, event: HandoffEventMap[K]): void {
    for (const err of this.events.emit(name, event)) this.log.warn({ err: describe(err), event: name }, 'hand-off event listener failed');
  }
}

function plainReply(text: string, facts: readonly string[], suggestions: Suggestion[], lang?: string): BotReply {
  return {
    ...(lang ? { lang } : {}),
    intent: 'office_contact',
    confidence: 1,
    text: text.trim(),
    facts: [...facts],
    suggestions,
    clarifying: false,
    privacyWarning: false,
  };
}

/** An error for the log without the request data (Web API errors carry the message text). */
function describe(err: unknown): Record<string, unknown> {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown; status?: unknown };
    return { code: e.code, status: e.status, message: typeof e.message === 'string' ? e.message.slice(0, 200) : undefined };
  }
  return { message: String(err) };
}
