import type { Bot } from '../bot.js';
import { replyJson } from './ask.js';
import { lineBatches, writeOut } from './io.js';

// Output is written in pieces of about this many characters: one write per line was an eighth
// of the time (a system call each, stdout being synchronous for files and pipes).
const FLUSH_CHARS = 1 << 16;

/**
 * `mynapin classify`: one utterance per stdin line → one JSON line per utterance, same order.
 * Every line is its own conversation (no context carries over), answered by the same engine as
 * every channel, so the reply is exactly what a resident would see. Input is read as it is
 * consumed and output flushed as it goes, so memory does not grow with the input.
 */
export async function runClassify(bot: Bot, lang?: string): Promise<number> {
  let n = 0;
  let out = '';
  for await (const lines of lineBatches()) {
    for (const line of lines) {
      const key = `cli:classify:${n++}`;
      const reply = await bot.engine.respond({ conversationKey: key, text: line, ...(lang ? { lang } : {}) });
      await bot.engine.forget(key);
      out += `${replyJson(reply)}\n`;
      if (out.length >= FLUSH_CHARS) {
        await writeOut(out);
        out = '';
      }
    }
  }
  if (out.length > 0) await writeOut(out);
  return 0;
}
