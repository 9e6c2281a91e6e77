import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INTENT_IDS } from '../../src/intents/ids.js';
import { loadKnowledge, type Municipality } from '../../src/knowledge/index.js';
import { MESSAGE_KEYS } from '../../src/intents/schema.js';
import type { PinType } from '../../src/conversation/types.js';
import { REPO_ROOT, SHARED_DIR } from '../helpers/paths.js';
import { MAX_CONTACT_CHARS } from '../../src/config/municipality.js';
import { municipalityTexts } from '../../src/knowledge/placeholders.js';

/** Bubble limits of the locale format (characters, after filling every placeholder). */
const BUBBLE: Record<string, number> = { ja: 400, 'ja-easy': 500, en: 1000 };

/**
 * Every field long: name and office at their limits, the contact lines together just under
 * MAX_CONTACT_CHARS (loadMunicipality refuses longer ones), English values long too.
 */
const LONGEST: Municipality = {
  name: 'あ'.repeat(20),
  office: 'い'.repeat(30),
  address: 'う'.repeat(40),
  hours: 'え'.repeat(30),
  phone: '022-384-2111',
  url: `https://www.city.example.lg.jp/${'a'.repeat(28)}`,
  name_en: 'N'.repeat(40),
  office_en: 'O'.repeat(60),
  address_en: 'A'.repeat(100),
  hours_en: 'H'.repeat(60),
};

const PIN_TYPES: (PinType | undefined)[] = [undefined, 'four_digit', 'signature', 'unknown'];

/** Every text the knowledge base can give in a language: answers with each PIN type and count, and the messages. */
function allTexts(kb: ReturnType<typeof loadKnowledge>, lang: string): Array<{ where: string; text: string; facts: string[] }> {
  const out: Array<{ where: string; text: string; facts: string[] }> = [];
  for (const intent of INTENT_IDS) {
    for (const pinType of PIN_TYPES) {
      const a = kb.answer(intent, { lang, ...(pinType ? { pinType } : {}) });
      out.push({ where: `${intent}#${a.variant ?? 'answer'}`, text: a.text, facts: a.facts });
    }
  }
  for (const pinType of PIN_TYPES) {
    for (let count = 1; count <= 6; count++) {
      const a = kb.answer('lockout_rules', { lang, wrongCount: count, ...(pinType ? { pinType } : {}) });
      out.push({ where: `lockout_rules#${a.variant}(${count})`, text: a.text, facts: a.facts });
    }
  }
  for (const key of MESSAGE_KEYS) {
    const m = kb.message(key, lang);
    out.push({ where: `_messages.${key}`, text: m.text, facts: m.facts });
  }
  return out;
}

const plain = loadKnowledge();
const configured = loadKnowledge({ municipality: LONGEST });

describe('every language: one bubble, the same facts as ja', () => {
  it('the long municipality is one loadMunicipality accepts', () => {
    expect(municipalityTexts(LONGEST).contact.length).toBeLessThanOrEqual(MAX_CONTACT_CHARS);
    expect(municipalityTexts(LONGEST).contact.length).toBeGreaterThan(MAX_CONTACT_CHARS - 15);
  });

  it.each(['ja', 'ja-easy', 'en'])('%s: every answer and message fits one bubble, with the longest municipality', (lang) => {
    for (const kb of [plain, configured]) {
      for (const { where, text } of allTexts(kb, lang)) {
        expect(text.length, `${lang} ${where}`).toBeLessThanOrEqual(BUBBLE[lang]!);
        expect(text, `${lang} ${where}: a placeholder left unfilled`).not.toMatch(/\{[a-zA-Z0-9]+\}/);
      }
    }
  });

  it.each(['ja-easy', 'en'])('%s lists the same fact ids as ja for every text', (lang) => {
    const ja = allTexts(plain, 'ja');
    const other = allTexts(plain, lang);
    other.forEach((t, i) => expect([...t.facts].sort(), `${lang} ${t.where}`).toEqual([...ja[i]!.facts].sort()));
  });

  it('English uses the MUNICIPALITY_*_EN values, ja-easy the Japanese ones', () => {
    const kb = loadKnowledge({ municipality: { name: '名取市', name_en: 'Natori City', office_en: 'Citizens Division', hours: '平日 8:30〜17:15', hours_en: 'Weekdays 8:30-17:15', phone: '022-384-2111' } });
    const en = kb.answer('office_contact', { lang: 'en' }).text;
    expect(en).toContain('Citizens Division');
    expect(en).toContain('Weekdays 8:30-17:15');
    expect(en).not.toContain('平日');
    const easy = kb.answer('office_contact', { lang: 'ja-easy' }).text;
    expect(easy).toContain('名取市');
    expect(easy).toContain('平日 8:30〜17:15');
    expect(easy).not.toContain('Natori');
  });
});

describe('English states the facts it must (test/fixtures/i18n-en-checks.json)', () => {
  const checks = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/i18n-en-checks.json'), 'utf8')) as Record<string, string[][] | string>;
  const entries = Object.entries(checks).filter(([key]) => !key.startsWith('_')) as Array<[string, string[][]]>;
  it.each(entries)('%s', (key, groups) => {
    const [intent, variant] = key.split('#') as [(typeof INTENT_IDS)[number], string];
    for (const kb of [plain, configured]) {
      const pinType = (['four_digit', 'signature', 'unknown'] as const).find((p) => p === variant);
      const text = kb.answer(intent, { lang: 'en', ...(pinType ? { pinType } : {}) }).text.toLowerCase();
      for (const group of groups) expect(group.some((word) => text.includes(word.toLowerCase())), `${key} needs one of ${group.join(' | ')}:\n${text}`).toBe(true);
    }
  });
});

describe.skipIf(!SHARED_DIR)('やさしい日本語 states the facts of answer-checks.json', () => {
  it('every intent with checks', () => {
    const checks = JSON.parse(readFileSync(join(SHARED_DIR!, 'eval/answer-checks.json'), 'utf8')) as Record<string, string[][]>;
    const fold = (s: string) => s.normalize('NFKC').replace(/（[ぁ-んー]+）/g, '');
    for (const [intent, groups] of Object.entries(checks)) {
      if (!(INTENT_IDS as readonly string[]).includes(intent) || !Array.isArray(groups)) continue;
      const text = fold(plain.answer(intent as (typeof INTENT_IDS)[number], { lang: 'ja-easy' }).text);
      for (const group of groups) expect(group.some((w) => text.includes(fold(w))), `${intent}: one of ${group.join(' | ')}\n${text}`).toBe(true);
    }
  });
});
