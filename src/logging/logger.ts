import pino, { type Logger, type LevelWithSilent } from 'pino';
import { redactForLog } from '../privacy/guard.js';

export type { Logger };

// Fields the code fills itself with numbers and names, never with user text. reqId is either ours
// or a client's id that request-id.ts accepted only because redactForLog left it unchanged.
const SAFE_KEYS = new Set(['reqId', 'requestId', 'method', 'status', 'ms', 'intent', 'confidence', 'via', 'level', 'time']);

/**
 * Deep-copies a log object with every string (ids, paths, messages, error texts) passed through
 * {@link redactForLog}, the privacy redaction of all log text.
 */
function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactForLog(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  if (value instanceof Error) {
    return { type: value.name, message: redactForLog(value.message), stack: value.stack && redactForLog(value.stack) };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = depth === 0 && SAFE_KEYS.has(k) && typeof v !== 'object' ? v : redactDeep(v, depth + 1);
  return out;
}

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** 1 = stdout (the server), 2 = stderr (CLI commands, whose stdout is their output). */
  fd?: 1 | 2;
  /** For tests: where the JSON lines go instead of a file descriptor. */
  stream?: pino.DestinationStream;
}

/**
 * A JSON logger (pino) whose every message and field is redacted of PINs and My Numbers before it
 * is written, so no caller can leak one by accident.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  // The server (fd 1) writes its access log in 4 KiB batches: a write(2) per request line would
  // cost more than answering the request. CLI commands (fd 2) write each line at once.
  const buffered = (options.fd ?? 2) === 1;
  const destination =
    options.stream ?? pino.destination({ fd: options.fd ?? 2, sync: !buffered, ...(buffered ? { minLength: 4096 } : {}) });
  if (buffered && !options.stream) {
    // A quiet server still shows its lines within a second; pino flushes the rest on exit.
    const boom = destination as unknown as { flush(): void };
    setInterval(() => {
      try {
        boom.flush();
      } catch {
        // nothing buffered yet, or the descriptor is closing: the next tick retries
      }
    }, 1000).unref();
  }
  const root = pino(
    {
      level: options.level ?? 'info',
      base: { app: 'mynapin' },
      formatters: { log: (obj) => redactDeep(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a) => (typeof a === 'string' ? redactForLog(a) : a)) as typeof args;
          method.apply(this, cleaned);
        },
      },
      serializers: { err: (e: unknown) => redactDeep(e) },
    },
    destination,
  );
  // The fields of child loggers (`logger.child({ eventId, conversationKey })`) are serialised once,
  // when the child is made, and pino applies no formatter to them (it resets `formatters.bindings`
  // for children). So they are redacted here; children are made with Object.create(parent), so
  // every descendant inherits this `child`.
  const makeChild = root.child;
  root.child = function childWithRedactedBindings(this: Logger, bindings, options) {
    return makeChild.call(this, redactDeep(bindings) as typeof bindings, options);
  } as typeof root.child;
  return root;
}
