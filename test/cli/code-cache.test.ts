import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

// dist/cli.js runs the CommonJS bundle with V8's code cache, dist/cli-code-cache.bin, recorded by
// the build (scripts/cli-entry.mjs, scripts/bundle-cli.mjs). What is checked: the cache is used as
// built; a file of the bundle edited since, a cache of another Node, a damaged cache file or other
// V8 flags are never served from it, and the CLI answers as it does without any cache.

/** A copy of the built CLI whose files the test may edit. */
function copyOfBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mynapin-code-cache-'));
  cpSync(join(REPO_ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(REPO_ROOT, 'intents'), join(dir, 'intents'), { recursive: true });
  cpSync(join(REPO_ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(join(REPO_ROOT, 'test'), join(dir, 'test'));
  return dir;
}

function ask(dir: string, text: string, nodeFlags: string[] = []) {
  const run = spawnSync(process.execPath, [...nodeFlags, join(dir, 'dist/cli.js'), 'ask', text], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', MYNAPIN_CODE_CACHE_REPORT: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const report = new Map([...run.stderr.matchAll(/^code cache (\S+): (\w+)$/gm)].map((m) => [m[1]!, m[2]!]));
  const otherStderr = run.stderr.replace(/^code cache .*\n/gm, '');
  return { status: run.status, stdout: run.stdout, report, otherStderr };
}

describe('the CLI with its code cache', { timeout: 120_000 }, () => {
  const dir = copyOfBuild();
  const cacheFile = join(dir, 'dist/cli-code-cache.bin');
  const cache = readFileSync(cacheFile);
  const askChunk = join(dir, 'dist/cli-chunks', readdirSync(join(dir, 'dist/cli-chunks')).find((n) => /^ask-.*\.cjs$/.test(n))!);
  const askSource = readFileSync(askChunk, 'utf8');
  const question = '暗証番号忘れた';
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // The answer without any cache: what every other run must print.
  let uncached: ReturnType<typeof ask>;
  beforeAll(() => {
    rmSync(cacheFile);
    uncached = ask(dir, question);
    writeFileSync(cacheFile, cache);
  });

  it('answers without a cache, and the same from the cache the build recorded', () => {
    expect(uncached.status).toBe(0);
    expect(uncached.otherStderr).toBe('');
    expect(uncached.stdout).toContain('[1] 4桁の暗証番号');
    expect(new Set(uncached.report.values())).toEqual(new Set(['none']));
    const cached = ask(dir, question);
    expect(cached.stdout).toBe(uncached.stdout);
    expect(cached.otherStderr).toBe('');
    expect(cached.report.get('cli-main.cjs')).toBe('used');
    expect(cached.report.size).toBeGreaterThan(3);
    expect(new Set(cached.report.values())).toEqual(new Set(['used']));
  });

  it('compiles a file edited since the build from its source, never from its stale cache', () => {
    // The same length (V8's own check of a cache is the source's length): only the SHA-1 tells.
    const edited = askSource.replace('`  [${i + 1}] ${s.label}`', '`  (${i + 1}) ${s.label}`');
    expect(edited).not.toBe(askSource);
    expect(edited.length).toBe(askSource.length);
    writeFileSync(askChunk, edited);
    try {
      const run = ask(dir, question);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(uncached.stdout.replace(/ {2}\[(\d)\] /g, '  ($1) '));
      expect(run.report.get(`cli-chunks/${askChunk.split('/').pop()}`)).toBe('stale');
      expect(run.report.get('cli-main.cjs')).toBe('used');
    } finally {
      writeFileSync(askChunk, askSource);
    }
  });

  it('ignores a damaged cache file, one of another Node version, and one V8 rejects (other flags)', () => {
    try {
      writeFileSync(cacheFile, cache.subarray(0, cache.length - 100));
      const damaged = ask(dir, question);
      expect(damaged.stdout).toBe(uncached.stdout);
      expect(new Set(damaged.report.values())).toEqual(new Set(['none']));

      writeFileSync(cacheFile, Buffer.from('not a cache'));
      expect(ask(dir, question).stdout).toBe(uncached.stdout);

      const length = cache.readUInt32LE(0);
      const header = cache.toString('utf8', 4, 4 + length).replace(`"node":"${process.version}"`, `"node":"v${'9'.repeat(process.version.length - 1)}"`);
      expect(Buffer.byteLength(header)).toBe(length);
      writeFileSync(cacheFile, Buffer.concat([cache.subarray(0, 4), Buffer.from(header), cache.subarray(4 + length)]));
      const otherNode = ask(dir, question);
      expect(otherNode.stdout).toBe(uncached.stdout);
      expect(new Set(otherNode.report.values())).toEqual(new Set(['none']));

      writeFileSync(cacheFile, cache);
      const otherFlags = ask(dir, question, ['--max-semi-space-size=2']);
      expect(otherFlags.stdout).toBe(uncached.stdout);
      expect(otherFlags.report.get('cli-main.cjs')).toBe('rejected');
    } finally {
      writeFileSync(cacheFile, cache);
    }
  });
});

describe('the built CLI with an edited lexicon', { timeout: 120_000 }, () => {
  // The build's stored tables (the lexicon's scan and automaton, the classifier) are keyed by what
  // they were made from: an edited lexicon matches none of them, so they are built again, and the
  // code cache (code only) changes nothing here.
  const dir = copyOfBuild();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const intentOf = (text: string): string => {
    const run = spawnSync(process.execPath, [join(dir, 'dist/cli.js'), 'ask', '--json', text], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    return (JSON.parse(run.stdout) as { intent: string }).intent;
  };

  it('answers from the edited words, never from the tables stored before the edit', () => {
    const texts = ['まいなの合言葉がでてこん', 'マイナの合言葉をわすれた'];
    expect(texts.map(intentOf)).toEqual(['none', 'none']);
    const file = join(dir, 'intents/_lexicon.yaml');
    const lexicon = readFileSync(file, 'utf8');
    const edited = lexicon.replace('  PIN:\n', '  PIN:\n    - 合言葉\n').replace('  FORGET:\n', '  FORGET:\n    - でてこん\n');
    expect(edited).not.toBe(lexicon);
    writeFileSync(file, edited);
    expect(texts.map(intentOf)).toEqual(['forgot_pin', 'forgot_pin']);
    writeFileSync(file, lexicon);
    expect(texts.map(intentOf)).toEqual(['none', 'none']);
  });
});
