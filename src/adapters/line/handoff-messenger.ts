import type { ResidentMessenger } from '../../handoff/types.js';
import { replyMessages } from './messages.js';
import type { ReplySender } from './reply-sender.js';

/**
 * How hand-off messages (a staff reply, an FAQ answer, 「終了しました」) reach a LINE resident: by
 * push, which LINE bills against the channel's quota, so only when LINE_ALLOW_PUSH is true. Without
 * it `canReply` is false and the hand-off tells both sides that replies cannot come this way.
 */
export function createLineHandoffMessenger(sender: Pick<ReplySender, 'deliver'>, allowPush: boolean): ResidentMessenger {
  return {
    canReply: allowPush,
    async send(conversationKey, message) {
      // Hand-offs are offered in 1:1 chats only (`line:<userId>`), never to a group.
      if (!allowPush || !conversationKey.startsWith('line:U')) return false;
      const outcome = await sender.deliver({
        replyToken: undefined,
        pushTo: conversationKey.slice('line:'.length),
        messages: replyMessages({ text: message.text, suggestions: message.suggestions ?? [] }),
        eventId: 'handoff',
      });
      return outcome === 'pushed';
    },
  };
}
