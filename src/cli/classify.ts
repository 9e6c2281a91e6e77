import type { Bot } from '../bot.js';
import { StatelessSessionStore } from '../conversation/session-store.js';
import type { BotReply } from '../conversation/types.js';
import { replyJsonHead, replyJsonRestBytes } from './ask.js';
import { lineBatches, writeOut } from './io.js';

// Output is written in pieces of about this many bytes: one write per line was an eighth of the
// time (a system call each, stdout being synchronous for files and pipes).
const FLUSH_BYTES = 1 << 16;

/**
 * `mynapin classify`: one utterance per stdin line → one JSON line per utterance, same order.
 * Every line is its own conversation (no context carries over), answered by the same engine as
 * every channel, so the reply is exactly what a resident would see. Input is read as it is
 * consumed and output flushed as it goes, so memory does not grow with the input.
 */
export async function runClassify(bot: Bot, lang?: string): Promise<number> {
  let n = 0;
  const out = new JsonLines();
  // A store that keeps nothing has nothing to forget: no async call and its awaits per line.
  const forgets = !(bot.store instanceof StatelessSessionStore);
  for await (const lines of lineBatches()) {
    for (const line of lines) {
      const key = `cli:classify:${n++}`;
      const reply = await bot.engine.respond({ conversationKey: key, text: line, ...(lang ? { lang } : {}) });
      if (forgets) await bot.engine.forget(key);
      out.add(reply);
      if (out.size >= FLUSH_BYTES) await out.flush();
    }
  }
  await out.flush();
  return 0;
}

/**
 * replyJson's lines, gathered as UTF-8 bytes: the head of each (intent, confidence) encoded, the
 * rest (answer text, facts, chips) copied from bytes made once per answer (see replyJsonRestBytes).
 */
class JsonLines {
  private bytes = Buffer.allocUnsafe(2 * FLUSH_BYTES);
  size = 0;

  add(reply: BotReply): void {
    const head = replyJsonHead(reply);
    const rest = replyJsonRestBytes(reply);
    // At most 3 bytes of UTF-8 per UTF-16 code unit.
    const most = 3 * head.length + rest.length;
    if (this.size + most > this.bytes.length) this.makeRoom(most);
    const bytes = this.bytes;
    const at = this.size + bytes.write(head, this.size);
    bytes.set(rest, at);
    this.size = at + rest.length;
  }

  /** Writes what was gathered; the next lines go to a new buffer (the stream may still hold this one). */
  flush(): Promise<void> | void {
    if (this.size === 0) return;
    const full = this.bytes.subarray(0, this.size);
    this.bytes = Buffer.allocUnsafe(this.bytes.length);
    this.size = 0;
    return writeOut(full);
  }

  private makeRoom(most: number): void {
    const gathered = this.bytes.subarray(0, this.size);
    this.bytes = Buffer.allocUnsafe(Math.max(2 * FLUSH_BYTES, 2 * (this.size + most)));
    this.bytes.set(gathered, 0);
  }
}
