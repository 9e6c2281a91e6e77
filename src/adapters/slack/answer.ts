import type { webApi } from '@slack/bolt';
import type { BotReply, ConversationEngine } from '../../conversation/types.js';
import type { KnowledgeBase, MessageKey } from '../../knowledge/types.js';
import type { Logger } from '../../logging/logger.js';
import type { FeedbackRecorder } from '../../feedback/recorder.js';
import type { UnansweredLog } from '../../unanswered/recorder.js';
import type { SlackSettings } from './settings.js';
import { replyMessage, type SlackMessageBody } from './blocks.js';

type WebClient = webApi.WebClient;

/** What every Slack listener needs. Built once by createSlackApp. */
export interface SlackListenerDeps {
  engine: ConversationEngine;
  knowledge: KnowledgeBase;
  settings: SlackSettings;
  feedback: FeedbackRecorder;
  /** The unanswered-question log, when on: an unhelpful answer's question is logged (masked). */
  unanswered?: Pick<UnansweredLog, 'feedback'>;
  /** Redacting logger: log intents and channel ids, never message texts. */
  logger: Logger;
}

/** A fixed message of the knowledge base as a reply (e.g. 「文字でご質問ください」 for a file). */
export function fixedReply(knowledge: KnowledgeBase, key: MessageKey): BotReply {
  const message = knowledge.message(key);
  return {
    intent: 'none',
    confidence: 1,
    text: message.text,
    facts: message.facts,
    suggestions: message.suggestions,
    clarifying: true,
    privacyWarning: false,
  };
}

/** Where a reply goes: a channel and, unless the reply is top-level (a DM), the thread root. */
export interface PostTarget {
  channel: string;
  threadTs?: string;
}

/** Posts a message with its text fallback, in the thread when there is one. */
export async function post(client: WebClient, target: PostTarget, body: SlackMessageBody): Promise<void> {
  await client.chat.postMessage({
    channel: target.channel,
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    text: body.text,
    blocks: body.blocks,
    // Answers quote municipal pages; a page preview would bury the answer.
    unfurl_links: false,
    unfurl_media: false,
  });
}

/** Posts a bot reply (Block Kit with suggestion and feedback buttons). */
export function postReply(client: WebClient, target: PostTarget, reply: BotReply, knowledge?: KnowledgeBase): Promise<void> {
  return post(client, target, replyMessage(reply, knowledge ? { knowledge } : {}));
}

/** The log fields of an answer: what was concluded, never what was said. */
export function answerLog(reply: BotReply, channel: string, how: string): Record<string, unknown> {
  return {
    how,
    channel,
    intent: reply.intent,
    confidence: Number(reply.confidence.toFixed(3)),
    clarifying: reply.clarifying,
    privacyWarning: reply.privacyWarning,
  };
}
