import type { webhook } from '@line/bot-sdk';

/**
 * The conversation key of a LINE event's sender: `line:<userId>` in a 1:1 chat, and
 * `line:group:<groupId or roomId>:<userId>` in a group or multi-person room, so each member of a
 * family group has their own conversation. `undefined` when LINE sent no user to answer.
 */
export function conversationKeyOf(source: webhook.Source | undefined): string | undefined {
  if (!source) return undefined;
  switch (source.type) {
    case 'user':
      return source.userId ? `line:${source.userId}` : undefined;
    case 'group':
      return source.userId ? `line:group:${source.groupId}:${source.userId}` : `line:group:${source.groupId}`;
    case 'room':
      return source.userId ? `line:group:${source.roomId}:${source.userId}` : `line:group:${source.roomId}`;
    default:
      return undefined;
  }
}

/** Whether the event came from a group chat or a multi-person room (where the bot stays quiet unless mentioned). */
export function isGroupChat(source: webhook.Source | undefined): boolean {
  return source?.type === 'group' || source?.type === 'room';
}

/** The id a push message would go to: the user, group or room. */
export function pushTargetOf(source: webhook.Source | undefined): string | undefined {
  if (!source) return undefined;
  switch (source.type) {
    case 'user':
      return source.userId;
    case 'group':
      return source.groupId;
    case 'room':
      return source.roomId;
    default:
      return undefined;
  }
}
