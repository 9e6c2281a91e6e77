import { createInterface } from 'node:readline';

/** Yields stdin line by line (without the line break; a trailing \r is dropped). */
export async function* stdinLines(): AsyncGenerator<string> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  for await (const line of rl) yield line;
}

/**
 * Yields the lines of a stream in batches, one batch per chunk read, breaking lines as readline
 * does (\n, \r\n or a lone \r; a last line without a break counts). The next chunk is read only
 * when the caller asks for the next batch, so memory stays bounded however long the input is
 * (readline's iterator reads ahead without limit while the consumer is busy).
 */
// A line longer than this is cut (the engine answers anything over 500 characters as too long):
// without a bound, input with no line break at all would be held whole.
const MAX_LINE_CHARS = 1 << 16;

export async function* lineBatches(input: NodeJS.ReadableStream = process.stdin): AsyncGenerator<string[]> {
  input.setEncoding('utf8');
  let carry = '';
  for await (const chunk of input as AsyncIterable<string>) {
    const text = carry + chunk;
    const lines: string[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) {
        lines.push(text.slice(start, i));
        start = i + 1;
      } else if (c === 13 /* \r */) {
        if (i + 1 === text.length) break; // a \n may follow in the next chunk
        lines.push(text.slice(start, i));
        if (text.charCodeAt(i + 1) === 10) i++;
        start = i + 1;
      }
    }
    carry = text.slice(start, start + MAX_LINE_CHARS + 1);
    if (lines.length > 0) yield lines;
  }
  if (carry.endsWith('\r')) carry = carry.slice(0, -1);
  if (carry.length > 0) yield [carry];
}

/** Writes to stdout, waiting when the pipe is full so huge outputs keep their order and memory stays flat. */
export function writeOut(text: string | Uint8Array): Promise<void> | void {
  if (process.stdout.write(text)) return;
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}
