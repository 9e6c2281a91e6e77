import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';

/** The rows `sql` reads from the unanswered-question log in `dataDir` (opened read-only, then closed). */
export function storedRows(dataDir: string, sql: string): unknown[] {
  const db = new Database(join(dataDir, 'mynapin.db'), { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

/**
 * Fails if any file in `dir` (the SQLite database and its WAL / SHM files) holds one of `secrets`,
 * as UTF-8 or as UTF-16: what the unanswered-question log must never write (PINs, user ids,
 * conversation ids).
 */
export function expectNotStored(dir: string, secrets: readonly string[]): void {
  for (const file of readdirSync(dir)) {
    const bytes = readFileSync(join(dir, file));
    for (const secret of secrets) {
      expect(bytes.includes(Buffer.from(secret, 'utf8')), `${secret} in ${file}`).toBe(false);
      expect(bytes.includes(Buffer.from(secret, 'utf16le')), `${secret} (UTF-16) in ${file}`).toBe(false);
    }
  }
}
