import type { webhook } from '@line/bot-sdk';

/** The mentions of this bot (`isSelf: true`) in a text message; `@All` does not count. */
function selfMentions(message: webhook.TextMessageContent): webhook.UserMentionee[] {
  const mentionees = message.mention?.mentionees ?? [];
  return mentionees.filter((m): m is webhook.UserMentionee => m.type === 'user' && m.isSelf === true);
}

/** Whether the text message mentions this bot. */
export function mentionsBot(message: webhook.TextMessageContent): boolean {
  return selfMentions(message).length > 0;
}

/**
 * The text with the bot's own mentions (「@マイナ暗証番号案内」) cut out, so the matcher sees only
 * the question. `index`/`length` are UTF-16 offsets, as JavaScript strings are.
 */
export function stripBotMentions(message: webhook.TextMessageContent): string {
  const spans = selfMentions(message)
    .filter((m) => Number.isInteger(m.index) && Number.isInteger(m.length) && m.index >= 0 && m.length > 0)
    .sort((a, b) => b.index - a.index);
  let text = message.text;
  for (const { index, length } of spans) {
    if (index + length > text.length) continue;
    text = text.slice(0, index) + ' ' + text.slice(index + length);
  }
  return text.trim();
}
