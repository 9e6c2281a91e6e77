/**
 * The unanswered-question database's schema, as migrations applied in order at open. Each entry
 * moves the schema from version `index` to `index + 1`; never edit a released one, add a new one.
 *
 * No table holds a user id, a conversation key or a hand-off id: only masked text, the channel
 * name (`line`, `web`, …), intents and times.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the log of questions the bot could not answer, and turn counts per day for the answered rate.
  `CREATE TABLE unanswered (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     channel TEXT NOT NULL,
     reason TEXT NOT NULL,
     masked_text TEXT NOT NULL,
     normalised TEXT NOT NULL,
     answered_intent TEXT,
     intent1 TEXT, confidence1 REAL,
     intent2 TEXT, confidence2 REAL
   );
   CREATE INDEX unanswered_at ON unanswered(at);
   CREATE INDEX unanswered_normalised ON unanswered(normalised);
   CREATE TABLE turn_counts (
     day TEXT NOT NULL,
     channel TEXT NOT NULL,
     intent TEXT NOT NULL,
     turns INTEGER NOT NULL DEFAULT 0,
     clarifying INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (day, channel, intent)
   ) WITHOUT ROWID;`,
  // 2: reviews (mynapin review, Slack 「FAQで回答」) and daily event counts (feedback, hand-offs).
  `ALTER TABLE unanswered ADD COLUMN reviewed_at INTEGER;
   ALTER TABLE unanswered ADD COLUMN reviewed_intent TEXT;
   ALTER TABLE unanswered ADD COLUMN reviewed_by TEXT;
   CREATE INDEX unanswered_unreviewed ON unanswered(reviewed_at) WHERE reviewed_at IS NULL;
   CREATE TABLE daily_events (
     day TEXT NOT NULL,
     kind TEXT NOT NULL,
     intent TEXT NOT NULL DEFAULT '',
     count INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (day, kind, intent)
   ) WITHOUT ROWID;`,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
