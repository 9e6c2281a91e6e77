// Part of `npm run build`: stores the parsed data of every intents/*.yaml in
// dist/intents-snapshot.json, keyed by a hash of the file's text (see src/intents/yaml-snapshot.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { yamlTextKey } from '../dist/intents/yaml-snapshot.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'intents');
const snapshot = {};
for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
  const text = readFileSync(join(dir, name), 'utf8');
  try {
    snapshot[yamlTextKey(text)] = JSON.stringify(parse(text, { uniqueKeys: true }));
  } catch {
    // a broken file is left to the loader, which reports it with its line and column
  }
}
writeFileSync(join(root, 'dist/intents-snapshot.json'), JSON.stringify(snapshot));
