import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from './http-error.js';
import type { RateDecision } from './rate-limiter.js';

/**
 * Over the client's allowance (`decision`): answers `429` with `Retry-After` ("Too many <what>."),
 * drains the request's body unread, and gives true. Synchronous, so a route awaits only the
 * limiter itself (an async helper around it cost every request another promise).
 */
export function refusedOverLimit(decision: RateDecision, req: IncomingMessage, res: ServerResponse, what: string): boolean {
  if (decision.allowed) return false;
  req.resume();
  sendError(res, 429, 'rate_limited', `Too many ${what}. Wait ${decision.retryAfterSeconds} s and send again.`, {
    'retry-after': String(decision.retryAfterSeconds),
  });
  return true;
}
