import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const database = fileURLToPath(new URL('../../dist/unanswered/database.js', import.meta.url));

// compose.yaml runs two instances on one DATA_DIR volume; both open (and may create) the database
// at the same moment. Before the open waited for a busy file, the second crashed with
// "database is locked" about one start in three on this machine.
describe('two processes opening one fresh DATA_DIR at once', () => {
  it('both open it, and the schema is migrated once', async () => {
    for (let round = 0; round < 6; round++) {
      const dir = mkdtempSync(join(tmpdir(), 'mynapin-shared-data-'));
      try {
        const script = `const { openUnansweredDatabase } = await import(${JSON.stringify(database)});
          const db = openUnansweredDatabase({ dataDir: ${JSON.stringify(dir)}, retentionDays: 90 });
          console.log('opened'); db.close();`;
        const both = await Promise.all([0, 1].map(() => run(process.execPath, ['--input-type=module', '-e', script])));
        expect(both.map((r) => r.stdout.trim())).toEqual(['opened', 'opened']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
