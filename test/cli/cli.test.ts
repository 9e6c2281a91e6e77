import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/paths.js';
import { asNumber } from '../helpers/secrets.js';

const cwd = mkdtempSync(join(tmpdir(), 'mynapin-cli-')); // no .env here: only what each test sets

/** Runs the built CLI as a user would, with a clean environment plus `env`. */
function mynapin(args: string[], input?: string | Buffer, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    input,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const jsonLines = (stdout: string) => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('mynapin CLI', () => {
  it('--help lists every command', () => {
    const { code, stdout } = mynapin(['--help']);
    expect(code).toBe(0);
    for (const command of ['serve', 'chat', 'ask', 'classify', 'eval', 'line check', 'line rich-menu']) expect(stdout).toContain(command);
  });

  it('ask prints a sourced answer for 「マイナカードの暗証番号忘れた」', () => {
    const { code, stdout } = mynapin(['ask', 'マイナカードの暗証番号忘れた']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/窓口/);
    expect(stdout).toMatch(/コンビニ/);
  });

  it('ask --json prints intent, confidence, reply and facts', () => {
    const { code, stdout } = mynapin(['ask', '--json', 'ロックされてしまいました']);
    expect(code).toBe(0);
    const reply = JSON.parse(stdout);
    expect(reply.intent).toBe('unlock_procedure');
    expect(reply.confidence).toBeGreaterThan(0.5);
    expect(reply.confidence).toBeLessThanOrEqual(1);
    expect(reply.reply).toMatch(/本人確認/);
    expect(reply.facts).toContain('F8');
  });

  it('classify answers one JSON line per input line, bad input included', () => {
    const lines = ['暗証番号を何回間違えるとロック?', '', '😅🙏', 'あ'.repeat(10_000), 'ロック\u0000\u0007\u001b[31m解除', 'キャッシュカードの暗証番号忘れた'];
    const input = Buffer.concat([Buffer.from(lines.join('\n') + '\n'), Buffer.from([0xff, 0xfe, 0x80, 0x0a])]);
    const { code, stdout } = mynapin(['classify'], input);
    expect(code).toBe(0);
    const out = jsonLines(stdout);
    expect(out).toHaveLength(lines.length + 1);
    for (const o of out) {
      expect(typeof o.reply).toBe('string');
      expect((o.reply as string).length).toBeGreaterThan(0);
      expect(o.confidence).toBeGreaterThanOrEqual(0);
      expect(o.confidence).toBeLessThanOrEqual(1);
    }
    expect(out[0]!.intent).toBe('lockout_rules');
    expect(out[0]!.reply).toMatch(/3回/);
    expect(out[5]!.intent).toBe('none');
  });

  it('classify ends quietly when its reader goes away (`classify < in.txt | head`)', async () => {
    const child = spawn(process.execPath, [CLI, 'classify'], { cwd, env: { PATH: process.env.PATH ?? '' } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // The first answers arrive, then the reader closes the pipe while thousands are still to come.
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end('暗証番号を忘れました\n'.repeat(5_000));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('chat --jsonl keeps the context of one conversation', () => {
    const { code, stdout } = mynapin(['chat', '--jsonl'], 'パスワードを忘れちゃった\n署名用です\n');
    expect(code).toBe(0);
    const [first, second] = jsonLines(stdout);
    expect(first!.intent).toBe('forgot_pin');
    expect(second!.intent).toBe('forgot_signature_pin');
    expect(second!.reply).toMatch(/JPKI/);
  });

  it('never echoes or logs a PIN or a My Number, even at LOG_LEVEL=debug', () => {
    const { code, stdout, stderr } = mynapin(['chat', '--jsonl'], '暗証番号 7305 で合ってる?\nマイナンバーは 1234-5678-9018 です\n', { LOG_LEVEL: 'debug' });
    expect(code).toBe(0);
    const out = jsonLines(stdout);
    expect(out).toHaveLength(2);
    expect(out[0]!.privacyWarning).toBe(true);
    for (const secret of ['7305', '1234-5678-9018', '123456789018']) {
      expect(stdout).not.toMatch(asNumber(secret));
      expect(stderr).not.toMatch(asNumber(secret));
    }
    expect(stderr.length).toBeGreaterThan(0); // debug logs were written, redacted
    // Nor inside a longer number: the log's time is ISO and the conversation's key has no digits, so a
    // plain search for the PIN (as the eval tools make) cannot find it in an epoch or a process id.
    expect(stderr).not.toMatch(/\d{5,}/);
    expect(stderr).not.toContain('7305');
  });

  it('eval prints per-intent precision and recall and the confusions', () => {
    const file = join(cwd, 'mini.tsv');
    writeFileSync(file, 'intent\ttext\nforgot_pin\t暗証番号わすれた\nnone\t天気\nlost_card\tこんにちは\n');
    const { code, stdout } = mynapin(['eval', file]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/precision/);
    expect(stdout).toMatch(/lost_card -> greeting/);
    expect(stdout).toMatch(/accuracy 0\.667/);
  });

  it('a bad setting stops start-up with its name and what it should be', () => {
    const { code, stderr } = mynapin(['ask', 'x'], undefined, { PORT: 'abc' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/PORT: a whole number from 0 to 65535/);
  });

  it('a half-configured platform names the missing variable', () => {
    const { code, stderr } = mynapin(['ask', 'x'], undefined, { LINE_CHANNEL_SECRET: 'abc' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/LINE_CHANNEL_ACCESS_TOKEN/);
  });

  it('an unknown command says how to get the list', () => {
    const { code, stderr } = mynapin(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown command "frobnicate".*--help/);
  });
});
