import { createInterface } from 'node:readline/promises';
import type { Bot } from '../bot.js';
import type { BotReply } from '../conversation/types.js';
import { replyForTerminal, replyJson } from './ask.js';
import { stdinLines, writeOut } from './io.js';

/**
 * `mynapin chat --jsonl`: stdin is ONE conversation, a user message per line; each answer is one
 * JSON line. This is what scripted dialogue tests drive.
 */
export async function runChatJsonl(bot: Bot, lang?: string): Promise<number> {
  const key = chatKey();
  for await (const line of stdinLines()) {
    const reply = await bot.engine.respond({ conversationKey: key, text: line, ...(lang ? { lang } : {}) });
    await writeOut(`${replyJson(reply)}\n`);
  }
  return 0;
}

/** `mynapin chat`: an interactive conversation in the terminal; a number picks a suggestion. */
export async function runChatInteractive(bot: Bot, lang?: string): Promise<number> {
  const key = chatKey();
  // --lang sets the language until the resident writes in another (then the replies follow them).
  let current = lang;
  if (!process.stdin.isTTY) {
    // Piped input without --jsonl: same conversation, plain-text answers.
    for await (const line of stdinLines()) {
      const reply = await bot.engine.respond({ conversationKey: key, text: line, ...(lang ? { lang } : {}) });
      await writeOut(`${replyForTerminal(reply)}\n\n`);
    }
    return 0;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  process.stdout.write(`${bot.knowledge.ui('cli_intro', current)}\n\n`);
  let last: BotReply | undefined;
  rl.on('SIGINT', () => rl.close());
  try {
    for (;;) {
      let input: string;
      try {
        input = await rl.question(bot.knowledge.ui('cli_prompt', current));
      } catch {
        break; // closed (Ctrl+D / Ctrl+C)
      }
      const trimmed = input.trim();
      if (/^(exit|quit|終了)$/i.test(trimmed)) break;
      // A bare number picks one of the last reply's suggestions, as a button would.
      const pick = /^[0-9０-９]$/.test(trimmed) ? Number(trimmed.normalize('NFKC')) : NaN;
      const chosen = last?.suggestions[pick - 1];
      const text = chosen ? chosen.text : input;
      if (chosen) process.stdout.write(`（${chosen.text}）\n`);
      last = await bot.engine.respond({ conversationKey: key, text, ...(current ? { lang: current } : {}) });
      current = last.lang ?? current;
      process.stdout.write(`\nmynapin> ${replyForTerminal(last).replace(/\n/g, '\n         ')}\n\n`);
    }
  } finally {
    rl.close();
  }
  return 0;
}

/**
 * The CLI conversation's key: the process id written in letters (0 → a … 9 → j), so that a debug log line
 * holds no digits a PIN could be mistaken for (see logger.ts).
 */
function chatKey(): string {
  return `cli:chat:${String(process.pid).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}`;
}
