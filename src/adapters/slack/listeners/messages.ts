import type { App, webApi } from '@slack/bolt';
import type { BotReply } from '../../../conversation/types.js';
import type { IntentId } from '../../../intents/ids.js';
import { answerLog, fixedReply, post, postReply, type SlackListenerDeps } from '../answer.js';
import { plainMessage } from '../blocks.js';
import { conversationKey } from '../conversation-key.js';
import { bodyTeam, readUserMessage, type IncomingMessage } from '../incoming.js';
import { mentions, slackTextToPlain } from '../text.js';

type WebClient = webApi.WebClient;

/** Intents that are not a question: never worth an unprompted answer or a staff ping. */
const NOT_A_QUESTION: ReadonlySet<IntentId> = new Set(['greeting', 'thanks']);

/**
 * Message listeners: direct messages (answered directly) and the FAQ auto-answer channels (a new
 * top-level question answered in its thread when the bot is confident). Mentions are the
 * app_mention listener's: a message that mentions the bot is skipped here so it is answered once.
 */
export function register(app: App, deps: SlackListenerDeps): void {
  app.event('message', async function onMessage({ event, body, client, context }) {
    const message = readUserMessage(event, bodyTeam(body) ?? context.teamId);
    if (!message) return;
    if (message.channelType === 'im') {
      await answerDirectMessage(message, client, deps);
      return;
    }
    if (!deps.settings.autoAnswerChannels.has(message.channel)) return;
    if (message.threadTs !== undefined) return; // thread replies not addressed to the bot
    if (mentions(message.text, context.botUserId)) return; // app_mention answers it
    await autoAnswer(message, client, deps);
  });
}

async function answerDirectMessage(message: IncomingMessage, client: WebClient, deps: SlackListenerDeps): Promise<void> {
  const text = slackTextToPlain(message.text);
  const reply =
    text === '' && message.hasFiles
      ? fixedReply(deps.knowledge, 'non_text')
      : await deps.engine.respond({
          conversationKey: conversationKey({ ...message, im: true }),
          text,
        });
  await postReply(client, { channel: message.channel, threadTs: message.threadTs }, reply, deps.knowledge);
  deps.logger.info(answerLog(reply, message.channel, 'dm'), 'slack answer');
}

async function autoAnswer(message: IncomingMessage, client: WebClient, deps: SlackListenerDeps): Promise<void> {
  const text = slackTextToPlain(message.text);
  if (text === '') return;
  const reply = await deps.engine.respond({ conversationKey: conversationKey(message), text });
  const thread = { channel: message.channel, threadTs: message.ts };
  if (isConfidentAnswer(reply, deps.settings.autoAnswerThreshold) || reply.privacyWarning) {
    // A privacy warning is posted even when unsure: the resident just showed a PIN to the channel.
    await postReply(client, thread, reply, deps.knowledge);
    deps.logger.info(answerLog(reply, message.channel, 'auto'), 'slack answer');
    return;
  }
  const { staffGroup } = deps.settings;
  if (staffGroup && !NOT_A_QUESTION.has(reply.intent)) {
    await post(
      client,
      thread,
      plainMessage(`<!subteam^${staffGroup}> 自動では回答できない質問です。担当の方、このスレッドで対応をお願いします。`),
    );
    deps.logger.info(answerLog(reply, message.channel, 'staff'), 'slack question handed to staff');
    return;
  }
  deps.logger.info(answerLog(reply, message.channel, 'silent'), 'slack question left unanswered (not confident)');
}

/** An unprompted answer must be sure of itself and about the card. */
export function isConfidentAnswer(reply: BotReply, threshold: number): boolean {
  return reply.intent !== 'none' && !NOT_A_QUESTION.has(reply.intent) && reply.confidence >= threshold;
}
