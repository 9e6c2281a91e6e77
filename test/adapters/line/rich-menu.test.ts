import { describe, expect, it } from 'vitest';
import { createBot } from '../../../src/bot.js';
import { loadEnv } from '../../../src/config/env.js';
import type { IntentId } from '../../../src/intents/ids.js';
import { checkRichMenuImage, DEFAULT_RICH_MENU_FILE, loadRichMenu, richMenuProblems } from '../../../src/adapters/line/rich-menu.js';
import { RichMenuError } from '../../../src/adapters/line/errors.js';
import { makeJpegHeader, makePng } from './images.js';

const AREA_INTENTS: IntentId[] = [
  'forgot_pin',
  'unlock_procedure',
  'proxy_procedure',
  'convenience_store',
  'health_insurance',
  'office_contact',
];

describe('line/rich-menu.json', () => {
  it('follows LINE rules and covers the menu without gaps or overlaps', async () => {
    const menu = await loadRichMenu(DEFAULT_RICH_MENU_FILE);
    expect(richMenuProblems(menu)).toEqual([]);
    const covered = (menu.areas ?? []).reduce((sum, a) => sum + a.bounds!.width! * a.bounds!.height!, 0);
    expect(covered).toBe(2500 * 1686);
  });

  it('each area sends words the matcher maps to the intended intent', async () => {
    const bot = await createBot(loadEnv({ LOG_LEVEL: 'silent' }));
    const menu = await loadRichMenu(DEFAULT_RICH_MENU_FILE);
    const sent = (menu.areas ?? []).map((a) => (a.action as { text?: string }).text ?? '');
    expect(sent.map((text) => bot.matcher.match(text).intent)).toEqual(AREA_INTENTS);
  });
});

describe('richMenuProblems', () => {
  it('names every broken rule', () => {
    const problems = richMenuProblems({
      size: { width: 2000, height: 1686 },
      name: '',
      chatBarText: '',
      areas: [{ bounds: { x: -1, y: 0, width: 10, height: 10 }, action: { type: 'postback', label: 'あ'.repeat(21) } }],
    });
    expect(problems.join('\n')).toMatch(/size must be 2500×1686/);
    expect(problems.join('\n')).toMatch(/selected/);
    expect(problems.join('\n')).toMatch(/name must be/);
    expect(problems.join('\n')).toMatch(/chatBarText/);
    expect(problems.join('\n')).toMatch(/areas\[0\]\.bounds needs whole-number/);
    expect(problems.join('\n')).toMatch(/areas\[0\]\.action\.label is over 20/);
    expect(problems.join('\n')).toMatch(/areas\[0\]\.action\.data/);
  });
});

describe('checkRichMenuImage', () => {
  const menu = { size: { width: 2500, height: 1686 } };

  it('accepts a PNG and a JPEG of the menu size, reporting type and size', () => {
    expect(checkRichMenuImage(makePng(2500, 1686), menu)).toMatchObject({ contentType: 'image/png', width: 2500, height: 1686 });
    expect(checkRichMenuImage(makeJpegHeader(1250, 843), menu)).toMatchObject({ contentType: 'image/jpeg', width: 1250, height: 843 });
  });

  it('refuses other formats, LINE-invalid sizes and proportions that do not match the menu', () => {
    expect(() => checkRichMenuImage(Buffer.from('GIF89a........'), menu)).toThrow(/not a PNG or JPEG/);
    expect(() => checkRichMenuImage(makePng(700, 480), menu)).toThrow(RichMenuError);
    expect(() => checkRichMenuImage(makePng(2500, 843), menu)).toThrow(/make the image 2500×1686/);
    expect(() => checkRichMenuImage(makePng(2500, 1686, { noise: true }), menu)).toThrow(/at most 1 MB/);
  });
});
