import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ConversationEngine } from '../conversation/types.js';
import { readBody, sendJsonBytes, type Route, type RouteContext } from './route.js';
import { parseJsonRequest, refusedAsNotJson } from './json-request.js';
import { ChatResponseEncoder, type ChatResponse } from './chat-response.js';
import type { RateLimiter } from './rate-limiter.js';
import { refusedOverLimit } from './rate-limit-gate.js';
import { clientAddressOf } from './client-address.js';
import { offersFeedback } from '../conversation/feedback.js';

export type { ChatResponse } from './chat-response.js';

const NO_STORE = { 'cache-control': 'no-store' } as const;

/** The longest message the web chat accepts: LINE's text limit, so every channel reads the same. */
export const MAX_CHAT_TEXT_LENGTH = 5000;

// Control characters in an id would end up in log lines and map keys; nothing legitimate needs them.
const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/;

/** The body of `POST /api/chat`. */
export const chatRequestSchema = z.object({
  conversationId: z
    .string({ message: 'conversationId must be a string' })
    .min(1, { message: 'conversationId must not be empty' })
    .max(100, { message: 'conversationId must be at most 100 characters' })
    .regex(NO_CONTROL_CHARS, { message: 'conversationId must not contain control characters' }),
  text: z
    .string({ message: 'text must be a string' })
    .max(MAX_CHAT_TEXT_LENGTH, { message: `text must be at most ${MAX_CHAT_TEXT_LENGTH} characters` }),
  /** The page's language (its switch, `?lang=`, the widget's data-lang): ja, ja-easy, en. */
  lang: z
    .string({ message: 'lang must be a string such as ja, ja-easy or en' })
    .max(20, { message: 'lang must be a language code such as ja, ja-easy or en' })
    .optional(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;

/**
 * chatRequestSchema's rules checked by hand, for the usual valid request: zod's safeParse was about
 * a third of reading the request (1.4% of the server's time under bench/chat-load.mjs's load). A
 * body this does not accept goes through the schema, which words the error. Unknown keys are left
 * on the object (the schema drops them); the route reads only these three.
 */
export function isValidChatRequest(body: unknown): body is ChatRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { conversationId, text, lang } = body as Record<string, unknown>;
  return (
    typeof conversationId === 'string' &&
    conversationId.length >= 1 &&
    conversationId.length <= 100 &&
    NO_CONTROL_CHARS.test(conversationId) &&
    typeof text === 'string' &&
    text.length <= MAX_CHAT_TEXT_LENGTH &&
    (lang === undefined || (typeof lang === 'string' && lang.length <= 20))
  );
}

const CHAT_REQUEST = {
  schema: chatRequestSchema,
  name: 'chat request',
  example: '{"conversationId": "...", "text": "..."}',
  accepts: isValidChatRequest,
};

export interface ChatRouteDeps {
  engine: ConversationEngine;
  limiter: RateLimiter;
  /** TRUST_PROXY: take the client address from X-Forwarded-For (one proxy hop). */
  trustProxy: boolean;
}

/** `POST /api/chat`: the web chat's (and any HTTP client's) way to talk to the bot. */
export function createChatRoute(deps: ChatRouteDeps): Route {
  const encoder = new ChatResponseEncoder();
  return {
    method: 'POST',
    path: '/api/chat',
    async handler(req: IncomingMessage, res: ServerResponse, ctx: RouteContext) {
      const decision = deps.limiter.take(clientAddressOf(req, deps.trustProxy));
      // The in-memory limiter answers at once: awaiting that answer cost every request a microtask turn.
      if (refusedOverLimit(decision instanceof Promise ? await decision : decision, req, res, 'messages')) return;
      if (refusedAsNotJson(req, res)) return;
      const request = parseJsonRequest(await readBody(req, ctx.bodyLimit), res, CHAT_REQUEST);
      if (!request) return;

      const reply = await deps.engine.respond({
        conversationKey: `web:${request.conversationId}`,
        text: request.text,
        ...(request.lang ? { lang: request.lang } : {}),
      });
      // Optional fields set one by one rather than spread from temporary objects (the encoder writes
      // the fields in its own order, whatever the object's).
      const response: ChatResponse = {
        intent: reply.intent,
        confidence: reply.confidence,
        reply: reply.text,
        suggestions: reply.suggestions,
        privacyWarning: reply.privacyWarning,
      };
      if (reply.handoff) response.handoff = reply.handoff;
      if (reply.lang) response.lang = reply.lang;
      if (offersFeedback(reply)) response.feedback = true;
      sendJsonBytes(res, 200, encoder.encode(response), NO_STORE);
    },
  };
}
