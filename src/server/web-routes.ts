import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from './route.js';
import { webAssets, type WebAsset } from '../web/assets.js';
import { documentSecurityHeaders } from './security-headers.js';

export interface WebRoutesOptions {
  /** CSP frame-ancestors of the page; see {@link documentSecurityHeaders}. */
  frameAncestors?: string;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** GET routes of the web chat: the page, its CSS and script, `/widget.js` and the widget demo. */
export function createWebRoutes(options: WebRoutesOptions = {}): Route[] {
  return webAssets().map((file: WebAsset): Route => {
    const headers: Record<string, string | number> = {
      'content-type': file.contentType,
      // Revalidate every time (cheap 304s) so a deployment is visible at once, also on city sites.
      'cache-control': 'no-cache',
      etag: file.etag,
      ...(file.isDocument ? documentSecurityHeaders(options.frameAncestors, { framesSelf: file.framesSelf }) : {}),
      ...(file.crossOrigin ? { 'cross-origin-resource-policy': 'cross-origin' } : {}),
    };
    return {
      method: 'GET',
      path: file.path,
      handler(req: IncomingMessage, res: ServerResponse) {
        if (etagMatches(req.headers['if-none-match'], file.etag)) {
          res.writeHead(304, headers);
          res.end();
          return;
        }
        res.writeHead(200, { ...headers, 'content-length': file.body.length });
        res.end(file.body);
      },
    };
  });
}
