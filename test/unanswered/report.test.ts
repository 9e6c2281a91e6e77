import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PassThrough } from 'node:stream';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import { parseSince, runReport } from '../../src/cli/report.js';
import { loadEnv, type Env } from '../../src/config/env.js';
import { createLogger } from '../../src/logging/logger.js';
import { CSV_HEADER, csvCell } from '../../src/unanswered/report-format.js';
import { LogCapture } from '../server/helpers.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-05T06:00:00Z'); // 15:00 in Japan
const CHROMIUM = '/usr/bin/chromium';
let dataDir: string;
let env: Env;

/** A week of traffic through the real engine with the log on, on a clock the test moves. */
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mynapin-report-'));
  env = loadEnv({ DATA_DIR: dataDir });
  let clock = NOW - 6 * DAY;
  const bot = await createBot(env, { logger: createLogger({ level: 'warn', stream: new LogCapture() }), unansweredLog: true, now: () => clock });
  const day = [
    'マイナンバーカードの暗証番号を忘れました。4桁のほうです',
    'コンビニで住民票を取るには？',
    'マイナ保険証の使い方',
    '暗証番号を3回間違えた',
    '今日の晩ごはんは何がいいかな', // none
    '=HYPERLINK("http://example.com","x") 駐輪場はどこ', // none, and a spreadsheet formula
  ];
  let n = 0;
  for (let d = 0; d < 7; d++) {
    for (let i = 0; i <= d % 3; i++) {
      for (const text of day) await bot.engine.respond({ conversationKey: `web:report-${n++}-aaaaaaaaaaaaaa`, text });
    }
    clock += DAY;
  }
  clock = NOW;
  const key = 'slack:T:C:U:1';
  const reply = await bot.engine.respond({ conversationKey: key, text: 'マイナポータルにログインできない' });
  bot.unanswered!.feedback(key, reply.intent, false);
  bot.unanswered!.feedback(key, reply.intent, true);
  bot.close();
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function report(args: string[]): string {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString('utf8')));
  expect(runReport(args, env, out, NOW + DAY / 4)).toBe(0);
  return text;
}

/** RFC 4180 CSV → rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else cell += c;
  }
  return rows;
}

describe('mynapin report', () => {
  it('md: rates, hand-offs, feedback, per-intent counts and the top unanswered questions grouped by normalised text', () => {
    const md = report(['--since', '7d']);
    expect(md).toMatch(/^# mynapin report 2026-11-28 – 2026-12-05/);
    // 7 days × (1,2,3,1,2,3,1) rounds × 6 questions, +1 Slack question
    const turns = 13 * 6 + 1;
    expect(md).toContain(`| 質問数 (turns) | ${turns} |`);
    expect(md).toMatch(/\| none 率 \| 3[0-9]\.\d% \|/);
    expect(md).toContain('| フィードバック 役に立った / 役に立たなかった | 1 / 1 |');
    expect(md).toMatch(/\| [12] \| 13 \| (今日の晩ごはんは何がいいかな|=HYPERLINK.*) \| none \|/);
    expect(md).toContain('| 「役に立たなかった」 | 1 |');
    expect(md).toMatch(/\| convenience_store \(コンビニで証明書\) \| 13 \|/);
    // --since narrows the period: the last 2 days only.
    expect(report(['--since', '2d'])).toMatch(/\| 質問数 \(turns\) \| (?!79)\d+ \|/);
  });

  it('csv: one table that parses, every row as wide as the header, formulas defused', () => {
    const rows = parseCsv(report(['--format', 'csv']));
    expect(rows[0]).toEqual([...CSV_HEADER]);
    for (const row of rows) expect(row).toHaveLength(CSV_HEADER.length);
    const get = (metric: string) => rows.find((r) => r[0] === 'summary' && r[3] === metric)?.[4];
    expect(get('turns')).toBe('79');
    expect(Number(get('answered_rate'))).toBeGreaterThan(0.5);
    const days = rows.filter((r) => r[0] === 'day');
    expect(new Set(days.map((r) => r[1])).size).toBe(7);
    const unanswered = rows.filter((r) => r[0] === 'unanswered');
    expect(unanswered.map((r) => r[5])).toContain('今日の晩ごはんは何がいいかな');
    const formula = unanswered.find((r) => r[5]!.includes('HYPERLINK'))!;
    expect(formula[5]!.startsWith("'=")).toBe(true);
    expect(csvCell('a,"b"\nc')).toBe('"a,""b""\nc"');
  });

  it('html: one self-contained page (no script, no external asset) with an inline SVG bar chart per day', () => {
    const html = report(['--format', 'html']);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\(/i);
    expect(html).not.toMatch(/(?:src|href)\s*=/i);
    expect((html.match(/<svg/g) ?? []).length).toBe(1);
    expect((html.match(/<rect /g) ?? []).length).toBeGreaterThanOrEqual(7);
    // Resident text is escaped, never markup.
    expect(html).toContain('=HYPERLINK(&quot;http://example.com&quot;,&quot;x&quot;)');
  });

  it('writes to --out and refuses bad options with what to use', () => {
    const file = join(dataDir, 'r.csv');
    expect(runReport(['--format', 'csv', '--out', file], env, new PassThrough(), NOW)).toBe(0);
    expect(readFileSync(file, 'utf8').startsWith('\ufeffsection,day,intent')).toBe(true);
    expect(() => runReport(['--format', 'pdf'], env)).toThrow(/use md, csv or html/);
    expect(() => parseSince('last week', NOW)).toThrow(/7d, 24h or 2w/);
    expect(parseSince('2026-12-01', NOW)).toBe(Date.parse('2026-11-30T15:00:00Z'));
    expect(() => runReport([], loadEnv({ DATA_DIR: join(dataDir, 'nothing-here') }))).toThrow(/no unanswered-question database/);
  });

  it.skipIf(!existsSync(CHROMIUM))('html renders in headless Chromium with no request but the page itself', { timeout: 30_000 }, async () => {
    mkdirSync('test-output', { recursive: true });
    const file = join(dataDir, 'report.html');
    writeFileSync(file, report(['--format', 'html']));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 1400 }, locale: 'ja-JP' });
      const requests: string[] = [];
      const problems: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
      await page.goto(pathToFileURL(file).href);
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(problems).toEqual([]);
      const bars = await page.locator('svg rect').count();
      expect(bars).toBeGreaterThanOrEqual(7);
      const box = await page.locator('svg').boundingBox();
      expect(box!.width).toBeGreaterThan(600);
      expect(box!.height).toBeGreaterThan(200);
      await page.screenshot({ path: 'test-output/report.png', fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
