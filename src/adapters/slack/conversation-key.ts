/** Where a Slack message was said, as far as the conversation state is concerned. */
export interface SlackPlace {
  team: string;
  channel: string;
  user: string;
  /** Root of the thread the message is in, when it is in one. */
  threadTs?: string;
  /** The message's own ts. */
  ts?: string;
  /** True in a direct message with the bot. */
  im?: boolean;
  /** True for the slash command's ephemeral answers, which live in no thread. */
  command?: boolean;
}

/**
 * The conversation key of a Slack message: `slack:<team>:<channel>:<user>:<thread_ts or ts>`.
 *
 * A thread is one conversation, so a follow-up in the thread (or a click on a suggestion under the
 * bot's answer) continues it. Two exceptions keep follow-ups working where there is no thread: a
 * top-level direct message uses `im` (the DM itself is the conversation, so 「4桁のほう」 after the
 * bot's 「どちらの暗証番号ですか」 still finds the question), and the slash command uses `command`.
 */
export function conversationKey(place: SlackPlace): string {
  const thread = place.threadTs ?? (place.command ? 'command' : place.im ? 'im' : place.ts ?? 'none');
  return `slack:${place.team}:${place.channel}:${place.user}:${thread}`;
}
