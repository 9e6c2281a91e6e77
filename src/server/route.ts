import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logging/logger.js';
import { MynapinError } from '../errors.js';

/** What the server hands every route handler besides the raw request and response. */
export interface RouteContext {
  /** Unique per request; echoed in the `x-request-id` response header and in every log line. */
  requestId: string;
  /** Child logger bound to the request id (redacts PINs and My Numbers). */
  log: Logger;
  /** Maximum request body in bytes (BODY_LIMIT_BYTES). */
  bodyLimit: number;
}

/**
 * One route of the project's single HTTP server. Handlers receive the untouched request stream, so
 * a handler that must verify a signature over the raw bytes (LINE, Slack) can read them itself.
 */
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handler: (req: IncomingMessage, res: ServerResponse, ctx: RouteContext) => Promise<void> | void;
}

/** The request body was larger than the limit; answer 413. */
export class BodyTooLargeError extends MynapinError {
  readonly status = 413;
}

/**
 * Reads the whole request body into a Buffer, failing with {@link BodyTooLargeError} as soon as it
 * passes `limit` bytes (a declared Content-Length over the limit fails before reading anything).
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new BodyTooLargeError(`request body of ${declared} bytes is over the ${limit}-byte limit`);
  }
  // Plain listeners rather than `for await`: this runs on every request, and the async iterator
  // costs several microseconds more per body.
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.resume();
        reject(new BodyTooLargeError(`request body is over the ${limit}-byte limit`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      if (req.readableEnded) return;
      cleanup();
      reject(Object.assign(new Error('the client closed the connection before the body was complete'), { code: 'ECONNRESET' }));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** Writes a JSON response with the right headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  // Encoded once here: handing node a Buffer spares it a second pass to measure and encode the string.
  sendJsonBytes(res, status, Buffer.from(JSON.stringify(body)), headers);
}

/** Writes an already encoded JSON body (UTF-8) with the right headers. */
export function sendJsonBytes(res: ServerResponse, status: number, body: Buffer, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': body.length,
    ...headers,
  });
  res.end(body);
}
