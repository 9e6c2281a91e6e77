import type { App, BlockButtonAction, BlockStaticSelectAction } from '@slack/bolt';
import type { HandoffService } from '../../../handoff/service.js';
import type { Logger } from '../../../logging/logger.js';
import {
  HANDOFF_CLAIM_ACTION,
  HANDOFF_CLOSE_ACTION,
  HANDOFF_FAQ_ACTION,
  INTERNAL_NOTE_PREFIX,
  parseFaqValue,
} from '../handoff-blocks.js';
import { bodyTeam, readUserMessage } from '../incoming.js';
import { slackTextToPlain } from '../text.js';

export interface HandoffListenerDeps {
  handoff: HandoffService;
  /** SLACK_HANDOFF_CHANNEL. */
  channel: string;
  logger: Logger;
}

/**
 * The staff side of hand-offs: a reply in a hand-off thread goes to the resident; 「対応します」,
 * 「FAQで回答」 and 「対応終了」 act on the hand-off named by the control's value. Every request has
 * already passed the receiver's signature check.
 */
export function register(app: App, deps: HandoffListenerDeps): void {
  const { handoff, logger } = deps;

  app.event('message', async function onHandoffThreadMessage({ event, body, context }) {
    const message = readUserMessage(event, bodyTeam(body) ?? context.teamId);
    if (!message || message.channel !== deps.channel || message.threadTs === undefined) return;
    const text = slackTextToPlain(message.text);
    if (text === '' || text.startsWith(INTERNAL_NOTE_PREFIX)) return;
    const outcome = await handoff.handleStaffMessage({ channel: message.channel, threadTs: message.threadTs }, text);
    logger.info({ channel: message.channel, outcome }, 'hand-off staff message');
  });

  app.action<BlockButtonAction>(HANDOFF_CLAIM_ACTION, async function onClaim({ ack, action, body }) {
    await ack();
    if (!action.value) return;
    await handoff.claim(action.value, body.user.id);
  });

  app.action<BlockStaticSelectAction>(HANDOFF_FAQ_ACTION, async function onFaq({ ack, action }) {
    await ack();
    const picked = parseFaqValue(action.selected_option?.value);
    if (!picked) return;
    await handoff.answerWithFaq(picked.id, picked.intent);
    logger.info({ intent: picked.intent }, 'hand-off answered with an FAQ');
  });

  app.action<BlockButtonAction>(HANDOFF_CLOSE_ACTION, async function onClose({ ack, action, body }) {
    await ack();
    if (!action.value) return;
    await handoff.closeByStaff(action.value, body.user.id);
  });
}
