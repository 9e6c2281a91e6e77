import type { Bot } from '../bot.js';
import { replyJson } from './ask.js';
import { stdinLines, writeOut } from './io.js';

/**
 * `mynapin classify`: one utterance per stdin line → one JSON line per utterance, same order.
 * Every line is its own conversation (no context carries over), answered by the same engine as
 * every channel, so the reply is exactly what a resident would see.
 */
export async function runClassify(bot: Bot): Promise<number> {
  let n = 0;
  for await (const line of stdinLines()) {
    const key = `cli:classify:${n++}`;
    const reply = await bot.engine.respond({ conversationKey: key, text: line });
    await bot.engine.forget(key);
    await writeOut(`${replyJson(reply)}\n`);
  }
  return 0;
}
