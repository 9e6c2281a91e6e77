import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { loadHandoffTexts } from '../../src/handoff/texts.js';
import { HANDOFF_CLOSE_ACTION } from '../../src/adapters/slack/handoff-blocks.js';
import { startHandoffHarness, waitUntil, type HandoffHarness } from '../handoff/harness.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const texts = loadHandoffTexts();

// The skip warning and the CI failure for a missing Chromium are in browser.test.ts.
describe.skipIf(!haveChromium)('web chat hand-off in headless Chromium', { timeout: 30_000 }, () => {
  let h: HandoffHarness;
  let browser: Browser;

  beforeAll(async () => {
    h = await startHandoffHarness({ LOG_LEVEL: 'warn' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('shows the staff reply in the chat (labelled 担当者), then the bot takes over again when staff close it', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ja-JP' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(h.base.href);

    const input = page.getByLabel('質問を入力（暗証番号は入力しないでください）');
    await input.fill('人と話したいです');
    await input.press('Enter');
    const chip = page.locator('#suggestions .chip', { hasText: texts.offerButton.label });
    await chip.waitFor();
    await chip.click();
    await expect.poll(() => page.locator('.msg-bot .bubble').last().textContent()).toContain('担当者におつなぎしました');
    await waitUntil(() => h.threads().length === 1, 'the hand-off thread');
    const index = h.slack.calls.indexOf(h.threads()[0]!);
    const n = h.slack.calls.slice(0, index + 1).filter((c) => c.method === 'chat.postMessage' && c.status === 200).length;
    const root = `1800000000.${String(n).padStart(6, '0')}`;

    await h.staffReply(root, '担当の佐藤です。どのようなご用件でしょうか。');
    const staff = page.locator('.msg-staff');
    await expect.poll(() => staff.count(), { timeout: 10_000 }).toBe(1);
    expect(await staff.locator('.bubble').textContent()).toBe('担当の佐藤です。どのようなご用件でしょうか。');
    expect(await staff.locator('.msg-who').textContent()).toBe('担当者:');
    await expect.poll(() => page.locator('[aria-live="polite"]').textContent()).toContain('担当の佐藤です');

    // The resident's next message goes to staff.
    await input.fill('更新の手続きについてです');
    await input.press('Enter');
    await expect.poll(() => page.locator('.msg-bot .bubble').last().textContent()).toBe(texts.get('forwarded').text);
    await waitUntil(() => h.threadPosts(root).some((c) => String(c.body.text).includes('更新の手続きについてです')), 'the follow-up');

    const handoffId = (h.events.find((e) => e.name === 'opened')!.event as { handoffId: string }).handoffId;
    await h.staffAction({ type: 'button', action_id: HANDOFF_CLOSE_ACTION, value: handoffId }, root);
    await expect.poll(() => page.locator('.msg-bot .bubble').last().textContent(), { timeout: 10_000 }).toBe(texts.get('closed_staff').text);
    expect(problems).toEqual([]);
    await context.close();
  });
});
