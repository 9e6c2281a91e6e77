import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

/**
 * Runs `script` (ES module source) in a fresh Node whose stdout the test reads `delayMs` late, so a
 * large write finds the pipe full; resolves with everything the child wrote and its exit code.
 */
function runChild(script: string, delayMs: number): Promise<{ out: Buffer; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.pause();
    setTimeout(() => {
      child.stdout.on('data', (d: Buffer) => chunks.push(d));
      child.stdout.resume();
    }, delayMs);
    child.once('error', reject);
    child.once('close', (code) => resolve({ out: Buffer.concat(chunks), code, stderr }));
  });
}

// Lines numbered so a lost, repeated or reordered piece shows: 2 MB, far more than a pipe holds.
const BIG = `Array.from({ length: 40000 }, (_, i) => String(i).padStart(8, '0') + ' 暗証番号のテキスト行\\n').join('')`;
const expected = Array.from({ length: 40000 }, (_, i) => `${String(i).padStart(8, '0')} 暗証番号のテキスト行\n`).join('');

describe('writeStdout (ask writes its answer straight to the descriptor)', () => {
  it('delivers a write larger than the pipe whole and in order when the reader is slow', async () => {
    const { out, code, stderr } = await runChild(`import { writeStdout } from './dist/cli/stdio.js'; writeStdout(${BIG});`, 200);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(out.toString('utf8')).toBe(expected);
  });

  it('hands the rest to process.stdout when the pipe is non-blocking and full (EAGAIN), losing nothing', async () => {
    // A socket opened on fd 1 makes the pipe non-blocking (libuv), as a parent's non-blocking pipe would be.
    const script = [
      "import net from 'node:net';",
      "import { writeStdout } from './dist/cli/stdio.js';",
      'new net.Socket({ fd: 1, readable: false, writable: true }).unref();',
      `writeStdout(${BIG});`,
    ].join('\n');
    const { out, code, stderr } = await runChild(script, 200);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(out.toString('utf8')).toBe(expected);
  });

  it('after process.stdout is made, writes through it so earlier output keeps its place', async () => {
    const script = [
      "import { watchStdioStreams, writeStdout, streamsMade } from './dist/cli/stdio.js';",
      'watchStdioStreams();',
      "process.stdout.write('first\\n');",
      "writeStdout('second\\n');",
      "process.stderr.write([...streamsMade()].join(','));",
    ].join('\n');
    const { out, code, stderr } = await runChild(script, 0);
    expect(code).toBe(0);
    expect(out.toString('utf8')).toBe('first\nsecond\n');
    expect(stderr).toBe('stdout,stderr');
  });
});
