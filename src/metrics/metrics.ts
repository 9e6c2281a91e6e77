import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TurnObserver, TurnRecord } from '../conversation/types.js';
import type { HandoffEventMap, HandoffEventName } from '../handoff/events.js';

/** What a turn's answer was, as counted: `none`, a clarifying question, or an answer. */
export type TurnOutcome = 'answered' | 'none' | 'clarifying';

/** Something that can tell the number of live conversations (the session store). */
export interface SessionCounter {
  size(): Promise<number>;
}

/** The subset of the hand-off service's events the metrics count. */
export interface HandoffEventSource {
  on<K extends HandoffEventName>(name: K, listener: (event: HandoffEventMap[K]) => void): unknown;
}

export interface BotMetricsOptions {
  /** Counts live conversations when Prometheus scrapes (not on every turn). */
  sessions?: SessionCounter;
  /** Node's process metrics (memory, CPU, event-loop lag, GC); default true. */
  processMetrics?: boolean;
}

/**
 * The Prometheus metrics of one mynapin process, in a registry of its own (never prom-client's
 * global one, so two bots in one process — tests — do not collide). Labels are bounded: routes are
 * the mounted paths (anything else is `unmatched`), intents the fixed ids, channels the platforms.
 * No label ever holds user text or an id.
 */
export class BotMetrics {
  readonly registry = new Registry();
  private readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  private readonly httpDuration: Histogram<'route'>;
  private readonly turns: Counter<'channel' | 'intent' | 'outcome'>;
  private readonly handoffs: Counter<'channel' | 'event'>;

  constructor(options: BotMetricsOptions = {}) {
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: 'mynapin_http_requests_total',
      help: 'HTTP requests answered, by route (mounted path or "unmatched"), method and status.',
      labelNames: ['route', 'method', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'mynapin_http_request_duration_seconds',
      help: 'Time from the request to the end of its response, by route.',
      labelNames: ['route'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    this.turns = new Counter({
      name: 'mynapin_turns_total',
      help: 'Conversation turns answered, by channel, intent and outcome (answered, none, clarifying).',
      labelNames: ['channel', 'intent', 'outcome'],
      registers,
    });
    this.handoffs = new Counter({
      name: 'mynapin_handoffs_total',
      help: 'Staff hand-off events (opened, claimed, faq_answered, closed_staff, closed_timeout), by channel.',
      labelNames: ['channel', 'event'],
      registers,
    });
    const sessions = options.sessions;
    if (sessions) {
      new Gauge({
        name: 'mynapin_sessions',
        help: 'Live conversations in the session store (shared by every instance when on Redis).',
        registers,
        async collect() {
          this.set(await sessions.size());
        },
      });
    }
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'mynapin_' });
  }

  /** The turn observer to hand the conversation engine. */
  readonly observeTurn: TurnObserver = (turn: TurnRecord): void => {
    this.turns.inc({ channel: turn.channel, intent: turn.reply.intent, outcome: outcomeOf(turn) });
  };

  /** Records one finished HTTP request. `route` must be a mounted path or `unmatched`. */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.httpRequests.inc({ route, method, status: String(status) });
    this.httpDuration.observe({ route }, seconds);
  }

  /** Counts the hand-off service's events. */
  watchHandoffs(events: HandoffEventSource): void {
    events.on('opened', (e) => this.handoffs.inc({ channel: e.channel, event: 'opened' }));
    events.on('claimed', (e) => this.handoffs.inc({ channel: e.channel, event: 'claimed' }));
    events.on('faq_answered', (e) => this.handoffs.inc({ channel: e.channel, event: 'faq_answered' }));
    events.on('closed', (e) => this.handoffs.inc({ channel: e.channel, event: `closed_${e.by}` }));
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

function outcomeOf(turn: TurnRecord): TurnOutcome {
  if (turn.reply.clarifying) return 'clarifying';
  return turn.reply.intent === 'none' ? 'none' : 'answered';
}
