import pino, { type Logger } from 'pino';
import { redactForLog } from '../privacy/guard.js';

/**
 * Writes one access-log line: what the server records of one request, never a body, a query string
 * or a header value. `path` is the path without its query string; `status` is undefined when the
 * connection closed before any response was sent; `ms` is the time from the request's headers to
 * the response's end (or the connection's close); `aborted` is true when the response did not finish
 * (the client went away, or the server cut it).
 *
 * The fields are arguments rather than one entry object: V8 tracks where object literals are made
 * and may decide to make a site's objects straight in the old generation, where only the long full
 * collections free them; this one was (sampling heap profiler under bench/chat-load.mjs's load).
 */
export type AccessLog = (reqId: string, method: string, path: string, status: number | undefined, ms: number, aborted: boolean) => void;

const INFO = 30;

/**
 * The access log of the HTTP server: one line per request at `info`, in the same shape and to the
 * same destination as every other pino line (`{"level":30,"time":…,"app":"mynapin",…,"msg":"request"}`).
 *
 * Why not `logger.info()`: this runs on every request, and the general logger's redaction walk
 * (see logger.ts) made the line cost more than the rest of a `/healthz` request (measured in
 * `npm run bench`). The fields here are known, so the line is built directly; the path, the one
 * field of client-chosen text, still goes through the privacy redaction of all log text,
 * percent-decoded (request ids are either ours or checked by request-id.ts with the same function).
 * A path without a digit or `%` costs one regex test.
 */
export function createAccessLog(logger: Logger): AccessLog {
  // pino keeps the destination and the logger's bindings (`,"app":"mynapin"`) under these symbols.
  const target = logger as unknown as Record<symbol, unknown>;
  const destination = target[pino.symbols.streamSym] as { write(line: string): unknown };
  const bindings = (target[pino.symbols.chindingsSym] as string | undefined) ?? '';

  return function writeAccessLine(reqId, method, path, status, ms, aborted) {
    if (logger.levelVal > INFO) return;
    const statusField = status === undefined ? '' : `,"status":${status}`;
    const abortedField = aborted ? ',"aborted":true' : '';
    destination.write(
      `{"level":${INFO},"time":${Date.now()}${bindings},"reqId":${JSON.stringify(reqId)}` +
        `,"method":${JSON.stringify(method)},"path":${JSON.stringify(redactForLog(path))}` +
        `${statusField},"ms":${ms}${abortedField},"msg":"request"}\n`,
    );
  };
}
