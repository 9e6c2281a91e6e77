import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/bot.js';
import { loadEnv } from '../../src/config/env.js';
import { appendReviewedPhrase, loadReviewedPhrases } from '../../src/intents/reviewed.js';
import { createLogger } from '../../src/logging/logger.js';
import { LogCapture } from '../server/helpers.js';

let dir: string;
let bot: Bot;
let logs: LogCapture;
const file = () => join(dir, 'reviewed-phrases.yaml');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mynapin-reloader-'));
  logs = new LogCapture();
  bot = await createBot(loadEnv({ DATA_DIR: dir }), { logger: createLogger({ level: 'info', stream: logs }) });
});
afterEach(() => {
  bot.close();
  rmSync(dir, { recursive: true, force: true });
});

const answer = async (text: string) => (await bot.engine.respond({ conversationKey: `cli:${Math.random()}`, text })).intent;

describe('reloading the intent data', () => {
  it('swaps the matcher atomically: the engine drops readings it kept of the old data', async () => {
    const question = 'カードの件で窓口の混み具合を知りたい';
    const old = await answer(question);
    expect(await answer(question)).toBe(old); // now in the engine's reading cache
    const target = old === 'office_contact' ? 'lost_card' : 'office_contact';
    appendReviewedPhrase(file(), target, question);
    const outcome = await bot.reloader.reload('test');
    expect(outcome).toMatchObject({ ok: true, reviewedPhrases: 1 });
    expect(await answer(question)).toBe(target);
    expect(bot.matcher.match(question).confidence).toBe(0.95);
  });

  it('refuses data that would break a suggestion button, keeps the old data and logs why', async () => {
    appendReviewedPhrase(file(), 'none', '暗証番号の種類を教えてください');
    const outcome = await bot.reloader.reload('test');
    expect(outcome.ok).toBe(false);
    expect(await answer('暗証番号の種類を教えてください')).toBe('pin_types');
    const line = logs.lines.find((l) => l.msg === 'intent data NOT reloaded: the bot keeps the previous data until the files are fixed')!;
    expect(line.error).toMatch(/the pin_types button 「暗証番号の種類を教えてください」 would now be read as none.*Remove the reviewed phrase/);
  });

  it('refuses an unknown intent id or a phrase that is not text, naming the file', async () => {
    writeFileSync(file(), 'forgot_pinn:\n  - 暗証番号わすれた\n');
    expect(await bot.reloader.reload()).toMatchObject({ ok: false, error: expect.stringMatching(/reviewed-phrases\.yaml: "forgot_pinn" is not an intent id/) });
    writeFileSync(file(), 'forgot_pin:\n  - {a: 1}\n');
    expect(await bot.reloader.reload()).toMatchObject({ ok: false, error: expect.stringMatching(/reviewed-phrases\.yaml: forgot_pin\.0: /) });
  });
});

describe('the reviewed-phrases file', () => {
  it('adds a phrase once, keeps comments, and the latest review of a text wins', () => {
    writeFileSync(file(), '# our city\nforgot_pin:\n  - 暗証番号わすれた # from the counter\n');
    expect(appendReviewedPhrase(file(), 'forgot_pin', '暗証番号わすれた')).toBe(false);
    expect(appendReviewedPhrase(file(), 'office_contact', '土曜日も  開いてる？')).toBe(true);
    expect(appendReviewedPhrase(file(), 'lost_card', '暗証番号わすれた')).toBe(true);
    const text = readFileSync(file(), 'utf8');
    expect(text).toContain('# our city');
    expect(loadReviewedPhrases(file())).toEqual(
      new Map([['forgot_pin', []], ['office_contact', ['土曜日も 開いてる？']], ['lost_card', ['暗証番号わすれた']]]),
    );
  });

  it('refuses to add to a broken file rather than overwrite staff edits', () => {
    writeFileSync(file(), 'forgot_pin: [unclosed\n');
    expect(() => appendReviewedPhrase(file(), 'forgot_pin', 'x')).toThrow(/YAML syntax error/);
    expect(readFileSync(file(), 'utf8')).toBe('forgot_pin: [unclosed\n');
  });
});
