import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

/** The key in the header of a stored scan (see lexicon-scan.ts). */
function headerKey(bytes: Buffer): unknown {
  const length = bytes.readUInt32LE(0);
  return (JSON.parse(bytes.toString('utf8', 4, 4 + length)) as { key?: unknown }).key;
}

describe("the build's stored lexicon scan (dist/lexicon-scan.bin)", () => {
  it('is stored under the key a start computes for the unedited intents, so a cold ask reads it instead of analysing the lexicon', async () => {
    // The built modules, as the CLI runs them; a scan built afresh here has the key a start looks up.
    const built = (path: string) => import(pathToFileURL(join(REPO_ROOT, 'dist', path)).href);
    const { createMatcher } = await built('nlu/index.js');
    const { recordScans, lastScanBytes } = await built('nlu/lexicon-scan.js');
    recordScans();
    createMatcher({ cacheSize: 0 }).match('暗証番号を忘れました');
    const fresh = lastScanBytes() as Buffer | undefined;
    expect(fresh).toBeDefined();
    expect(headerKey(readFileSync(join(REPO_ROOT, 'dist/lexicon-scan.bin')))).toBe(headerKey(fresh!));
  });

  it("stores English's scan (the lexicon with intents/locales/en/_nlu.yaml's words) after it, as the first English message looks it up", async () => {
    const built = (path: string) => import(pathToFileURL(join(REPO_ROOT, 'dist', path)).href);
    const { createMatcher } = await built('nlu/index.js');
    const { recordScans, recordedScanBytes } = await built('nlu/lexicon-scan.js');
    recordScans();
    const matcher = createMatcher({ cacheSize: 0 });
    matcher.match('暗証番号を忘れました');
    matcher.match('I forgot my PIN');
    const fresh = recordedScanBytes() as (Buffer | undefined)[];
    expect(fresh).toHaveLength(2);
    expect(headerKey(readFileSync(join(REPO_ROOT, 'dist/lexicon-scan.bin')))).toBe(headerKey(fresh[0]!));
    expect(headerKey(readFileSync(join(REPO_ROOT, 'dist/lexicon-scan-1.bin')))).toBe(headerKey(fresh[1]!));
  });
});
