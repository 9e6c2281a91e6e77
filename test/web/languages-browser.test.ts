import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`${CHROMIUM} not found: install it with apt-get install -y chromium`);

/** The page's language: ?lang=, the switch, and a reply in another language switching the page. */
describe.skipIf(!haveChromium)('web chat page languages in headless Chromium', { timeout: 30_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: 'warn' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openPage(path: string): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ja-JP' });
    await context.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    );
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(new URL(path, server.url).href);
    return { page, problems };
  }

  it('?lang=en shows the page in English and answers in English', async () => {
    const { page, problems } = await openPage('/?lang=en');
    await expect.poll(() => page.locator('#title').textContent()).toBe('My Number Card PIN help chat');
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('en');
    expect(await page.locator('#send').textContent()).toBe('Send');
    expect(await page.locator('#lang').inputValue()).toBe('en');
    expect(await page.locator('#suggestions .chip').first().textContent()).not.toMatch(/[ぁ-ん]/);
    await page.getByLabel('Type your question (never type your PIN)').fill('😀');
    await page.getByLabel('Type your question (never type your PIN)').press('Enter');
    const bubbles = page.locator('.msg-bot .bubble');
    await expect.poll(() => bubbles.count()).toBe(2);
    expect(await bubbles.nth(1).textContent()).not.toMatch(/[ぁ-ん]{3}/);
    expect(problems).toEqual([]);
  });

  it('the switch changes the page, and an English question switches a Japanese page to English', async () => {
    const { page, problems } = await openPage('/');
    expect(await page.locator('#title').textContent()).toBe('マイナンバーカードの暗証番号 相談チャット');
    await page.locator('#lang').selectOption('ja-easy');
    await expect.poll(() => page.locator('#send').textContent()).toBe('送（おく）る');
    await page.locator('#lang').selectOption('ja');
    await expect.poll(() => page.locator('#send').textContent()).toBe('送信');
    await page.locator('#message').fill('I forgot my PIN');
    await page.locator('#message').press('Enter');
    await expect.poll(() => page.locator('#send').textContent()).toBe('Send');
    expect(await page.locator('#lang').inputValue()).toBe('en');
    expect(await page.locator('.msg-bot .bubble').nth(1).textContent()).toMatch(/PIN/);
    expect(problems).toEqual([]);
  });
});
