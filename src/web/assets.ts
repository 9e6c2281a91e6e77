import { createHash } from 'node:crypto';
import { CHAT_PAGE_HTML, WIDGET_DEMO_HTML } from './page.js';
import { CHAT_CSS } from './styles.js';
import { CHAT_CLIENT_JS } from './client-script.js';
import { WIDGET_JS } from './widget-script.js';

/** One file the web chat serves, prepared once at start-up. */
export interface WebAsset {
  /** URL path relative to the server root, e.g. `/chat.js`. */
  path: string;
  contentType: string;
  body: Buffer;
  /** Strong ETag of the body, for `If-None-Match` → 304. */
  etag: string;
  /** HTML documents get the page security headers (CSP, frame-ancestors…). */
  isDocument: boolean;
  /** The document shows this server's chat page in an iframe (the widget demo). */
  framesSelf: boolean;
  /** Loaded by other sites (the widget): needs `Cross-Origin-Resource-Policy: cross-origin`. */
  crossOrigin: boolean;
}

function asset(
  path: string,
  contentType: string,
  text: string,
  flags: Partial<Pick<WebAsset, 'isDocument' | 'crossOrigin' | 'framesSelf'>> = {},
): WebAsset {
  const body = Buffer.from(text, 'utf8');
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return {
    path,
    contentType,
    body,
    etag,
    isDocument: flags.isDocument ?? false,
    framesSelf: flags.framesSelf ?? false,
    crossOrigin: flags.crossOrigin ?? false,
  };
}

/** Every file of the web chat: the page, its style and script, the widget and its demo page. */
export function webAssets(): WebAsset[] {
  return [
    asset('/', 'text/html; charset=utf-8', CHAT_PAGE_HTML, { isDocument: true }),
    asset('/chat.css', 'text/css; charset=utf-8', CHAT_CSS),
    asset('/chat.js', 'text/javascript; charset=utf-8', CHAT_CLIENT_JS),
    asset('/widget.js', 'text/javascript; charset=utf-8', WIDGET_JS, { crossOrigin: true }),
    asset('/widget-demo.html', 'text/html; charset=utf-8', WIDGET_DEMO_HTML, { isDocument: true, framesSelf: true }),
  ];
}
