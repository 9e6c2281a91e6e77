import type { Bot } from '../bot.js';
import type { BotReply } from '../conversation/types.js';
import { writeStdout } from './stdio.js';

/** The JSON shape of `ask --json`, `classify` and `chat --jsonl` lines. */
export function replyJson(reply: BotReply): string {
  // Built piece by piece, as JSON.stringify of the object would write it: classify writes one of
  // these per line, and the answer texts (a few hundred characters each) repeat, so each is
  // escaped once (escaping them was 4% of classify).
  return `${replyJsonHead(reply)}${jsonText(reply.text)}${replyJsonTail(reply)}`;
}

/**
 * The two parts of {@link replyJson}: what comes before the answer text's JSON, and the rest (the
 * text's JSON, then {@link replyJsonTail}). classify writes the rest as bytes made once per answer
 * (see replyJsonRestBytes).
 */
export function replyJsonHead(reply: BotReply): string {
  return `{"intent":${JSON.stringify(reply.intent)},"confidence":${JSON.stringify(reply.confidence)},"reply":`;
}

function replyJsonTail(reply: BotReply): string {
  let out = `,"facts":${JSON.stringify(reply.facts)},"suggestions":${JSON.stringify(reply.suggestions.map((s) => s.label))},"lang":${JSON.stringify(reply.lang ?? 'ja')}`;
  if (reply.clarifying) out += ',"clarifying":true';
  if (reply.privacyWarning) out += ',"privacyWarning":true';
  return `${out}}`;
}

/** {@link replyJson} as first written (one JSON.stringify of an object): the reference for tests. */
export function replyJsonReference(reply: BotReply): string {
  const json: Record<string, unknown> = {
    intent: reply.intent,
    confidence: reply.confidence,
    reply: reply.text,
    facts: reply.facts,
    suggestions: reply.suggestions.map((s) => s.label),
    lang: reply.lang ?? 'ja',
  };
  if (reply.clarifying) json.clarifying = true;
  if (reply.privacyWarning) json.privacyWarning = true;
  return JSON.stringify(json);
}

// Answer texts and their JSON, for the last few hundred distinct texts (a bounded map: cleared when full).
const textJson = new Map<string, string>();

function jsonText(text: string): string {
  let json = textJson.get(text);
  if (json === undefined) {
    if (textJson.size >= 512) textJson.clear();
    textJson.set(text, (json = JSON.stringify(text)));
  }
  return json;
}

/** The rest of a reply's JSON line as UTF-8 bytes, and what they were made from. */
interface RestBytes {
  facts: readonly string[];
  labels: string[];
  lang: string | undefined;
  clarifying: boolean;
  privacyWarning: boolean;
  bytes: Buffer;
}

// By answer text, the last rest made with it (a bounded map: cleared when full). An answer comes
// with the same facts and chips nearly every time: they are compared, not encoded again.
const restBytes = new Map<string, RestBytes>();

/**
 * The UTF-8 bytes of `replyJson(reply)` after {@link replyJsonHead}, and a line break. Most of a
 * classify line (its answer text) and one of a few dozen: encoding each line's whole string was
 * 5% of classify.
 */
export function replyJsonRestBytes(reply: BotReply): Buffer {
  const known = restBytes.get(reply.text);
  if (known !== undefined && madeFrom(known, reply)) return known.bytes;
  if (restBytes.size >= 512) restBytes.clear();
  const bytes = Buffer.from(`${jsonText(reply.text)}${replyJsonTail(reply)}\n`, 'utf8');
  const { facts, lang, clarifying, privacyWarning } = reply;
  restBytes.set(reply.text, { facts: [...facts], labels: reply.suggestions.map((s) => s.label), lang, clarifying, privacyWarning, bytes });
  return bytes;
}

/** Whether `reply` has the facts, chip labels, language and flags `rest` was made from (its text is the key). */
function madeFrom(rest: RestBytes, reply: BotReply): boolean {
  if (rest.lang !== reply.lang || rest.clarifying !== reply.clarifying || rest.privacyWarning !== reply.privacyWarning) return false;
  const { facts, suggestions } = reply;
  if (rest.facts.length !== facts.length || rest.labels.length !== suggestions.length) return false;
  for (let k = 0; k < facts.length; k++) if (rest.facts[k] !== facts[k]) return false;
  for (let k = 0; k < suggestions.length; k++) if (rest.labels[k] !== suggestions[k]!.label) return false;
  return true;
}

/** Formats a reply for a person reading a terminal: the text, then numbered suggestions. */
export function replyForTerminal(reply: BotReply): string {
  const lines = [reply.text];
  if (reply.suggestions.length > 0) {
    lines.push('', ...reply.suggestions.map((s, i) => `  [${i + 1}] ${s.label}`));
  }
  return lines.join('\n');
}

/** `mynapin ask "TEXT" [--json]`: one question, one answer. */
export async function runAsk(bot: Bot, text: string, json: boolean, lang?: string): Promise<number> {
  const reply = await bot.engine.respond({ conversationKey: `cli:ask:${process.pid}`, text, ...(lang ? { lang } : {}) });
  writeStdout(`${json ? replyJson(reply) : replyForTerminal(reply)}\n`);
  return 0;
}
