import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/paths.js';
import { chat } from '../server/helpers.js';

// A city's nickname for its evening counter: unanswered until staff review it (the bot learnt 「休日開庁」 itself).
const QUESTION = 'ナイター受付ある?';
let dir: string;
let child: ChildProcess | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mynapin-reload-'));
});
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** `mynapin serve` as a city runs it (the built CLI), with DATA_DIR in a temporary folder. */
function serve(): Promise<{ base: URL; logs: () => string }> {
  const proc = spawn(process.execPath, [CLI, 'serve'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: join(dir, 'data'), CHAT_RATE_LIMIT_PER_MINUTE: '100000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let stdout = '';
  proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve, reject) => {
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const url = /web chat (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url) resolve({ base: new URL(url), logs: () => stdout });
    });
    proc.once('exit', (code) => reject(new Error(`serve exited early with ${code}: ${stderr}`)));
  });
}

let n = 0;
async function ask(base: URL, text = QUESTION): Promise<string> {
  const res = await chat(base, { conversationId: `reload-test-${n++}-abcdefghijkl`, text });
  expect(res.status).toBe(200);
  return res.json<{ intent: string }>().intent;
}

async function eventually(what: string, check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the running server reloads reviewed phrases without a restart', { timeout: 60_000 }, () => {
  it('a new phrase changes the next answer; a broken file keeps the old data and logs why; SIGHUP reloads', async () => {
    const { base, logs } = await serve();
    const file = join(dir, 'data', 'reviewed-phrases.yaml');
    expect(await ask(base)).toBe('none');
    expect(existsSync(join(dir, 'data', 'mynapin.db'))).toBe(true);

    // Staff add the phrase (as `mynapin review` does: write + rename).
    writeFileSync(`${file}.tmp`, `office_contact:\n  - "${QUESTION}"\n`);
    renameSync(`${file}.tmp`, file);
    await eventually('the new answer', async () => (await ask(base)) === 'office_contact');
    await eventually('the reload log line', () => /"component":"reload".*"reviewedPhrases":1.*"msg":"intent data reloaded"/.test(logs()));

    // A broken file (by hand, in place): refused, the bot keeps answering from the last good data.
    writeFileSync(file, 'office_contact:\n  - "unclosed\n');
    await eventually('the refusal in the log', () => /intent data NOT reloaded/.test(logs()));
    expect(logs()).toMatch(/"error":"[^"]*reviewed-phrases\.yaml: YAML syntax error[^"]*".*NOT reloaded/);
    expect(await ask(base)).toBe('office_contact');

    writeFileSync(file, `office_contactt:\n  - "${QUESTION}"\n`);
    await eventually('the unknown id in the log', () => /\\"office_contactt\\" is not an intent id/.test(logs()));
    expect(await ask(base)).toBe('office_contact');

    // Fixed again, with the phrase gone; SIGHUP reloads too.
    const reloadsBefore = (logs().match(/intent data reloaded/g) ?? []).length;
    writeFileSync(file, '# nothing reviewed yet\n');
    await eventually('the reload', () => (logs().match(/intent data reloaded/g) ?? []).length > reloadsBefore);
    expect(await ask(base)).toBe('none');
    child!.kill('SIGHUP');
    await eventually('the SIGHUP reload', () => /"reason":"SIGHUP".*"msg":"intent data reloaded"/.test(logs()));
    expect(await ask(base)).toBe('none');

    child!.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
    expect(child!.exitCode).toBe(0);
    // What was queued at the signal was written before the exit.
    const db = new Database(join(dir, 'data', 'mynapin.db'), { readonly: true });
    try {
      const logged = db.prepare("SELECT COUNT(*) FROM unanswered WHERE reason = 'none' AND masked_text = ?").pluck().get(QUESTION) as number;
      expect(logged).toBeGreaterThanOrEqual(3);
      expect(db.prepare("SELECT SUM(turns) FROM turn_counts WHERE intent = 'office_contact'").pluck().get()).toBeGreaterThanOrEqual(3);
    } finally {
      db.close();
    }
  });
});
