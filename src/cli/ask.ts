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
 * The three pieces of {@link replyJson}: what comes before the answer text's JSON, that JSON
 * (of `reply.text`), and what follows it. classify writes the middle one as bytes encoded once
 * per answer text (see replyJsonBytes).
 */
export function replyJsonHead(reply: BotReply): string {
  return `{"intent":${JSON.stringify(reply.intent)},"confidence":${JSON.stringify(reply.confidence)},"reply":`;
}

export function replyJsonTail(reply: BotReply): string {
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

// …and as UTF-8 bytes, for classify, which writes bytes.
const textJsonBytes = new Map<string, Buffer>();

/** The UTF-8 bytes of the answer text's JSON, the middle piece of {@link replyJson}. */
export function replyJsonBytes(reply: BotReply): Buffer {
  let bytes = textJsonBytes.get(reply.text);
  if (bytes === undefined) {
    if (textJsonBytes.size >= 512) textJsonBytes.clear();
    textJsonBytes.set(reply.text, (bytes = Buffer.from(JSON.stringify(reply.text), 'utf8')));
  }
  return bytes;
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
