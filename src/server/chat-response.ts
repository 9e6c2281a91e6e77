import type { Suggestion } from '../conversation/types.js';
import type { IntentId } from '../intents/ids.js';

/** The answer of `POST /api/chat`. */
export interface ChatResponse {
  intent: IntentId;
  confidence: number;
  /** BotReply.text: the same words every other channel sends. */
  reply: string;
  suggestions: Suggestion[];
  /**
   * True when the message held a PIN or My Number: the page then masks the digits in the bubble it
   * already shows, so the number does not stay on screen.
   */
  privacyWarning: boolean;
  /** `open` while a member of staff has the conversation: poll GET /api/chat/updates. */
  handoff?: 'open';
  /** The language of the reply (`ja`, `ja-easy`, `en`): the page switches its own strings to it. */
  lang?: string;
  /** True under an answer (offersFeedback): the page shows 「役に立った / 役に立たなかった」 under it. */
  feedback?: true;
}

const REPLIES_KEPT = 1024;

/**
 * Writes {@link ChatResponse} bodies as UTF-8 JSON, byte for byte what `JSON.stringify` gives.
 *
 * Why not plain `JSON.stringify`: the replies and suggestions are a fixed set (the answers in
 * `intents/` and `_messages.yaml`; the bot never echoes what the resident wrote), and turning a
 * 1 KB Japanese answer into JSON and then into UTF-8 took longer than any other single step of
 * a `/api/chat` request (measured with `npm run bench`). Each text and suggestion is encoded once;
 * a request only writes its intent, confidence and flag around them.
 */
export class ChatResponseEncoder {
  // Keyed by the reply text itself; bounded, oldest first out, should a municipality's setup ever
  // produce more distinct texts than the answers in intents/.
  private readonly replies = new Map<string, Buffer>();
  // Suggestions are frozen objects shared by the knowledge base, so their identity is a good key.
  private readonly suggestions = new WeakMap<Suggestion, Buffer>();

  encode(response: ChatResponse): Buffer {
    const parts: Buffer[] = [
      Buffer.from(`{"intent":${JSON.stringify(response.intent)},"confidence":${JSON.stringify(response.confidence)},"reply":`),
      this.replyBytes(response.reply),
      Buffer.from(',"suggestions":['),
    ];
    response.suggestions.forEach((suggestion, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(this.suggestionBytes(suggestion));
    });
    if (response.handoff) parts.push(response.privacyWarning ? TAIL_WARNED_HANDOFF : TAIL_PLAIN_HANDOFF);
    else parts.push(response.privacyWarning ? TAIL_WARNED : TAIL_PLAIN);
    if (response.lang !== undefined || response.feedback) {
      // The tails end in '}': the optional fields go in before it.
      const tail = parts.pop()!;
      parts.push(tail.subarray(0, tail.length - 1));
      if (response.lang !== undefined) parts.push(this.langBytes(response.lang));
      parts.push(response.feedback ? FEEDBACK_CLOSE : CLOSE);
    }
    return Buffer.concat(parts);
  }

  private readonly langs = new Map<string, Buffer>();

  private langBytes(lang: string): Buffer {
    let bytes = this.langs.get(lang);
    if (!bytes) {
      bytes = Buffer.from(`,"lang":${JSON.stringify(lang)}`);
      if (this.langs.size < 64) this.langs.set(lang, bytes);
    }
    return bytes;
  }

  private replyBytes(text: string): Buffer {
    let bytes = this.replies.get(text);
    if (!bytes) {
      bytes = Buffer.from(JSON.stringify(text));
      if (this.replies.size >= REPLIES_KEPT) this.replies.delete(this.replies.keys().next().value!);
      this.replies.set(text, bytes);
    }
    return bytes;
  }

  private suggestionBytes(suggestion: Suggestion): Buffer {
    let bytes = this.suggestions.get(suggestion);
    if (!bytes) {
      // Only the three public fields, in this order, whatever else the object carries.
      const { intent, label, text } = suggestion;
      bytes = Buffer.from(JSON.stringify({ intent, label, text }));
      if (Object.isFrozen(suggestion)) this.suggestions.set(suggestion, bytes);
    }
    return bytes;
  }
}

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from('}');
const FEEDBACK_CLOSE = Buffer.from(',"feedback":true}');
const TAIL_PLAIN = Buffer.from('],"privacyWarning":false}');
const TAIL_WARNED = Buffer.from('],"privacyWarning":true}');
const TAIL_PLAIN_HANDOFF = Buffer.from('],"privacyWarning":false,"handoff":"open"}');
const TAIL_WARNED_HANDOFF = Buffer.from('],"privacyWarning":true,"handoff":"open"}');
