import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FeedbackRecorder } from '../../src/feedback/recorder.js';
import { createLogger } from '../../src/logging/logger.js';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ stream: new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }) });
  return { lines, logger };
}

describe('FeedbackRecorder', () => {
  it('counts per intent and appends one JSON line per click, creating the directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mynapin-fb-'));
    const file = join(dir, 'nested', 'feedback.jsonl');
    const r = new FeedbackRecorder({ file, logger: capture().logger });
    await Promise.all([r.record('forgot_pin', true, 'slack'), r.record('forgot_pin', false, 'line'), r.record('lost_card', true, 'web')]);
    expect(r.snapshot()).toEqual({ forgot_pin: { helpful: 1, unhelpful: 1 }, lost_card: { helpful: 1, unhelpful: 0 } });
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.channel, l.intent, l.helpful])).toEqual([['slack', 'forgot_pin', true], ['line', 'forgot_pin', false], ['web', 'lost_card', true]]);
    for (const line of lines) expect(Object.keys(line).sort()).toEqual(['at', 'channel', 'helpful', 'intent']);
  });

  it('counts in memory only when no file is set', async () => {
    const r = new FeedbackRecorder({ logger: capture().logger });
    await r.record('help', false, 'web');
    expect(r.snapshot()).toEqual({ help: { helpful: 0, unhelpful: 1 } });
  });

  it('logs (never throws) when the file cannot be written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mynapin-fb-'));
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, 'x');
    const { lines, logger } = capture();
    const r = new FeedbackRecorder({ file: join(blocker, 'feedback.jsonl'), logger });
    await expect(r.record('forgot_pin', true, 'line')).resolves.toBeUndefined();
    expect(lines.join('')).toContain('FEEDBACK_FILE');
    expect(r.snapshot()).toEqual({ forgot_pin: { helpful: 1, unhelpful: 0 } });
  });
});
