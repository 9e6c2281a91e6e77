import { createHash, timingSafeEqual } from 'node:crypto';
import type { BotMetrics } from '../metrics/metrics.js';
import { sendError } from './http-error.js';
import type { Route } from './route.js';

/**
 * `GET /metrics`: Prometheus text exposition, for a scraper holding METRICS_TOKEN as a bearer
 * token. The route exists only when a token is configured, so a public server never shows its
 * counters to anyone who guesses the path.
 */
export function createMetricsRoute(metrics: BotMetrics, token: string): Route {
  // Compared as digests so the comparison takes the same time whatever the length of the guess.
  const expected = digest(token);
  return {
    method: 'GET',
    path: '/metrics',
    async handler(req, res) {
      const header = req.headers.authorization ?? '';
      const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
      if (!given || !timingSafeEqual(digest(given), expected)) {
        res.setHeader('www-authenticate', 'Bearer realm="mynapin metrics"');
        sendError(res, 401, 'unauthorized', 'Send the METRICS_TOKEN as "Authorization: Bearer <token>".');
        return;
      }
      const { contentType, body } = await metrics.render();
      const bytes = Buffer.from(body);
      res.writeHead(200, { 'content-type': contentType, 'content-length': bytes.length, 'cache-control': 'no-store' });
      res.end(bytes);
    },
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
