import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IntentFileError } from '../../src/errors.js';
import { INTENT_IDS } from '../../src/intents/ids.js';
import { DEFAULT_INTENTS_DIR, loadIntentFiles, loadMessageFile } from '../../src/intents/load.js';
import { loadKnowledge } from '../../src/knowledge/index.js';

let dir: string;

/** A copy of the real intents/ to break one file at a time. */
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mynapin-intents-'));
  cpSync(DEFAULT_INTENTS_DIR, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function edit(file: string, change: (text: string) => string): void {
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  expect(after, 'the test edit must change the file').not.toBe(before);
  writeFileSync(path, after);
}

function loadError(load: () => unknown): IntentFileError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(IntentFileError);
    return error as IntentFileError;
  }
  throw new Error('expected the load to fail');
}

describe('loadIntentFiles', () => {
  it('loads one valid definition per intent id, in INTENT_IDS order', () => {
    const intents = loadIntentFiles();
    expect(intents.map((i) => i.id)).toEqual([...INTENT_IDS]);
    for (const intent of intents) {
      expect(intent.phrases.length).toBeGreaterThan(0);
      expect(intent.answer.text.length).toBeGreaterThan(0);
    }
  });

  it('names file and field for an unknown fact id', () => {
    edit('forgot_pin.yaml', (t) => t.replace('  facts: [F6, F7, F8]\n  text:', '  facts: [F6, F99, F8]\n  text:'));
    const error = loadError(() => loadIntentFiles(dir));
    expect(error.message).toMatch(/forgot_pin\.yaml: answer\.facts\[1\]: unknown fact id "F99"/);
  });

  it('names the variant of a bad fact id inside a variant', () => {
    edit('forgot_pin.yaml', (t) => t.replace(/(    signature:\n      facts: )\[F6, F7, F8\]/, '$1[F6, F21]'));
    expect(loadError(() => loadIntentFiles(dir)).message).toMatch(
      /forgot_pin\.yaml: answer\.variants\.signature\.facts\[1\]: unknown fact id "F21"/,
    );
  });

  it('names a missing field', () => {
    edit('change_pin.yaml', (t) => t.replace(/^suggestion:\n  label: .*\n  text: .*\n/m, ''));
    expect(loadError(() => loadIntentFiles(dir)).message).toMatch(/change_pin\.yaml: suggestion: missing: add this field/);
  });

  it('rejects an id that differs from the file name', () => {
    edit('thanks.yaml', (t) => t.replace('id: thanks', 'id: greeting'));
    expect(loadError(() => loadIntentFiles(dir)).message).toMatch(/thanks\.yaml: id: "greeting" does not match the file name/);
  });

  it('rejects an unknown id', () => {
    edit('thanks.yaml', (t) => t.replace('id: thanks', 'id: thank_you'));
    expect(loadError(() => loadIntentFiles(dir)).message).toMatch(/thanks\.yaml: id: unknown intent id "thank_you"/);
  });

  it('rejects a file for an id that does not exist', () => {
    writeFileSync(join(dir, 'weather.yaml'), readFileSync(join(dir, 'thanks.yaml'), 'utf8'));
    expect(loadError(() => loadIntentFiles(dir)).message).toMatch(/weather\.yaml: "weather" is not an intent id/);
  });

  it('rejects a missing intent file', () => {
    unlinkSync(join(dir, 'lost_card.yaml'));
    expect(loadError(() => loadIntentFiles(dir)).message).toMatch(/missing intent file\(s\): lost_card\.yaml/);
  });

  it('names a followUp that is not an intent id', () => {
    edit('lost_card.yaml', (t) => t.replace('followUps: [office_contact, pin_management]', 'followUps: [office_contact, police]'));
    expect(loadError(() => loadIntentFiles(dir)).message).toMatch(
      /lost_card\.yaml: followUps\[1\]: unknown intent id "police"/,
    );
  });

  it('wants 2–4 followUps', () => {
    edit('lost_card.yaml', (t) => t.replace('followUps: [office_contact, pin_management]', 'followUps: [office_contact]'));
    expect(loadError(() => loadIntentFiles(dir)).message).toMatch(/lost_card\.yaml: followUps: list 2–4 intent ids/);
  });

  it('reports a YAML syntax error with file and line', () => {
    edit('mynaportal.yaml', (t) => t.replace('followUps: [change_pin, smartphone_certificate, forgot_pin]', 'followUps: [change_pin, smartphone_certificate'));
    expect(loadError(() => loadIntentFiles(dir)).message).toMatch(/mynaportal\.yaml: YAML syntax error at line \d+, column \d+/);
  });

  it('names an unknown placeholder', () => {
    edit('lost_card.yaml', (t) => t.replace('{office}', '{ofice}'));
    expect(loadError(() => loadIntentFiles(dir)).message).toMatch(/lost_card\.yaml: answer\.text: unknown placeholder "\{ofice\}"/);
  });

  it('names a misspelt key', () => {
    edit('lost_card.yaml', (t) => t.replace('followUps:', 'followups: [help, none]\nfollowUps:'));
    expect(loadError(() => loadIntentFiles(dir)).message).toMatch(/lost_card\.yaml: .*"followups"/);
  });

  it('rejects a button label over 20 characters', () => {
    edit('lost_card.yaml', (t) => t.replace('label: カードをなくした', 'label: マイナンバーカードをなくしてしまったときの手続き'));
    expect(loadError(() => loadIntentFiles(dir)).message).toMatch(/lost_card\.yaml: suggestion\.label: at most 20 characters/);
  });

  it('ignores _-prefixed data files such as the matcher lexicon', () => {
    writeFileSync(join(dir, '_notes.yaml'), 'anything: [goes');
    expect(loadIntentFiles(dir)).toHaveLength(INTENT_IDS.length);
  });
});

describe('loadMessageFile', () => {
  it('names a missing message key', () => {
    edit('_messages.yaml', (t) => t.replace(/^too_long:\n(?:  .*\n)+/m, ''));
    expect(loadError(() => loadMessageFile(dir)).message).toMatch(/_messages\.yaml: too_long: /);
  });

  it('names an unknown suggestion intent', () => {
    edit('_messages.yaml', (t) => t.replace('suggestions: [help, office_contact]', 'suggestions: [help, weather]'));
    expect(loadError(() => loadMessageFile(dir)).message).toMatch(/_messages\.yaml: error\.suggestions\[1\]/);
  });
});

describe('loadKnowledge', () => {
  it('rejects a count placeholder outside the lockout count variants', () => {
    edit('lost_card.yaml', (t) => t.replace('2. 警察に届け出ます。', '2. {count}回目に警察に届け出ます。'));
    expect(loadError(() => loadKnowledge({ intentsDir: dir })).message).toMatch(
      /lost_card\.yaml: answer\.text: \{count\} is only filled in the lockout_rules count variants/,
    );
  });

  it('requires the lockout variants it selects', () => {
    edit('lockout_rules.yaml', (t) => t.replace('    locked_unknown_type:', '    locked_all_unknown:'));
    expect(loadError(() => loadKnowledge({ intentsDir: dir })).message).toMatch(
      /lockout_rules\.yaml: answer\.variants: missing locked_unknown_type/,
    );
  });
});
