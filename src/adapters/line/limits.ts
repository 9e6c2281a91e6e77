/**
 * Messaging API limits this adapter respects (https://developers.line.biz/en/reference/messaging-api/).
 * Text lengths count UTF-16 code units, except action labels / rich-menu texts, which count
 * grapheme clusters (「テキストの文字数のカウント」 in the LINE docs).
 */
export const LINE_LIMITS = {
  /** Characters of one text message. */
  textMessage: 5000,
  /** Messages in one reply or push request. */
  messagesPerReply: 5,
  /** Quick-reply buttons on one message. */
  quickReplyItems: 13,
  /** Characters of a quick-reply / action label. */
  actionLabel: 20,
  /** Characters of postback `data`. */
  postbackData: 300,
  /** Characters of postback `displayText` and of a message action's `text`. */
  actionText: 300,
  /** Rich menu: characters of `chatBarText`, of `name`, and the number of tap areas. */
  richMenuChatBarText: 14,
  richMenuName: 300,
  richMenuAreas: 20,
  /** Rich menu image: bytes. */
  richMenuImageBytes: 1024 * 1024,
} as const;

const graphemes = new Intl.Segmenter('ja', { granularity: 'grapheme' });

/** Number of grapheme clusters (what LINE counts for labels). */
export function graphemeLength(text: string): number {
  let n = 0;
  for (const _ of graphemes.segment(text)) n++;
  return n;
}

/**
 * Cuts `text` to at most `max` grapheme clusters, ending with 「…」 when it had to cut, so an emoji,
 * a surrogate pair or a combining mark is never split in half.
 */
export function truncateGraphemes(text: string, max: number): string {
  // A cluster holds at least one UTF-16 unit, so a text of at most `max` units has at most `max`
  // clusters: nearly every label, and segmenting one costs more than building the rest of the reply.
  if (text.length <= max) return text;
  const parts = Array.from(graphemes.segment(text), (s) => s.segment);
  if (parts.length <= max) return text;
  return parts.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/**
 * Splits `text` into chunks of at most `max` UTF-16 code units, preferring line breaks, never
 * splitting a grapheme cluster.
 */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const chunks: string[] = [];
  let current = '';
  let lastBreak = -1; // index in `current` just after the last newline
  for (const { segment } of graphemes.segment(text)) {
    if (current.length + segment.length > max && lastBreak > 0) {
      chunks.push(current.slice(0, lastBreak).trimEnd());
      current = current.slice(lastBreak);
      lastBreak = -1;
    }
    if (current.length + segment.length > max) {
      chunks.push(current);
      current = '';
      lastBreak = -1;
    }
    current += segment;
    if (segment === '\n' || segment === '\r\n') lastBreak = current.length;
  }
  if (current.trim() !== '') chunks.push(current);
  return chunks.filter((c) => c.trim() !== '');
}
