import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../logging/logger.js';
import { createAccessLog } from '../logging/access-log.js';
import { BodyTooLargeError, type Route, type RouteContext } from './route.js';
import { createRouter } from './router.js';
import { requestIdOf } from './request-id.js';
import { sendError } from './http-error.js';
import { redactForLog } from '../privacy/guard.js';

export interface HttpServerOptions {
  routes: readonly Route[];
  logger: Logger;
  /** BODY_LIMIT_BYTES, handed to every route as ctx.bodyLimit. */
  bodyLimit: number;
  /**
   * REQUEST_TIMEOUT_MS: the most time a client has to send a whole request (headers and body).
   * Slow clients (slowloris, stalled uploads) are answered 408 and cut off after it.
   */
  requestTimeoutMs: number;
  /** Idle keep-alive sockets are closed after this long (default 5 s, node's default). */
  keepAliveTimeoutMs?: number;
  /**
   * Told of every finished request (metrics): the mounted path it matched or `unmatched` — never
   * the raw path, which is unbounded and may hold a PIN — its method, status and duration.
   */
  onResponse?: (route: string, method: string, status: number, seconds: number) => void;
}

/** The project's single node:http server with its lifecycle. */
export interface HttpServer {
  readonly server: http.Server;
  /** Starts listening; resolves with the base URL, e.g. `http://127.0.0.1:3000/`. */
  listen(port: number, host: string): Promise<string>;
  /**
   * Graceful stop that loses no request: accepts the connections already waiting in the kernel's
   * queue, then stops listening; every request already sent is answered (with `Connection: close`),
   * however far it had been read; keep-alive sockets idle after a response are closed; a connection
   * that has sent nothing gets {@link FRESH_CONNECTION_GRACE_MS} to send its request. After
   * `deadlineMs` whatever is left is cut. Safe to call twice.
   */
  close(deadlineMs?: number): Promise<void>;
}

/**
 * On shutdown, how long a connection opened before the signal but still silent may take to send
 * its request (a client connects, then writes: on a busy machine the two are apart).
 */
export const FRESH_CONNECTION_GRACE_MS = 1_000;

/**
 * On shutdown, the longest time spent accepting connections the kernel had already queued (node
 * accepts about one per event-loop turn, so a queue of hundreds takes a while), as a share of the
 * shutdown deadline and in absolute terms.
 */
const ACCEPT_DRAIN_SHARE = 0.5;
const ACCEPT_DRAIN_MAX_MS = 5_000;

/** What the server knows of one connection, for a shutdown that resets none mid-request. */
interface ConnectionState {
  /** A request has arrived and its response has not finished. */
  busy: boolean;
  /** socket.bytesRead when its last response finished (0 before any): more means a request started. */
  bytesAtIdle: number;
  /** performance.now() when it was accepted. */
  acceptedAt: number;
  /** Its responses not yet closed (more than one only when a client pipelines). */
  responses: ServerResponse[];
}

/**
 * The {@link RouteContext} of one request. A class rather than an object literal with a `get log()`
 * closure: V8 gives every such literal a hidden class of its own, kept in the old generation, and
 * under load that made garbage collection take a fifth of the server's time (measured).
 */
class RequestContext implements RouteContext {
  private childLog: Logger | undefined;

  constructor(
    readonly requestId: string,
    readonly bodyLimit: number,
    private readonly logger: Logger,
  ) {}

  /** A child logger costs more than many small routes; it is made only when a handler logs. */
  get log(): Logger {
    return (this.childLog ??= this.logger.child({ reqId: this.requestId }));
  }
}

/** Status line for errors the HTTP parser raises before any route sees the request. */
function clientErrorResponse(err: NodeJS.ErrnoException): string {
  if (err.code === 'HPE_HEADER_OVERFLOW') return 'HTTP/1.1 431 Request Header Fields Too Large';
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'HTTP/1.1 408 Request Timeout';
  return 'HTTP/1.1 400 Bad Request';
}

