import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findUnverifiedClaims } from '../../src/knowledge/facts.js';
import { IN_CI, REPO_ROOT, SHARED_DIR } from '../helpers/paths.js';

/**
 * The translated texts under intents/locales/<lang>/ against their Japanese originals, read as plain
 * YAML (independent of the engine that loads them): same keys, variants and fact ids, only the
 * placeholders the Japanese uses, the counts still filled in, one bubble each, the facts that
 * answer-checks.json (やさしい日本語) and fixtures/answer-checks-en.json (English) require, and the
 * readings やさしい日本語 gives hard words.
 */

const INTENTS_DIR = join(REPO_ROOT, 'intents');
const LOCALES_DIR = join(INTENTS_DIR, 'locales');
/** Owned by the i18n engine (phrases, UI strings), not translations of a Japanese file. */
const NOT_TEXT_FILES = new Set(['_nlu.yaml', '_ui.yaml']);

const ALLOWED = ['municipality', 'office', 'contact', 'count', 'left', 'limit', 'left4', 'leftSig', 'limit4', 'limitSig'];
const COUNTS = ['count', 'left', 'limit', 'left4', 'leftSig', 'limit4', 'limitSig'];
/** Bubble limits after filling placeholders with long values (format agreed in the i18n brief). */
const BUBBLE: Record<string, number> = { 'ja-easy': 500, en: 1000 };
const DEFAULT_BUBBLE = 1000;

/**
 * Long fills: longer than the longest municipality test/knowledge/answers.test.ts configures (name 20,
 * office ~50, four contact lines ~190 characters).
 */
const LONG: Record<string, string> = {
  municipality: 'x'.repeat(30),
  office: 'x'.repeat(60),
  contact: 'x'.repeat(200),
  next_open: 'x'.repeat(30),
};
/** Realistic counts (F4: 3 for the 4-digit PINs, 5 for the signature PIN) for the fact checks. */
const COUNT_VALUES: Record<string, string> = { count: '2', left: '1', limit: '3', left4: '1', leftSig: '3', limit4: '3', limitSig: '5' };

/** Words やさしい日本語 reads out at their first use in a text: 市役所（しやくしょ）… */
const READ_WORDS = ['市役所', '暗証番号', '窓口', '署名用', '電子証明書'];
/** Names residents see on screens stay as they are (the reading comes before them). */
const SCREEN_NAMES = [/JPKI暗証番号リセット/g];

type Dict = Record<string, unknown>;
interface Block {
  facts?: string[];
  text: string;
}

const readYaml = (path: string): Dict => parse(readFileSync(path, 'utf8')) as Dict;
const placeholders = (text: string): string[] => [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
const fill = (text: string, values: Record<string, string>): string =>
  text.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => values[name] ?? whole);
const fold = (s: string) => s.normalize('NFKC').toLowerCase();

