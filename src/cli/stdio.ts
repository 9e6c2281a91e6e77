import { writeSync } from 'node:fs';

// A one-shot `mynapin ask` writes one answer. process.stdout is a stream Node makes on first use,
// and making it loads the stream modules (~2 ms of a cold ask, measured with
// callgrind: 12 M of 450 M instructions). Writing the answer straight to the descriptor skips that;
// the exit then waits only for the streams that were made (see exitOnceWritten in cli.ts).

const made = new Set<'stdout' | 'stderr'>();

/**
 * Notes when process.stdout or process.stderr is first made (anything may write to them: Node's
 * own warnings, an error message), so that {@link streamsMade} can tell which ones may still hold
 * output. Call once, before anything writes.
 */
export function watchStdioStreams(): void {
  for (const name of ['stdout', 'stderr'] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(process, name);
    const get = descriptor?.get;
    if (!get || !descriptor.configurable) {
      made.add(name); // not a lazy getter here: treat it as made
      continue;
    }
    Object.defineProperty(process, name, {
      ...descriptor,
      get() {
        const stream = get.call(process) as NodeJS.WriteStream;
        if (!made.has(name)) {
          made.add(name);
          if (name === 'stdout') stream.on('error', quitWhenReaderGone);
        }
        return stream;
      },
    });
  }
}

/** The standard streams that exist (made since watchStdioStreams, or by a write to them). */
export function streamsMade(): ReadonlySet<'stdout' | 'stderr'> {
  return made;
}

/**
 * Writes `text` to stdout. Straight to the descriptor while it takes the bytes at once (a file, a
 * terminal, a pipe with room); whatever it would not take now (a full non-blocking pipe) goes
 * through process.stdout, which waits for room, so nothing is lost and the order is kept.
 */
export function writeStdout(text: string): void {
  if (made.has('stdout')) {
    process.stdout.write(text); // already a stream: keep the order of what it holds
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  try {
    while (at < bytes.length) at += writeSync(1, bytes, at, bytes.length - at);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') quitWhenReaderGone(error as NodeJS.ErrnoException);
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    process.stdout.write(bytes.subarray(at));
  }
}

/**
 * The reader of stdout went away (`mynapin classify < in.txt | head`): what is left to write is not
 * wanted, so the command ends quietly, as `yes | head` does, instead of with an unhandled 'error'
 * event and its stack. Any other error of stdout is one to report.
 */
function quitWhenReaderGone(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
}
