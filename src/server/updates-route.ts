import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HandoffService } from '../handoff/service.js';
import { sendJson, type Route } from './route.js';
import { sendError } from './http-error.js';
import type { RateLimiter } from './rate-limiter.js';
import { refusedOverLimit } from './rate-limit-gate.js';
import { clientAddressOf } from './client-address.js';

const NO_STORE = { 'cache-control': 'no-store' } as const;
// Only ids the page itself makes (a random UUID) can carry a hand-off; see HandoffService.
const CONVERSATION_ID = /^[A-Za-z0-9_-]{16,100}$/;

export interface UpdatesRouteDeps {
  handoff: HandoffService;
  /** Its own limiter: the page polls every few seconds while a hand-off is open. */
  limiter: RateLimiter;
  trustProxy: boolean;
}

/**
 * `GET /api/chat/updates?conversationId=…`: what staff (or the bot, for a hand-off) sent to this
 * conversation since the last call, and whether its hand-off is still open:
 * `{"messages":[{"from":"staff","text":"…","at":…}],"handoff":"open"}`. Each message is handed out
 * once. A conversation only ever sees its own outbox; an id the page could not have made gets 400.
 */
export function createUpdatesRoute(deps: UpdatesRouteDeps): Route {
  return {
    method: 'GET',
    path: '/api/chat/updates',
    async handler(req: IncomingMessage, res: ServerResponse) {
      if (refusedOverLimit(await deps.limiter.take(clientAddressOf(req, deps.trustProxy)), req, res, 'requests')) return;
      const id = new URL(req.url ?? '/', 'http://localhost').searchParams.get('conversationId') ?? '';
      if (!CONVERSATION_ID.test(id)) {
        sendError(res, 400, 'bad_request', 'Send ?conversationId= with the id the chat page made (16–100 letters, digits, - or _).');
        return;
      }
      const updates = await deps.handoff.updatesFor(`web:${id}`);
      sendJson(
        res,
        200,
        {
          messages: updates.messages.map((m) => ({
            from: m.from,
            text: m.text,
            suggestions: (m.suggestions ?? []).map(({ intent, label, text }) => ({ intent, label, text })),
            at: m.at,
          })),
          handoff: updates.handoff,
        },
        NO_STORE,
      );
    },
  };
}
