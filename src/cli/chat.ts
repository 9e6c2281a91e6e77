import { createInterface } from 'node:readline/promises';
import type { Bot } from '../bot.js';
import type { BotReply } from '../conversation/types.js';
import { replyForTerminal, replyJson } from './ask.js';
import { stdinLines, writeOut } from './io.js';

/**
 * `mynapin chat --jsonl`: stdin is ONE conversation, a user message per line; each answer is one
 * JSON line. This is what scripted dialogue tests drive.
 */
export async function runChatJsonl(bot: Bot): Promise<number> {
  const key = `cli:chat:${process.pid}`;
  for await (const line of stdinLines()) {
    const reply = await bot.engine.respond({ conversationKey: key, text: line });
    await writeOut(`${replyJson(reply)}\n`);
  }
  return 0;
}

const BANNER = [
  'mynapin — マイナンバーカードの暗証番号についてお答えします。',
  '質問を入力してください（例: 暗証番号を忘れた）。番号を入力すると候補を選べます。終了は Ctrl+D または「exit」。',
  '※ 暗証番号やマイナンバーは入力しないでください。',
].join('\n');

/** `mynapin chat`: an interactive conversation in the terminal; a number picks a suggestion. */
export async function runChatInteractive(bot: Bot): Promise<number> {
  const key = `cli:chat:${process.pid}`;
  if (!process.stdin.isTTY) {
    // Piped input without --jsonl: same conversation, plain-text answers.
    for await (const line of stdinLines()) {
      const reply = await bot.engine.respond({ conversationKey: key, text: line });
      await writeOut(`${replyForTerminal(reply)}\n\n`);
    }
    return 0;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  process.stdout.write(`${BANNER}\n\n`);
  let last: BotReply | undefined;
  rl.on('SIGINT', () => rl.close());
  try {
    for (;;) {
      let input: string;
      try {
        input = await rl.question('あなた> ');
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
      last = await bot.engine.respond({ conversationKey: key, text });
      process.stdout.write(`\nmynapin> ${replyForTerminal(last).replace(/\n/g, '\n         ')}\n\n`);
    }
  } finally {
    rl.close();
  }
  return 0;
}
