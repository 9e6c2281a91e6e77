import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, dayOf, migrate, openUnansweredDatabase, schemaVersion } from '../../src/unanswered/database.js';
import { SCHEMA_VERSION } from '../../src/unanswered/migrations.js';

const DAY = 86_400_000;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mynapin-db-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('unanswered-question database', () => {
  it('creates DATA_DIR, opens in WAL mode and records every migration in schema_version', () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const opened = openUnansweredDatabase({ dataDir, retentionDays: 90 });
    try {
      expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(true);
      expect(opened.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(schemaVersion(opened.db)).toBe(SCHEMA_VERSION);
      const versions = opened.db.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all();
      expect(versions).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    } finally {
      opened.close();
    }
  });

  it('upgrades a database of an older schema version in order, keeping its rows', () => {
    const dataDir = tempDir();
    const old = new Database(join(dataDir, DATABASE_FILE));
    expect(migrate(old, 1)).toBe(1);
    old.prepare("INSERT INTO unanswered (at, channel, reason, masked_text, normalised) VALUES (?, 'web', 'none', '古い質問', '古い質問')").run(Date.now());
    old.prepare("INSERT INTO turn_counts (day, channel, intent, turns) VALUES (?, 'web', 'none', 3)").run(dayOf(Date.now()));
    expect(() => old.prepare('SELECT reviewed_at FROM unanswered').all()).toThrow(/no such column/);
    old.close();

    const opened = openUnansweredDatabase({ dataDir, retentionDays: 90 });
    try {
      expect(schemaVersion(opened.db)).toBe(SCHEMA_VERSION);
      expect(opened.db.prepare('SELECT masked_text, reviewed_at FROM unanswered').all()).toEqual([{ masked_text: '古い質問', reviewed_at: null }]);
      expect(opened.db.prepare('SELECT turns FROM turn_counts').pluck().get()).toBe(3);
      expect(opened.db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'daily_events'").pluck().get()).toBe(1);
    } finally {
      opened.close();
    }
  });

  it('refuses a database newer than this build, naming DATA_DIR', () => {
    const dataDir = tempDir();
    const db = new Database(join(dataDir, DATABASE_FILE));
    migrate(db);
    db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(SCHEMA_VERSION + 1, 'later');
    db.close();
    expect(() => openUnansweredDatabase({ dataDir, retentionDays: 90 })).toThrow(/DATA_DIR: .*newer than this build/);
  });

  it('deletes rows older than UNANSWERED_RETENTION_DAYS at open and on purge()', () => {
    const dataDir = tempDir();
    let now = Date.parse('2026-12-01T03:00:00Z');
    const first = openUnansweredDatabase({ dataDir, retentionDays: 30, now: () => now });
    const insert = first.db.prepare("INSERT INTO unanswered (at, channel, reason, masked_text, normalised) VALUES (?, 'web', 'none', ?, ?)");
    insert.run(now - 40 * DAY, 'old', 'old');
    insert.run(now - 29 * DAY, 'recent', 'recent');
    first.db.prepare("INSERT INTO turn_counts (day, channel, intent, turns) VALUES (?, 'web', 'none', 1)").run(dayOf(now - 40 * DAY));
    first.db.prepare("INSERT INTO daily_events (day, kind, intent, count) VALUES (?, 'feedback_helpful', 'forgot_pin', 1)").run(dayOf(now - 40 * DAY));
    first.close();

    const second = openUnansweredDatabase({ dataDir, retentionDays: 30, now: () => now });
    try {
      expect(second.db.prepare('SELECT masked_text FROM unanswered').pluck().all()).toEqual(['recent']);
      expect(second.db.prepare('SELECT COUNT(*) FROM turn_counts').pluck().get()).toBe(0);
      expect(second.db.prepare('SELECT COUNT(*) FROM daily_events').pluck().get()).toBe(0);
      now += 2 * DAY; // the daily purge, two days later
      expect(second.purge()).toBe(1);
      expect(second.db.prepare('SELECT COUNT(*) FROM unanswered').pluck().get()).toBe(0);
    } finally {
      second.close();
    }
  });

  it('says what to do when DATA_DIR cannot be used', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    expect(() => openUnansweredDatabase({ dataDir: file, retentionDays: 90 })).toThrow(/DATA_DIR: cannot open .*UNANSWERED_LOG=off/);
    expect(() => openUnansweredDatabase({ dataDir: tempDir(), retentionDays: 90, readonly: true })).toThrow(/no unanswered-question database/);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('counts days in Japan time', () => {
    expect(dayOf(Date.parse('2026-12-01T14:59:00Z'))).toBe('2026-12-01');
    expect(dayOf(Date.parse('2026-12-01T15:00:00Z'))).toBe('2026-12-02');
  });
});
