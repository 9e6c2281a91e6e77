import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { sendError } from './http-error.js';

function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const semicolon = header.indexOf(';');
  const type = (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  return type === 'application/json';
}

/** What a JSON route accepts: its schema, its name and an example body for the error messages. */
export interface JsonRequestShape<T> {
  schema: z.ZodType<T>;
  /** e.g. `chat request`, in 「Invalid chat request: …」. */
  name: string;
  /** e.g. `{"conversationId": "...", "text": "..."}`. */
  example: string;
  /**
   * Optional: a hand-written check of the usual valid body, tried before the schema. It must accept
   * only bodies the schema accepts, and ones the route reads the same as the schema's output (the
   * schema drops unknown keys: the route must then read only the known ones). What it does not
   * accept goes through the schema, which gives the error messages.
   */
  accepts?: (body: unknown) => body is T;
}

/**
 * Whether the request says it is JSON; if not, answers `415` (and drains the body). Called before
 * the route reads the body itself (with readBody), so that the route awaits only that.
 */
export function refusedAsNotJson(req: IncomingMessage, res: ServerResponse): boolean {
  if (isJsonContentType(req.headers['content-type'])) return false;
  req.resume();
  sendError(res, 415, 'unsupported_media_type', 'Send the message as JSON with Content-Type: application/json.');
  return true;
}

/**
 * The request body read as JSON and checked against the shape's schema; on a body that is not JSON
 * or one the schema refuses, answers `400` saying what to send and gives `undefined`.
 */
export function parseJsonRequest<T>(raw: Buffer, res: ServerResponse, { schema, name, example, accepts }: JsonRequestShape<T>): T | undefined {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    sendError(res, 400, 'bad_request', `The body is not valid JSON. Send ${example}.`);
    return undefined;
  }
  if (accepts?.(body)) return body;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => (i.path.length ? i.message : 'the body must be a JSON object'));
    sendError(res, 400, 'bad_request', `Invalid ${name}: ${[...new Set(problems)].join('; ')}. Send ${example}.`);
    return undefined;
  }
  return parsed.data;
}
