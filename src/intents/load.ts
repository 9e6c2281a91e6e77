import { readdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { yaml } from './yaml-lazy.js';
import type { z } from 'zod';
import { IntentFileError } from '../errors.js';
import { INTENT_IDS, isIntentId } from './ids.js';
import { noteValidated, snapshotFor, validatedFor, validatedText } from './yaml-snapshot.js';
import {
  handoffFileSchema,
  intentFileSchema,
  messagesFileSchema,
  type HandoffFile,
  type IntentDefinition,
  type MessagesFile,
} from './schema.js';
import {
  localeDefaultsFileSchema,
  localeHandoffFileSchema,
  localeIntentFileSchema,
  localeMessagesFileSchema,
  nluFileSchema,
  uiFileSchema,
} from './locale-schema.js';

/** `<repo>/intents`: two levels up from both src/intents/ and dist/intents/. */
export const DEFAULT_INTENTS_DIR = fileURLToPath(new URL('../../intents/', import.meta.url));

/** File of the fixed messages (which-PIN question, privacy warning, …) inside the intents directory. */
export const MESSAGES_FILE = '_messages.yaml';

/** How a file is named in errors: relative to the working directory when inside it. */
export function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** `answer.facts[1]` style, as a person would point at the YAML. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(top level)';
}

export function readYaml(file: string): unknown {
  return parseYaml(readText(file), file);
}

function readText(file: string): string {
  return readBytes(file).toString('utf8');
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new IntentFileError(`${displayName(file)}: cannot read the file (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/**
 * validate(schema, readYaml(file), file), with `{}` for an empty file when `emptyAsObject`; when the
 * build stored the validated output for this text, that is read without the raw data (parsing
 * JSON once instead of twice).
 */
export function readValidated<T extends z.ZodType>(schema: T, file: string, emptyAsObject = false): z.infer<T> {
  const bytes = readBytes(file);
  const name = SNAPSHOT_SCHEMAS.get(schema);
  if (name !== undefined) {
    // Looked up by the file's bytes: an unedited file is never decoded (see validatedText).
    const known = validatedText(name, bytes);
    if (known !== undefined) return known as z.infer<T>;
  }
  const data = parseYaml(bytes.toString('utf8'), file);
  return validate(schema, emptyAsObject ? (data ?? {}) : data, file);
}

function parseYaml(source: string, file: string): unknown {
  const cached = snapshotFor(source);
  if (cached !== undefined) return cached;
  try {
    return yaml().parse(source, { uniqueKeys: true });
  } catch (error) {
    if (error instanceof yaml().YAMLError) {
      const at = error.linePos?.[0];
      const where = at ? ` at line ${at.line}, column ${at.col}` : '';
      const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      throw new IntentFileError(`${displayName(file)}: YAML syntax error${where}: ${reason}`, { cause: error });
    }
    throw error;
  }
}

/**
 * The schemas of the files of intents/ whose results the build stores with the snapshot (see
 * yaml-snapshot.ts), by a name that stays the same from build to run.
 */
const SNAPSHOT_SCHEMAS: ReadonlyMap<z.ZodType, string> = new Map<z.ZodType, string>([
  [intentFileSchema, 'intent'],
  [messagesFileSchema, 'messages'],
  [handoffFileSchema, 'handoff'],
  [localeIntentFileSchema, 'locale-intent'],
  [localeMessagesFileSchema, 'locale-messages'],
  [localeHandoffFileSchema, 'locale-handoff'],
  [localeDefaultsFileSchema, 'locale-defaults'],
  [uiFileSchema, 'ui'],
  [nluFileSchema, 'nlu'],
]);

/**
 * Validates a file's data with its schema; for data readYaml took from the build's snapshot, the
 * result the build stored for the same text and schema (see yaml-snapshot.ts).
 */
export function validate<T extends z.ZodType>(schema: T, data: unknown, file: string): z.infer<T> {
  const name = SNAPSHOT_SCHEMAS.get(schema);
  if (name !== undefined) {
    const known = validatedFor(name, data);
    if (known !== undefined) return known as z.infer<T>;
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) {
    if (name !== undefined) noteValidated(name, data, parsed.data);
    return parsed.data;
  }
  const problems = parsed.error.issues.map((issue) => {
    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
    const message = missing ? `missing: add this field (${issue.expected})` : issue.message;
    return `${displayName(file)}: ${formatPath(issue.path)}: ${message}`;
  });
  throw new IntentFileError(problems.join('\n'));
}

/**
 * Reads and validates every `intents/<id>.yaml` (files starting with `_` are not intents).
 * Throws an {@link IntentFileError} naming the file and the field, e.g.
 * `intents/forgot_pin.yaml: answer.facts[1]: unknown fact id "F99" …`; also when a file's id differs
 * from its name or an intent of INTENT_IDS has no file. Returns the intents in INTENT_IDS order.
 */
export function loadIntentFiles(dir: string = DEFAULT_INTENTS_DIR): IntentDefinition[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.yaml') && !name.startsWith('_'));
  } catch (error) {
    throw new IntentFileError(`${displayName(dir)}: cannot read the intents directory (${(error as Error).message})`, {
      cause: error,
    });
  }
  const byId = new Map<string, IntentDefinition>();
  for (const name of names.sort()) {
    const file = join(dir, name);
    const expected = basename(name, '.yaml');
    if (!isIntentId(expected)) {
      throw new IntentFileError(
        `${displayName(file)}: "${expected}" is not an intent id; name intent files <id>.yaml with an id of src/intents/ids.ts (${INTENT_IDS.join(', ')})`,
      );
    }
    const intent = readValidated(intentFileSchema, file);
    if (intent.id !== expected) {
      throw new IntentFileError(
        `${displayName(file)}: id: "${intent.id}" does not match the file name; set id: ${expected} or rename the file`,
      );
    }
    if (intent.followUps.includes(intent.id)) {
      throw new IntentFileError(`${displayName(file)}: followUps: must not offer the intent itself ("${intent.id}")`);
    }
    byId.set(intent.id, intent);
  }
  const missing = INTENT_IDS.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new IntentFileError(
      `${displayName(dir)}: missing intent file(s): ${missing.map((id) => `${id}.yaml`).join(', ')} (every id of src/intents/ids.ts needs one)`,
    );
  }
  return INTENT_IDS.map((id) => byId.get(id)!);
}

/** Reads and validates `intents/_messages.yaml` (every MessageKey, nothing else). */
export function loadMessageFile(dir: string = DEFAULT_INTENTS_DIR): MessagesFile {
  const file = join(dir, MESSAGES_FILE);
  return readValidated(messagesFileSchema, file);
}

/** File of the staff hand-off texts (offer, 「担当者におつなぎしました」, …) inside the intents directory. */
export const HANDOFF_FILE = '_handoff.yaml';

/** Reads and validates `intents/_handoff.yaml`. */
export function loadHandoffFile(dir: string = DEFAULT_INTENTS_DIR): HandoffFile {
  const file = join(dir, HANDOFF_FILE);
  return readValidated(handoffFileSchema, file);
}
