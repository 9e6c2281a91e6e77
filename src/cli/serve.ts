import type { Env } from '../config/env.js';
import { ConfigError } from '../errors.js';
import { createBot, type Bot } from '../bot.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { createMynapinServer, type MynapinServer } from '../server/app.js';
import { connectRedisState } from '../state/redis-state.js';
import type { ChannelStatus } from '../server/health-route.js';

/** A started `mynapin serve`. */
export interface RunningServer {
  /** Base URL it listens on, e.g. `http://127.0.0.1:3000/`. */
  url: string;
  /** Graceful stop (see {@link ServeOptions.shutdownDeadlineMs}); safe to call twice. */
  close(): Promise<void>;
}

export interface ServeOptions {
  /** A ready bot (tests); by default `createBot(env)` with a JSON logger on stdout. */
  bot?: Bot;
  logger?: Logger;
  /** Install SIGTERM / SIGINT handlers that shut down and exit (default true; tests pass false). */
  handleSignals?: boolean;
  /** How long in-flight requests and pending platform replies get on shutdown (default SHUTDOWN_TIMEOUT_MS). */
  shutdownDeadlineMs?: number;
  /** CSP frame-ancestors of the chat page; see docs/web.md. */
  frameAncestors?: string;
  /** Where the one human-readable start-up line goes (default stderr; stdout carries JSON logs). */
  out?: NodeJS.WritableStream;
  /**
   * `mynapin serve` itself: open the unanswered-question log (DATA_DIR, UNANSWERED_LOG), reload the
   * intent data when its files change and on SIGHUP. Off by default so tests and embedders that
   * start a server get no data folder in their working directory.
   */
  live?: boolean;
}

/** Turns the usual listen failures into a message that says what to change. */
function listenError(err: unknown, env: Env): Error {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE') {
    return new ConfigError(`Port ${env.PORT} on ${env.HOST} is already in use. Stop the other server or set PORT to a free port.`, { cause: err });
  }
  if (code === 'EACCES') {
    return new ConfigError(`Not allowed to listen on ${env.HOST}:${env.PORT}. Use a PORT above 1023 (put a reverse proxy on 80/443).`, { cause: err });
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new ConfigError(`HOST ${env.HOST} is not an address of this machine. Use 127.0.0.1, 0.0.0.0 or one of its addresses.`, { cause: err });
  }
  return err instanceof Error ? err : new Error(String(err));
}

function describeChannels(url: string, channels: ChannelStatus): string {
  const slack = channels.slack === 'off' ? 'Slack off' : `Slack on (${channels.slack === 'http' ? 'HTTP' : 'Socket Mode'})`;
  return `mynapin: web chat ${url} · LINE ${channels.line ? 'on' : 'off'} · ${slack}`;
}

/**
 * `mynapin serve`: one HTTP server on HOST:PORT for the web chat, the widget, `/api/chat`,
 * `/healthz` and the configured platforms. Call after `.env` loading and `loadEnv`.
 */
export async function runServe(env: Env, options: ServeOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? options.bot?.logger ?? createLogger({ level: env.LOG_LEVEL, fd: 1 });
  const deadlineMs = options.shutdownDeadlineMs ?? env.SHUTDOWN_TIMEOUT_MS;
  const frameAncestors = options.frameAncestors ?? env.WEB_FRAME_ANCESTORS;
  // REDIS_URL: conversations, dedupe, hand-offs and rate limits shared with the other instances.
  const redisState = options.bot ? undefined : await connectRedisState(env, logger);
  let bot: Bot;
  let app: MynapinServer;
  try {
    bot =
      options.bot ??
      (await createBot(env, {
        logger,
        unansweredLog: options.live ?? false,
        ...(redisState ? { redis: redisState.redis, store: redisState.store, shared: redisState.shared } : {}),
      }));
    if (options.live) bot.reloader.watch();
    // A server compiles every language at start: a broken locale file stops it here, not at the first
    // English message.
    bot.matcher.prepare?.();
    app = await createMynapinServer(bot, env, frameAncestors ? { frameAncestors } : {});
  } catch (err) {
    await redisState?.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= app
      .close(deadlineMs)
      // The last clicks reach FEEDBACK_FILE before the process goes (the recorder never rejects).
      .finally(() =>
        bot.feedback.flush().then(() => {
          bot.close();
          return redisState?.close();
        }),
      )
      .then(() => logger.info('stopped'));
    return closing;
  };

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    signalled = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    // Whatever happens inside close(), the process is gone shortly after the deadline.
    setTimeout(() => {
      logger.error('shutdown took too long: exiting');
      process.exit(1);
    }, deadlineMs + 2_000).unref();
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const onHangup = (): void => bot.reloader.request('SIGHUP');
  if (options.handleSignals ?? true) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    // SIGHUP: reload intents/ and the reviewed phrases (validated; a broken file keeps the old data).
    process.on('SIGHUP', onHangup);
  }

  // Handlers are in place before the start-up line, so a supervisor that signals as soon as it
  // sees the line gets a graceful stop.
  let url: string;
  try {
    url = await app.http.listen(env.PORT, env.HOST);
  } catch (err) {
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGHUP', onHangup);
    bot.close();
    await app.close(0).catch(() => {});
    await redisState?.close();
    throw listenError(err, env);
  }
  logger.info({ url, channels: app.channels }, 'listening');
  (options.out ?? process.stderr).write(`${describeChannels(url, app.channels)}\n`);

  return { url, close };
}
