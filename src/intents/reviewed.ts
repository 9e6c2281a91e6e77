import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { IntentFileError } from '../errors.js';
import { INTENT_IDS, isIntentId, type IntentId } from './ids.js';
import type { IntentDefinition } from './schema.js';
import { yaml } from './yaml-lazy.js';
import { safeParseOnce } from '../config/parse-once.js';
import { lazySchema } from './lazy-schema.js';

/** Name of the reviewed-phrases file inside DATA_DIR (unless REVIEWED_PHRASES_FILE says otherwise). */
export const REVIEWED_PHRASES_FILE = 'reviewed-phrases.yaml';

/** Where the reviewed phrases live: REVIEWED_PHRASES_FILE, else DATA_DIR/reviewed-phrases.yaml. */
export function reviewedPhrasesPath(env: { DATA_DIR: string; REVIEWED_PHRASES_FILE?: string | undefined }): string {
  return resolve(env.REVIEWED_PHRASES_FILE ?? join(env.DATA_DIR, REVIEWED_PHRASES_FILE));
}

/** Phrases staff confirmed, per intent id. */
export type ReviewedPhrases = ReadonlyMap<IntentId, readonly string[]>;

const HEADER = `# Questions residents asked that staff matched to an intent (mynapin review, Slack 「FAQで回答」).
# The bot learns them as extra phrases of intents/<id>.yaml and reloads this file when it changes.
# One list per intent id; edit by hand if needed (a broken file is refused, the bot keeps the last good one).
`;

// Built on first use: a start without a reviewed-phrases file never validates one.
const fileSchema = lazySchema(() => {
  const phrase = z.string().trim().min(1, { message: 'must not be empty' }).max(500, { message: 'at most 500 characters' });
  return z
    .record(z.string(), z.array(phrase, { message: 'a list of phrases ("- text" lines)' }).nullable(), { message: 'intent ids, each followed by its list of phrases' })
    .nullable();
});

/**
 * Reads and validates the reviewed-phrases file; a missing file is no phrases. Throws an
 * IntentFileError naming the file and what is wrong (an unknown intent id, a phrase that is not text).
 */
export function loadReviewedPhrases(file: string): ReviewedPhrases {
  if (!existsSync(file)) return new Map();
  let data: unknown;
  try {
    data = yaml().parse(readFileSync(file, 'utf8'), { uniqueKeys: true });
  } catch (err) {
    const at = (err as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    throw new IntentFileError(`${file}: YAML syntax error${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${((err as Error).message.split('\n')[0] ?? '')}`, { cause: err });
  }
  const parsed = safeParseOnce(fileSchema, data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new IntentFileError(`${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message} (expected "intent_id:" followed by "- phrase" lines)`);
  }
  const out = new Map<IntentId, string[]>();
  for (const [id, list] of Object.entries(parsed.data ?? {})) {
    if (!isIntentId(id)) {
      throw new IntentFileError(`${file}: "${id}" is not an intent id (one of ${INTENT_IDS.join(', ')})`);
    }
    out.set(id, [...new Set(list ?? [])]);
  }
  return out;
}

/** The intents with the reviewed phrases added to their own (duplicates dropped). */
export function withReviewedPhrases(intents: readonly IntentDefinition[], reviewed: ReviewedPhrases): IntentDefinition[] {
  if (reviewed.size === 0) return [...intents];
  return intents.map((intent) => {
    const extra = reviewed.get(intent.id);
    if (!extra?.length) return intent;
    return { ...intent, phrases: [...new Set([...intent.phrases, ...extra])] };
  });
}

/**
 * Adds one phrase under its intent (nothing when it is there already), keeping the file's comments
 * and order, and replaces the file atomically (write + rename) so the bot never reads half of it.
 * Writers take turns through `<file>.lock`, so two at once both keep their phrase.
 * Returns false when the phrase was already there. Throws IntentFileError when the file is broken
 * or another writer has held the lock for over 10 s.
 */
export function appendReviewedPhrase(file: string, intent: IntentId, text: string): boolean {
  const value = text.replace(/\s+/g, ' ').trim();
  if (!value) return false;
  mkdirSync(dirname(file), { recursive: true });
  // Read, change, replace: two writers at once (a `review` at the terminal while staff press
  // 「FAQで回答」 in Slack) would each replace the file with their own addition only.
  return withLock(`${file}.lock`, () => addPhrase(file, intent, value));
}

// How long a writer waits for another to finish, and after how long a lock counts as left behind
// by a process that died holding it (a write takes milliseconds).
const LOCK_WAIT_MS = 10_000;
const LOCK_STALE_MS = 30_000;

/** Runs `work` while holding `lock` (a file created exclusively), waiting for another holder. */
function withLock<T>(lock: string, work: () => T): T {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let age = 0;
    try {
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if (age > LOCK_STALE_MS) {
      rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new IntentFileError(`${lock}: another process has been writing the reviewed phrases for ${Math.round(age / 1000)} s; try again, or delete this file if no review is running`);
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 + Math.floor(Math.random() * 20));
  }
  try {
    return work();
  } finally {
    rmSync(lock, { force: true });
  }
}

function addPhrase(file: string, intent: IntentId, value: string): boolean {
  loadReviewedPhrases(file); // refuses to add to a broken file
  const source = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  const doc = yaml().parseDocument(source);
  const textOf = (item: unknown) => String(yaml().isScalar(item) ? item.value : item);
  const list = doc.getIn([intent]);
  if (yaml().isSeq(list) && list.items.some((item) => textOf(item) === value)) return false;
  // The latest review of a question wins: the same text under another intent goes.
  if (yaml().isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const other = pair.value;
      if (!yaml().isSeq(other) || textOf(pair.key) === intent) continue;
      other.items = other.items.filter((item) => textOf(item) !== value);
    }
  }
  if (yaml().isSeq(list)) list.add(doc.createNode(value));
  else doc.setIn([intent], doc.createNode([value]));
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, doc.toString({ lineWidth: 0 }), 'utf8');
  renameSync(tmp, file);
  return true;
}
