import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { INTENT_IDS } from '../intents/ids.js';
import { parseLang } from '../i18n/languages.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { UnansweredLog } from '../unanswered/recorder.js';
import type { FeedbackRecorder } from '../feedback/recorder.js';
import { feedbackReply } from '../conversation/feedback.js';
import { chatRequestSchema } from './chat-route.js';
import { refusedOverLimit } from './rate-limit-gate.js';
import { clientAddressOf } from './client-address.js';
import { parseJsonRequest, refusedAsNotJson } from './json-request.js';
import type { RateLimiter } from './rate-limiter.js';
import { readBody, sendJson, type Route, type RouteContext } from './route.js';

/** The body of `POST /api/chat/feedback`: which conversation, the answer's intent, and the verdict. */
export const feedbackRequestSchema = chatRequestSchema.pick({ conversationId: true, lang: true }).extend({
  intent: z.enum(INTENT_IDS, { message: `intent must be the intent of the answer (one of ${INTENT_IDS.join(', ')})` }),
  helpful: z.boolean({ message: 'helpful must be true or false' }),
});

const FEEDBACK_REQUEST = {
  schema: feedbackRequestSchema,
  name: 'feedback',
  example: '{"conversationId": "...", "intent": "forgot_pin", "helpful": false}',
};

export interface FeedbackRouteDeps {
  knowledge: KnowledgeBase;
  /** The unanswered-question log, when on: an unhelpful answer's question is logged (masked). */
  unanswered?: Pick<UnansweredLog, 'feedback'>;
  /** Every channel's clicks (FEEDBACK_FILE). */
  feedback?: Pick<FeedbackRecorder, 'record'>;
  /** The chat's limiter: a click costs what a message does. */
  limiter: RateLimiter;
  trustProxy: boolean;
}

/**
 * `POST /api/chat/feedback`: the web chat's 「役に立った / 役に立たなかった」 under an answer. Counted per
 * intent and day; an unhelpful one logs the question it is about for `mynapin review` (the log
 * finds it by the conversation and keeps neither id nor address). Answers with the words to show:
 * `{"reply": "…", "suggestions": […]}`.
 */
export function createFeedbackRoute(deps: FeedbackRouteDeps): Route {
  return {
    method: 'POST',
    path: '/api/chat/feedback',
    async handler(req: IncomingMessage, res: ServerResponse, ctx: RouteContext) {
      if (refusedOverLimit(await deps.limiter.take(clientAddressOf(req, deps.trustProxy)), req, res, 'clicks')) return;
      if (refusedAsNotJson(req, res)) return;
      const request = parseJsonRequest(await readBody(req, ctx.bodyLimit), res, FEEDBACK_REQUEST);
      if (!request) return;

      const { conversationId, intent, helpful } = request;
      const lang = parseLang(request.lang, deps.knowledge.languages);
      deps.unanswered?.feedback(`web:${conversationId}`, intent, helpful);
      void deps.feedback?.record(intent, helpful, 'web');
      ctx.log.info({ intent, helpful }, 'web feedback');
      const { text, suggestions } = feedbackReply(deps.knowledge, helpful, lang);
      // Only the three public fields of a suggestion, as /api/chat writes them.
      const shown = suggestions.map(({ intent: id, label, text: sends }) => ({ intent: id, label, text: sends }));
      sendJson(res, 200, { reply: text, suggestions: shown }, { 'cache-control': 'no-store' });
    },
  };
}
