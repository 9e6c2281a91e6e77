// Measures the unanswered-question loop on a labelled set (README "Unanswered questions and review").
//   node bench/loop-measure.mjs [SET.tsv] [WORKDIR]
// 1. splits the set in half (odd / even data lines);
// 2. scores the second half with `mynapin eval` (no reviewed phrases);
// 3. runs the first half through the bot with the unanswered log on; every wrong answer that is not
//    `none` is marked 「役に立たなかった」 the way the Slack button does (bot.unanswered.feedback);
//    `none` answers are logged by the log itself;
// 4. answers the real `mynapin review` (piped stdin) with the set's label of each logged question;
// 5. scores the first and the second half again, now with DATA_DIR/reviewed-phrases.yaml.
// Needs `npm run build`. Phrases only: intents/ and the lexicon are not touched.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const set = resolve(process.argv[2] ?? join(root, 'test/fixtures/heldout33.tsv'));
const work = resolve(process.argv[3] ?? join(root, 'test-output/loop'));
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const dataDir = join(work, 'data');
const emptyDir = join(work, 'empty');
process.env.DATA_DIR = dataDir;
process.env.LOG_LEVEL = 'silent';

const [header, ...rows] = readFileSync(set, 'utf8').split(/\r?\n/).filter((l) => l.trim());
const first = rows.filter((_, i) => i % 2 === 0);
const second = rows.filter((_, i) => i % 2 === 1);
const firstFile = join(work, 'first.tsv');
const secondFile = join(work, 'second.tsv');
writeFileSync(firstFile, `${[header, ...first].join('\n')}\n`);
writeFileSync(secondFile, `${[header, ...second].join('\n')}\n`);

const cli = join(root, 'dist/cli.js');
function evalSet(file, dir) {
  const r = spawnSync(process.execPath, [cli, 'eval', file, '--json'], { env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8', cwd: work });
  if (r.status !== 0 && !r.stdout) throw new Error(r.stderr);
  const j = JSON.parse(r.stdout);
  return { accuracy: j.accuracy, inScope: j.inScopeAccuracy, none: j.noneAccuracy, falseAnswers: j.falseAnswers, n: j.n, misses: j.confusions };
}

const before = { first: evalSet(firstFile, emptyDir), second: evalSet(secondFile, emptyDir) };

const { loadEnv } = await import(join(root, 'dist/config/env.js'));
const { createBot } = await import(join(root, 'dist/bot.js'));
const { storedText } = await import(join(root, 'dist/unanswered/recorder.js'));
const { openUnansweredDatabase } = await import(join(root, 'dist/unanswered/database.js'));
const { questionGroups } = await import(join(root, 'dist/unanswered/queries.js'));
const env = loadEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
const bot = await createBot(env, { unansweredLog: true });
const gold = new Map();
let misses = 0, unhelpful = 0;
for (const [i, row] of first.entries()) {
  const tab = row.indexOf('\t');
  const want = row.slice(0, tab), text = row.slice(tab + 1);
  gold.set(storedText(text), want);
  const key = `slack:T0:C0:U0:${i}`;
  const reply = await bot.engine.respond({ conversationKey: key, text });
  if (reply.intent !== want) misses++;
  if (reply.intent !== want && reply.intent !== 'none') {
    bot.unanswered.feedback(key, reply.intent, false);
    unhelpful++;
  }
}
bot.close();

const db = openUnansweredDatabase({ dataDir, retentionDays: 90 });
const groups = questionGroups(db.db, { unreviewedOnly: true, order: 'frequent' });
db.close();
const answers = groups.map((g) => gold.get(g.maskedText) ?? 's');
const review = spawnSync(process.execPath, [cli, 'review'], { input: `${answers.join('\n')}\n`, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8', cwd: work });
writeFileSync(join(work, 'review-transcript.txt'), review.stdout + review.stderr);
if (review.status !== 0) throw new Error(`review failed: ${review.stderr}`);

const after = { first: evalSet(firstFile, dataDir), second: evalSet(secondFile, dataDir) };
const summary = {
  set,
  lines: rows.length,
  firstHalf: first.length,
  secondHalf: second.length,
  firstHalfMisses: misses,
  markedUnhelpful: unhelpful,
  loggedGroups: groups.length,
  reviewAnswers: answers.reduce((m, a) => ({ ...m, [a === 'none' ? 'none' : a === 's' ? 'skip' : 'intent']: (m[a === 'none' ? 'none' : a === 's' ? 'skip' : 'intent'] ?? 0) + 1 }), {}),
  before: { first: { ...before.first, misses: undefined }, second: { ...before.second, misses: undefined } },
  after: { first: { ...after.first, misses: undefined }, second: { ...after.second, misses: undefined } },
  secondHalfMissesBefore: before.second.misses.map((m) => `${m.want} -> ${m.got}\t${m.text}`),
  secondHalfMissesAfter: after.second.misses.map((m) => `${m.want} -> ${m.got}\t${m.text}`),
  firstHalfMissesAfter: after.first.misses.map((m) => `${m.want} -> ${m.got}\t${m.text}`),
};
writeFileSync(join(work, 'summary.json'), JSON.stringify(summary, null, 2));
console.log(JSON.stringify(summary, null, 2));
