import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const OUTPUT = 'test-output';

if (!haveChromium) {
  const message = `\n!!! ${CHROMIUM} not found: the web chat browser tests are SKIPPED. Install it with: apt-get install -y chromium\n`;
  if (process.env.CI) throw new Error(message + '(CI is set, so this is a failure.)');
  console.warn(message);
}

describe.skipIf(!haveChromium)('web chat page in headless Chromium', { timeout: 30_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
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

  /** A page that fails the test on any console error (CSP violations land there) or off-site request. */
  async function openPage(viewport: { width: number; height: number }, path = '/'): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'ja-JP' });
    // Chromium does not always log a blocked frame or resource; make every CSP violation an error.
    // (Browser code is passed as strings: the project's TypeScript has no DOM types.)
    await context.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    );
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) problems.push(`off-site request: ${r.url()}`); });
    await page.goto(new URL(path, server.url).href);
    return { page, problems };
  }

  it('answers a typed question, announces it politely, and sends a suggestion chip when clicked (390 px phone)', async () => {
    const { page, problems } = await openPage({ width: 390, height: 844 });
    await expect(page.title()).resolves.toBe('マイナンバーカードの暗証番号 相談チャット');
    const question = '暗証番号を忘れてしまいました';
    const expected = await server.bot.engine.respond({ conversationKey: 'web:reference', text: question });

    const input = page.getByLabel('質問を入力（暗証番号は入力しないでください）');
    await input.fill(question);
    await input.press('Enter');
    const botBubbles = page.locator('.msg-bot .bubble');
    await expect.poll(() => botBubbles.count()).toBe(2);
    expect(await botBubbles.nth(1).textContent()).toBe(expected.text);
    expect(await page.locator('.msg-user .bubble').first().textContent()).toBe(question);

    const live = page.locator('[aria-live="polite"]');
    await expect(live.count()).resolves.toBe(1);
    await expect.poll(() => live.textContent()).toContain(expected.text);
    // Focus stays in the input so the next question can be typed at once.
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('message');

    const chips = page.locator('#suggestions .chip');
    expect(await chips.count()).toBe(expected.suggestions.length);
    if (expected.suggestions.length > 0) {
      const first = expected.suggestions[0]!;
      expect(await chips.first().textContent()).toBe(first.label);
      const afterChip = await server.bot.engine.respond({ conversationKey: 'web:reference', text: first.text });
      await chips.first().click();
      await expect.poll(() => botBubbles.count()).toBe(3);
      expect(await page.locator('.msg-user .bubble').nth(1).textContent()).toBe(first.text);
      expect(await botBubbles.nth(2).textContent()).toBe(afterChip.text);
      expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('message');
    }
    await page.screenshot({ path: `${OUTPUT}/web-chat-390.png`, fullPage: false });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('keeps one conversation id per tab and works by keyboard alone (desktop)', async () => {
    const { page, problems } = await openPage({ width: 1280, height: 860 });
    // The starter chips are buttons reachable with Tab and activated with Enter.
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab'); // language switch
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('lang');
    await page.keyboard.press('Tab'); // first chip
    const focused = await page.evaluate<string | undefined>('document.activeElement?.className');
    expect(focused).toBe('chip');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.msg-bot .bubble').count()).toBe(2);
    const id = await page.evaluate<string | null>("sessionStorage.getItem('mynapin.conversationId')");
    expect(id).toMatch(/^[0-9a-f-]{32,36}$/);
    await page.reload();
    expect(await page.evaluate<string | null>("sessionStorage.getItem('mynapin.conversationId')")).toBe(id);

    await page.getByLabel('質問を入力（暗証番号は入力しないでください）').fill('コンビニで住民票を取りたい');
    await page.getByRole('button', { name: '送信' }).click();
    await expect.poll(() => page.locator('.msg-bot .bubble').count()).toBe(2);
    await page.screenshot({ path: `${OUTPUT}/web-chat-desktop.png` });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('offers 「役に立った / 役に立たなかった」 under an answer; a click is sent once and answered', async () => {
    const { page, problems } = await openPage({ width: 390, height: 844 });
    const input = page.getByLabel('質問を入力（暗証番号は入力しないでください）');
    await input.fill('コンビニで住民票を取るには？');
    await input.press('Enter');
    await expect.poll(() => page.locator('.msg-bot .bubble').count()).toBe(2);
    const buttons = page.locator('.msg-bot .feedback button');
    expect(await buttons.allTextContents()).toEqual(['👍 役に立った', '👎 役に立たなかった']);

    await page.getByRole('button', { name: '👎 役に立たなかった' }).click();
    await expect.poll(() => page.locator('.msg-bot .bubble').count()).toBe(3);
    const k = server.bot.knowledge;
    expect(await page.locator('.msg-bot .bubble').nth(2).textContent()).toBe(k.ui('feedback_sorry'));
    expect(await buttons.evaluateAll((list) => list.map((b) => (b as unknown as { disabled: boolean }).disabled))).toEqual([true, true]);
    expect(await buttons.nth(1).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#suggestions .chip').allTextContents()).toEqual([k.suggestion('office_contact').label, k.suggestion('help').label]);
    // A question back (which PIN?) is no answer yet: no buttons under it.
    await input.fill('暗証番号を忘れました');
    await input.press('Enter');
    await expect.poll(() => page.locator('.msg-bot .bubble').count()).toBe(4);
    expect(await buttons.count()).toBe(2);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('does not leave a PIN the resident typed on screen when the bot warns about it', async () => {
    const { page, problems } = await openPage({ width: 390, height: 844 });
    const text = '暗証番号は4821でいいですか';
    const expected = await server.bot.engine.respond({ conversationKey: 'web:pin-reference', text });
    await page.getByLabel('質問を入力（暗証番号は入力しないでください）').fill(text);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.msg-bot .bubble').count()).toBe(2);
    const shown = await page.locator('.msg-user .bubble').first().textContent();
    // The masking follows the engine's privacy verdict (the stub engine never warns).
    expect(shown?.includes('4821')).toBe(!expected.privacyWarning);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('the widget adds a button that opens the chat in a panel on a host page', async () => {
    const { page, problems } = await openPage({ width: 1280, height: 860 }, '/widget-demo.html');
    const button = page.locator('#mynapin-widget-button');
    await expect.poll(() => button.getAttribute('aria-expanded')).toBe('false');
    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    const frame = page.frameLocator('#mynapin-widget-panel iframe');
    await frame.getByLabel('質問を入力（暗証番号は入力しないでください）').fill('ロックされました');
    await frame.getByLabel('質問を入力（暗証番号は入力しないでください）').press('Enter');
    await expect.poll(() => frame.locator('.msg-bot .bubble').count()).toBe(2);
    await page.screenshot({ path: `${OUTPUT}/widget-open.png` });
    await page.getByRole('button', { name: 'チャットを閉じる' }).click();
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('the widget panel fills a phone screen and closes by its button', async () => {
    const { page, problems } = await openPage({ width: 390, height: 844 }, '/widget-demo.html');
    await page.locator('#mynapin-widget-button').click();
    const panel = page.locator('#mynapin-widget-panel');
    const box = await panel.boundingBox();
    expect(box?.width).toBe(390);
    const frame = page.frameLocator('#mynapin-widget-panel iframe');
    await expect.poll(() => frame.locator('h1').textContent()).toBe('マイナンバーカードの暗証番号 相談チャット');
    await page.screenshot({ path: `${OUTPUT}/widget-open-390.png` });
    await page.getByRole('button', { name: 'チャットを閉じる' }).click();
    expect(await panel.isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
