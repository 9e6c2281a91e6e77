import type { Env } from './config/env.js';
import { loadMunicipality } from './config/municipality.js';
import { createConversationEngine } from './conversation/engine.js';
import { MemorySessionStore, type SessionStore } from './conversation/session-store.js';
import { MemorySharedStore, type SharedStore } from './state/shared-store.js';
import type { RedisConnection } from './state/redis-connection.js';
import type { ConversationEngine, TurnObserver } from './conversation/types.js';
import { DEFAULT_INTENTS_DIR } from './intents/load.js';
import { loadKnowledge } from './knowledge/index.js';
import type { KnowledgeBase } from './knowledge/types.js';
import { createLoggerOnFirstUse, type Logger } from './logging/logger.js';
import type { MatcherOptions } from './nlu/index.js';
import type { IntentMatcher } from './nlu/types.js';
// The metrics (prom-client) and the unanswered-question log (better-sqlite3) load only when used:
// a one-shot `mynapin ask` needs neither.
import type { BotMetrics } from './metrics/metrics.js';
import { appendReviewedPhrase, reviewedPhrasesPath } from './intents/reviewed.js';
import { buildMatcher, IntentReloader, loadIntentData } from './reload/intent-reloader.js';
import { ReloadableKnowledge, ReloadableMatcher } from './reload/swappable.js';
import type { UnansweredLog } from './unanswered/recorder.js';
import { FeedbackRecorder } from './feedback/recorder.js';
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
  /** The Redis connection behind `store` and `shared` when REDIS_URL is set (the rate limiters use it too). */
  redis?: RedisConnection;
  /**
   * The staff hand-off (LINE / web → a Slack thread), when SLACK_HANDOFF_CHANNEL is set; `engine`
   * then already goes through it. Subscribe to its events with `bot.handoff.on(…)`.
   */
  handoff?: HandoffService;
  /** Prometheus metrics (GET /metrics), when METRICS_TOKEN is set. */
  metrics?: BotMetrics;
  /** The unanswered-question log (SQLite in DATA_DIR), when asked for and UNANSWERED_LOG is on. */
  unanswered?: UnansweredLog;
  /** 「役に立った / 役に立たなかった」 clicks of every channel, counted and appended to FEEDBACK_FILE when set. */
  feedback: FeedbackRecorder;
  /** Reloads intents/ and the reviewed phrases into the running bot (see IntentReloader). */
  reloader: IntentReloader;
  /** Writes what the log has queued and closes it; stops watching files. */
  close(): void;
}

export interface CreateBotOptions {
  logger?: Logger;
  /** Folder of the intent files (default: the repo's intents/). */
  intentsDir?: string;
  /** Conversation store (default: in memory, sized by SESSION_TTL_SECONDS / SESSION_MAX_CONVERSATIONS). */
  store?: SessionStore;
  /** Shared small state (default: in memory, for one process). */
  shared?: SharedStore;
  /** The Redis connection `store` and `shared` use (see connectRedisState); the caller closes it. */
  redis?: RedisConnection;
  /** Clock for the conversation layer (tests). */
  now?: () => number;
  /** Matcher knobs (benchmarks turn the result caches off with `{ cacheSize: 0 }`). */
  matcher?: Partial<MatcherOptions>;
  /** Told of every conversation turn (metrics, the unanswered-question log). */
  observers?: TurnObserver[];
  /** Open the unanswered-question log in DATA_DIR (`mynapin serve`; off for ask / eval / classify). */
  unansweredLog?: boolean;
  /**
   * Read each language folder's texts on first use (one-shot commands); off for `serve`, which
   * checks every locale file at start (see loadKnowledge). A reload always checks them all.
   */
  lazyLanguages?: boolean;
}

/**
 * Builds the platform-neutral bot from validated settings: the knowledge base (intent files +
 * municipality), the matcher, the session store and the conversation engine. Throws ConfigError or
 * IntentFileError with a message naming what to fix.
 */
export async function createBot(env: Env, options: CreateBotOptions = {}): Promise<Bot> {
  // Made on first use: a one-shot command usually writes no log line at all.
  const logger = options.logger ?? createLoggerOnFirstUse({ level: env.LOG_LEVEL });
  const intentsDir = options.intentsDir ?? DEFAULT_INTENTS_DIR;
  const municipality = loadMunicipality(env);
  // The reviewed phrases (DATA_DIR/reviewed-phrases.yaml) are phrases of their intents like any other.
  const reviewedFile = reviewedPhrasesPath(env);
  const data = loadIntentData(intentsDir, reviewedFile);
  const knowledge = new ReloadableKnowledge(loadKnowledge({ intentsDir, municipality, intents: data.intents, logger, ...(options.lazyLanguages ? { lazyLanguages: true } : {}) }));
  const matcher = new ReloadableMatcher(await buildMatcher(data, intentsDir, options.matcher));
  const reloader = new IntentReloader({
    intentsDir, reviewedFile, municipality, matcher, knowledge, logger,
    ...(options.matcher ? { matcherOptions: options.matcher } : {}),
  });
  const unanswered =
    options.unansweredLog && env.UNANSWERED_LOG
      ? new (await import('./unanswered/recorder.js')).UnansweredLog({
          database: (await import('./unanswered/database.js')).openUnansweredDatabase({ dataDir: env.DATA_DIR, retentionDays: env.UNANSWERED_RETENTION_DAYS, ...(options.now ? { now: options.now } : {}) }),
          logger,
          ...(options.now ? { now: options.now } : {}),
          onReview: ({ intent, phrase }) => {
            if (appendReviewedPhrase(reviewedFile, intent, phrase)) reloader.request('review');
          },
        })
      : undefined;
  const store =
    options.store ??
    new MemorySessionStore({ ttlSeconds: env.SESSION_TTL_SECONDS, maxConversations: env.SESSION_MAX_CONVERSATIONS, now: options.now });
  // Counting costs a little on every turn, so only a bot that is scraped counts.
  const metrics = env.METRICS_TOKEN ? new (await import('./metrics/metrics.js')).BotMetrics({ sessions: store }) : undefined;
  const observers = [
    ...(options.observers ?? []),
    ...(unanswered ? [unanswered.observer] : []),
    ...(metrics ? [metrics.observeTurn] : []),
  ];
  // The engine's reading cache sits on top of the matcher's: turning one off turns off both.
  const readingCacheSize = options.matcher?.cacheSize;
  const core = createConversationEngine({
    matcher, knowledge, store, logger, now: options.now,
    ...(observers.length > 0 ? { observers } : {}),
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
    metrics?.watchHandoffs(handoff);
    unanswered?.attachHandoff(handoff);
  }
  const feedback = new FeedbackRecorder({ file: env.FEEDBACK_FILE, logger });
  const close = () => {
    reloader.stop();
    unanswered?.close();
  };
  return {
    env, logger, engine, knowledge, matcher, store, shared, reloader, close, feedback,
    ...(handoff ? { handoff } : {}),
    ...(unanswered ? { unanswered } : {}),
    ...(metrics ? { metrics } : {}),
    ...(options.redis ? { redis: options.redis } : {}),
  };
}
