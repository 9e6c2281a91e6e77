import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { readBuildTable } from '../build-table.js';

/**
 * Parsing the intent YAML is most of a cold `mynapin ask`. `npm run build` stores the parsed data of
 * every file of intents/ in dist/intents-snapshot.json, keyed by a hash of the file's text; at run
 * time a file whose text still hashes the same is taken from the snapshot, and any file staff have
 * edited since is parsed afresh. So edits never need a rebuild, and an unedited tree skips YAML.
 *
 * The build also stores what validating each file gave (the schema's output, defaults filled in),
 * keyed by the schema's name and the text's hash (see validatedFor): validating the ~75 files with
 * zod was a fifth of a cold `ask`. The schemas are code, built with the snapshot, and a file's
 * validation depends on its data alone, so the same text always validates the same way. A file
 * edited since has another hash and is validated as usual; checks across files run as before.
 */
const SNAPSHOT_URL = new URL('../intents-snapshot.json', import.meta.url);
/**
 * The validated outputs, in a file of their own: a loader that finds its file's output there needs
 * no parsed data (see validatedText), so an unedited tree never reads intents-snapshot.json.
 */
const VALIDATED_URL = new URL('../intents-validated.json', import.meta.url);
/** Those of the language folders' answer texts, read when a language is first used (see localeSchema). */
const LOCALE_VALIDATED_URL = new URL('../intents-validated-locales.json', import.meta.url);

/**
 * Whether a schema name (see SNAPSHOT_SCHEMAS in load.ts) is one of the language folders' answer
 * texts (read on a language's first use). `nlu` stays in the first file: createMatcher validates
 * every _nlu.yaml at once.
 */
export const localeSchema = (schema: string): boolean => schema.startsWith('locale-');

let snapshot: Record<string, string> | null | undefined;
let validations: Record<string, string> | null | undefined;
let localeValidations: Record<string, string> | null | undefined;

/** Parsed data from a text → the text's key, so validatedFor can find what validating it gave. */
const origins = new WeakMap<object, string>();

/**
 * The content key of a YAML text, or of the bytes of its file: the SHA-1 of its UTF-8 bytes, so a
 * file's bytes key as its text does (the bytes of a file that is not valid UTF-8 key otherwise:
 * such a file is then decoded and parsed, as an edited one).
 */
export function yamlTextKey(text: string | Uint8Array): string {
  return createHash('sha1').update(text).digest('base64');
}


function stored(): Record<string, string> | null {
  if (snapshot === undefined) snapshot = readBuildTable<string>(SNAPSHOT_URL);
  return snapshot;
}

function storedValidations(schema: string): Record<string, string> | null {
  if (localeSchema(schema)) {
    if (localeValidations === undefined) localeValidations = readBuildTable<string>(LOCALE_VALIDATED_URL);
    return localeValidations;
  }
  if (validations === undefined) validations = readBuildTable<string>(VALIDATED_URL);
  return validations;
}

/** The last text keyed (validatedText then snapshotFor on the same text hash it once). */
let lastText: string | Uint8Array | undefined;
let lastKey = '';
function keyOf(text: string | Uint8Array): string {
  if (text !== lastText) {
    lastKey = yamlTextKey(text);
    lastText = text;
  }
  return lastKey;
}

/** The snapshot's JSON for this text, or undefined when it has none (edited file, no build). */
export function snapshotFor(text: string): unknown {
  const key = keyOf(text);
  const json = stored()?.[key];
  if (json === undefined) return undefined;
  const data: unknown = JSON.parse(json);
  if (typeof data === 'object' && data !== null) origins.set(data, key);
  return data;
}

/** The key of the snapshot entry of `schema`'s output for this data (from snapshotFor), if any. */
const validatedKey = (schema: string, key: string): string => `validated\t${schema}\t${key}`;

/**
 * What validating this data (as snapshotFor returned it) with the named schema gave at build time,
 * or undefined: data from elsewhere, or a schema the build did not record for its text.
 */
export function validatedFor(schema: string, data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return undefined;
  const key = origins.get(data);
  const json = key === undefined ? undefined : storedValidations(schema)?.[validatedKey(schema, key)];
  return json === undefined ? undefined : JSON.parse(json);
}

/**
 * What validating this text's data with the named schema gave at build time, or undefined (see
 * validatedFor). Parses only the stored output: a loader that finds it needs no raw data. Given
 * the file's bytes, a loader that finds it need not decode the file either (~220 KB of Japanese
 * YAML on a cold ask).
 */
export function validatedText(schema: string, text: string | Uint8Array): unknown {
  const json = storedValidations(schema)?.[validatedKey(schema, keyOf(text))];
  return json === undefined ? undefined : JSON.parse(json);
}

// ---- For the build (scripts/snapshot-intents.mjs) ---------------------------------------------

let recording: Map<string, string> | undefined;

/**
 * Starts recording what each validation of a file's data gives (see noteValidated). The build
 * records after it has written the parsed data, so the loaders take every file from the snapshot.
 */
export function recordValidations(): void {
  recording = new Map();
}

/**
 * Called by the validators after a successful validation; recorded when the output is plain JSON
 * data (JSON.parse gives it back exactly, prototypes included), else validated at run time.
 */
export function noteValidated(schema: string, data: unknown, output: unknown): void {
  if (!recording || typeof data !== 'object' || data === null) return;
  const key = origins.get(data);
  if (key === undefined) return;
  const json = JSON.stringify(output);
  if (isDeepStrictEqual(JSON.parse(json), output)) recording.set(validatedKey(schema, key), json);
}

/** The recorded validations, as entries to add to the snapshot; stops recording. */
export function takeValidations(): Record<string, string> {
  const out = Object.fromEntries(recording ?? []);
  recording = undefined;
  return out;
}
