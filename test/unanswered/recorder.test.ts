import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/bot.js';
import { loadEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/logging/logger.js';
import { dayOf } from '../../src/unanswered/database.js';
import { LogCapture } from '../server/helpers.js';

const dirs: string[] = [];
const bots: Bot[] = [];
afterEach(() => {
  for (const bot of bots.splice(0)) bot.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function botWithLog(vars: Record<string, string> = {}): Promise<{ bot: Bot; dataDir: string; logs: LogCapture }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mynapin-log-'));
  dirs.push(dataDir);
  const logs = new LogCapture();
  const env = loadEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'info', ...vars });
  const bot = await createBot(env, { logger: createLogger({ level: 'info', stream: logs }), unansweredLog: true });
  bots.push(bot);
  return { bot, dataDir, logs };
}

const rows = (bot: Bot) => {
  bot.unanswered!.flush();
  return (bot.unanswered as unknown as { db: { db: import('better-sqlite3').Database } }).db.db;
};

// A LINE user id and secrets that must never reach the database file.
const USER = 'line:U0123456789abcdef0123456789abcdef';
const PIN = '7391';
const MY_NUMBER = '987654321093'; // a valid check digit

describe('unanswered-question log', () => {
  it('records a none answer with its masked and normalised text, two guesses, channel and reason, and counts every turn', async () => {
    const { bot } = await botWithLog();
    await bot.engine.respond({ conversationKey: 'web:aaaaaaaaaaaaaaaaaaaa', text: 'カレーの作り方を教えて' });
    await bot.engine.respond({ conversationKey: 'web:aaaaaaaaaaaaaaaaaaaa', text: 'マイナンバーカードの暗証番号を忘れました。4桁のほうです' });
    await bot.engine.respond({ conversationKey: 'web:aaaaaaaaaaaaaaaaaaaa', text: '' });
    const db = rows(bot);
    const logged = db.prepare('SELECT * FROM unanswered').all() as Array<Record<string, unknown>>;
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ channel: 'web', reason: 'none', masked_text: 'カレーの作り方を教えて', answered_intent: 'none', intent1: 'none' });
    expect(logged[0]!.normalised).toMatch(/作り方/);
    expect(logged[0]!.intent2).toEqual(expect.any(String));
    expect(logged[0]!.confidence1).toBeGreaterThan(0.5);
    const counts = db.prepare('SELECT day, channel, intent, turns FROM turn_counts ORDER BY intent').all();
    expect(counts).toEqual([
      { day: dayOf(Date.now()), channel: 'web', intent: 'forgot_pin', turns: 1 },
      { day: dayOf(Date.now()), channel: 'web', intent: 'none', turns: 1 },
    ]);
  });

  it('records a conversation clarified twice in a row, once', async () => {
    const { bot } = await botWithLog();
    const key = 'web:bbbbbbbbbbbbbbbbbbbb';
    const replies = [];
    for (const text of ['暗証番号を忘れた', '暗証番号を忘れちゃったんです', '暗証番号が思い出せない']) replies.push(await bot.engine.respond({ conversationKey: key, text }));
    expect(replies.map((r) => r.clarifying)).toEqual([true, true, true]);
    const logged = rows(bot).prepare("SELECT reason, masked_text FROM unanswered WHERE reason = 'clarified_twice'").all();
    expect(logged).toEqual([{ reason: 'clarified_twice', masked_text: '暗証番号を忘れちゃったんです' }]);
  });

  it('never writes a user id, a conversation key, a PIN or a My Number (the file bytes are searched)', async () => {
    const { bot, dataDir } = await botWithLog();
    // Clarified twice (the second message is logged), and an answer marked unhelpful: both hold a secret.
    await bot.engine.respond({ conversationKey: USER, text: `暗証番号を忘れた、${PIN}だったかも` });
    await bot.engine.respond({ conversationKey: USER, text: `暗証番号を忘れちゃった。${PIN}？` });
    const slackKey = `slack:T1:C1:${USER.slice(5)}:1`;
    const reply = await bot.engine.respond({ conversationKey: slackKey, text: `マイナンバー${MY_NUMBER}のカードでコンビニ交付を使いたい` });
    bot.unanswered!.feedback(slackKey, reply.intent, false);
    const logged = rows(bot).prepare('SELECT masked_text FROM unanswered').pluck().all() as string[];
    expect(logged).toHaveLength(2);
    for (const text of logged) expect(text).toContain('［非表示］');
    bot.close();
    const bytes = readdirSync(dataDir).map((f) => readFileSync(join(dataDir, f)));
    for (const secret of [PIN, MY_NUMBER, USER, USER.slice(5), 'line:']) {
      for (const b of bytes) {
        expect(b.includes(Buffer.from(secret, 'utf8'))).toBe(false);
        expect(b.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
      }
    }
  });

  it('logs the question of an answer marked 「役に立たなかった」 and counts feedback per intent', async () => {
    const { bot } = await botWithLog();
    const key = 'slack:T1:C1:U1:1700000000.000100';
    const reply = await bot.engine.respond({ conversationKey: key, text: 'コンビニで住民票を取るには？' });
    bot.unanswered!.feedback(key, reply.intent, false);
    bot.unanswered!.feedback(key, reply.intent, true);
    bot.unanswered!.feedback('slack:T1:C1:U2:unknown', 'forgot_pin', false); // nothing known of it: counted only
    const db = rows(bot);
    expect(db.prepare('SELECT reason, masked_text, answered_intent, channel FROM unanswered').all()).toEqual([
      { reason: 'unhelpful', masked_text: 'コンビニで住民票を取るには？', answered_intent: reply.intent, channel: 'slack' },
    ]);
    expect(reply.intent).toBe('convenience_store');
    expect(db.prepare('SELECT kind, intent, count FROM daily_events ORDER BY kind, intent').all()).toEqual([
      { kind: 'feedback_helpful', intent: 'convenience_store', count: 1 },
      { kind: 'feedback_unhelpful', intent: 'convenience_store', count: 1 },
      { kind: 'feedback_unhelpful', intent: 'forgot_pin', count: 1 },
    ]);
  });

  it('writes off the reply path: nothing is written until the batch runs, then one transaction writes all', async () => {
    const { bot } = await botWithLog();
    for (let i = 0; i < 50; i++) await bot.engine.respond({ conversationKey: `web:cccccccccccccccccc${i}`, text: `今日の天気は${i}` });
    const db = (bot.unanswered as unknown as { db: { db: import('better-sqlite3').Database } }).db.db;
    expect(db.prepare('SELECT COUNT(*) FROM unanswered').pluck().get()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(db.prepare('SELECT COUNT(*) FROM unanswered').pluck().get()).toBe(50);
  });

  it('is off with UNANSWERED_LOG=off, and ask / eval style bots never open it', async () => {
    const { bot, dataDir } = await botWithLog({ UNANSWERED_LOG: 'off' });
    expect(bot.unanswered).toBeUndefined();
    const plain = await createBot(loadEnv({ DATA_DIR: dataDir }));
    bots.push(plain);
    expect(plain.unanswered).toBeUndefined();
    expect(readdirSync(dataDir)).toEqual([]);
    expect(() => loadEnv({ UNANSWERED_LOG: 'maybe' })).toThrow(/UNANSWERED_LOG: on or off/);
    expect(() => loadEnv({ UNANSWERED_RETENTION_DAYS: '0' })).toThrow(/UNANSWERED_RETENTION_DAYS: a whole number from 1 to 3650/);
  });
});
