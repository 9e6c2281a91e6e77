import type Database from 'better-sqlite3';
import { INTENT_IDS, type IntentId } from '../intents/ids.js';
import { dayOf } from './database.js';
import type { ReviewSource, UnansweredReason } from './recorder.js';

/** One question as staff review it: the same normalised text asked `count` times. */
export interface QuestionGroup {
  normalised: string;
  count: number;
  /** The most recent masked text of the group. */
  maskedText: string;
  lastAt: number;
  channels: string[];
  reasons: UnansweredReason[];
  /** The bot's two best intents for the most recent one. */
  guesses: Array<{ intent: IntentId; confidence: number }>;
  answeredIntent: IntentId | null;
  /** Row ids (a review marks them all). */
  ids: number[];
}

interface GroupRow {
  normalised: string;
  n: number;
  last_at: number;
  ids: string;
  channels: string;
  reasons: string;
}

interface LatestRow {
  masked_text: string;
  answered_intent: IntentId | null;
  intent1: IntentId | null;
  confidence1: number | null;
  intent2: IntentId | null;
  confidence2: number | null;
}

/** Groups of logged questions by normalised text: most asked first (or newest first). */
export function questionGroups(
  db: Database.Database,
  options: { since?: number; unreviewedOnly?: boolean; order?: 'frequent' | 'newest'; limit?: number } = {},
): QuestionGroup[] {
  const where = ["normalised <> ''", 'at >= @since'];
  if (options.unreviewedOnly) where.push('reviewed_at IS NULL');
  const order = options.order === 'newest' ? 'last_at DESC, n DESC' : 'n DESC, last_at DESC';
  const rows = db
    .prepare(
      `SELECT normalised, COUNT(*) AS n, MAX(at) AS last_at, GROUP_CONCAT(id) AS ids,
              GROUP_CONCAT(DISTINCT channel) AS channels, GROUP_CONCAT(DISTINCT reason) AS reasons
       FROM unanswered WHERE ${where.join(' AND ')} GROUP BY normalised ORDER BY ${order} LIMIT @limit`,
    )
    .all({ since: options.since ?? 0, limit: options.limit ?? -1 }) as GroupRow[];
  const latest = db.prepare(
    `SELECT masked_text, answered_intent, intent1, confidence1, intent2, confidence2 FROM unanswered
     WHERE normalised = ? ORDER BY at DESC LIMIT 1`,
  );
  return rows.map((row) => {
    const last = latest.get(row.normalised) as LatestRow;
    const guesses: QuestionGroup['guesses'] = [];
    if (last.intent1) guesses.push({ intent: last.intent1, confidence: last.confidence1 ?? 0 });
    if (last.intent2) guesses.push({ intent: last.intent2, confidence: last.confidence2 ?? 0 });
    return {
      normalised: row.normalised,
      count: row.n,
      maskedText: last.masked_text,
      lastAt: row.last_at,
      channels: row.channels.split(','),
      reasons: row.reasons.split(',') as UnansweredReason[],
      guesses,
      answeredIntent: last.answered_intent,
      ids: row.ids.split(',').map(Number),
    };
  });
}

/** Marks logged questions reviewed with the intent staff chose (`none` included). */
export function markReviewed(db: Database.Database, ids: readonly number[], intent: IntentId, by: ReviewSource, at = Date.now()): void {
  const update = db.prepare('UPDATE unanswered SET reviewed_at = ?, reviewed_intent = ?, reviewed_by = ? WHERE id = ?');
  db.transaction(() => {
    for (const id of ids) update.run(at, intent, by, id);
  })();
}

/** What `mynapin report` shows for a period. */
export interface ReportData {
  since: number;
  until: number;
  turns: number;
  answered: number;
  none: number;
  clarifying: number;
  answeredRate: number | null;
  noneRate: number | null;
  /** Logged questions per reason. */
  logged: Record<UnansweredReason, number>;
  handoffs: { opened: number; closed: number; faqAnswered: number };
  feedback: { helpful: number; unhelpful: number; byIntent: Array<{ intent: IntentId; helpful: number; unhelpful: number }> };
  perIntent: Array<{ intent: IntentId; turns: number }>;
  perDay: Array<{ day: string; byIntent: Partial<Record<IntentId, number>>; total: number }>;
  top: QuestionGroup[];
  reviewed: number;
}

