// `npm run bench`: every benchmark of the project, one after the other (they share 2 cores, so
// never in parallel). Pass --quick to shorten the HTTP soak.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const steps = [
  ['nlu.mjs', []],
  ['conversation.mjs', []],
  ['http.mjs', quick ? ['--soak', '10'] : []],
];
let failed = false;
for (const [file, args] of steps) {
  const path = join(here, file);
  if (!existsSync(path)) continue;
  // taskset pins each in-process benchmark to one core, so figures are per core; the HTTP
  // benchmark pins its server and its load generator to separate cores itself.
  const pinned = file !== 'http.mjs' && spawnSync('taskset', ['--version']).status === 0;
  const cmd = pinned ? 'taskset' : process.execPath;
  const argv = pinned ? ['-c', '0', process.execPath, path, ...args] : [path, ...args];
  const r = spawnSync(cmd, argv, { stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
