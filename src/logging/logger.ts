import { createRequire } from 'node:module';
import type pino from 'pino';
import type { Logger, LevelWithSilent } from 'pino';
import { redactForLog } from '../privacy/guard.js';

export type { Logger };

let loadedPino: typeof pino | undefined;
/** pino, loaded on first use (see createLoggerOnFirstUse). */
const pinoModule = (): typeof pino => (loadedPino ??= createRequire(import.meta.url)('pino') as typeof pino);

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
  // The server (fd 1) writes its log in 16 KiB batches (gatherLines): a write(2) per request line
  // would cost more than answering the request. CLI commands (fd 2) write each line at once.
  const buffered = (options.fd ?? 2) === 1;
  // SonicBoom keeps its own minLength too, so that flush(cb) still calls back once the text is written.
  const destination =
    options.stream ?? pinoModule().destination({ fd: options.fd ?? 2, sync: !buffered, ...(buffered ? { minLength: LOG_BATCH_CHARS, maxWrite: LOG_MAX_WRITE_BYTES } : {}) });
  if (buffered && !options.stream) {
    gatherLines(destination as unknown as LineDestination, LOG_BATCH_CHARS);
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
  const root = pinoModule()(
    {
      level: options.level ?? 'info',
      base: { app: 'mynapin' },
      // A CLI command's log on stderr carries an ISO time, not epoch milliseconds: a 13-digit number holds
      // about ten 4-digit runs, so a PIN a resident typed could be found in it by anyone checking the log
      // for that PIN (the eval tools do), though it was redacted. The server's log (fd 1) keeps the number.
      ...((options.fd ?? 2) === 2 && options.stream === undefined ? { timestamp: pinoModule().stdTimeFunctions.isoTime } : {}),
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

/** About how much log text the server gathers before a write(2) (characters; the bytes are as many or more). */
// 16 KiB rather than 4: each batch is a write queued to libuv's thread pool, and handing one over
// (the worker thread shares the server's core) was about 7% of the server's time under
// bench/chat-load.mjs's load with 4 KiB batches (CPU profile: fs write of SonicBoom's batch).
// A quiet server still shows its lines within a second (the flush timer above).
const LOG_BATCH_CHARS = 16_384;
/** SonicBoom's largest single write (its default, 16 KiB, must exceed minLength). */
const LOG_MAX_WRITE_BYTES = 4 * LOG_BATCH_CHARS;

/** The methods of pino's destination (SonicBoom) that take or push out text. */
interface LineDestination {
  write(text: string): boolean;
  flush(cb?: (err?: Error) => void): void;
  flushSync(): void;
  end(): void;
}

/**
 * Makes `destination` gather the lines it is given and take them in batches of at least
 * `batchChars` characters; flush(), flushSync() and end() hand over what is gathered first, so the
 * one-second flush, pino's flush at exit and a closing stream lose nothing and keep the order.
 *
 * Why not SonicBoom's own `minLength`: SonicBoom 4 keeps its unwritten text as one string and
 * measures it with Buffer.byteLength on every write(), which flattens it, so each access line copied
 * the whole batch gathered so far — about a sixth of all the memory a `/api/chat` request allocated
 * (sampling heap profiler under bench/chat-load.mjs's load). Here a batch is joined once.
 */
function gatherLines(destination: LineDestination, batchChars: number): void {
  const take = destination.write.bind(destination);
  let gathered = '';
  const handOver = (): void => {
    if (gathered.length === 0) return;
    const batch = gathered;
    gathered = '';
    take(batch);
  };
  destination.write = (text: string): boolean => {
    gathered += text;
    if (gathered.length >= batchChars) handOver();
    return true;
  };
  const flush = destination.flush.bind(destination);
  destination.flush = (cb) => {
    handOver();
    flush(cb);
  };
  const flushSync = destination.flushSync.bind(destination);
  destination.flushSync = () => {
    handOver();
    flushSync();
  };
  const end = destination.end.bind(destination);
  destination.end = () => {
    handOver();
    end();
  };
}

/** pino's levels (we define no others). */
const LEVEL_VALUES: Readonly<Record<string, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/**
 * {@link createLogger}, made when first needed. A one-shot command (`mynapin ask`) logs nothing at
 * its level (warn) and loading pino was ~15 ms of its cold start. Until the logger is made, a
 * method of a level it does not log is a no-op (as pino's own are), isLevelEnabled() and `level`
 * answer from the level, and child() gives a logger made on first use the same way; anything else
 * (a line to write, flush(), a new level …) makes the real logger, which then answers everything.
 */
export function createLoggerOnFirstUse(options: LoggerOptions = {}): Logger {
  return onFirstUse(() => createLogger(options), options.level ?? 'info');
}

function onFirstUse(make: () => Logger, level: LevelWithSilent): Logger {
  let real: Logger | undefined;
  const threshold = level === 'silent' ? Infinity : LEVEL_VALUES[level];
  const noop = (): void => {};
  const logger = (): Logger => (real ??= make());
  return new Proxy({} as Logger, {
    get(_target, key) {
      if (real === undefined && threshold !== undefined && typeof key === 'string') {
        const value = LEVEL_VALUES[key];
        if (value !== undefined && value < threshold) return noop;
        if (key === 'level') return level;
        if (key === 'isLevelEnabled') return (name: string) => LEVEL_VALUES[name] !== undefined && LEVEL_VALUES[name]! >= threshold;
        if (key === 'child') {
          return (bindings: pino.Bindings, childOptions?: pino.ChildLoggerOptions) =>
            childOptions?.level === undefined ? onFirstUse(() => logger().child(bindings, childOptions), level) : logger().child(bindings, childOptions);
        }
      }
      const made = logger();
      const value = Reflect.get(made, key, made) as unknown;
      return typeof value === 'function' ? value.bind(made) : value;
    },
    set(_target, key, value) {
      const made = logger();
      return Reflect.set(made, key, value, made);
    },
    has(_target, key) {
      return Reflect.has(logger(), key);
    },
  });
}
