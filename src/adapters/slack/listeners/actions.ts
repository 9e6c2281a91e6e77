import type { App, BlockButtonAction, ButtonAction, RespondFn, webApi } from '@slack/bolt';
import { isIntentId } from '../../../intents/ids.js';
import { answerLog, postReply, type SlackListenerDeps } from '../answer.js';
import {
  FEEDBACK_HELPFUL_ACTION,
  FEEDBACK_UNHELPFUL_ACTION,
  SUGGEST_ACTION_PATTERN,
  replyMessage,
} from '../blocks.js';
import { conversationKey, type SlackPlace } from '../conversation-key.js';

type WebClient = webApi.WebClient;

/** Where a clicked button sits: its conversation, and where an answer to the click goes. */
interface ClickPlace {
  place: SlackPlace;
  channel: string;
  /** Thread to answer in (undefined: top level of a DM). */
  threadTs: string | undefined;
  /** The button is on an ephemeral message (the slash command's answer): answer through respond(). */
  ephemeral: boolean;
}

/**
 * Button listeners: a suggestion click is answered as if its text had been typed, in the same
 * thread; a feedback click is recorded with the answer's intent only (no text, no user).
 */
export function register(app: App, deps: SlackListenerDeps): void {
  app.action<BlockButtonAction>(SUGGEST_ACTION_PATTERN, async function onSuggestionClick({ ack, action, body, client, respond }) {
    await ack();
    const where = clickPlace(body);
    if (!where || !action.value) return;
    const reply = await deps.engine.respond({ conversationKey: conversationKey(where.place), text: action.value });
    if (where.ephemeral) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...replyMessage(reply, { knowledge: deps.knowledge }) });
    } else {
      await postReply(client, { channel: where.channel, threadTs: where.threadTs }, reply, deps.knowledge);
    }
    deps.logger.info(answerLog(reply, where.channel, 'suggestion'), 'slack answer');
  });

  const onFeedbackClick = feedbackListener(deps);
  app.action<BlockButtonAction>(FEEDBACK_HELPFUL_ACTION, onFeedbackClick);
  app.action<BlockButtonAction>(FEEDBACK_UNHELPFUL_ACTION, onFeedbackClick);
}

function feedbackListener(deps: SlackListenerDeps) {
  return async function onFeedbackClick({
    ack,
    action,
    body,
    client,
    respond,
  }: {
    ack: () => Promise<void>;
    action: ButtonAction;
    body: BlockButtonAction;
    client: WebClient;
    respond: RespondFn;
  }): Promise<void> {
    await ack();
    if (!isIntentId(action.value)) return; // not a value we rendered
    const helpful = action.action_id === FEEDBACK_HELPFUL_ACTION;
    await deps.feedback.record(action.value, helpful, 'slack');
    deps.logger.info({ intent: action.value, helpful }, 'slack feedback');
    const where = clickPlace(body);
    // The log finds the question by the conversation (in memory); it stores neither key nor user.
    deps.unanswered?.feedback(where ? conversationKey(where.place) : '', action.value, helpful);
    if (!where) return;
    const thanks = deps.knowledge.ui('feedback_thanks');
    if (where.ephemeral) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: thanks });
      return;
    }
    await client.chat.postEphemeral({
      channel: where.channel,
      user: body.user.id,
      text: thanks,
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
    });
  };
}

function clickPlace(body: BlockButtonAction): ClickPlace | undefined {
  const channel = body.channel?.id ?? (typeof body.container.channel_id === 'string' ? body.container.channel_id : undefined);
  const team = body.team?.id ?? body.user.team_id;
  if (!channel || !team) return undefined;
  const ephemeral = body.container.is_ephemeral === true || body.message === undefined;
  const im = channel.startsWith('D');
  const messageTs: string | undefined = body.message?.ts ?? (typeof body.container.message_ts === 'string' ? body.container.message_ts : undefined);
  const messageThread: string | undefined =
    typeof body.message?.thread_ts === 'string'
      ? body.message.thread_ts
      : typeof body.container.thread_ts === 'string'
        ? body.container.thread_ts
        : undefined;
  // In a channel the bot always answers in a thread, so a top-level bot message is a thread root.
  const threadTs = messageThread ?? (im ? undefined : messageTs);
  const place: SlackPlace = ephemeral
    ? { team, channel, user: body.user.id, command: true }
    : { team, channel, user: body.user.id, threadTs, ts: messageTs, im };
  return { place, channel, threadTs, ephemeral };
}
