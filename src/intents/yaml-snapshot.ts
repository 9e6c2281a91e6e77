import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Parsing the intent YAML is most of a cold `mynapin ask`. `npm run build` stores the parsed data of
 * every file of intents/ in dist/intents-snapshot.json, keyed by a hash of the file's text; at run
 * time a file whose text still hashes the same is taken from the snapshot, and any file staff have
 * edited since is parsed afresh. So edits never need a rebuild, and an unedited tree skips YAML.
 */
const SNAPSHOT_URL = new URL('../intents-snapshot.json', import.meta.url);

let snapshot: Record<string, string> | null | undefined;

/** The content key of a YAML text. */
export function yamlTextKey(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** The snapshot's JSON for this text, or undefined when it has none (edited file, no build). */
export function snapshotFor(text: string): unknown {
  if (snapshot === undefined) {
    try {
      snapshot = JSON.parse(readFileSync(SNAPSHOT_URL, 'utf8')) as Record<string, string>;
    } catch {
      snapshot = null; // running from src/ (tests) or before a build: parse everything
    }
  }
  const json = snapshot?.[yamlTextKey(text)];
  return json === undefined ? undefined : JSON.parse(json);
}
