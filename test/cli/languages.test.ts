import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/paths.js';

const cwd = mkdtempSync(join(tmpdir(), 'mynapin-cli-lang-'));

/** Runs the built CLI (npm run build) as a user would. */
function mynapin(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, input, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const jsonLines = (stdout: string) => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('CLI languages', { timeout: 60_000 }, () => {
  it('ask --json answers English in English and says "lang"', () => {
    const { code, stdout } = mynapin(['ask', '--json', 'I forgot my PIN']);
    expect(code).toBe(0);
    const reply = JSON.parse(stdout) as Record<string, unknown>;
    expect(reply.lang).toBe('en');
    expect(reply.reply).not.toMatch(/[ぁ-ん]{3}/);
  });

  it('classify gives each line’s language; --lang sets it for lines with none of their own', () => {
    const plain = jsonLines(mynapin(['classify'], '暗証番号を忘れた\nlocked card what do I do\n👍\n').stdout);
    expect(plain.map((r) => r.lang)).toEqual(['ja', 'en', 'ja']);
    const easy = jsonLines(mynapin(['classify', '--lang', 'ja-easy'], '暗証番号を忘れた\n👍\nI lost my card\n').stdout);
    expect(easy.map((r) => r.lang)).toEqual(['ja-easy', 'ja-easy', 'en']);
  });

  it('chat --jsonl keeps the conversation’s language; an unknown --lang is refused with the list', () => {
    const lines = jsonLines(mynapin(['chat', '--jsonl'], 'I forgot my PIN\nthe signature one\n4\nやさしい日本語で\n').stdout);
    expect(lines.map((r) => r.lang)).toEqual(['en', 'en', 'en', 'ja-easy']);
    expect(lines[1]!.intent).toBe('forgot_signature_pin');
    const bad = mynapin(['ask', '--lang', 'klingon', 'hello']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lang klingon: .*ja, .*en/);
  });
});
