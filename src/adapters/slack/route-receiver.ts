import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { verifySlackRequest, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import { BodyTooLargeError, readBody, sendJson, type Route, type RouteContext } from '../../server/route.js';

/** Slack gives up on (and retries) a request that is not acknowledged within 3 seconds. */
const ACK_DEADLINE_MS = 3000;

/** Slack's replay window: a request whose timestamp is further than this from now, either way, is refused. */
export const SLACK_TIMESTAMP_TOLERANCE_S = 5 * 60;
const TIMESTAMP_SHAPE = /^\d{1,12}$/;
const SIGNATURE_SHAPE = /^v0=[0-9a-f]{64}$/;

/**
 * What Bolt's verifySlackRequest does not check: it refuses only timestamps more than 5 minutes
 * in the PAST (one from the future is replayable until then), reads the timestamp with Number()
 * (so `" 1e9 "` passes), and compares only the part of the signature before a second `=`.
 * Returns why the headers are refused, or undefined when their shape and age are right.
 */
export function slackHeaderProblem(timestamp: string | undefined, signature: string | undefined, nowMs = Date.now()): string | undefined {
  if (timestamp === undefined || !TIMESTAMP_SHAPE.test(timestamp)) return 'x-slack-request-timestamp is missing or not whole seconds';
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > SLACK_TIMESTAMP_TOLERANCE_S) {
    return 'x-slack-request-timestamp is more than 5 minutes from now (replayed request, or this server’s clock is wrong)';
  }
  if (signature === undefined || !SIGNATURE_SHAPE.test(signature)) return 'x-slack-signature is missing or not v0= and 64 hex digits';
  return undefined;
}

/**
 * A Bolt Receiver that is a route of the project's one HTTP server instead of a server of its own.
 *
 * Every request is checked with Bolt's own `verifySlackRequest` (v0 HMAC-SHA256 signature) before
 * it is parsed, after {@link slackHeaderProblem} has checked the headers' exact shape and that the
 * timestamp is within 5 minutes of now in either direction. The HTTP response is sent as soon as a
 * listener acknowledges (Bolt acknowledges Events API events before any listener runs), and the
 * listener goes on working after it: the route's handler resolves then, while `stop()` waits for
 * the work still in flight.
 */
export class RouteReceiver implements Receiver {
  private app: App | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: { signingSecret: string; path?: string }) {}

  init(app: App): void {
    this.app = app;
  }

  /** The project's server listens; nothing to open here. */
  async start(): Promise<void> {}

  /** Waits (at most `timeoutMs`) for answers still being sent. Requests keep being accepted. */
  async stop(timeoutMs = 5000): Promise<void> {
    return this.settled(timeoutMs);
  }

  /**
   * Resolves once every request received so far is fully processed (or `timeoutMs` passed; by
   * default no limit: graceful shutdown bounds the wait with SHUTDOWN_TIMEOUT_MS).
   */
  async settled(timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
    if (this.inFlight.size === 0) return;
    if (!Number.isFinite(timeoutMs)) {
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** The route to mount on the project's server (POST /slack/events by default). */
  route(): Route {
    return { method: 'POST', path: this.options.path ?? '/slack/events', handler: (req, res, ctx) => this.handle(req, res, ctx) };
  }

  private async handle(req: IncomingMessage, res: ServerResponse, ctx: RouteContext): Promise<void> {
    let raw: string;
    try {
      raw = (await readBody(req, ctx.bodyLimit)).toString('utf8');
    } catch (err) {
      if (err instanceof BodyTooLargeError) return sendJson(res, 413, { error: 'request body too large' });
      throw err;
    }
    const form = isForm(req);
    // Slack's ssl_check carries no signature; answer it and read nothing else from that request.
    if (form && parseQuery(raw).ssl_check === '1') return sendJson(res, 200, {});

    const timestamp = header(req, 'x-slack-request-timestamp');
    const signature = header(req, 'x-slack-signature');
    const problem = slackHeaderProblem(timestamp, signature);
    if (problem) {
      ctx.log.warn({ reason: problem }, 'slack request rejected');
      return sendJson(res, 401, { error: 'invalid or stale Slack signature' });
    }
    try {
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: raw,
        headers: {
          'x-slack-signature': signature!,
          'x-slack-request-timestamp': Number(timestamp),
        },
      });
    } catch (err) {
      ctx.log.warn({ reason: err instanceof Error ? err.message : String(err) }, 'slack request rejected');
      return sendJson(res, 401, { error: 'invalid or stale Slack signature' });
    }

    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, form);
    } catch {
      return sendJson(res, 400, { error: 'malformed Slack request body' });
    }
    if (body.type === 'url_verification') return sendJson(res, 200, { challenge: body.challenge });

    await this.dispatch(body, req, res, ctx);
  }

  /** Hands the request to Bolt and resolves once the HTTP response is sent. */
  private dispatch(body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse, ctx: RouteContext): Promise<void> {
    const app = this.app;
    if (!app) return Promise.resolve(sendJson(res, 503, { error: 'Slack app not initialised' }));

    return new Promise<void>((responded) => {
      let acked = false;
      const reply = (status: number, payload: unknown) => {
        if (!res.headersSent) {
          if (payload === undefined || payload === '') res.writeHead(status).end();
          else if (typeof payload === 'string') res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(payload);
          else sendJson(res, status, payload);
        }
        responded();
      };
      const deadline = setTimeout(() => {
        if (acked) return;
        ctx.log.error('slack request not acknowledged within 3 s; Slack will show an error or retry');
        reply(500, { error: 'not acknowledged in time' });
      }, ACK_DEADLINE_MS);

      const event: ReceiverEvent = {
        body,
        ack: async (response?: unknown) => {
          if (acked) return;
          acked = true;
          clearTimeout(deadline);
          reply(200, response);
        },
        retryNum: retryNum(req),
        retryReason: header(req, 'x-slack-retry-reason'),
      };
      const work = app
        .processEvent(event)
        .then(() => {
          // Nothing listened (e.g. an unknown button): acknowledge with an empty 200.
          if (!acked) void event.ack();
        })
        .catch((err: unknown) => {
          ctx.log.error({ err }, 'slack listener failed');
          if (!acked) {
            acked = true;
            clearTimeout(deadline);
            reply(500, { error: 'internal error' });
          }
        })
        .finally(() => {
          clearTimeout(deadline);
          this.inFlight.delete(work);
        });
      this.inFlight.add(work);
    });
  }
}

function isForm(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function retryNum(req: IncomingMessage): number | undefined {
  const value = Number.parseInt(header(req, 'x-slack-retry-num') ?? '', 10);
  return Number.isNaN(value) ? undefined : value;
}

/** Events API bodies are JSON; slash commands are a form; interactions are a form with a JSON `payload`. */
function parseBody(raw: string, form: boolean): Record<string, unknown> {
  if (!form) {
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  }
  const fields = parseQuery(raw);
  if (typeof fields.payload === 'string') {
    const parsed: unknown = JSON.parse(fields.payload);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  }
  return fields as Record<string, unknown>;
}
