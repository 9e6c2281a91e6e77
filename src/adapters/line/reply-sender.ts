import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { HTTPFetchError, type messagingApi } from '@line/bot-sdk';
import type { Logger } from '../../logging/logger.js';
import { LineApiTimeoutError } from './api-timeout.js';

/** How the sender retries 429 / 5xx / network failures. */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** First back-off; doubled each retry (with jitter), capped by `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * Give up once this much time has passed since the first attempt. Reply tokens live about one
   * minute from delivery, so this stays well under it.
   */
  budgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8_000, budgetMs: 20_000 };

/** What became of one answer. */
export type DeliveryOutcome = 'replied' | 'pushed' | 'dropped';

export interface ReplySenderOptions {
  client: Pick<messagingApi.MessagingApiClient, 'replyMessage' | 'pushMessage'>;
  logger: Logger;
  /** LINE_ALLOW_PUSH: push (billed against the channel's message quota) when the reply token is unusable. */
  allowPush: boolean;
  retry?: RetryPolicy;
  /** Injectable so tests do not wait for real back-off. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

export interface Delivery {
  replyToken: string | undefined;
  /** User, group or room id to push to when replying is impossible and push is allowed. */
  pushTo: string | undefined;
  messages: messagingApi.Message[];
  /** For logs: the webhook event id. */
  eventId: string;
}

/** `unanswered`: the call timed out, so LINE may have delivered it all the same. */
type Failure = { kind: 'retryable'; retryAfterMs?: number; unanswered?: true } | { kind: 'invalid_token' } | { kind: 'fatal' };

function classify(error: unknown): Failure {
  if (error instanceof HTTPFetchError) {
    if (error.status === 429 || error.status >= 500) {
      const seconds = Number(error.headers?.get?.('retry-after'));
      return Number.isFinite(seconds) && seconds >= 0
        ? { kind: 'retryable', retryAfterMs: seconds * 1000 }
        : { kind: 'retryable' };
    }
    if (error.status === 400 && /reply token/i.test(error.body)) return { kind: 'invalid_token' };
    return { kind: 'fatal' };
  }
  // fetch() rejects with a TypeError on connection failures: worth another try. So is a call that
  // did not answer in time: a reply token is used once, so a retry never answers twice.
  if (error instanceof LineApiTimeoutError) return { kind: 'retryable', unanswered: true };
  if (error instanceof TypeError) return { kind: 'retryable' };
  return { kind: 'fatal' };
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof HTTPFetchError) {
    let apiMessage: string | undefined;
    try {
      apiMessage = (JSON.parse(error.body) as { message?: string }).message;
    } catch {
      apiMessage = undefined;
    }
    return { status: error.status, apiMessage };
  }
  return { error: error instanceof Error ? error.message : String(error) };
}

/**
 * Sends answers through the Messaging API: the reply endpoint, retried on 429 / 5xx while the
 * token can still be valid; an expired or used token is logged and dropped. Push is used only when
 * `allowPush` is set, and then with an `X-Line-Retry-Key` so its own retries never send twice.
 */
export class ReplySender {
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: ReplySenderOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.sleep = options.sleep ?? ((ms) => delay(ms).then(() => undefined));
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** Delivers the messages; never throws (failures are logged and reported as `dropped`). */
  async deliver(delivery: Delivery): Promise<DeliveryOutcome> {
    const log = this.options.logger.child({ eventId: delivery.eventId });
    if (delivery.replyToken) {
      const { replyToken, messages } = delivery;
      const failure = await this.withRetry(log, 'reply', () => this.options.client.replyMessage({ replyToken, messages }));
      if (!failure) return 'replied';
      if (failure.kind !== 'invalid_token' && failure.kind !== 'retryable') return 'dropped';
      if (failure.kind === 'retryable' && failure.unanswered) {
        // The last reply may have reached the resident after all: pushing could answer twice.
        log.warn('LINE answer dropped: the reply API did not answer in time; not pushed, since the reply may have arrived');
        return 'dropped';
      }
    }
    if (!this.options.allowPush) {
      log.warn('LINE answer dropped: the reply could not be delivered and LINE_ALLOW_PUSH is off');
      return 'dropped';
    }
    if (!delivery.pushTo) {
      log.warn('LINE answer dropped: no usable reply token and no push target');
      return 'dropped';
    }
    const to = delivery.pushTo;
    const retryKey = randomUUID();
    const failure = await this.withRetry(log, 'push', () =>
      this.options.client.pushMessage({ to, messages: delivery.messages }, retryKey),
    );
    return failure ? 'dropped' : 'pushed';
  }

  /** Runs `send` with back-off; returns undefined on success, else the last failure. */
  private async withRetry(log: Logger, what: 'reply' | 'push', send: () => Promise<unknown>): Promise<Failure | undefined> {
    const started = this.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await send();
        if (attempt > 1) log.info({ attempt }, `LINE ${what} succeeded after retrying`);
        return undefined;
      } catch (error) {
        const failure = classify(error);
        if (failure.kind === 'invalid_token') {
          log.warn(describe(error), `LINE ${what} refused: reply token expired or already used; answer dropped`);
          return failure;
        }
        if (failure.kind === 'fatal') {
          log.error(describe(error), `LINE ${what} failed; not retried (check LINE_CHANNEL_ACCESS_TOKEN and the message)`);
          return failure;
        }
        const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        const wait = Math.max(failure.retryAfterMs ?? 0, backoff * (0.5 + this.random() / 2));
        const elapsed = this.now() - started;
        if (attempt >= this.retry.maxAttempts || elapsed + wait > this.retry.budgetMs) {
          log.error({ ...describe(error), attempt }, `LINE ${what} failed; giving up after retries`);
          return failure;
        }
        log.warn({ ...describe(error), attempt, waitMs: Math.round(wait) }, `LINE ${what} failed; retrying`);
        await this.sleep(wait);
      }
    }
  }
}
