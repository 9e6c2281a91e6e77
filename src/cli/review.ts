import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Env } from '../config/env.js';
import { MynapinError } from '../errors.js';
import { INTENT_IDS, isIntentId, type IntentId } from '../intents/ids.js';
import { appendReviewedPhrase, reviewedPhrasesPath } from '../intents/reviewed.js';
import { openUnansweredDatabase } from '../unanswered/database.js';
import { markReviewed, questionGroups, type QuestionGroup } from '../unanswered/queries.js';
import { phraseOf } from '../unanswered/recorder.js';
import { intentLabels } from './report.js';

export interface ReviewIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

/** What staff typed for one question. */
export type ReviewAnswer = { kind: 'intent'; intent: IntentId } | { kind: 'skip' } | { kind: 'quit' } | { kind: 'menu' } | { kind: 'invalid'; text: string };

/** Reads one answer: a menu number, an intent id, `none`, `s` (skip), `q` (quit), `?` (the list). */
export function parseReviewAnswer(text: string): ReviewAnswer {
  const t = text.normalize('NFKC').trim().toLowerCase();
  if (t === 'q' || t === 'quit' || t === 'exit') return { kind: 'quit' };
  if (t === 's' || t === 'skip' || t === '') return { kind: 'skip' };
  if (t === '?' || t === 'h' || t === 'help') return { kind: 'menu' };
  if (/^\d+$/.test(t)) {
    const intent = INTENT_IDS[Number(t) - 1];
    return intent ? { kind: 'intent', intent } : { kind: 'invalid', text };
  }
  return isIntentId(t) ? { kind: 'intent', intent: t } : { kind: 'invalid', text };
}

function menu(labels: Partial<Record<IntentId, string>>): string {
  const items = INTENT_IDS.map((id, i) => `${String(i + 1).padStart(2)}) ${id}${labels[id] ? ` ${labels[id]}` : ''}`);
  const half = Math.ceil(items.length / 2);
  const width = Math.max(...items.slice(0, half).map(displayWidth)) + 3;
  const rows: string[] = [];
  for (let i = 0; i < half; i++) {
    const left = items[i]!;
    rows.push(`${left}${' '.repeat(width - displayWidth(left))}${items[i + half] ?? ''}`.trimEnd());
  }
  return rows.join('\n');
}

/** Columns a text takes on a terminal: CJK and full-width characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

function describe(group: QuestionGroup, index: number, total: number): string {
  const when = new Date(group.lastAt + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  const guesses = group.guesses.map((g) => `${INTENT_IDS.indexOf(g.intent) + 1}) ${g.intent} ${g.confidence.toFixed(2)}`).join('   ');
  return [
    '',
    `[${index + 1}/${total}] ${group.count}回  最終 ${when} JST  ${group.channels.join(', ')}  (${group.reasons.join(', ')})`,
    `  「${group.maskedText}」`,
    `  ボットの回答: ${group.answeredIntent ?? '–'}   推定: ${guesses || '–'}`,
  ].join('\n');
}

const PROMPT = 'intent (番号 / id / none)、s=スキップ、q=終了、?=一覧 > ';

/**
 * `mynapin review [--order frequent|newest] [--limit N]`: walks the unreviewed questions of the log
 * (most asked first, or newest first); for each, staff type the right intent (a number of the menu or
 * its id), `none`, `s` to skip or `q` to quit. Each pick is appended to the reviewed-phrases file
 * (the running bot reloads it) and the question's rows are marked reviewed. Works on a terminal and
 * with answers piped in, one per line (end of input = quit).
 */
export async function runReview(args: string[], env: Env, io: ReviewIo = { input: process.stdin, output: process.stdout }): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { order: { type: 'string', default: 'frequent' }, limit: { type: 'string' } },
  });
  if (values.order !== 'frequent' && values.order !== 'newest') throw new MynapinError(`--order "${values.order}": use frequent or newest`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new MynapinError(`--limit "${values.limit}": a whole number from 1`);
  const file = reviewedPhrasesPath(env);
  const database = openUnansweredDatabase({ dataDir: env.DATA_DIR, retentionDays: env.UNANSWERED_RETENTION_DAYS });
  const { output } = io;
  const say = (text: string) => output.write(`${text}\n`);
  const tty = Boolean(io.input.isTTY);
  const rl = createInterface({ input: io.input, ...(tty ? { output } : {}), terminal: tty, crlfDelay: Infinity });
  const lines = rl[Symbol.asyncIterator]();
  const labels = intentLabels();
  let picked = 0, skipped = 0;
  try {
    const groups = questionGroups(database.db, { unreviewedOnly: true, order: values.order, ...(limit ? { limit } : {}) });
    if (groups.length === 0) {
      say('レビュー待ちの質問はありません。');
      return 0;
    }
    say(`レビュー待ち ${groups.length} 件。正しい intent を選ぶと ${file} に追加され、動いているボットが読み込み直します。\n`);
    say(menu(labels));
    walk: for (const [i, group] of groups.entries()) {
      say(describe(group, i, groups.length));
      for (;;) {
        output.write(PROMPT);
        const next = await lines.next();
        if (next.done) {
          if (!tty) output.write('\n');
          break walk;
        }
        if (!tty) output.write(`${next.value}\n`);
        const answer = parseReviewAnswer(next.value);
        if (answer.kind === 'quit') break walk;
        if (answer.kind === 'skip') {
          skipped++;
          break;
        }
        if (answer.kind === 'menu') {
          say(menu(labels));
          continue;
        }
        if (answer.kind === 'invalid') {
          say(`  「${answer.text.trim()}」は選べません。1–${INTENT_IDS.length} の番号、intent id、none、s、q のどれかを入力してください。`);
          continue;
        }
        const phrase = phraseOf(group.maskedText);
        const added = appendReviewedPhrase(file, answer.intent, phrase);
        markReviewed(database.db, group.ids, answer.intent, 'review');
        picked++;
        say(`  → ${answer.intent}${added ? '（フレーズを追加しました）' : '（同じフレーズは登録済みです）'}`);
        break;
      }
    }
    say(`\n${picked} 件を登録、${skipped} 件をスキップしました。`);
    return 0;
  } finally {
    rl.close();
    database.close();
  }
}
