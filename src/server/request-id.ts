import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A client-supplied id is honoured only if it cannot inject anything into logs or headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request id of a request: the caller's `x-request-id` when it is short and plain (so a proxy's
 * id ties our logs to its logs), otherwise a fresh UUID.
 */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  if (typeof given === 'string' && SANE_REQUEST_ID.test(given)) return given;
  return randomUUID();
}
