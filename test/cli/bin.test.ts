import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../helpers/paths.js';

// README: after `npm ci` (which builds), `npx mynapin …` works. The bin is dist/cli.js, written by
// scripts/bundle-cli.mjs; a fresh build once left it without its execute bits, and npx then failed
// with "Permission denied" (exit 126/127) while `node dist/cli.js` still worked.
// npx starts a Node of its own before the CLI's: seconds on a loaded machine, under the whole suite.
describe('the package bin', { timeout: 60_000 }, () => {
  it('is executable', () => {
    expect(statSync(CLI).mode & 0o111).toBe(0o111);
  });
  it('answers through npx, as the README runs it', () => {
    const run = spawnSync('npx', ['--no-install', 'mynapin', 'classify'], { cwd: REPO_ROOT, input: '暗証番号忘れた\n', encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim()).intent).toBe('forgot_pin');
  });
});
