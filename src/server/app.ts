import type { Bot } from '../bot.js';
import type { Env } from '../config/env.js';
import { createHttpServer, type HttpServer } from './http-server.js';
import { createChatRoute } from './chat-route.js';
import { createFeedbackRoute } from './feedback-route.js';
import { createHealthRoute, type ChannelStatus } from './health-route.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import { createWebRoutes } from './web-routes.js';
import { mountPlatforms } from './platforms.js';
import { createUpdatesRoute } from './updates-route.js';
import { createUiRoute } from './ui-route.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';
import type { Route } from './route.js';
import { createMetricsRoute } from './metrics-route.js';

export interface MynapinServerOptions {
  /** CSP frame-ancestors of the chat page (default: this origin and any https site). */
  frameAncestors?: string;
  /** Extra routes (tests, future channels). */
  extraRoutes?: Route[];
  /** Most clients the /api/chat rate limiter remembers (default 10,000). */
  rateLimiterMaxClients?: number;
}

/** The whole HTTP side of mynapin, not yet listening. */
export interface MynapinServer {
  http: HttpServer;
  channels: ChannelStatus;
  limiter: RateLimiter;
  /** Graceful stop of the HTTP server, then of the platforms (their pending replies are awaited). */
  close(deadlineMs?: number): Promise<void>;
}

/**
 * Builds the server every channel shares: web chat page and widget, `/api/chat`, `/healthz`, and
 * the LINE / Slack routes when configured.
 */
export async function createMynapinServer(bot: Bot, env: Env, options: MynapinServerOptions = {}): Promise<MynapinServer> {
  const platforms = await mountPlatforms(bot, env);
  // With REDIS_URL the limits hold across every instance (a client cannot multiply them by N).
  const limiterFor = (name: string, limits: Parameters<typeof createRateLimiter>[0]): RateLimiter =>
    bot.redis ? createRedisRateLimiter(bot.redis, name, limits) : createRateLimiter(limits);
  const limiter = limiterFor('chat', {
    perMinute: env.CHAT_RATE_LIMIT_PER_MINUTE,
    ...(options.rateLimiterMaxClients ? { maxClients: options.rateLimiterMaxClients } : {}),
  });
  const routes: Route[] = [
    ...createWebRoutes(options.frameAncestors ? { frameAncestors: options.frameAncestors } : {}),
    createChatRoute({ engine: bot.engine, limiter, trustProxy: env.TRUST_PROXY }),
    createFeedbackRoute({ knowledge: bot.knowledge, feedback: bot.feedback, limiter, trustProxy: env.TRUST_PROXY, ...(bot.unanswered ? { unanswered: bot.unanswered } : {}) }),
    createUiRoute(bot.knowledge),
    createHealthRoute(platforms.channels),
    // Polled every few seconds by a page whose conversation is with staff; 3/s per client is ample.
    ...(bot.handoff
      ? [createUpdatesRoute({ handoff: bot.handoff, limiter: limiterFor('updates', { perMinute: 180 }), trustProxy: env.TRUST_PROXY })]
      : []),
    ...platforms.routes,
    ...(bot.metrics && env.METRICS_TOKEN ? [createMetricsRoute(bot.metrics, env.METRICS_TOKEN)] : []),
    ...(options.extraRoutes ?? []),
  ];
  const metrics = bot.metrics;
  const http = createHttpServer({
    routes,
    logger: bot.logger,
    bodyLimit: env.BODY_LIMIT_BYTES,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    ...(metrics ? { onResponse: (route: string, method: string, status: number, seconds: number) => metrics.observeRequest(route, method, status, seconds) } : {}),
  });
  return {
    http,
    channels: platforms.channels,
    limiter,
    async close(deadlineMs = 10_000) {
      const startedAt = Date.now();
      await http.close(deadlineMs);
      // Work acknowledged with 200 (LINE replies and their retries, Slack answers) goes on after
      // its request closed: it gets what is left of the deadline.
      const left = Math.max(0, deadlineMs - (Date.now() - startedAt));
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        platforms.idle().then(() => true),
        new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), left);
        }),
      ]);
      clearTimeout(timer);
      if (!finished) bot.logger.warn({ deadlineMs }, 'shutdown deadline reached: LINE / Slack answers still being sent are dropped');
      await platforms.stop();
    },
  };
}
