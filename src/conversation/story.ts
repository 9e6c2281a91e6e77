import type { IntentId } from '../intents/ids.js';
import type { MatchResult } from '../nlu/types.js';

// Where a message may be cut into sentences and clauses: after a full stop, a question or
// exclamation mark, a line break, or a comma after a verb's or a conjunction's ending (「借りてきた
// ところで、」; not 「カード会社のコード、」, which names the subject).
const SEGMENTS = /(?<=[。．！？!?\n]|(?:て|で|が|けど|けれど|ので|から|たら|し)[、，,])/;

// A story tells something: 「なんでもない、」「いや、」 before 「間違えました」 take back or hesitate.
const MIN_STORY = 10;

/** What a segment of story reads as: nothing the bot answers, or small talk. */
const STORY: ReadonlySet<IntentId> = new Set(['none', 'greeting', 'thanks']);
// A segment that names a secret or what happened to one is the question's subject, not its story
// (「保険会社のマイページのパスワードを何回か間違えてロック中です。時間が経てば戻るのかな」).
const SECRET_OR_EVENT: readonly string[] = ['PIN', 'LOCK', 'LOCKED', 'UNLOCK', 'FORGET', 'LOST', 'WRONG', 'CHANGE', 'RESET'];

/**
 * The message without the sentences and clauses of story it opens with (「先週、銀行で通帳を作って
 * きました。署名用の暗証番号って何に使うの?」 → 「署名用の暗証番号って何に使うの?」), or undefined when it
 * opens with none. A leading segment is story when the matcher, reading it alone, answers nothing
 * but small talk and finds no secret or event in it; the first one that it would answer starts the question, and all that follows is
 * kept; a story of fewer than MIN_STORY characters is none. `read` is the matcher's reading of a text alone.
 */
export function questionAfterStory(text: string, read: (text: string) => MatchResult): string | undefined {
  const segments = text.split(SEGMENTS);
  let k = 0;
  while (k < segments.length - 1 && isStory(read(segments[k]!))) k++;
  if (k === 0 || segments.slice(0, k).join('').trim().length < MIN_STORY) return undefined;
  const rest = segments.slice(k).join('').trim();
  return rest === '' ? undefined : rest;
}

function isStory(reading: MatchResult): boolean {
  return STORY.has(reading.intent) && !SECRET_OR_EVENT.some((name) => reading.concepts.has(name));
}
