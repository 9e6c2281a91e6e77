import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseReviewAnswer } from '../../src/cli/review.js';
import { loadReviewedPhrases } from '../../src/intents/reviewed.js';
import { openUnansweredDatabase } from '../../src/unanswered/database.js';
import { CLI } from '../helpers/paths.js';

let dataDir: string;
const phrasesFile = () => join(dataDir, 'reviewed-phrases.yaml');

/** Three logged questions: one asked three times (first in the walk), two asked once. */
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'mynapin-review-'));
  const db = openUnansweredDatabase({ dataDir, retentionDays: 90 });
  const insert = db.db.prepare(
    `INSERT INTO unanswered (at, channel, reason, masked_text, normalised, answered_intent, intent1, confidence1, intent2, confidence2)
     VALUES (?, ?, ?, ?, ?, 'none', 'none', 0.31, 'office_contact', 0.22)`,
  );
  const now = Date.now();
  for (let i = 0; i < 3; i++) insert.run(now - 3000 + i, 'line', 'none', '休日開庁してる日ある?', '休日開庁してる日ある');
  insert.run(now - 2000, 'web', 'handoff', 'カレーの作り方', 'かれーの作り方');
  insert.run(now - 1000, 'web', 'clarified_twice', '暗証番号の件で［非表示］', '暗証番号の件で');
  db.close();
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function review(input: string, args: string[] = []) {
  return spawnSync(process.execPath, [CLI, 'review', ...args], {
    input,
    encoding: 'utf8',
    cwd: dataDir,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir },
    timeout: 20_000,
  });
}

const reviewedRows = () => {
  const db = openUnansweredDatabase({ dataDir, retentionDays: 90 });
  try {
    return db.db.prepare('SELECT masked_text, reviewed_intent, reviewed_by FROM unanswered WHERE reviewed_at IS NOT NULL ORDER BY id').all();
  } finally {
    db.close();
  }
};

describe('mynapin review', { timeout: 30_000 }, () => {
  it('with answers piped in: a menu number, a wrong answer asked again, none, and the end of input', () => {
    const result = review('12\nwhat\nnone\n');
    expect(result.status, result.stderr).toBe(0);
    // Most asked first, with the bot's guesses numbered as in the menu.
    expect(result.stdout).toMatch(/\[1\/3\] 3回 .*line .*\(none\)\n  「休日開庁してる日ある\?」\n  ボットの回答: none   推定: 20\) none 0\.31   12\) office_contact 0\.22/);
    expect(result.stdout).toContain('→ office_contact（フレーズを追加しました）');
    expect(result.stdout).toContain('「what」は選べません');
    expect(result.stdout).toContain('2 件を登録、0 件をスキップしました。');
    const phrases = loadReviewedPhrases(phrasesFile());
    expect(phrases.get('office_contact')).toEqual(['休日開庁してる日ある?']);
    // Equally asked: the newer first. The mask of a hidden PIN never becomes part of a phrase.
    expect(phrases.get('none')).toEqual(['暗証番号の件で']);
    expect(reviewedRows()).toHaveLength(4); // the three asks of the first question, and the second

    // The next session walks what is left.
    const again = review('none\n');
    expect(again.stdout).toContain('[1/1]');
    expect(loadReviewedPhrases(phrasesFile()).get('none')).toEqual(['暗証番号の件で', 'カレーの作り方']);
    expect(review('').stdout).toContain('レビュー待ちの質問はありません。');
  });

  it('s skips (the question stays for later), q quits, an intent id is taken as typed; the file keeps its comments', () => {
    const result = review('s\nproxy_procedure\nq\n');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('1 件を登録、1 件をスキップしました。');
    expect(readFileSync(phrasesFile(), 'utf8')).toMatch(/^# Questions residents asked/);
    expect(loadReviewedPhrases(phrasesFile()).get('proxy_procedure')).toEqual(['暗証番号の件で']);
    expect(review('', ['--order', 'newest']).stdout).toMatch(/\[1\/2\] 1回 .*\n  「カレーの作り方」/);
  });

  it.skipIf(!existsSync('/usr/bin/script'))('on a real terminal (a pty from script(1))', () => {
    const result = spawnSync('/usr/bin/script', ['-qec', `${process.execPath} ${CLI} review`, '/dev/null'], {
      input: '?\n12\nq\n',
      encoding: 'utf8',
      cwd: dataDir,
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, TERM: 'dumb' },
      timeout: 20_000,
    });
    expect(result.stdout).toContain('→ office_contact');
    expect(loadReviewedPhrases(phrasesFile()).get('office_contact')).toEqual(['休日開庁してる日ある?']);
  });

  it('reads answers as staff type them', () => {
    expect(parseReviewAnswer('１２')).toEqual({ kind: 'intent', intent: 'office_contact' });
    expect(parseReviewAnswer(' None ')).toEqual({ kind: 'intent', intent: 'none' });
    expect(parseReviewAnswer('21')).toMatchObject({ kind: 'invalid' });
    expect(parseReviewAnswer('Q')).toEqual({ kind: 'quit' });
    expect(parseReviewAnswer('')).toEqual({ kind: 'skip' });
  });
});
