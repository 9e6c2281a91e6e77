import { describe, expect, it } from 'vitest';
import { yamlTextKey } from '../../src/intents/yaml-snapshot.js';

// The build keys what it stores for an intent file by its text; a start looks it up by the file's
// bytes, so that an unedited file is not decoded (src/intents/load.ts, readValidated).
describe('yamlTextKey', () => {
  it('keys a file by its bytes as the build keyed its text', () => {
    for (const text of ['', 'id: forgot_pin\nphrases:\n  - 暗証番号を忘れた\n', '\ufeffconcepts:\n  PIN: [暗証番号, ＰＩＮ, 😀]\n']) {
      expect(yamlTextKey(Buffer.from(text, 'utf8'))).toBe(yamlTextKey(text));
    }
  });

  it('keys bytes that are not UTF-8 apart from their decoded text (so they are decoded and parsed, never looked up)', () => {
    const bytes = Buffer.concat([Buffer.from('phrases:\n  - '), Buffer.from([0xe6, 0x9a, 0x0a])]);
    expect(yamlTextKey(bytes)).not.toBe(yamlTextKey(bytes.toString('utf8')));
  });
});
