import type { BotReply, ConversationEngine, Suggestion } from '../conversation/types.js';

/** One exchange the adapter saw: who wrote what, and what the bot answered. */
export interface TranscriptEntry {
  user: string;
  conversationKey: string;
  text: string;
  reply: BotReply;
}

export interface MemoryAdapterOptions {
  /** Prefix of the conversation keys this adapter makes (`<prefix>:<user>`). Default `memory`. */
  keyPrefix?: string;
}

/**
 * A platform-free adapter in the style of hubot's test adapter: feed a user's messages, read the
 * bot's replies. It goes through the same {@link ConversationEngine} as LINE, Slack, the web chat
 * and the CLI, so multi-turn behaviour can be tested without any platform.
 *
 * ```ts
 * const chat = new MemoryAdapter(engine);
 * await chat.send('alice', '暗証番号を忘れました');
 * const reply = await chat.send('alice', '署名用です');
 * ```
 */
export class MemoryAdapter {
  private readonly keyPrefix: string;
  private readonly entries: TranscriptEntry[] = [];

  constructor(
    private readonly engine: ConversationEngine,
    options: MemoryAdapterOptions = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? 'memory';
  }

  /** The conversation key of a user (what the engine's state is stored under). */
  keyOf(user: string): string {
    return `${this.keyPrefix}:${user}`;
  }

  /** Sends one message as `user` and returns (and records) the bot's reply. */
  async send(user: string, text: string): Promise<BotReply> {
    const conversationKey = this.keyOf(user);
    const reply = await this.engine.respond({ conversationKey, text });
    this.entries.push({ user, conversationKey, text, reply });
    return reply;
  }

  /** Sends several messages as `user`, one after the other, and returns the replies in order. */
  async conversation(user: string, texts: readonly string[]): Promise<BotReply[]> {
    const replies: BotReply[] = [];
    for (const text of texts) replies.push(await this.send(user, text));
    return replies;
  }

  /**
   * Taps a suggestion (quick reply / button / chip): sends its text, exactly as the platform
   * adapters do. Pass a suggestion, or the index or label of one in the user's last reply.
   */
  async choose(user: string, suggestion: Suggestion | number | string): Promise<BotReply> {
    if (typeof suggestion === 'object') return this.send(user, suggestion.text);
    const last = this.lastReply(user);
    if (!last) throw new Error(`MemoryAdapter.choose: ${user} has no reply to choose a suggestion from; send a message first`);
    const found =
      typeof suggestion === 'number' ? last.suggestions[suggestion] : last.suggestions.find((s) => s.label === suggestion);
    if (!found) {
      const labels = last.suggestions.map((s) => s.label).join(', ') || '(none)';
      throw new Error(`MemoryAdapter.choose: no suggestion ${JSON.stringify(suggestion)} in the last reply; it offers: ${labels}`);
    }
    return this.send(user, found.text);
  }

  /** Ends a user's conversation as LINE's unfollow does. */
  async leave(user: string): Promise<void> {
    await this.engine.forget(this.keyOf(user));
  }

  /** The last reply the bot gave `user`. */
  lastReply(user: string): BotReply | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i]!.user === user) return this.entries[i]!.reply;
    return undefined;
  }

  /** Every exchange so far, oldest first (of one user when given). */
  transcript(user?: string): readonly TranscriptEntry[] {
    return user === undefined ? [...this.entries] : this.entries.filter((e) => e.user === user);
  }

  /** Forgets the recorded transcript (not the engine's state). */
  clear(): void {
    this.entries.length = 0;
  }
}
