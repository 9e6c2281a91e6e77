import type { webhook } from '@line/bot-sdk';
import type { ConversationEngine } from '../../conversation/types.js';
import type { KnowledgeBase, MessageKey } from '../../knowledge/types.js';
import type { Logger } from '../../logging/logger.js';
import { conversationKeyOf, isGroupChat, pushTargetOf } from './conversation-key.js';
import { mentionsBot, stripBotMentions } from './mention.js';
import { decodeFeedbackPostback, decodeSuggestionPostback, type FeedbackPostback } from './postback.js';
import { replyMessages, type ReplyContent } from './messages.js';
import type { DeliveryOutcome, ReplySender } from './reply-sender.js';
import { parseLang } from '../../i18n/languages.js';
import { withTimeout } from '../../i18n/timeout.js';
import { feedbackReply, offersFeedback } from '../../conversation/feedback.js';
import type { BotReply } from '../../conversation/types.js';
import type { UnansweredLog } from '../../unanswered/recorder.js';
import type { FeedbackRecorder } from '../../feedback/recorder.js';

// How long a follow greeting waits for the profile language before greeting in Japanese.
const PROFILE_TIMEOUT_MS = 1500;

/** What handling one event needs. */
export interface LineEventContext {
  engine: ConversationEngine;
  knowledge: KnowledgeBase;
  sender: Pick<ReplySender, 'deliver'>;
  logger: Logger;
  /**
   * The user's LINE language (getProfile), asked only when the conversation needs a language the
   * message does not show; never logged.
   */
  profileLanguage?: (userId: string) => Promise<string | undefined>;
  /** The unanswered-question log, when on: a 「役に立たなかった」 tap logs the question it is about. */
  unanswered?: Pick<UnansweredLog, 'feedback'>;
  /** Every channel's clicks (FEEDBACK_FILE). */
  feedback?: Pick<FeedbackRecorder, 'record'>;
}

/** What the handler did with an event (logged; tests read it through the fake API instead). */
export type EventOutcome = DeliveryOutcome | 'ignored' | 'forgotten';

/** Message types the bot cannot read; they get the 「文字で質問してください」 message. */
const NON_TEXT_MESSAGE_TYPES = new Set(['sticker', 'image', 'video', 'audio', 'file', 'location']);

/**
 * Handles one webhook event: text and postbacks go to the conversation engine, non-text messages
 * and follows get their fixed message, unfollow forgets the conversation, everything else is
 * ignored. Message text is never logged — only ids, types and intents.
 */
export async function handleLineEvent(event: webhook.Event, ctx: LineEventContext): Promise<EventOutcome> {
  const log = ctx.logger.child({ eventId: event.webhookEventId, eventType: event.type });
  // In standby mode another channel (e.g. a human operator module) owns the chat; replying is not allowed.
  if (event.mode === 'standby') return 'ignored';

  switch (event.type) {
    case 'message':
      return handleMessage(event, ctx, log);
    case 'postback':
      return handlePostback(event, ctx, log);
    case 'follow': {
      // The greeting in the resident's LINE language, when the profile says one we speak.
      const userId = event.source?.userId;
      const asked = userId && ctx.profileLanguage ? await withTimeout(() => ctx.profileLanguage!(userId), PROFILE_TIMEOUT_MS) : undefined;
      return send(ctx, event, fixedMessage(ctx, 'follow', parseLang(asked, ctx.knowledge.languages)));
    }
    case 'unfollow': {
      const key = conversationKeyOf(event.source);
      if (!key) return 'ignored';
      await ctx.engine.forget(key);
      log.info('LINE unfollow: conversation forgotten');
      return 'forgotten';
    }
    default:
      log.debug('LINE event type not handled; ignored');
      return 'ignored';
  }
}

