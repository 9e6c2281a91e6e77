import type { messagingApi } from '@line/bot-sdk';
import type { Suggestion } from '../../conversation/types.js';
import type { IntentId } from '../../intents/ids.js';
import { encodeFeedbackPostback, encodeSuggestionPostback } from './postback.js';
import { LINE_LIMITS, splitText, truncateGraphemes } from './limits.js';

/** The part of a BotReply / ComposedAnswer that a LINE reply shows. */
export interface ReplyContent {
  text: string;
  suggestions: readonly Suggestion[];
  /** The 「役に立った / 役に立たなかった」 buttons under an answer (see offersFeedback). */
  feedback?: FeedbackButtons;
}

/** The feedback buttons of one answer: its intent and language, and the labels in that language. */
export interface FeedbackButtons {
  intent: IntentId;
  lang?: string;
  helpfulLabel: string;
  unhelpfulLabel: string;
}

/**
 * One quick-reply button. A postback action (not a message action) because in a group chat the
 * bot only answers messages that mention it, and a tapped message action would post un-mentioned
 * text that the bot then ignores; a postback always reaches the bot, and `displayText` still shows
 * the choice in the chat like a typed message.
 */
export function quickReplyItem(suggestion: Suggestion): messagingApi.QuickReplyItem | undefined {
  const data = encodeSuggestionPostback(suggestion);
  const label = truncateGraphemes(suggestion.label.trim() || suggestion.text.trim(), LINE_LIMITS.actionLabel);
  if (!data || label === '') return undefined;
  const action: messagingApi.PostbackAction = {
    type: 'postback',
    label,
    data,
    displayText: truncateGraphemes(suggestion.text, LINE_LIMITS.actionText),
  };
  return { type: 'action', action };
}

/** A feedback button: its label also shows in the chat as the resident's tap, like a chosen suggestion. */
function feedbackItem(buttons: FeedbackButtons, helpful: boolean): messagingApi.QuickReplyItem {
  const label = truncateGraphemes(helpful ? buttons.helpfulLabel : buttons.unhelpfulLabel, LINE_LIMITS.actionLabel);
  const data = encodeFeedbackPostback({ intent: buttons.intent, helpful, ...(buttons.lang ? { lang: buttons.lang } : {}) });
  return { type: 'action', action: { type: 'postback', label, data, displayText: label } };
}

/**
 * Quick-reply buttons for the suggestions (duplicates dropped), then the feedback buttons when
 * given: at most 13 in all (LINE's limit), the suggestions giving way.
 */
export function quickReplyFor(suggestions: readonly Suggestion[], feedback?: FeedbackButtons): messagingApi.QuickReply | undefined {
  const items: messagingApi.QuickReplyItem[] = [];
  const seen = new Set<string>();
  const room = LINE_LIMITS.quickReplyItems - (feedback ? 2 : 0);
  for (const suggestion of suggestions) {
    if (items.length >= room) break;
    if (seen.has(suggestion.text)) continue;
    const item = quickReplyItem(suggestion);
    if (!item) continue;
    seen.add(suggestion.text);
    items.push(item);
  }
  if (feedback) items.push(feedbackItem(feedback, true), feedbackItem(feedback, false));
  return items.length > 0 ? { items } : undefined;
}

/**
 * The LINE messages for one answer: plain text (phone numbers stay tappable and the text stays
 * copyable, which a Flex bubble would lose), split at line breaks only if it is over 5000
 * characters, at most 5 messages, with the suggestions as quick replies on the last one (LINE shows
 * quick replies only for the last message).
 */
export function replyMessages(content: ReplyContent): messagingApi.Message[] {
  const text = content.text.trim() === '' ? '…' : content.text;
  const chunks = splitText(text, LINE_LIMITS.textMessage).slice(0, LINE_LIMITS.messagesPerReply);
  const messages: messagingApi.TextMessage[] = chunks.map((chunk) => ({ type: 'text', text: chunk }));
  const quickReply = quickReplyFor(content.suggestions, content.feedback);
  const last = messages[messages.length - 1];
  if (last && quickReply) last.quickReply = quickReply;
  return messages;
}
