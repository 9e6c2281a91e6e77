import type { App } from '@slack/bolt';
import { answerLog, postReply, type SlackListenerDeps } from '../answer.js';
import { conversationKey } from '../conversation-key.js';
import { bodyTeam, readUserMessage } from '../incoming.js';
import { slackTextToPlain } from '../text.js';

/**
 * `@mynapin …` in any channel the bot is in: answered in the message's thread (a mention inside a
 * thread continues that thread's conversation). Direct messages are the message listener's.
 */
export function register(app: App, deps: SlackListenerDeps): void {
  app.event('app_mention', async function onMention({ event, body, client, context }) {
    const message = readUserMessage(event, bodyTeam(body) ?? context.teamId);
    if (!message || message.channel.startsWith('D')) return;
    const root = message.threadTs ?? message.ts;
    const reply = await deps.engine.respond({
      conversationKey: conversationKey({ ...message, threadTs: root }),
      text: slackTextToPlain(message.text),
    });
    await postReply(client, { channel: message.channel, threadTs: root }, reply, deps.knowledge);
    deps.logger.info(answerLog(reply, message.channel, 'mention'), 'slack answer');
  });
}
