import { createInterface } from 'node:readline';

/** Yields stdin line by line (without the line break; a trailing \r is dropped). */
export async function* stdinLines(): AsyncGenerator<string> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  for await (const line of rl) yield line;
}

/** Writes to stdout, waiting when the pipe is full so huge outputs keep their order and memory stays flat. */
export function writeOut(text: string): Promise<void> | void {
  if (process.stdout.write(text)) return;
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}
