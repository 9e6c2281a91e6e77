import type { App, RespondFn, SlashCommand, webApi } from '@slack/bolt';
import { INTENT_IDS, type IntentId } from '../../../intents/ids.js';
import type { KnowledgeBase } from '../../../knowledge/types.js';
import { answerLog, type SlackListenerDeps } from '../answer.js';
import { escapeMrkdwn, plainMessage, replyMessage, type SlackMessageBody } from '../blocks.js';
import { conversationKey } from '../conversation-key.js';
import { slackTextToPlain } from '../text.js';

type WebClient = webApi.WebClient;

/** The slash command, as declared in slack/manifest.yaml. */
export const SLASH_COMMAND = '/mynapin';

const HELP_WORDS = /^(help|ヘルプ|へるぷ|使い方|つかいかた|\?|？)$/i;
const NOT_TOPICS: ReadonlySet<IntentId> = new Set(['greeting', 'thanks', 'help', 'none']);

/**
 * `/mynapin 質問` answers only to the person who asked (ephemeral); `/mynapin` or `/mynapin help`
 * lists the topics the bot knows.
 */
export function register(app: App, deps: SlackListenerDeps): void {
  app.command(SLASH_COMMAND, async function onCommand({ ack, command, client, respond }) {
    await ack();
    const text = slackTextToPlain(command.text ?? '');
    if (text === '' || HELP_WORDS.test(text)) {
      await answerEphemerally(respond, client, command, plainMessage(helpText(deps.knowledge)));
      deps.logger.info({ how: 'command', channel: command.channel_id, intent: 'help' }, 'slack answer');
      return;
    }
    const reply = await deps.engine.respond({
      conversationKey: conversationKey({ team: command.team_id, channel: command.channel_id, user: command.user_id, command: true }),
      text,
    });
    await answerEphemerally(respond, client, command, replyMessage(reply, { knowledge: deps.knowledge }));
    deps.logger.info(answerLog(reply, command.channel_id, 'command'), 'slack answer');
  });
}

/**
 * Answers through the command's response_url, which works in every conversation (even ones the bot
 * is not a member of); chat.postEphemeral is the fallback when the response_url fails.
 */
async function answerEphemerally(
  respond: RespondFn,
  client: WebClient,
  command: SlashCommand,
  message: SlackMessageBody,
): Promise<void> {
  try {
    await respond({ ...message, response_type: 'ephemeral' });
  } catch {
    await client.chat.postEphemeral({
      channel: command.channel_id,
      user: command.user_id,
      text: message.text,
      blocks: message.blocks,
    });
  }
}

/** The help list: every topic the bot answers, by its suggestion label and an example to type. */
export function helpText(knowledge: KnowledgeBase): string {
  const topics = INTENT_IDS.filter((intent) => !NOT_TOPICS.has(intent)).map((intent) => knowledge.suggestion(intent));
  const lines = topics.map((s) => `• ${escapeMrkdwn(s.label)} — 例: \`${SLASH_COMMAND} ${escapeMrkdwn(s.text)}\``);
  return [
    '*マイナンバーカードの暗証番号について、次のことにお答えします。*',
    ...lines,
    '',
    `\`${SLASH_COMMAND} 質問\` の答えはあなただけに表示されます。DM や @mynapin でも質問できます。`,
    '暗証番号やマイナンバーは絶対に入力しないでください。',
  ].join('\n');
}
