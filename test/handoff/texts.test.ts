import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IntentFileError } from '../../src/errors.js';
import { DEFAULT_INTENTS_DIR } from '../../src/intents/load.js';
import { HANDOFF_TEXT_KEYS } from '../../src/intents/schema.js';
import { loadHandoffTexts } from '../../src/handoff/texts.js';

describe('intents/_handoff.yaml', () => {
  const texts = loadHandoffTexts(DEFAULT_INTENTS_DIR, { name: 'テスト市', phone: '03-1234-5678' });

  it('fills in the municipality, fits one bubble, and lists F19 wherever it gives the national helpline', () => {
    expect(texts.get('offer').text).toContain('テスト市の担当者');
    expect(texts.get('opened_no_reply').text).toContain('03-1234-5678');
    for (const key of HANDOFF_TEXT_KEYS) {
      const { text, facts } = texts.get(key, { next_open: '12月7日（月）8:30' });
      expect(text.length, key).toBeLessThanOrEqual(400);
      expect(text, key).not.toMatch(/\{[a-z_]+\}/);
      if (text.includes('0120-95-0178')) expect(facts, key).toContain('F19');
    }
    expect(texts.offerButton.label.length).toBeLessThanOrEqual(20);
  });

  it('names the file and the field when a text is broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mynapin-handoff-'));
    cpSync(DEFAULT_INTENTS_DIR, dir, { recursive: true });
    const file = join(dir, '_handoff.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('ただいま受付時間外です。', 'ただいま{closed}です。'));
    expect(() => loadHandoffTexts(dir)).toThrow(IntentFileError);
    expect(() => loadHandoffTexts(dir)).toThrow(/_handoff\.yaml: after_hours\.text: unknown placeholder "\{closed\}"/);
  });
});

describe('hand-off texts in the resident’s language', () => {
  it('English and やさしい日本語 from their folders; every language’s offer button opens a hand-off', async () => {
    const { loadHandoffTexts } = await import('../../src/handoff/texts.js');
    const texts = loadHandoffTexts(undefined, { name: '名取市', name_en: 'Natori City' });
    const en = texts.offerButtonFor('en');
    expect(en.label).not.toMatch(/[ぁ-ん]/);
    expect(texts.offerButtonFor('ja')).toEqual(texts.offerButton);
    for (const lang of ['ja', 'ja-easy', 'en']) expect(texts.isOfferText(texts.offerButtonFor(lang).text)).toBe(true);
    expect(texts.isOfferText('hello')).toBe(false);
    const offer = texts.get('offer', {}, 'en').text;
    expect(offer).toContain('Natori City');
    expect(offer).not.toMatch(/[ぁ-ん]{3}/);
    expect(texts.get('offer', {}, 'ja').text).toContain('名取市');
    // An unknown language is Japanese.
    expect(texts.get('opened', {}, 'xx').text).toBe(texts.get('opened').text);
  });
});