/** Creates the server: routing, request ids, access logs, error containment, timeouts. */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { logger, bodyLimit, onResponse } = options;
  const router = createRouter(options.routes);
  const accessLog = createAccessLog(logger);
  // In-flight responses are listed on their connection rather than in a Set of their own: a Set that
  // lives as long as the server and takes and drops one response per request outgrew its table a
  // few hundred times a second, each new table allocated in the old generation (see
  // MemorySessionStore). This Set only holds responses of a request whose socket the server was not
  // told of (none in practice).
  const unlisted = new Set<ServerResponse>();
  const connections = new Map<Socket, ConnectionState>();
  let closing: Promise<void> | undefined;
  let closeQuietConnections: (() => void) | undefined;

  const server = http.createServer({
    requestTimeout: options.requestTimeoutMs,
    headersTimeout: options.requestTimeoutMs,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
    // node checks the two timeouts above only this often (default 30 s); check more often so a
    // slow client is cut close to REQUEST_TIMEOUT_MS.
    connectionsCheckingInterval: Math.min(1_000, options.requestTimeoutMs),
  });

  function* inFlight(): Generator<ServerResponse> {
    for (const state of connections.values()) yield* state.responses;
    yield* unlisted;
  }

  let accepted = 0;
  server.on('connection', (socket: Socket) => {
    accepted++;
    connections.set(socket, { busy: false, bytesAtIdle: 0, acceptedAt: performance.now(), responses: [] });
    socket.once('close', () => connections.delete(socket));
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const startedAt = performance.now();
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    res.setHeader('x-content-type-options', 'nosniff');
    if (closing) res.setHeader('connection', 'close');
    const connection = connections.get(req.socket);
    if (connection) {
      connection.busy = true;
      connection.responses.push(res);
    } else unlisted.add(res);

    const path = router.pathOf(req.url);
    let routeLabel = 'unmatched';
    // `on`, not `once`: a response closes once, and once() wraps the listener on every request.
    res.on('close', () => {
      if (connection) unlist(connection.responses, res);
      else unlisted.delete(res);
      onResponse?.(routeLabel, req.method ?? '', res.headersSent ? res.statusCode : 0, (performance.now() - startedAt) / 1000);
      if (connection) {
        connection.busy = false;
        connection.bytesAtIdle = req.socket.bytesRead;
      }
      // Only method, path and status: never the body or the query string, which may hold a PIN.
      accessLog(
        requestId,
        req.method ?? '',
        path.length > 200 ? path.slice(0, 200) : path,
        res.headersSent ? res.statusCode : undefined,
        Math.round((performance.now() - startedAt) * 10) / 10,
        !res.writableFinished,
      );
      closeQuietConnections?.();
    });

    const found = router.lookup(req.method, req.url);
    if (found.kind === 'not_found') {
      req.resume();
      sendError(res, 404, 'not_found', `Nothing here: ${req.method} ${redactForLog(path.slice(0, 200))}. Try GET / for the chat page.`);
      return;
    }
    if (found.kind === 'method_not_allowed') {
      req.resume();
      sendError(res, 405, 'method_not_allowed', `${path} accepts ${found.allow} only.`, { allow: found.allow });
      return;
    }

    if (onResponse) routeLabel = found.route.path;
    const ctx = new RequestContext(requestId, bodyLimit, logger);
    let outcome: Promise<void> | void;
    try {
      outcome = found.route.handler(req, res, ctx);
    } catch (err) {
      outcome = Promise.reject(err);
    }
    if (outcome instanceof Promise) {
      outcome.catch((err: unknown) => handleRouteError(err, req, res, ctx.log));
    }
  });

  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    logger.debug({ code: err.code }, 'client error');
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(`${clientErrorResponse(err)}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          const address = server.address() as AddressInfo;
          const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${hostPart}:${address.port}/`);
        });
      });
    },
    close(deadlineMs = 10_000) {
      if (closing) return closing;
      for (const res of inFlight()) if (!res.headersSent) res.setHeader('connection', 'close');
      const startedAt = performance.now();
      closing = new Promise<void>((resolve) => {
        const deadline = setTimeout(() => {
          logger.warn({ open: [...inFlight()].length }, 'shutdown deadline reached: closing remaining connections');
          for (const socket of connections.keys()) socket.destroy();
        }, deadlineMs);
        deadline.unref();

        // Not http.Server#close(): it also destroys every connection without a parsed request,
        // including those whose request is still unread in the kernel (the client sees a reset).
        // Instead: close a connection only when nothing has arrived on it since its last response,
        // judged one event-loop turn later (bytes already in the kernel are read by then), or when a
        // fresh one stayed silent through its grace period.
        let checkScheduled = false;
        closeQuietConnections = () => {
          if (checkScheduled) return;
          checkScheduled = true;
          setImmediate(() =>
            setImmediate(() => {
              checkScheduled = false;
              const now = performance.now();
              let nextFreshCheck = Number.POSITIVE_INFINITY;
              for (const [socket, state] of connections) {
                if (state.busy || socket.bytesRead !== state.bytesAtIdle) continue;
                const silentFor = now - state.acceptedAt;
                if (state.bytesAtIdle === 0 && silentFor < FRESH_CONNECTION_GRACE_MS) {
                  nextFreshCheck = Math.min(nextFreshCheck, FRESH_CONNECTION_GRACE_MS - silentFor);
                  continue;
                }
                socket.destroy();
              }
              if (Number.isFinite(nextFreshCheck)) setTimeout(() => closeQuietConnections?.(), nextFreshCheck + 1).unref();
            }),
          );
        };

        // Connections the kernel completed before the signal wait in its accept queue, and closing
        // the listening socket resets them (the client sees ECONNRESET for a request it sent): keep
        // accepting until a turn of the event loop brings none (the queue is empty), for a bounded time.
        const drainMs = Math.min(ACCEPT_DRAIN_MAX_MS, deadlineMs * ACCEPT_DRAIN_SHARE);
        const stopListening = (): void => {
          net.Server.prototype.close.call(server, () => {
            clearTimeout(deadline);
            // Stops node's request-timeout checks; every connection is gone by now.
            server.close();
            resolve();
          });
          closeQuietConnections?.();
        };
        let seen = accepted;
        const drain = (): void => {
          if (accepted === seen || performance.now() - startedAt > drainMs) return stopListening();
          seen = accepted;
          setImmediate(() => setImmediate(drain));
        };
        seen = -1;
        drain();
      });
      return closing;
    },
  };
}

/** Takes `res` off its connection's list (usually the only one there, so a pop). */
function unlist(responses: ServerResponse[], res: ServerResponse): void {
  const i = responses.lastIndexOf(res);
  if (i === responses.length - 1) responses.pop();
  else if (i !== -1) responses.splice(i, 1);
}

function handleRouteError(err: unknown, req: IncomingMessage, res: ServerResponse, log: Logger): void {
  if (err instanceof BodyTooLargeError) {
    sendError(res, 413, 'payload_too_large', `${err.message}. Send a smaller body.`, { connection: 'close' });
    return;
  }
  if (req.destroyed && (err as NodeJS.ErrnoException)?.code !== undefined) {
    // The client went away mid-request (truncated upload, reset): nobody to answer, and a
    // half-closed socket would otherwise wait for a response forever.
    log.debug({ code: (err as NodeJS.ErrnoException).code }, 'client aborted the request');
    res.destroy();
    return;
  }
  log.error({ err }, 'route handler failed');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendError(res, 500, 'internal_error', 'Something went wrong on our side. Please try again; quote the request id if it persists.');
}
