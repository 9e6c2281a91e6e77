import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IntentFileError } from '../../src/errors.js';
import { DEFAULT_INTENTS_DIR } from '../../src/intents/load.js';
import { loadKnowledge, loadLocales } from '../../src/knowledge/index.js';
import { createMatcher } from '../../src/nlu/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mynapin-locales-'));
  cpSync(DEFAULT_INTENTS_DIR, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (...parts: string[]) => join(dir, 'locales', ...parts);
function edit(path: string, change: (text: string) => string): void {
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}
function loadError(load: () => unknown): IntentFileError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(IntentFileError);
    return error as IntentFileError;
  }
  throw new Error('expected an IntentFileError');
}

/** A logger that keeps what it was told. */
function recordingLogger() {
  const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
  return { warnings, warn: (fields: Record<string, unknown>, message: string) => warnings.push({ fields, message }) };
}

describe('language folders: the loader', () => {
  it('reads en and ja-easy, and every text of both is its own (no fallback needed)', () => {
    const logger = recordingLogger();
    const kb = loadKnowledge({ intentsDir: dir, logger: logger as never });
    expect(kb.languages).toEqual(expect.arrayContaining(['ja', 'en', 'ja-easy']));
    for (const lang of ['en', 'ja-easy']) {
      kb.answer('forgot_pin', { lang, pinType: 'signature' });
      kb.answer('lockout_rules', { lang, wrongCount: 2 });
      kb.message('which_pin', lang);
      kb.message('privacy_warning', lang);
    }
    expect(logger.warnings).toEqual([]);
  });

  it('names the file and the field when the fact ids differ from the ja answer', () => {
    edit(file('en', 'forgot_pin.yaml'), (t) => t.replace(/facts: \[F6, F7, F8\]/, 'facts: [F6, F7]'));
    expect(loadError(() => loadLocales(dir)).message).toMatch(
      /locales\/en\/forgot_pin\.yaml: answer\.facts: must list the same fact ids as intents\/forgot_pin\.yaml \(F6, F7, F8\); found F6, F7/,
    );
  });

  it('lazyLanguages (one-shot commands): a broken English file fails the first English answer, not a Japanese one; the default load names it at once', () => {
    edit(file('en', 'forgot_pin.yaml'), (t) => t.replace(/facts: \[F6, F7, F8\]/, 'facts: [F6, F7]'));
    const kb = loadKnowledge({ intentsDir: dir, lazyLanguages: true });
    expect(kb.languages).toEqual(expect.arrayContaining(['ja', 'en', 'ja-easy']));
    expect(kb.answer('forgot_pin').text).toBe(loadKnowledge({ intentsDir: DEFAULT_INTENTS_DIR }).answer('forgot_pin').text);
    expect(kb.answer('forgot_pin', { lang: 'ja-easy' }).text).not.toBe(kb.answer('forgot_pin').text);
    expect(loadError(() => kb.answer('forgot_pin', { lang: 'en' })).message).toMatch(/locales\/en\/forgot_pin\.yaml: answer\.facts/);
    expect(loadError(() => loadKnowledge({ intentsDir: dir })).message).toMatch(/locales\/en\/forgot_pin\.yaml: answer\.facts/);
  });

  it('names the variant when a variant key is missing or extra', () => {
    edit(file('ja-easy', 'forgot_pin.yaml'), (t) => t.replace(/\n    unknown:/, '\n    unknow:'));
    expect(loadError(() => loadLocales(dir)).message).toMatch(/locales\/ja-easy\/forgot_pin\.yaml: answer\.variants: .*missing unknown.*not in ja: unknow/);
  });

  it('names the file and field of a schema error (an over-long chip label) and of an unknown file', () => {
    edit(file('en', 'lost_card.yaml'), (t) => t.replace(/label: "[^"]*"/, 'label: "This label is far longer than twenty characters"'));
    expect(loadError(() => loadLocales(dir)).message).toMatch(/locales\/en\/lost_card\.yaml: suggestion\.label: at most 20 characters/);
    edit(file('en', 'lost_card.yaml'), (t) => t.replace(/label: "[^"]*"/, 'label: "Lost card"'));
    writeFileSync(file('en', 'lost-card.yaml'), 'id: lost_card\n');
    expect(loadError(() => loadLocales(dir)).message).toMatch(/locales\/en\/lost-card\.yaml: "lost-card" is not an intent id/);
  });

  it('names the message whose facts differ from _messages.yaml', () => {
    edit(file('en', '_messages.yaml'), (t) => t.replace(/(privacy_warning:\n\s+facts: )\[F20\]/, '$1[F19]'));
    expect(loadError(() => loadLocales(dir)).message).toMatch(/locales\/en\/_messages\.yaml: privacy_warning\.facts: must list the same fact ids/);
  });

  it('rejects a broken English pattern in _nlu.yaml with the file and field', () => {
    edit(file('en', '_nlu.yaml'), (t) => t.replace('concepts:\n  PIN:\n', 'concepts:\n  PIN:\n    - "(unclosed"\n'));
    expect(loadError(() => createMatcher({ intentsDir: dir })).message).toMatch(/locales\/en\/_nlu\.yaml: concepts\.PIN\[0\]: not a valid regular expression/);
  });
});

describe('language folders: matchers built when first needed', () => {
  it('a one-shot Japanese run does not compile English; prepare() (serve, reload) names a broken English term', () => {
    edit(file('en', '_nlu.yaml'), (t) => t.replace(/^intents:\n  pin_types:\n    terms:\n/m, (head) => `${head}      "@NO_SUCH_CONCEPT": 2\n`));
    const matcher = createMatcher({ intentsDir: dir });
    expect(matcher.match('暗証番号を忘れた').intent).toBe('forgot_pin');
    expect(loadError(() => matcher.prepare?.()).message).toMatch(/locales\/en\/_nlu\.yaml.*unknown concept "@NO_SUCH_CONCEPT"/);
  });

  it('the English matcher is compiled by the first English message', () => {
    const matcher = createMatcher({ intentsDir: dir });
    expect(matcher.match('I forgot my My Number card PIN').intent).toBe('forgot_pin');
    expect(() => matcher.prepare?.()).not.toThrow();
  });
});

describe('language folders: a city adds a language; what is missing falls back', () => {
  it('a new folder with one file is a language; the rest falls back to ja-easy, logged once per (language, text)', () => {
    mkdirSync(file('vi'));
    writeFileSync(
      file('vi', 'thanks.yaml'),
      'id: thanks\nsuggestion: { label: "Cảm ơn", text: "Cảm ơn bạn" }\nanswer:\n  facts: [F20]\n  text: "Không có gì. Bạn không cần cho ai biết mã PIN."\n',
    );
    writeFileSync(file('vi', '_defaults.yaml'), 'language_name: Tiếng Việt\n');
    const logger = recordingLogger();
    const kb = loadKnowledge({ intentsDir: dir, logger: logger as never });
    expect(kb.languages).toContain('vi');
    expect(kb.languageName('vi')).toBe('Tiếng Việt');
    expect(kb.answer('thanks', { lang: 'vi' }).text).toContain('Không có gì');
    // Its own answer needs no fallback; the next-question chips it offers do (other intents).
    expect(logger.warnings.map((w) => w.fields.text)).not.toContain('thanks.yaml: answer');
    expect(logger.warnings.every((w) => String(w.fields.text).endsWith(': suggestion'))).toBe(true);

    const easy = kb.answer('lost_card', { lang: 'ja-easy' }).text;
    expect(kb.answer('lost_card', { lang: 'vi' }).text).toBe(easy);
    kb.answer('lost_card', { lang: 'vi' });
    kb.answer('lost_card', { lang: 'vi' });
    const lostCard = logger.warnings.filter((w) => w.fields.text === 'lost_card.yaml: answer');
    expect(lostCard).toHaveLength(1);
    expect(lostCard[0]!.fields).toEqual({ lang: 'vi', text: 'lost_card.yaml: answer', usedLang: 'ja-easy' });
    expect(lostCard[0]!.message).toMatch(/translation missing: lost_card\.yaml: answer in vi; answering with its ja-easy text/);
  });

  it('a locale folder missing a file falls back to ja-easy, then to ja when ja-easy lacks it too; logged once each', () => {
    unlinkSync(file('en', 'office_contact.yaml'));
    unlinkSync(file('ja-easy', 'mynaportal.yaml'));
    unlinkSync(file('en', 'mynaportal.yaml'));
    const logger = recordingLogger();
    const kb = loadKnowledge({ intentsDir: dir, logger: logger as never });
    const ja = loadKnowledge({ intentsDir: DEFAULT_INTENTS_DIR });
    expect(kb.answer('office_contact', { lang: 'en' }).text).toBe(ja.answer('office_contact', { lang: 'ja-easy' }).text);
    expect(kb.answer('mynaportal', { lang: 'en' }).text).toBe(ja.answer('mynaportal').text);
    kb.answer('office_contact', { lang: 'en' });
    kb.suggestion('office_contact', 'en');
    kb.suggestion('office_contact', 'en');
    const texts = logger.warnings.map((w) => `${w.fields.lang} ${w.fields.text} → ${w.fields.usedLang}`);
    expect(texts.filter((t) => t === 'en office_contact.yaml: answer → ja-easy')).toHaveLength(1);
    expect(texts.filter((t) => t === 'en office_contact.yaml: suggestion → ja-easy')).toHaveLength(1);
    expect(texts.filter((t) => t === 'en mynaportal.yaml: answer → ja')).toHaveLength(1);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('with no locales folder at all, the bot is Japanese only', () => {
    rmSync(join(dir, 'locales'), { recursive: true });
    const kb = loadKnowledge({ intentsDir: dir });
    expect(kb.languages).toEqual(['ja']);
    expect(kb.answer('forgot_pin', { lang: 'en' }).text).toBe(loadKnowledge({ intentsDir: DEFAULT_INTENTS_DIR }).answer('forgot_pin').text);
  });
});