/** Gathers the report of [since, until]: daily counts by Japan day, logged questions by time. */
export function reportData(db: Database.Database, since: number, until: number, topN = 20): ReportData {
  const from = dayOf(since);
  const to = dayOf(until);
  const counts = db
    .prepare('SELECT day, intent, SUM(turns) AS turns, SUM(clarifying) AS clarifying FROM turn_counts WHERE day BETWEEN ? AND ? GROUP BY day, intent ORDER BY day')
    .all(from, to) as Array<{ day: string; intent: IntentId; turns: number; clarifying: number }>;
  let turns = 0, none = 0, clarifying = 0;
  const perIntent = new Map<IntentId, number>();
  const perDay = new Map<string, ReportData['perDay'][number]>();
  for (const c of counts) {
    turns += c.turns;
    clarifying += c.clarifying;
    if (c.intent === 'none') none += c.turns;
    perIntent.set(c.intent, (perIntent.get(c.intent) ?? 0) + c.turns);
    const day = perDay.get(c.day) ?? { day: c.day, byIntent: {}, total: 0 };
    day.byIntent[c.intent] = (day.byIntent[c.intent] ?? 0) + c.turns;
    day.total += c.turns;
    perDay.set(c.day, day);
  }
  // Clarifying replies are counted under the intent asked about; they are not answers yet.
  const answered = turns - none - clarifying;
  const events = db
    .prepare('SELECT kind, intent, SUM(count) AS n FROM daily_events WHERE day BETWEEN ? AND ? GROUP BY kind, intent')
    .all(from, to) as Array<{ kind: string; intent: string; n: number }>;
  const eventCount = (kind: string) => events.filter((e) => e.kind === kind).reduce((n, e) => n + e.n, 0);
  const feedbackByIntent = new Map<IntentId, { intent: IntentId; helpful: number; unhelpful: number }>();
  for (const e of events) {
    if (e.kind !== 'feedback_helpful' && e.kind !== 'feedback_unhelpful') continue;
    const entry = feedbackByIntent.get(e.intent as IntentId) ?? { intent: e.intent as IntentId, helpful: 0, unhelpful: 0 };
    if (e.kind === 'feedback_helpful') entry.helpful += e.n;
    else entry.unhelpful += e.n;
    feedbackByIntent.set(entry.intent, entry);
  }
  const logged: ReportData['logged'] = { none: 0, clarified_twice: 0, handoff: 0, unhelpful: 0 };
  for (const r of db.prepare('SELECT reason, COUNT(*) AS n FROM unanswered WHERE at BETWEEN ? AND ? GROUP BY reason').all(since, until) as Array<{ reason: UnansweredReason; n: number }>) {
    logged[r.reason] = r.n;
  }
  const reviewed = (db.prepare('SELECT COUNT(*) AS n FROM unanswered WHERE reviewed_at BETWEEN ? AND ?').get(since, until) as { n: number }).n;
  const order = (id: IntentId) => INTENT_IDS.indexOf(id);
  return {
    since,
    until,
    turns,
    answered,
    none,
    clarifying,
    answeredRate: turns ? answered / turns : null,
    noneRate: turns ? none / turns : null,
    logged,
    handoffs: { opened: eventCount('handoff_opened'), closed: eventCount('handoff_closed'), faqAnswered: eventCount('faq_answered') },
    feedback: {
      helpful: eventCount('feedback_helpful'),
      unhelpful: eventCount('feedback_unhelpful'),
      byIntent: [...feedbackByIntent.values()].sort((a, b) => order(a.intent) - order(b.intent)),
    },
    perIntent: [...perIntent].map(([intent, n]) => ({ intent, turns: n })).sort((a, b) => b.turns - a.turns || order(a.intent) - order(b.intent)),
    perDay: [...perDay.values()],
    top: questionGroups(db, { since, limit: topN }).filter((g) => g.lastAt <= until),
    reviewed,
  };
}
