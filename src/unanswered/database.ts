import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError } from '../errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

/** File name of the database inside DATA_DIR. */
export const DATABASE_FILE = 'mynapin.db';

const DAY_MS = 86_400_000;
// Days are the city's days: Japan has one time zone and no daylight saving.
const JST_OFFSET_MS = 9 * 3_600_000;

/** `YYYY-MM-DD` of an instant, in Japan time. */
export function dayOf(at: number): string {
  return new Date(at + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first millisecond of the Japan-time day `at` falls in: dayOf gives the same day for 24 hours from it. */
export function dayStartOf(at: number): number {
  return at - ((((at + JST_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS);
}

export interface OpenDatabaseOptions {
  /** DATA_DIR; created when missing. */
  dataDir: string;
  /** UNANSWERED_RETENTION_DAYS: rows older than this are deleted at open and by purge(). */
  retentionDays: number;
  now?: () => number;
  /** Open without writing (report): no migration, no purge; fails on a database that is too old. */
  readonly?: boolean;
}

/** The opened database: the SQLite handle, and the retention purge. */
export interface UnansweredDatabase {
  db: Database.Database;
  file: string;
  /** Deletes rows older than the retention; returns how many log rows went. */
  purge(): number;
  close(): void;
}

/**
 * Opens (creating when needed) DATA_DIR/mynapin.db in WAL mode, applies the migrations it lacks in
 * order (each in a transaction, recorded in `schema_version`), then deletes rows past the retention.
 * Throws a ConfigError naming DATA_DIR when the folder or file cannot be used.
 */
export function openUnansweredDatabase(options: OpenDatabaseOptions): UnansweredDatabase {
  const now = options.now ?? Date.now;
  const dir = resolve(options.dataDir);
  const file = join(dir, DATABASE_FILE);
  let db: Database.Database;
  try {
    if (!options.readonly) mkdirSync(dir, { recursive: true });
    db = new Database(file, options.readonly ? { readonly: true, fileMustExist: true } : {});
  } catch (err) {
    const reason = (err as Error).message;
    throw new ConfigError(
      options.readonly
        ? `DATA_DIR: no unanswered-question database at ${file} (${reason}). Run \`mynapin serve\` with the same DATA_DIR first, or point DATA_DIR at the server's data folder.`
        : `DATA_DIR: cannot open ${file} (${reason}). Set DATA_DIR to a folder this user can write, or UNANSWERED_LOG=off.`,
      { cause: err },
    );
  }
  if (!options.readonly) {
    db.pragma('busy_timeout = 2000');
    // Several instances may share DATA_DIR (compose.yaml) and start together: switching to WAL needs
    // the file to itself, and SQLite reports that as busy at once rather than waiting.
    whileBusy(() => db.pragma('journal_mode = WAL'));
    // WAL + NORMAL: a crash can lose the last few log rows, never corrupt the file; worth it for a log.
    db.pragma('synchronous = NORMAL');
    whileBusy(() => migrate(db));
  } else {
    const version = schemaVersion(db);
    if (version < SCHEMA_VERSION) {
      db.close();
      throw new ConfigError(`DATA_DIR: ${file} has schema version ${version}; start \`mynapin serve\` once to upgrade it (this build needs ${SCHEMA_VERSION}).`);
    }
  }
  const cutoff = () => now() - options.retentionDays * DAY_MS;
  const deleteRows = options.readonly ? undefined : db.prepare('DELETE FROM unanswered WHERE at < ?');
  const deleteCounts = options.readonly ? undefined : db.prepare('DELETE FROM turn_counts WHERE day < ?');
  const deleteEvents = options.readonly ? undefined : db.prepare('DELETE FROM daily_events WHERE day < ?');
  const purge = (): number => {
    if (!deleteRows || !deleteCounts || !deleteEvents) return 0;
    const at = cutoff();
    return db.transaction(() => {
      const gone = deleteRows.run(at).changes;
      deleteCounts.run(dayOf(at));
      deleteEvents.run(dayOf(at));
      return gone;
    })();
  };
  purge();
  return { db, file, purge, close: () => db.close() };
}

/** The schema version of a database (0 for a new, empty one). */
export function schemaVersion(db: Database.Database): number {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (!table) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/** Applies the migrations a database lacks, in order. `upTo` stops early (tests of old versions). */
export function migrate(db: Database.Database, upTo: number = SCHEMA_VERSION): number {
  // One write transaction from the version check to the last migration: a second instance starting
  // at the same moment waits, then finds the schema current.
  return db
    .transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const from = schemaVersion(db);
      if (from > SCHEMA_VERSION) {
        throw new ConfigError(`DATA_DIR: the database has schema version ${from}, newer than this build's ${SCHEMA_VERSION}; run the newer mynapin or use another DATA_DIR.`);
      }
      const record = db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)');
      for (let version = from + 1; version <= upTo; version++) {
        db.exec(MIGRATIONS[version - 1]!);
        record.run(version, new Date().toISOString());
      }
      return schemaVersion(db);
    })
    .immediate();
}

/** Runs `step`, again after a short wait while SQLite says the file is busy (about 5 s at most). */
function whileBusy<T>(step: () => T): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return step();
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_BUSY') || attempt >= 50) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}
