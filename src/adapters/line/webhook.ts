import type { IncomingMessage, ServerResponse } from 'node:http';
import { messagingApi, type webhook } from '@line/bot-sdk';
import type { Env } from '../../config/env.js';
import type { ConversationEngine } from '../../conversation/types.js';
import type { KnowledgeBase } from '../../knowledge/types.js';
import type { Logger } from '../../logging/logger.js';
import { ConfigError } from '../../errors.js';
import { BodyTooLargeError, readBody, sendJson, type Route, type RouteContext } from '../../server/route.js';
import { conversationKeyOf } from './conversation-key.js';
import { handleLineEvent } from './events.js';
import { ReplySender, type RetryPolicy } from './reply-sender.js';
import { SeenEventIds } from './seen-events.js';
import type { HandoffService } from '../../handoff/service.js';
import type { UnansweredLog } from '../../unanswered/recorder.js';
import type { FeedbackRecorder } from '../../feedback/recorder.js';
import { createLineHandoffMessenger } from './handoff-messenger.js';
import type { SharedStore } from '../../state/shared-store.js';
import { isValidLineSignature } from './signature.js';
import { LINE_API_TIMEOUT_MS, withCallTimeouts } from './api-timeout.js';

/** The path LINE posts webhooks to; register `PUBLIC_BASE_URL` + this in the LINE Developers console. */
export const LINE_WEBHOOK_PATH = '/webhook/line';

/** What the LINE webhook route needs. Only the first four are required; the rest exist for tests. */
export interface LineRouteDeps {
  engine: ConversationEngine;
  knowledge: KnowledgeBase;
  env: Env;
  logger: Logger;
  /** The staff hand-off, when on: staff replies reach LINE residents through this route's client. */
  handoff?: HandoffService;
  /** The unanswered-question log, when on: 「役に立たなかった」 taps log the question they are about. */
  unanswered?: Pick<UnansweredLog, 'feedback'>;
  /** Every channel's clicks (FEEDBACK_FILE). */
  feedback?: Pick<FeedbackRecorder, 'record'>;
  /** Back-off of reply retries (defaults: 5 attempts, 0.5 s doubling, 20 s budget). */
  retry?: RetryPolicy;
  /** Replaces the back-off timer, so tests of 429 / 500 retries run instantly. */
  sleep?: (ms: number) => Promise<void>;
  /** Where answered event ids are claimed: the bot's shared store (Redis with REDIS_URL). */
  shared?: SharedStore;
  /** Bound of the redelivery memory when no `shared` store is given (defaults: 10,000 ids, 24 h). */
  seenEvents?: { maxEntries: number; ttlMs: number };
  /** How long one Messaging API call may take before it is given up (default LINE_API_TIMEOUT_MS). */
  apiTimeoutMs?: number;
}

/** The LINE route plus a way to wait for the answers still being sent after the 200 acknowledgement. */
export interface LineRoute extends Route {
  /** Resolves once every event received so far has been handled (tests, graceful shutdown). */
  idle(): Promise<void>;
}

function requireSetting(env: Env, name: 'LINE_CHANNEL_SECRET' | 'LINE_CHANNEL_ACCESS_TOKEN'): string {
  const value = env[name];
  if (!value) {
    throw new ConfigError(
      `${name} is not set. Copy it from the LINE Developers console (your Messaging API channel → ` +
        `${name === 'LINE_CHANNEL_SECRET' ? 'Basic settings → Channel secret' : 'Messaging API → Channel access token'}) ` +
        'into the environment or .env — see docs/line.md.',
    );
  }
  return value;
}

