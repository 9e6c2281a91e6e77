import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The built CLI (tests run `npm run build` first: `npm test` does). */
export const CLI = join(REPO_ROOT, 'dist/cli.js');

/**
 * The project's shared folder (facts, intents catalogue, labelled eval sets): MYNAPIN_SHARED, else
 * `../shared` beside the clone, as CI lays it out. Undefined when absent (a city's own clone).
 */
export const SHARED_DIR: string | undefined = [process.env.MYNAPIN_SHARED, resolve(REPO_ROOT, '../shared')]
  .filter((p): p is string => Boolean(p))
  .find((p) => existsSync(join(p, 'eval/dev.tsv')));

/** True in CI, where the shared folder must be present (a missing one must fail, not skip). */
export const IN_CI = Boolean(process.env.CI);
