import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';
import { MynapinError } from '../errors.js';

/** A Redis command failed or Redis is not reachable; callers fall back to process memory. */
export class RedisUnavailableError extends MynapinError {}

/** A Lua script run atomically by Redis (EVALSHA, with EVAL when Redis lost its script cache). */
export interface LuaScript {
  /** A JavaScript identifier, unique among the scripts. */
  name: string;
  /** How many of the arguments are keys. */
  keys: number;
  lua: string;
}

export interface RedisConnectionOptions {
  /** REDIS_URL: redis://… or rediss://… */
  url: string;
  /** REDIS_KEY_PREFIX, put before every key (default `mynapin:`). */
  keyPrefix?: string;
  /** REDIS_COMMAND_TIMEOUT_MS: a command slower than this fails (default 1000). */
  commandTimeoutMs?: number;
  logger: Logger;
  /** While Redis is down after a command timed out, how often a PING checks it again (default 1000 ms). */
  probeIntervalMs?: number;
}

/**
 * One ioredis client shared by the Redis stores, plus what they need to degrade well: whether Redis
 * is usable right now, one log line when it goes away and one when it is back (not one per
 * request), and commands that fail fast instead of queueing while it is down.
 */
export class RedisConnection {
  readonly client: Redis;
  readonly keyPrefix: string;
  private readonly logger: Logger;
  private readonly probeIntervalMs: number;
  private up = false;
  /** Set when a failure was logged; cleared (with a "back" line) when Redis answers again. */
  private reportedDown = false;
  private probe: NodeJS.Timeout | undefined;
  private closed = false;
  private everUp = false;
  private readonly defined = new Set<string>();

  constructor(options: RedisConnectionOptions) {
    this.keyPrefix = options.keyPrefix ?? 'mynapin:';
    this.logger = options.logger.child({ component: 'redis' });
    this.probeIntervalMs = options.probeIntervalMs ?? 1000;
    const timeout = options.commandTimeoutMs ?? 1000;
    this.client = new Redis(options.url, {
      // A down Redis must cost a fast failure, not a request stuck until it returns: no offline
      // queue, commands in flight when the connection drops fail at once, and a time limit on each.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      commandTimeout: timeout,
      connectTimeout: Math.max(timeout, 2000),
      // Reconnect for ever, at most 2 s apart, so the bot uses Redis again soon after it is back.
      retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
      lazyConnect: false,
    });
    this.client.on('ready', () => this.markUp());
    // ioredis emits 'error' on every failed reconnect: without a listener Node would crash.
    this.client.on('error', (err: Error) => this.markDown(err));
    this.client.on('close', () => this.markDown(new Error('connection closed')));
  }

  /** True while Redis is connected and answering; the stores skip it otherwise. */
  get available(): boolean {
    return this.up;
  }

  /**
   * Waits until the first connection is ready, at most `timeoutMs`. False when Redis could not be
   * reached in time: the caller starts anyway (degraded) and the client keeps reconnecting.
   */
  async ready(timeoutMs = 3000): Promise<boolean> {
    if (this.up) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.client.off('ready', onReady);
        if (!this.up) this.markDown(new Error(`not connected after ${timeoutMs} ms`));
        resolve(this.up);
      }, timeoutMs);
      const onReady = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.client.once('ready', onReady);
    });
  }

  /**
   * Runs `command` on the client. Throws {@link RedisUnavailableError} at once while Redis is known
   * to be down (no network wait), or when the command fails (Redis then counts as down).
   */
  async run<T>(command: (client: Redis) => Promise<T>): Promise<T> {
    if (!this.up) throw new RedisUnavailableError('Redis is unavailable');
    try {
      return await command(this.client);
    } catch (err) {
      throw this.failed(err);
    }
  }

  /** Runs a {@link LuaScript} through {@link run}. */
  script(script: LuaScript, keys: string[], args: Array<string | number>): Promise<unknown> {
    return this.run((client) => {
      if (!this.defined.has(script.name)) {
        client.defineCommand(script.name, { numberOfKeys: script.keys, lua: script.lua });
        this.defined.add(script.name);
      }
      const command = (client as unknown as Record<string, (...a: Array<string | number>) => Promise<unknown>>)[script.name]!;
      return command.call(client, ...keys, ...args);
    });
  }

  /** `key` with the configured prefix, as is (keys mynapin makes itself, e.g. `sessions`). */
  key(key: string): string {
    return this.keyPrefix + key;
  }

  /**
   * The Redis key of `key` (`namespace:id…`): the prefix, the namespace, and a digest of the whole
   * key. Ids come from outside — a web conversationId can hold whatever a resident typed, a
   * 12-digit My Number included — and Redis may be saved to disk, so they are never written as text.
   */
  hashedKey(key: string): string {
    const colon = key.indexOf(':');
    const namespace = colon === -1 ? '' : key.slice(0, colon + 1);
    return this.keyPrefix + namespace + createHash('sha256').update(key).digest('base64url').slice(0, 24);
  }

  /**
   * Records that a command failed: Redis counts as unavailable (logged once) until the client
   * reconnects or a probe PING answers. Returns the error to throw.
   */
  failed(err: unknown): RedisUnavailableError {
    const error = err instanceof Error ? err : new Error(String(err));
    this.markDown(error);
    // The socket may still look open (a stopped or overloaded server): probe until it answers.
    this.startProbe();
    return new RedisUnavailableError(`Redis did not answer: ${error.message}`, { cause: error });
  }

  /** Closes the connection (QUIT when possible); safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.probe) clearInterval(this.probe);
    this.up = false;
    try {
      if (this.client.status === 'ready') await this.client.quit();
      else this.client.disconnect();
    } catch {
      this.client.disconnect();
    }
  }

  private markUp(): void {
    this.up = true;
    if (!this.everUp) {
      this.everUp = true;
      if (!this.reportedDown) this.logger.info('redis connected: shared state is on Redis');
    }
    if (this.probe) {
      clearInterval(this.probe);
      this.probe = undefined;
    }
    if (this.reportedDown) {
      this.reportedDown = false;
      this.logger.warn('redis is back: shared state is on Redis again');
    }
  }

  private markDown(err: Error): void {
    this.up = false;
    if (this.closed || this.reportedDown) return;
    this.reportedDown = true;
    this.logger.error(
      { err: { type: err.name, message: err.message } },
      'redis unavailable: answering with this process’s memory (conversations, dedupe and rate limits not shared) until it is back',
    );
  }

  private startProbe(): void {
    if (this.probe || this.closed) return;
    this.probe = setInterval(() => {
      if (this.client.status !== 'ready') return; // the reconnect's 'ready' event will mark it up
      this.client.ping().then(
        () => this.markUp(),
        () => {},
      );
    }, this.probeIntervalMs);
    this.probe.unref();
  }
}
