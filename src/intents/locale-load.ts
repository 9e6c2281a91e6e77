import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { IntentFileError } from '../errors.js';
import { BASE_LANG, LANG_CODE, type Lang } from '../i18n/languages.js';
import { isIntentId, type IntentId } from './ids.js';
import { displayName, readValidated } from './load.js';
import {
  localeDefaultsFileSchema,
  localeHandoffFileSchema,
  localeIntentFileSchema,
  localeMessagesFileSchema,
  nluFileSchema,
  uiFileSchema,
  type LocaleDefaultsFile,
  type LocaleHandoffFile,
  type LocaleIntentFile,
  type LocaleMessagesFile,
  type NluFile,
  type UiFile,
} from './locale-schema.js';
import type { HandoffFile, IntentDefinition, MessagesFile } from './schema.js';

/** Folder of the non-Japanese languages inside the intents directory. */
export const LOCALES_DIR = 'locales';
/** The ja UI strings (web page, chips, terminal), next to the other Japanese files. */
export const UI_FILE = '_ui.yaml';

/** Everything one language folder holds; each part may be missing (then ja-easy / ja is used). */
export interface LocaleData {
  lang: Lang;
  /** Where the folder is, for messages. */
  dir: string;
  intents: ReadonlyMap<IntentId, LocaleIntentFile>;
  messages: LocaleMessagesFile;
  handoff: LocaleHandoffFile;
  defaults: LocaleDefaultsFile;
  ui: UiFile;
  nlu: NluFile;
}

/** The languages with a folder under intents/locales/ (sorted), without reading them. */
export function localeLanguages(intentsDir: string): Lang[] {
  const root = join(intentsDir, LOCALES_DIR);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => LANG_CODE.test(name) && name !== BASE_LANG && statSync(join(root, name)).isDirectory())
    .sort();
}

function optionalFile<T>(file: string, read: (file: string) => T, empty: T): T {
  return existsSync(file) ? read(file) : empty;
}

const sameIds = (a: readonly string[], b: readonly string[]): boolean => {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

const list = (ids: readonly string[]): string => (ids.length ? ids.join(', ') : 'none');

/**
 * Reads and validates intents/locales/<lang>/, and checks that it mirrors the Japanese files: every
 * answer lists exactly the fact ids of the ja answer, with exactly the ja variant keys, each with
 * the same facts; every message and hand-off text the same facts as its ja text. Throws an
 * {@link IntentFileError} naming the file and field.
 */
export function loadLocale(
  intentsDir: string,
  lang: Lang,
  ja: { intents: readonly IntentDefinition[]; messages: MessagesFile; handoff?: HandoffFile },
): LocaleData {
  const dir = join(intentsDir, LOCALES_DIR, lang);
  const names = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
  const intents = new Map<IntentId, LocaleIntentFile>();
  const jaById = new Map(ja.intents.map((i) => [i.id, i]));
  for (const name of names.sort()) {
    if (name.startsWith('_')) {
      if (!['_messages.yaml', '_handoff.yaml', '_defaults.yaml', '_ui.yaml', '_nlu.yaml'].includes(name)) {
        throw new IntentFileError(
          `${displayName(join(dir, name))}: unknown file; a language folder holds <intent_id>.yaml, _messages.yaml, _handoff.yaml, _defaults.yaml, _ui.yaml and _nlu.yaml`,
        );
      }
      continue;
    }
    const file = join(dir, name);
    const expected = basename(name, '.yaml');
    if (!isIntentId(expected)) {
      throw new IntentFileError(`${displayName(file)}: "${expected}" is not an intent id; name the file <intent_id>.yaml like intents/<intent_id>.yaml`);
    }
    const data = readValidated(localeIntentFileSchema, file);
    if (data.id !== expected) {
      throw new IntentFileError(`${displayName(file)}: id: "${data.id}" does not match the file name; set id: ${expected}`);
    }
    const source = jaById.get(expected);
    if (source && data.answer) checkAnswerMirrors(displayName(file), data.answer, source);
    intents.set(expected, data);
  }

  const messages = optionalFile(join(dir, '_messages.yaml'), (f) => readValidated(localeMessagesFileSchema, f), {});
  for (const [key, message] of Object.entries(messages)) {
    const jaMessage = ja.messages[key as keyof MessagesFile];
    if (message && !sameIds(message.facts, jaMessage.facts)) {
      throw new IntentFileError(
        `${displayName(join(dir, '_messages.yaml'))}: ${key}.facts: must list the same fact ids as intents/_messages.yaml (${list(jaMessage.facts)}); found ${list(message.facts)}`,
      );
    }
  }
  const handoff = optionalFile(join(dir, '_handoff.yaml'), (f) => readValidated(localeHandoffFileSchema, f), {});
  if (ja.handoff) {
    for (const [key, block] of Object.entries(handoff)) {
      const jaBlock = ja.handoff[key as keyof HandoffFile];
      if (block && 'facts' in block && jaBlock && 'facts' in jaBlock && !sameIds(block.facts, jaBlock.facts)) {
        throw new IntentFileError(
          `${displayName(join(dir, '_handoff.yaml'))}: ${key}.facts: must list the same fact ids as intents/_handoff.yaml (${list(jaBlock.facts)}); found ${list(block.facts)}`,
        );
      }
    }
  }
  const defaults = optionalFile(join(dir, '_defaults.yaml'), (f) => readValidated(localeDefaultsFileSchema, f, true), {});
  const ui = optionalFile(join(dir, UI_FILE), (f) => readValidated(uiFileSchema, f, true), {});
  const nlu = optionalFile(join(dir, '_nlu.yaml'), (f) => readValidated(nluFileSchema, f, true), { concepts: {}, intents: {} });
  return { lang, dir, intents, messages, handoff, defaults, ui, nlu };
}

function checkAnswerMirrors(file: string, answer: NonNullable<LocaleIntentFile['answer']>, ja: IntentDefinition): void {
  if (!sameIds(answer.facts, ja.answer.facts)) {
    throw new IntentFileError(
      `${file}: answer.facts: must list the same fact ids as intents/${ja.id}.yaml (${list(ja.answer.facts)}); found ${list(answer.facts)}`,
    );
  }
  const jaKeys = Object.keys(ja.answer.variants ?? {}).sort();
  const keys = Object.keys(answer.variants ?? {}).sort();
  const missing = jaKeys.filter((k) => !keys.includes(k));
  const extra = keys.filter((k) => !jaKeys.includes(k));
  if (missing.length || extra.length) {
    throw new IntentFileError(
      `${file}: answer.variants: must have exactly the variant keys of intents/${ja.id}.yaml (${list(jaKeys)})${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; not in ja: ${extra.join(', ')}` : ''}`,
    );
  }
  for (const key of jaKeys) {
    const mine = answer.variants![key]!;
    const theirs = ja.answer.variants![key]!;
    if (!sameIds(mine.facts, theirs.facts)) {
      throw new IntentFileError(
        `${file}: answer.variants.${key}.facts: must list the same fact ids as intents/${ja.id}.yaml (${list(theirs.facts)}); found ${list(mine.facts)}`,
      );
    }
  }
}

/** Reads intents/_ui.yaml (the ja UI strings); empty when the file is missing. */
export function loadBaseUi(intentsDir: string): UiFile {
  return optionalFile(join(intentsDir, UI_FILE), (f) => readValidated(uiFileSchema, f, true), {});
}
