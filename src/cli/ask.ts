import type { Bot } from '../bot.js';
import type { BotReply } from '../conversation/types.js';
import { writeStdout } from './stdio.js';

/** The JSON shape of `ask --json`, `classify` and `chat --jsonl` lines. */
export function replyJson(reply: BotReply, extra: Record<string, unknown> = {}): string {
  // Built field by field (no spreads): classify writes one of these per line.
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
  for (const key in extra) json[key] = extra[key];
  return JSON.stringify(json);
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