function isEvent(value: unknown): value is webhook.Event {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * `POST /webhook/line`: verifies `x-line-signature` over the raw body before anything else
 * (missing or wrong → 401), answers 413 for an oversize body and 400 for malformed JSON, then
 * acknowledges with 200 at once and handles the events afterwards — in order per conversation,
 * concurrently across conversations, each isolated so one bad event never stops the others.
 * Redelivered events already handled are skipped.
 */
export function createLineRoute(deps: LineRouteDeps): LineRoute {
  const channelSecret = requireSetting(deps.env, 'LINE_CHANNEL_SECRET');
  const channelAccessToken = requireSetting(deps.env, 'LINE_CHANNEL_ACCESS_TOKEN');
  const client = withCallTimeouts(
    new messagingApi.MessagingApiClient({ channelAccessToken, baseURL: deps.env.LINE_API_BASE_URL }),
    deps.apiTimeoutMs ?? LINE_API_TIMEOUT_MS,
  );
  const sender = new ReplySender({
    client,
    logger: deps.logger,
    allowPush: deps.env.LINE_ALLOW_PUSH,
    ...(deps.retry ? { retry: deps.retry } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
  deps.handoff?.attachMessenger('line', createLineHandoffMessenger(sender, deps.env.LINE_ALLOW_PUSH));
  // The language only: the profile's name and picture are never read. Not logged either.
  const profileLanguage = async (userId: string): Promise<string | undefined> => (await client.getProfile(userId)).language;
  const seen = new SeenEventIds({ ...deps.seenEvents, ...(deps.shared ? { store: deps.shared } : {}) });
  const inFlight = new Set<Promise<void>>();

  const track = (work: Promise<void>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const handleSafely = async (event: webhook.Event, log: Logger): Promise<void> => {
    try {
      await handleLineEvent(event, { engine: deps.engine, knowledge: deps.knowledge, sender, logger: log, profileLanguage, ...(deps.unanswered ? { unanswered: deps.unanswered } : {}), ...(deps.feedback ? { feedback: deps.feedback } : {}) });
    } catch (error) {
      log.error({ err: error, eventId: event.webhookEventId, eventType: event.type }, 'LINE event failed; other events continue');
    }
  };

  // Claimed before answering, so of two instances given the same event (a redelivery) one answers.
  const firstDelivery = async (event: webhook.Event, log: Logger): Promise<boolean> => {
    if (typeof event.webhookEventId !== 'string') return true;
    let first = true;
    try {
      first = await seen.firstTime(event.webhookEventId);
    } catch (error) {
      log.warn({ err: error }, 'LINE event dedupe unavailable; answering');
    }
    if (!first) log.info({ eventId: event.webhookEventId }, 'LINE event already handled (redelivery); skipped');
    return first;
  };

  const dispatch = (events: webhook.Event[], log: Logger): void => {
    // Same conversation → in order (its state depends on the previous turn); others run alongside.
    const queues = new Map<string, webhook.Event[]>();
    for (const [i, event] of events.entries()) {
      const key = conversationKeyOf(event.source) ?? `event:${i}`;
      const queue = queues.get(key);
      if (queue) queue.push(event);
      else queues.set(key, [event]);
    }
    for (const queue of queues.values()) {
      track(
        (async () => {
          for (const event of queue) if (await firstDelivery(event, log)) await handleSafely(event, log);
        })(),
      );
    }
  };

  const handler = async (req: IncomingMessage, res: ServerResponse, ctx: RouteContext): Promise<void> => {
    const signature = req.headers['x-line-signature'];
    if (typeof signature !== 'string' || signature === '') {
      req.resume();
      ctx.log.warn('LINE webhook without x-line-signature; rejected');
      sendJson(res, 401, { error: 'missing x-line-signature header' });
      return;
    }

    let body: Buffer;
    try {
      body = await readBody(req, ctx.bodyLimit);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        ctx.log.warn({ limit: ctx.bodyLimit }, 'LINE webhook body over the limit; rejected');
        sendJson(res, 413, { error: 'request body too large' });
        return;
      }
      throw error;
    }

    if (!isValidLineSignature(body, channelSecret, signature)) {
      ctx.log.warn('LINE webhook signature does not match; rejected (is LINE_CHANNEL_SECRET the channel secret of this channel?)');
      sendJson(res, 401, { error: 'invalid x-line-signature' });
      return;
    }

    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      sendJson(res, 400, { error: 'body is not valid JSON' });
      return;
    }
    const events = (payload as { events?: unknown } | null)?.events;
    if (typeof payload !== 'object' || payload === null || !Array.isArray(events)) {
      sendJson(res, 400, { error: 'body must be a JSON object with an "events" array' });
      return;
    }

    // LINE only needs to know the delivery arrived; answering happens after, within the token's lifetime.
    sendJson(res, 200, {});

    const wellFormed = events.filter(isEvent);
    ctx.log.debug({ events: events.length, malformed: events.length - wellFormed.length }, 'LINE webhook accepted');
    dispatch(wellFormed, ctx.log);
  };

  return {
    method: 'POST',
    path: LINE_WEBHOOK_PATH,
    handler,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
