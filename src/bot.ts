import type { Env } from './config/env.js';
import { loadMunicipality } from './config/municipality.js';
import { createConversationEngine } from './conversation/engine.js';
import { MemorySessionStore, type SessionStore } from './conversation/session-store.js';
import { MemorySharedStore, type SharedStore } from './state/shared-store.js';
import type { ConversationEngine, TurnObserver } from './conversation/types.js';
import { loadIntentFiles, DEFAULT_INTENTS_DIR } from './intents/load.js';
import { loadKnowledge } from './knowledge/index.js';
import type { KnowledgeBase } from './knowledge/types.js';
import { createLogger, type Logger } from './logging/logger.js';
import { createMatcher, type MatcherOptions } from './nlu/index.js';
import type { IntentMatcher } from './nlu/types.js';
// Loaded only when hand-off is configured: a cold `mynapin ask` has no use for it (or node:crypto).
import type { HandoffService } from './handoff/service.js';

/** Everything a channel needs: the conversation engine and what it is built from. */
export interface Bot {
  env: Env;
  logger: Logger;
  engine: ConversationEngine;
  knowledge: KnowledgeBase;
  matcher: IntentMatcher;
  store: SessionStore;
  /** Event dedupe, hand-offs and other small state shared by every instance (see SharedStore). */
  shared: SharedStore;
  /**
   * The staff hand-off (LINE / web → a Slack thread), when SLACK_HANDOFF_CHANNEL is set; `engine`
   * then already goes through it. Subscribe to its events with `bot.handoff.on(…)`.
   */
  handoff?: HandoffService;
}

export interface CreateBotOptions {
  logger?: Logger;
  /** Folder of the intent files (default: the repo's intents/). */
  intentsDir?: string;
  /** Conversation store (default: in memory, sized by SESSION_TTL_SECONDS / SESSION_MAX_CONVERSATIONS). */
  store?: SessionStore;
  /** Shared small state (default: in memory, for one process). */
  shared?: SharedStore;
  /** Clock for the conversation layer (tests). */
  now?: () => number;
  /** Matcher knobs (benchmarks turn the result caches off with `{ cacheSize: 0 }`). */
  matcher?: Partial<MatcherOptions>;
  /** Told of every conversation turn (metrics, the unanswered-question log). */
  observers?: TurnObserver[];
}

/**
 * Builds the platform-neutral bot from validated settings: the knowledge base (intent files +
 * municipality), the matcher, the session store and the conversation engine. Throws ConfigError or
 * IntentFileError with a message naming what to fix.
 */
export async function createBot(env: Env, options: CreateBotOptions = {}): Promise<Bot> {
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL });
  const intentsDir = options.intentsDir ?? DEFAULT_INTENTS_DIR;
  const municipality = loadMunicipality(env);
  const intents = loadIntentFiles(intentsDir);
  const knowledge = loadKnowledge({ intentsDir, municipality, intents });
  const matcher = createMatcher({ ...options.matcher, intentsDir, intents });
  const store =
    options.store ??
    new MemorySessionStore({ ttlSeconds: env.SESSION_TTL_SECONDS, maxConversations: env.SESSION_MAX_CONVERSATIONS, now: options.now });
  // The engine's reading cache sits on top of the matcher's: turning one off turns off both.
  const readingCacheSize = options.matcher?.cacheSize;
  const core = createConversationEngine({
    matcher, knowledge, store, logger, now: options.now,
    ...(options.observers ? { observers: options.observers } : {}),
    ...(readingCacheSize !== undefined ? { readingCacheSize } : {}),
  });
  const shared = options.shared ?? new MemorySharedStore(options.now ? { now: options.now } : {});
  let engine = core;
  let handoff: HandoffService | undefined;
  if (env.SLACK_HANDOFF_CHANNEL) {
    const [{ HandoffService }, { loadHandoffTexts }] = await Promise.all([import('./handoff/service.js'), import('./handoff/texts.js')]);
    handoff = new HandoffService({
      shared,
      knowledge,
      matcher,
      texts: loadHandoffTexts(intentsDir, municipality),
      logger,
      ttlMinutes: env.HANDOFF_TTL_MINUTES,
      offerBelow: env.HANDOFF_OFFER_BELOW,
      sessionTtlSeconds: env.SESSION_TTL_SECONDS,
      ...(env.HANDOFF_HOURS ? { hours: env.HANDOFF_HOURS } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    engine = handoff.wrap(core);
    // Metrics hook (src/metrics, not on main yet): count hand-offs with handoff.on('opened' | 'closed', …).
  }
  return { env, logger, engine, knowledge, matcher, store, shared, ...(handoff ? { handoff } : {}) };
}
