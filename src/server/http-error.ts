import type { ServerResponse } from 'node:http';
import { sendJson } from './route.js';

/** Machine-readable error codes of the JSON error body (stable: clients may switch on them). */
export type HttpErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal_error';

/**
 * Answers with the project's JSON error shape, `{"error":{"code","message"},"requestId"}`.
 * Does nothing when the client has already gone (an aborted upload must not throw here).
 */
export function sendError(
  res: ServerResponse,
  status: number,
  code: HttpErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const requestId = res.getHeader('x-request-id');
  sendJson(res, status, { error: { code, message }, requestId }, headers);
}
