import type { IncomingMessage } from 'node:http';

/**
 * The address a request came from, for rate limiting and logs.
 *
 * With `trustProxy`, the right-most `X-Forwarded-For` entry is used: that is the address our own
 * reverse proxy saw, whereas entries to its left are whatever the client chose to send (trusting
 * the left-most one would let any client pick a fresh rate-limit key per request). One proxy hop
 * is assumed; see docs/web.md.
 */
export function clientAddressOf(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const header = Array.isArray(forwarded) ? forwarded[forwarded.length - 1] : forwarded;
    if (header) {
      const last = header.slice(header.lastIndexOf(',') + 1).trim();
      if (last && last.length <= 64) return last;
    }
  }
  return req.socket.remoteAddress ?? 'unknown';
}
