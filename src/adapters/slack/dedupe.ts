import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';
import { MemorySharedStore, type SharedStore } from '../../state/shared-store.js';

/** Slack retries an event three times within about five minutes; an hour covers them with room. */
const REMEMBER_MS = 60 * 60 * 1000;

/**
 * Claims Slack event ids, so an event Slack delivers again (`x-slack-retry-num`, or a Socket Mode
 * redelivery) is answered once — by one instance of several when the store is the bot's shared
 * store (Redis with REDIS_URL), even after a restart. Without a store: the last `capacity` ids in
 * this process's memory.
 */
export class EventDeduper {
  private readonly store: SharedStore;

  constructor(store?: SharedStore, capacity = 5000) {
    this.store = store ?? new MemorySharedStore({ maxKeys: capacity });
  }

  /** True the first time an id is offered (atomically, on every instance), false for repeats. */
  firstTime(eventId: string): Promise<boolean> {
    return this.store.claim(`slack:event:${eventId}`, REMEMBER_MS);
  }
}

/**
 * Global Bolt middleware that stops repeated deliveries of an Events API event. Bolt has already
 * acknowledged the event, so stopping here only skips the listeners.
 */
export function dropRepeatedEvents(deduper: EventDeduper, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async function dropRepeatedEvent({ body, context, next }) {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await deduper.firstTime(eventId))) {
      logger.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'slack event repeated; already answered');
      return;
    }
    await next();
  };
}
