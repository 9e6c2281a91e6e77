/**
 * Who may show the chat page in a frame. The default lets the widget work on any HTTPS site (and
 * on this server's own pages): the page holds no session, cookie or account, so a framing site
 * cannot make it do anything for the user. Narrow it to the city's own origins with the
 * `frameAncestors` option of runServe (see docs/web.md).
 */
export const DEFAULT_FRAME_ANCESTORS = "'self' https:";

/**
 * Headers of the HTML documents. The CSP allows nothing from outside this server: no CDN, no
 * inline script or style, no plugins; the page may only talk back to its own origin.
 */
export function documentSecurityHeaders(
  frameAncestors: string = DEFAULT_FRAME_ANCESTORS,
  { framesSelf = false }: { framesSelf?: boolean } = {},
): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'none'",
      // Only the widget demo page shows a frame (the chat, from this server).
      ...(framesSelf ? ["frame-src 'self'"] : []),
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "form-action 'self'",
      "base-uri 'none'",
      `frame-ancestors ${frameAncestors}`,
    ].join('; '),
    'referrer-policy': 'no-referrer',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'cross-origin-resource-policy': 'same-origin',
  };
}
