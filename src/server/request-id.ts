import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { redactForLog } from '../privacy/guard.js';

/** A client-supplied id is honoured only if it cannot inject anything into logs or headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// A random per-process prefix and a counter: unique across restarts and instances like a UUID,
// without a crypto call on every request (the hot path of /api/chat).
const PROCESS_PREFIX = randomBytes(6).toString('base64url');
let counter = 0;

/**
 * The request id of a request: the caller's `x-request-id` when it is short, plain and holds nothing
 * that looks like a PIN or My Number (so a proxy's id ties our logs to its logs), otherwise a fresh
 * id unique to this process and request.
 */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  // The id is echoed and logged as is, so one the log redaction would change (it holds something
  // that looks like a PIN or a My Number, in any encoding) is replaced, never echoed.
  if (typeof given === 'string' && SANE_REQUEST_ID.test(given) && redactForLog(given) === given) return given;
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${PROCESS_PREFIX}-${counter.toString(36)}`;
}