async function handleMessage(event: webhook.MessageEvent, ctx: LineEventContext, log: Logger): Promise<EventOutcome> {
  const key = conversationKeyOf(event.source);
  if (!key || !event.replyToken) return 'ignored';
  const inGroup = isGroupChat(event.source);
  const message = event.message;

  if (message.type === 'text') {
    // A family group chat is not the bot's conversation: speak only when spoken to.
    if (inGroup && !mentionsBot(message)) return 'ignored';
    const text = inGroup ? stripBotMentions(message) : message.text;
    return answer(ctx, event, key, text, log);
  }
  if (NON_TEXT_MESSAGE_TYPES.has(message.type)) {
    if (inGroup) return 'ignored';
    return send(ctx, event, fixedMessage(ctx, 'non_text', undefined));
  }
  log.debug({ messageType: message.type }, 'LINE message type not handled; ignored');
  return 'ignored';
}

async function handlePostback(event: webhook.PostbackEvent, ctx: LineEventContext, log: Logger): Promise<EventOutcome> {
  const key = conversationKeyOf(event.source);
  if (!key || !event.replyToken) return 'ignored';
  const feedback = decodeFeedbackPostback(event.postback.data);
  if (feedback) return recordFeedback(ctx, event, key, feedback, log);
  const postback = decodeSuggestionPostback(event.postback.data);
  if (!postback) {
    log.warn('LINE postback data not recognised; ignored');
    return 'ignored';
  }
  return answer(ctx, event, key, postback.text, log.child({ offeredIntent: postback.intent }));
}

async function answer(
  ctx: LineEventContext,
  event: webhook.MessageEvent | webhook.PostbackEvent,
  conversationKey: string,
  text: string,
  log: Logger,
): Promise<EventOutcome> {
  let content: ReplyContent;
  try {
    const userId = event.source?.userId;
    const reply = await ctx.engine.respond({
      conversationKey,
      text,
      ...(userId && ctx.profileLanguage ? { defaultLang: () => ctx.profileLanguage!(userId) } : {}),
    });
    log.info(
      { intent: reply.intent, confidence: reply.confidence, clarifying: reply.clarifying, privacyWarning: reply.privacyWarning, lang: reply.lang },
      'LINE turn answered',
    );
    content = withFeedbackButtons(ctx, reply);
  } catch (error) {
    log.error({ err: error }, 'conversation engine failed; sending the error message');
    content = fixedMessage(ctx, 'error');
  }
  return send(ctx, event, content);
}

/** The answer, with the feedback buttons under it when it is one (offersFeedback). */
function withFeedbackButtons(ctx: LineEventContext, reply: BotReply): ReplyContent {
  if (!offersFeedback(reply)) return reply;
  const feedback = {
    intent: reply.intent,
    ...(reply.lang ? { lang: reply.lang } : {}),
    helpfulLabel: ctx.knowledge.ui('feedback_helpful', reply.lang),
    unhelpfulLabel: ctx.knowledge.ui('feedback_not_helpful', reply.lang),
  };
  return { text: reply.text, suggestions: reply.suggestions, feedback };
}

/**
 * A feedback tap: counted per intent and day, and an unhelpful one logs the question it is about
 * (the log finds it by the conversation; it stores neither key nor user). Thanked in the answer's
 * language, with somewhere else to turn after an unhelpful answer.
 */
async function recordFeedback(
  ctx: LineEventContext,
  event: webhook.PostbackEvent,
  conversationKey: string,
  feedback: FeedbackPostback,
  log: Logger,
): Promise<EventOutcome> {
  ctx.unanswered?.feedback(conversationKey, feedback.intent, feedback.helpful);
  void ctx.feedback?.record(feedback.intent, feedback.helpful, 'line');
  log.info({ intent: feedback.intent, helpful: feedback.helpful }, 'LINE feedback');
  return send(ctx, event, feedbackReply(ctx.knowledge, feedback.helpful, parseLang(feedback.lang, ctx.knowledge.languages)));
}

function fixedMessage(ctx: LineEventContext, key: MessageKey, lang?: string): ReplyContent {
  const { text, suggestions } = ctx.knowledge.message(key, lang);
  return { text, suggestions };
}

async function send(
  ctx: LineEventContext,
  event: webhook.MessageEvent | webhook.PostbackEvent | webhook.FollowEvent,
  content: ReplyContent,
): Promise<EventOutcome> {
  return ctx.sender.deliver({
    replyToken: event.replyToken,
    pushTo: pushTargetOf(event.source),
    messages: replyMessages(content),
    eventId: event.webhookEventId,
  });
}
