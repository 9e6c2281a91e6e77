import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';

/**
 * Remembers the last `capacity` event ids, so an event Slack delivers again (`x-slack-retry-num`,
 * or a Socket Mode redelivery) is answered once. Memory stays bounded: the oldest id is forgotten.
 */
export class EventDeduper {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 5000) {}

  /** True the first time an id is offered, false for every repeat while it is remembered. */
  firstTime(eventId: string): boolean {
    if (this.seen.has(eventId)) return false;
    this.seen.add(eventId);
    if (this.seen.size > this.capacity) {
      // A Set iterates in insertion order, so the first value is the oldest.
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}

/**
 * Global Bolt middleware that stops repeated deliveries of an Events API event. Bolt has already
 * acknowledged the event, so stopping here only skips the listeners.
 */
export function dropRepeatedEvents(deduper: EventDeduper, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async function dropRepeatedEvent({ body, context, next }) {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !deduper.firstTime(eventId)) {
      logger.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'slack event repeated; already answered');
      return;
    }
    await next();
  };
}
