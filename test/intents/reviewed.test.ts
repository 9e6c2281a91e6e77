import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendReviewedPhrase, loadReviewedPhrases } from '../../src/intents/reviewed.js';
import { REPO_ROOT } from '../helpers/paths.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A process that appends `count` phrases of its own (the built module, as `review` runs it). */
function writer(file: string, name: string, count: number): Promise<number | null> {
  const script = `
    const { appendReviewedPhrase } = await import(${JSON.stringify(join(REPO_ROOT, 'dist/intents/reviewed.js'))});
    for (let i = 0; i < ${count}; i++) appendReviewedPhrase(${JSON.stringify(file)}, 'office_contact', '${name} の質問 ' + i);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', resolve));
}

describe('appendReviewedPhrase with several writers', () => {
  it('keeps every phrase when processes append at the same time', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mynapin-reviewed-'));
    const file = join(dir, 'reviewed-phrases.yaml');
    const codes = await Promise.all(['a', 'b', 'c', 'd'].map((name) => writer(file, name, 25)));
    expect(codes).toEqual([0, 0, 0, 0]);
    const phrases = loadReviewedPhrases(file).get('office_contact') ?? [];
    expect(phrases).toHaveLength(100);
    expect(existsSync(`${file}.lock`)).toBe(false);
  }, 60_000);

  it('takes over a lock left by a process that died holding it', () => {
    dir = mkdtempSync(join(tmpdir(), 'mynapin-reviewed-'));
    const file = join(dir, 'reviewed-phrases.yaml');
    writeFileSync(`${file}.lock`, '99999');
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, minuteAgo, minuteAgo);
    expect(appendReviewedPhrase(file, 'office_contact', '土曜日も開いてる?')).toBe(true);
    expect(loadReviewedPhrases(file).get('office_contact')).toEqual(['土曜日も開いてる?']);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
