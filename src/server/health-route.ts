import { sendJson, type Route } from './route.js';

/** Which channels this process serves, as reported by `/healthz` and the start-up line. */
export interface ChannelStatus {
  web: true;
  line: boolean;
  slack: 'off' | 'http' | 'socket';
}

/** `GET /healthz`: liveness for load balancers and uptime checks. Cheap; not rate limited. */
export function createHealthRoute(channels: ChannelStatus, startedAt = Date.now()): Route {
  return {
    method: 'GET',
    path: '/healthz',
    handler(_req, res) {
      sendJson(
        res,
        200,
        { status: 'ok', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), channels },
        { 'cache-control': 'no-store' },
      );
    },
  };
}
