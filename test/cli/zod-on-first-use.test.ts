import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

// The bundled CLI loads zod (dist/zod-vendor.cjs, see scripts/bundle-cli.mjs) only when a schema is
// built: these runs need it, an unedited tree and unconfigured settings do not.

/** A copy of the built CLI and intents/ whose intent files the test may edit. */
function copyOfBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mynapin-zod-'));
  cpSync(join(REPO_ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(REPO_ROOT, 'intents'), join(dir, 'intents'), { recursive: true });
  cpSync(join(REPO_ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function ask(dir: string, text: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(dir, 'dist/cli.js'), 'ask', '--json', text], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('zod on first use in the bundled CLI', { timeout: 120_000 }, () => {
  const dir = copyOfBuild();
  const file = join(dir, 'intents/forgot_pin.yaml');
  const original = readFileSync(file, 'utf8');

  it('validates an intent file edited since the build, and names a broken field', () => {
    writeFileSync(file, original.replace('  facts: [F6, F7, F8]\n  text:', '  facts: [F6, F99, F8]\n  text:'));
    const broken = ask(dir, '暗証番号を忘れました');
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toMatch(/forgot_pin\.yaml: answer\.facts\[1\]: unknown fact id "F99"/);

    const withPhrase = original.replace(/^phrases:.*\n/m, '$&  - ぱすこーどがおもいだせないんだけど\n');
    expect(withPhrase).not.toBe(original);
    writeFileSync(file, withPhrase);
    const edited = ask(dir, '暗証番号を忘れました');
    expect(edited.stderr).toBe('');
    expect(edited.status).toBe(0);
    expect(JSON.parse(edited.stdout)).toMatchObject({ intent: 'forgot_pin' });
    writeFileSync(file, original);
  });

  it('validates configured settings, and names a bad one', () => {
    expect(ask(dir, '窓口はどこですか', { MUNICIPALITY_NAME: 'テスト市' }).stdout).toContain('テスト市');
    const bad = ask(dir, '窓口はどこですか', { MUNICIPALITY_URL: 'not a url' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/MUNICIPALITY_URL: the municipality page about the My Number Card \(an http\(s\) URL\)/);
  });
});
