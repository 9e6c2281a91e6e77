import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { envSchema, loadEnv } from '../../src/config/env.js';
import { settingsKey, storedSettings, type StoredSettings } from '../../src/cli/settings.js';
import { CLI, REPO_ROOT } from '../helpers/paths.js';

// The settings the build validated (dist/settings-validated.json, scripts/snapshot-intents.mjs).
const BUILT = pathToFileURL(join(REPO_ROOT, 'dist/settings-validated.json'));
const built = JSON.parse(readFileSync(BUILT, 'utf8')) as StoredSettings;
const names = Object.keys(envSchema.shape);

describe('settings validated at build time', () => {
  it('names exactly the variables of the schema, in its order (a stale file would not)', () => {
    expect(built.names).toEqual(names);
  });

  it.each([[{}], [{ LOG_LEVEL: 'warn' }]])('gives what zod gives for %j, other variables of the process ignored', (source) => {
    const withOthers = { ...source, PATH: '/usr/bin', HOME: '/home/city', npm_config_cache: '/tmp' };
    expect(storedSettings(withOthers, BUILT)).toEqual(loadEnv(source));
    expect(storedSettings(withOthers, BUILT)).toEqual(loadEnv(withOthers));
  });

  it.each([
    [{ LOG_LEVEL: 'debug' }],
    [{ LOG_LEVEL: 'warn', MUNICIPALITY_NAME: 'テスト市' }],
    [{ PORT: 'abc' }],
    [{ PORT: '' }], // set, even if empty: zod decides what it means
    [{ LINE_CHANNEL_SECRET: 's' }],
  ])('leaves %j to zod', (source) => {
    expect(storedSettings(source, BUILT)).toBeUndefined();
  });

  it('keys the values a variable has, in the schema order', () => {
    expect(settingsKey(['A', 'B'], { B: '2', A: '1', C: '3' })).toBe('[["A","1"],["B","2"]]');
    expect(settingsKey(['A', 'B'], { B: '' })).toBe('[["B",""]]');
  });

  it('falls back to zod when the file is missing or broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mynapin-settings-'));
    expect(storedSettings({}, pathToFileURL(join(dir, 'none.json')))).toBeUndefined();
    const broken = join(dir, 'broken.json');
    for (const text of ['{"names": [', '[]', '{"names": "PORT", "outputs": {}}', '{"names": ["PORT"]}']) {
      writeFileSync(broken, text);
      expect(storedSettings({}, pathToFileURL(broken)), text).toBeUndefined();
    }
  });

  it('a .env that sets a variable is validated and used by `mynapin ask`', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mynapin-settings-env-'));
    writeFileSync(join(cwd, '.env'), 'MUNICIPALITY_NAME=テスト市\n');
    const ok = spawnSync(process.execPath, [CLI, 'ask', '窓口はどこですか'], { cwd, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('テスト市');
    writeFileSync(join(cwd, '.env'), 'SESSION_TTL_SECONDS=1\n');
    const bad = spawnSync(process.execPath, [CLI, 'ask', '窓口はどこですか'], { cwd, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/SESSION_TTL_SECONDS: a whole number from 10 to 86400/);
  });
});
