import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Env } from '../config/env.js';
import { MynapinError } from '../errors.js';
import { loadIntentFiles } from '../intents/load.js';
import { openUnansweredDatabase } from '../unanswered/database.js';
import { reportData } from '../unanswered/queries.js';
import { reportCsv, reportHtml, reportMarkdown, type IntentLabels } from '../unanswered/report-format.js';

const UNITS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `7d`, `24h`, `2w` → that long before `now`; `2026-12-01` → that day's start in Japan time. */
export function parseSince(value: string, now: number): number {
  const span = /^(\d{1,4})\s*([hdw])$/i.exec(value.trim());
  if (span) return now - Number(span[1]) * UNITS[span[2]!.toLowerCase()]!;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (date) {
    const at = Date.parse(`${value.trim()}T00:00:00+09:00`);
    if (Number.isFinite(at)) return at;
  }
  throw new MynapinError(`--since "${value}": give a span such as 7d, 24h or 2w, or a date such as 2026-12-01`);
}

/** Intent id → its suggestion button's label, for readable reports and the review menu. */
export function intentLabels(): IntentLabels {
  const labels: IntentLabels = {};
  try {
    for (const intent of loadIntentFiles()) labels[intent.id] = intent.suggestion?.label ?? intent.description;
  } catch {
    // Labels are a courtesy: a broken intent file must not stop the report.
  }
  return labels;
}

/**
 * `mynapin report [--since 7d] [--format md|csv|html] [--out FILE]`: answered and `none` rates,
 * clarifications, hand-offs, feedback, per-intent counts and the most frequent unanswered questions
 * of the period, from DATA_DIR/mynapin.db.
 */
export function runReport(args: string[], env: Env, out: NodeJS.WritableStream = process.stdout, now = Date.now()): number {
  const { values } = parseArgs({
    args,
    options: {
      since: { type: 'string', default: '7d' },
      format: { type: 'string', default: 'md' },
      out: { type: 'string' },
      top: { type: 'string', default: '20' },
    },
  });
  const format = values.format!;
  if (!['md', 'csv', 'html'].includes(format)) throw new MynapinError(`--format "${format}": use md, csv or html`);
  const top = Number(values.top);
  if (!Number.isInteger(top) || top < 1 || top > 1000) throw new MynapinError(`--top "${values.top}": a whole number from 1 to 1000`);
  const since = parseSince(values.since!, now);
  const database = openUnansweredDatabase({ dataDir: env.DATA_DIR, retentionDays: env.UNANSWERED_RETENTION_DAYS, readonly: true, now: () => now });
  let text: string;
  try {
    const data = reportData(database.db, since, now, top);
    const labels = intentLabels();
    text = format === 'csv' ? reportCsv(data) : format === 'html' ? reportHtml(data, labels) : reportMarkdown(data, labels);
  } finally {
    database.close();
  }
  if (values.out) {
    writeFileSync(values.out, format === 'csv' ? `\ufeff${text}` : text, 'utf8');
    process.stderr.write(`mynapin: report written to ${values.out}\n`);
  } else out.write(text);
  return 0;
}