const languages = existsSync(LOCALES_DIR)
  ? readdirSync(LOCALES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
  : [];

const answerChecksJa: Record<string, string[][]> | undefined =
  SHARED_DIR && existsSync(join(SHARED_DIR, 'eval/answer-checks.json'))
    ? (JSON.parse(readFileSync(join(SHARED_DIR, 'eval/answer-checks.json'), 'utf8')) as Record<string, string[][]>)
    : undefined;
const answerChecksEn = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/answer-checks-en.json'), 'utf8')) as Record<
  string,
  string[][]
>;

/** The text blocks of a file, by a path such as `answer` or `answer.variants.locked_signature`. */
function blocksOf(file: string, doc: Dict): Map<string, Block> {
  const blocks = new Map<string, Block>();
  if (file === '_messages.yaml' || file === '_handoff.yaml') {
    for (const [key, value] of Object.entries(doc)) {
      if (value && typeof value === 'object' && 'text' in value && !('label' in value)) blocks.set(key, value as Block);
    }
    return blocks;
  }
  const answer = doc.answer as Block & { variants?: Record<string, Block> };
  blocks.set('answer', answer);
  for (const [name, variant] of Object.entries(answer.variants ?? {})) blocks.set(`answer.variants.${name}`, variant);
  return blocks;
}

function missingReadings(text: string): string[] {
  let plain = text;
  for (const name of SCREEN_NAMES) plain = plain.replace(name, '');
  return READ_WORDS.filter((word) => {
    const at = plain.indexOf(word);
    return at >= 0 && !/^（[ぁ-ゖー・]+）/.test(plain.slice(at + word.length));
  });
}

it('has at least the English and やさしい日本語 folders', () => {
  expect(languages).toEqual(expect.arrayContaining(['en', 'ja-easy']));
});

describe.each(languages.map((lang) => [lang]))('intents/locales/%s', (lang) => {
  const dir = join(LOCALES_DIR, lang);
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && !NOT_TEXT_FILES.has(f)).sort();
  const defaults = existsSync(join(dir, '_defaults.yaml')) ? readYaml(join(dir, '_defaults.yaml')) : {};
  const textFiles = files.filter((f) => f !== '_defaults.yaml');
  const bubble = BUBBLE[lang] ?? DEFAULT_BUBBLE;

  it('names a Japanese original for every file', () => {
    for (const file of textFiles) expect(existsSync(join(INTENTS_DIR, file)), `${lang}/${file} has no intents/${file}`).toBe(true);
  });

  it('gives every default placeholder value and its language name', () => {
    if (files.includes('_defaults.yaml')) {
      for (const key of ['language_name', 'municipality', 'office', 'contact']) {
        expect(typeof defaults[key], `${lang}/_defaults.yaml: ${key}`).toBe('string');
        expect(String(defaults[key]).trim().length, `${lang}/_defaults.yaml: ${key}`).toBeGreaterThan(0);
        expect(placeholders(String(defaults[key])), `${lang}/_defaults.yaml: ${key} (no placeholders)`).toEqual([]);
      }
    }
  });

  describe.each(textFiles.map((f) => [f]))('%s', (file) => {
    const doc = readYaml(join(dir, file));
    const ja = readYaml(join(INTENTS_DIR, file));
    const where = `${lang}/${file}`;
    const blocks = blocksOf(file, doc);
    const jaBlocks = blocksOf(file, ja);
    const intent = file.startsWith('_') ? undefined : file.replace(/\.yaml$/, '');

    it('has the same keys, variants and fact ids as the Japanese', () => {
      if (intent) {
        expect(doc.id, `${where}: id`).toBe(intent);
        const variants = (d: Dict) => Object.keys((d.answer as { variants?: Dict }).variants ?? {}).sort();
        expect(variants(doc), `${where}: variant names`).toEqual(variants(ja));
        expect(Object.keys(doc.answer as Dict).sort(), `${where}: answer fields`).toEqual(
          Object.keys(ja.answer as Dict).sort(),
        );
      } else {
        expect(Object.keys(doc).sort(), `${where}: keys`).toEqual(Object.keys(ja).sort());
      }
      expect([...blocks.keys()].sort()).toEqual([...jaBlocks.keys()].sort());
      for (const [key, block] of blocks) {
        expect(typeof block.text, `${where}: ${key}.text`).toBe('string');
        if (jaBlocks.get(key)?.facts !== undefined || block.facts !== undefined) {
          expect(block.facts, `${where}: ${key}.facts`).toEqual(jaBlocks.get(key)?.facts);
        }
      }
    });

    it('uses only allowed placeholders, those of the Japanese, and keeps its counts', () => {
      for (const [key, block] of blocks) {
        const jaUsed = new Set(placeholders(jaBlocks.get(key)?.text ?? ''));
        const used = new Set(placeholders(block.text));
        const allowed = file === '_handoff.yaml' ? [...ALLOWED, 'next_open'] : ALLOWED;
        for (const name of used) {
          expect(allowed, `${where}: ${key} uses {${name}}`).toContain(name);
          expect(jaUsed.has(name), `${where}: ${key} uses {${name}}, the Japanese does not`).toBe(true);
        }
        for (const name of jaUsed) {
          if (COUNTS.includes(name) || name === 'next_open' || name === 'contact') {
            expect(used.has(name), `${where}: ${key} must use {${name}} like the Japanese`).toBe(true);
          }
        }
      }
    });

    it('keeps suggestion labels ≤ 20 and texts ≤ 100 characters', () => {
      const suggestions: { label: string; text: string }[] = [];
      if (intent) suggestions.push(doc.suggestion as { label: string; text: string });
      if (file === '_handoff.yaml') suggestions.push(doc.offer_button as { label: string; text: string });
      if (file === '_messages.yaml') {
        for (const [key, message] of Object.entries(doc)) {
          const own = (message as { suggestions: unknown[] }).suggestions;
          const jaOwn = (ja[key] as { suggestions: unknown[] }).suggestions;
          const intentOf = (s: unknown) => (typeof s === 'string' ? s : (s as { intent: string }).intent);
          expect(own.map(intentOf), `${where}: ${key}.suggestions`).toEqual(jaOwn.map(intentOf));
          for (const s of own) if (typeof s !== 'string') suggestions.push(s as { label: string; text: string });
        }
      }
      for (const s of suggestions) {
        expect(typeof s.label).toBe('string');
        expect(typeof s.text).toBe('string');
        expect([...s.label.trim()].length, `${where}: label "${s.label}"`).toBeLessThanOrEqual(20);
        expect([...s.text.trim()].length, `${where}: text "${s.text}"`).toBeLessThanOrEqual(100);
        expect(s.label.trim().length).toBeGreaterThan(0);
      }
    });

    it(`fits one bubble (${bubble} characters with long placeholder values)`, () => {
      for (const [key, block] of blocks) {
        const filled = fill(block.text.trim(), { ...LONG, ...Object.fromEntries(COUNTS.map((c) => [c, '99'])) });
        expect([...filled].length, `${where}: ${key}`).toBeLessThanOrEqual(bubble);
        expect(block.text.trim().length, `${where}: ${key} is empty`).toBeGreaterThan(0);
      }
    });

    it('keeps the phone numbers, hours and years of the Japanese, says where a rule varies, states nothing unverified', () => {
      for (const [key, block] of blocks) {
        const jaText = jaBlocks.get(key)?.text ?? '';
        const text = block.text.normalize('NFKC');
        for (const figure of jaText.normalize('NFKC').match(/0120-[\d-]+\d|\d{1,2}:\d{2}|20\d\d(?=年)/g) ?? []) {
          expect(text, `${where}: ${key} must keep ${figure}`).toContain(figure);
        }
        if (/市区町村によって異なります/.test(jaText)) {
          const says = lang === 'en' ? /var(y|ies)|differ/i : lang.startsWith('ja') ? /によって(ちがい|違い|異なり)ます/ : /./;
          expect(text, `${where}: ${key} must say that municipalities differ`).toMatch(says);
        }
        const values = Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, String(v)]));
        expect(findUnverifiedClaims(fill(block.text, values)).map((c) => c.id), `${where}: ${key}`).toEqual([]);
        if (lang === 'en' && jaText.includes('0120-95-0178')) {
          expect(text, `${where}: ${key} gives the helpline, so also its foreign-language number`).toContain('0120-0178-27');
        }
      }
    });

    const checks = lang === 'en' ? answerChecksEn : lang === 'ja-easy' ? answerChecksJa : undefined;
    it.runIf(Boolean(intent) && (checks !== undefined || IN_CI))('states the facts its intent must state', () => {
      expect(checks, 'shared/eval/answer-checks.json must be present in CI').toBeDefined();
      const values = { ...Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, String(v)])), ...COUNT_VALUES };
      for (const [key, block] of blocks) {
        const text = fold(fill(block.text, values));
        for (const group of [...(checks?.[intent ?? ''] ?? []), ...(checks?.[`${intent}#${key}`] ?? [])]) {
          expect(group.some((alt) => text.includes(fold(alt))), `${where}: ${key} needs one of ${group.join(' | ')}`).toBe(true);
        }
      }
    });

    it.runIf(lang === 'ja-easy')('reads out hard words at their first use in each text', () => {
      for (const [key, block] of blocks) {
        expect(missingReadings(block.text), `${where}: ${key} needs a reading （…） after`).toEqual([]);
      }
    });
  });
});

it('names only real intents and texts in the English checks', () => {
  const ja = (id: string) => join(INTENTS_DIR, `${id}.yaml`);
  for (const key of Object.keys(answerChecksEn).filter((k) => !k.startsWith('_'))) {
    const [intent = '', block] = key.split('#');
    expect(existsSync(ja(intent)), key).toBe(true);
    if (block) expect([...blocksOf(`${intent}.yaml`, readYaml(ja(intent))).keys()], key).toContain(block);
  }
});

describe('the reading check', () => {
  it('accepts a reading at the first use and refuses a missing one', () => {
    expect(missingReadings('暗証番号（あんしょうばんごう）は暗証番号です')).toEqual([]);
    expect(missingReadings('署名用の暗証番号（あんしょうばんごう）')).toEqual(['署名用']);
    expect(missingReadings('「JPKI暗証番号リセット」の前に暗証番号（あんしょうばんごう）')).toEqual([]);
  });
});
