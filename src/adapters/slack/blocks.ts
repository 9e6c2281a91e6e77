import type { types } from '@slack/bolt';
import type { BotReply } from '../../conversation/types.js';
import { offersFeedback } from '../../conversation/feedback.js';
import type { KnowledgeBase } from '../../knowledge/types.js';

type KnownBlock = types.KnownBlock;

/** action_id prefix of the suggestion buttons: `mynapin_suggest_0`, `mynapin_suggest_1`, … */
export const SUGGEST_ACTION_PREFIX = 'mynapin_suggest_';
/** Matches every suggestion button's action_id. */
export const SUGGEST_ACTION_PATTERN = /^mynapin_suggest_\d+$/;
/** action_id of 「役に立った」. Its value is the answer's intent. */
export const FEEDBACK_HELPFUL_ACTION = 'mynapin_feedback_helpful';
/** action_id of 「役に立たなかった」. Its value is the answer's intent. */
export const FEEDBACK_UNHELPFUL_ACTION = 'mynapin_feedback_unhelpful';

// Slack's Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks).
const SECTION_TEXT_MAX = 3000;
const BUTTON_TEXT_MAX = 75;
const BUTTON_VALUE_MAX = 2000;
const ACTIONS_MAX = 25;

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters, so a reply can never
 * turn into a mention, a link or a broken message.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A chat.postMessage / respond body: Block Kit plus the plain `text` fallback for notifications. */
export interface SlackMessageBody {
  text: string;
  blocks: KnownBlock[];
}

/**
 * Renders a reply in Block Kit: the text in sections, the suggestions as buttons (value = what a
 * click sends) and, under real answers, the 「役に立った / 役に立たなかった」 buttons.
 */
export function replyMessage(
  reply: BotReply,
  options: { feedback?: boolean; knowledge?: Pick<KnowledgeBase, 'ui'> } = {},
): SlackMessageBody {
  const text = escapeMrkdwn(reply.text);
  const blocks: KnownBlock[] = splitForSections(text).map((chunk) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: chunk },
  }));
  const suggestions = reply.suggestions.slice(0, ACTIONS_MAX).filter((s) => s.label.trim() && s.text.trim());
  if (suggestions.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: 'mynapin_suggestions',
      elements: suggestions.map((s, i) => ({
        type: 'button',
        action_id: `${SUGGEST_ACTION_PREFIX}${i}`,
        text: { type: 'plain_text', text: s.label.slice(0, BUTTON_TEXT_MAX), emoji: true },
        value: s.text.slice(0, BUTTON_VALUE_MAX),
      })),
    });
  }
  if ((options.feedback ?? true) && offersFeedback(reply)) {
    blocks.push({
      type: 'actions',
      block_id: 'mynapin_feedback',
      elements: [
        {
          type: 'button',
          action_id: FEEDBACK_HELPFUL_ACTION,
          text: { type: 'plain_text', text: options.knowledge?.ui('feedback_helpful', reply.lang) ?? '👍 役に立った', emoji: true },
          value: reply.intent,
        },
        {
          type: 'button',
          action_id: FEEDBACK_UNHELPFUL_ACTION,
          text: { type: 'plain_text', text: options.knowledge?.ui('feedback_not_helpful', reply.lang) ?? '👎 役に立たなかった', emoji: true },
          value: reply.intent,
        },
      ],
    });
  }
  return { text, blocks };
}

/** A plain message (no buttons) in the same shape, e.g. the staff hand-over or the help list. */
export function plainMessage(mrkdwn: string): SlackMessageBody {
  return {
    text: mrkdwn,
    blocks: splitForSections(mrkdwn).map((chunk) => ({ type: 'section', text: { type: 'mrkdwn', text: chunk } })),
  };
}

/** Splits text into section-sized chunks, preferring line breaks so no sentence is cut. */
function splitForSections(text: string): string[] {
  if (text.length <= SECTION_TEXT_MAX) return [text || ' '];
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > SECTION_TEXT_MAX) {
    const cut = rest.lastIndexOf('\n', SECTION_TEXT_MAX);
    const at = cut > SECTION_TEXT_MAX / 2 ? cut : SECTION_TEXT_MAX;
    chunks.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest) chunks.push(rest);
  return chunks;
}
