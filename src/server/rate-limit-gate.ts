import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddressOf } from './client-address.js';
import { sendError } from './http-error.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * Takes one request from the client's allowance. Over it, answers `429` with `Retry-After` (and
 * "Too many <what>.") and gives false; the request's body, if any, is drained unread.
 */
export async function withinRateLimit(
  limiter: RateLimiter,
  req: IncomingMessage,
  res: ServerResponse,
  trustProxy: boolean,
  what: string,
): Promise<boolean> {
  const decision = await limiter.take(clientAddressOf(req, trustProxy));
  if (decision.allowed) return true;
  req.resume();
  sendError(res, 429, 'rate_limited', `Too many ${what}. Wait ${decision.retryAfterSeconds} s and send again.`, {
    'retry-after': String(decision.retryAfterSeconds),
  });
  return false;
}
