import type { IntentId } from '../intents/ids.js';
import type { PinType, Suggestion } from '../conversation/types.js';
import { IntentFileError } from '../errors.js';
import { DEFAULT_INTENTS_DIR, loadHandoffFile, loadIntentFiles, loadMessageFile, HANDOFF_FILE } from '../intents/load.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MESSAGE_KEYS, placeholdersIn, type AnswerBlock, type HandoffFile, type IntentDefinition, type MessagesFile } from '../intents/schema.js';
import { LOCKOUT_LIMITS } from './facts.js';
import { fillPlaceholders, municipalityTexts } from './placeholders.js';
import { BASE_LANG, ENGLISH, fallbackChain, type Lang } from '../i18n/languages.js';
import { loadBaseUi, loadLocale, localeLanguages, type LocaleData } from '../intents/locale-load.js';
import type { UiKey } from '../intents/locale-schema.js';
import type { Logger } from '../logging/logger.js';
import type { AnswerContext, ComposedAnswer, KnowledgeBase, MessageKey, Municipality } from './types.js';

export type { AnswerContext, ComposedAnswer, KnowledgeBase, MessageKey, Municipality } from './types.js';
export { FACTS, UNVERIFIED_CLAIMS, LOCKOUT_LIMITS, findUnverifiedClaims, type Fact } from './facts.js';

export interface LoadKnowledgeOptions {
  /** Directory of the intent files and _messages.yaml (default: `<repo>/intents`). */
  intentsDir?: string;
  /** The municipality answers point to (default: none → 「お住まいの市区町村」). */
  municipality?: Municipality;
  /** Intent files already read with loadIntentFiles(intentsDir), so they are not parsed twice. */
  intents?: readonly IntentDefinition[];
  /** Language folders already read with loadLocales (default: read from intentsDir/locales). */
  locales?: readonly LocaleData[];
  /** Told once per (language, text) when a missing translation falls back to ja-easy or ja. */
  logger?: Pick<Logger, 'warn'>;
  /**
   * Read and compile a language folder on its first use instead of now (one-shot commands: a
   * Japanese `ask` needs no en / ja-easy texts). A broken locale file then fails that first use;
   * `serve` and a reload leave this off, so a broken file stops them at once.
   */
  lazyLanguages?: boolean;
}

/** Placeholders that depend on the user's reported wrong-entry count (filled per call). */
const COUNT_PLACEHOLDERS = new Set(['count', 'left', 'limit', 'left4', 'leftSig']);

/**
 * The lockout_rules variants a wrong-entry count selects, by PIN type. A count below the limit gives
 * the tries-left text; at or past it, the locked text. Unknown type: both limits matter.
 */
const LOCKOUT_VARIANTS = [
  'tries_left_four_digit',
  'locked_four_digit',
  'tries_left_signature',
  'locked_signature',
  'tries_left_unknown_type',
  'partly_locked_unknown_type',
  'locked_unknown_type',
] as const;
type LockoutVariant = (typeof LOCKOUT_VARIANTS)[number];

/** forgot_pin must serve each PinType (the conversation layer answers it after asking which PIN). */
const FORGOT_PIN_VARIANTS: readonly PinType[] = ['four_digit', 'signature', 'unknown'];

interface CompiledBlock {
  /** Text with municipality and fixed lockout limits already filled in. */
  text: string;
  facts: readonly string[];
}

interface CompiledIntent {
  answer: CompiledBlock;
  variants: ReadonlyMap<string, CompiledBlock>;
  followUps: readonly Suggestion[];
}

function lockoutState(pinType: PinType | undefined, count: number): { variant: LockoutVariant; values: Record<string, number> } {
  const limit4 = LOCKOUT_LIMITS.four_digit;
  const limitSig = LOCKOUT_LIMITS.signature;
  const left4 = Math.max(0, limit4 - count);
  const leftSig = Math.max(0, limitSig - count);
  const values = { count, left4, leftSig };
  if (pinType === 'four_digit') {
    return { variant: left4 > 0 ? 'tries_left_four_digit' : 'locked_four_digit', values: { ...values, left: left4, limit: limit4 } };
  }
  if (pinType === 'signature') {
    return { variant: leftSig > 0 ? 'tries_left_signature' : 'locked_signature', values: { ...values, left: leftSig, limit: limitSig } };
  }
  const variant = left4 > 0 ? 'tries_left_unknown_type' : leftSig > 0 ? 'partly_locked_unknown_type' : 'locked_unknown_type';
  return { variant, values };
}

function requireVariants(intent: IntentDefinition, names: readonly string[]): void {
  const missing = names.filter((name) => !intent.answer.variants?.[name]);
  if (missing.length > 0) {
    throw new IntentFileError(
      `intents/${intent.id}.yaml: answer.variants: missing ${missing.join(', ')} (the knowledge base selects these by context)`,
    );
  }
}

/**
 * Reads every language folder of intents/locales/ (see loadLocale): each checked against the
 * Japanese files it mirrors. Throws IntentFileError naming the file and field.
 */
export function loadLocales(
  intentsDir: string = DEFAULT_INTENTS_DIR,
  intents: readonly IntentDefinition[] = loadIntentFiles(intentsDir),
  messages: MessagesFile = loadMessageFile(intentsDir),
): LocaleData[] {
  const handoff = existsSync(join(intentsDir, HANDOFF_FILE)) ? loadHandoffFile(intentsDir) : undefined;
  return localeLanguages(intentsDir).map((lang) => loadLocale(intentsDir, lang, { intents, messages, ...(handoff ? { handoff } : {}) }));
}

/** Where a text of a language came from: its own folder, or a fallback language. */
interface Sourced<T> {
  value: T;
  from: Lang;
}

interface LanguageTable {
  compiled: Map<IntentId, CompiledIntent & { from: Lang }>;
  messages: Map<MessageKey, CompiledBlock & { suggestions: readonly Suggestion[]; from: Lang }>;
  suggestions: Map<IntentId, Sourced<Suggestion>>;
}

/**
 * Loads the intent files, _messages.yaml, the language folders and the municipality once, fills in
 * every placeholder that does not depend on the user, and returns a KnowledgeBase whose calls only
 * pick precomputed texts (lockout_rules with a count also fills the count placeholders).
 * A language lacking a text answers with its ja-easy text, else its ja text, and says so in the
 * log once per (language, text).
 * Throws IntentFileError (from the loaders, or when a required variant is missing).
 */
export function loadKnowledge(options: LoadKnowledgeOptions = {}): KnowledgeBase {
  const dir = options.intentsDir ?? DEFAULT_INTENTS_DIR;
  const intents = options.intents ?? loadIntentFiles(dir);
  const messageFile = loadMessageFile(dir);
  // The Japanese files first: a language folder is checked against them.
  requireVariants(intents.find((i) => i.id === 'lockout_rules')!, LOCKOUT_VARIANTS);
  requireVariants(intents.find((i) => i.id === 'forgot_pin')!, FORGOT_PIN_VARIANTS);
  const loadedLocales = new Map((options.locales ?? []).map((l) => [l.lang, l]));
  const localeNames = options.locales ? [...loadedLocales.keys()] : localeLanguages(dir);
  const known = new Set<Lang>(localeNames);
  let handoff: HandoffFile | undefined | null = null;
  /** A language folder, read (and checked against the Japanese files) on first use. */
  const localeOf = (lang: Lang): LocaleData => {
    let data = loadedLocales.get(lang);
    if (!data) {
      if (handoff === null) handoff = existsSync(join(dir, HANDOFF_FILE)) ? loadHandoffFile(dir) : undefined;
      data = loadLocale(dir, lang, { intents, messages: messageFile, ...(handoff ? { handoff } : {}) });
      loadedLocales.set(lang, data);
    }
    return data;
  };
  const lazy = options.lazyLanguages === true;
  if (!lazy) for (const lang of localeNames) localeOf(lang);
  const locales = { get: localeOf };
  const languages: Lang[] = [BASE_LANG, ...localeNames];
  const baseUi = loadBaseUi(dir);
  // By language, made once: ui() reads it twice a turn (the やさしい日本語 chip), and making it was
  // three arrays and two closures each time.
  const chains = new Map<Lang, readonly Lang[]>();
  const chainOf = (lang: Lang): readonly Lang[] => {
    let chain = chains.get(lang);
    if (chain === undefined) chains.set(lang, (chain = Object.freeze(fallbackChain(lang).filter((l) => l === BASE_LANG || known.has(l)))));
    return chain;
  };

  const reported = new Set<string>();
  const noteFallback = (lang: Lang, what: string, from: Lang): void => {
    if (from === lang) return;
    const key = `${lang}\u0000${what}`;
    if (reported.has(key)) return;
    reported.add(key);
    options.logger?.warn({ lang, text: what, usedLang: from }, `translation missing: ${what} in ${lang}; answering with its ${from} text`);
  };

  const uiOf = (key: UiKey, lang: Lang): Sourced<string> | undefined => {
    for (const l of chainOf(lang)) {
      const value = l === BASE_LANG ? baseUi[key] : locales.get(l).ui[key];
      if (value !== undefined) return { value, from: l };
    }
    return undefined;
  };
  const defaultsOf = (lang: Lang) => {
    const out: { municipality?: string; office?: string; contact?: string } = {};
    for (const field of ['municipality', 'office', 'contact'] as const) {
      for (const l of chainOf(lang)) {
        const value = l === BASE_LANG ? undefined : locales.get(l).defaults[field];
        if (value !== undefined) {
          out[field] = value;
          break;
        }
      }
    }
    return out;
  };
  const fixedValuesOf = (lang: Lang) => {
    const texts =
      lang === BASE_LANG
        ? municipalityTexts(options.municipality)
        : municipalityTexts(options.municipality, {
            english: lang === ENGLISH,
            defaults: defaultsOf(lang),
            templates: Object.fromEntries(
              (['office_named', 'contact_phone', 'contact_hours', 'contact_address', 'contact_url'] as const).flatMap((k) => {
                const found = uiOf(k, lang);
                return found && found.from !== BASE_LANG ? [[k, found.value]] : [];
              }),
            ),
          });
    return { ...texts, limit4: LOCKOUT_LIMITS.four_digit, limitSig: LOCKOUT_LIMITS.signature };
  };
  const fixedValues = new Map<Lang, ReturnType<typeof fixedValuesOf>>();
  const fixedValuesFor = (lang: Lang) => {
    let values = fixedValues.get(lang);
    if (!values) fixedValues.set(lang, (values = fixedValuesOf(lang)));
    return values;
  };
  if (!lazy) for (const l of languages) fixedValuesFor(l);

  const compile = (where: string, block: AnswerBlock, countsAllowed: boolean, lang: Lang): CompiledBlock => {
    const dynamic = placeholdersIn(block.text).filter((name) => COUNT_PLACEHOLDERS.has(name));
    if (dynamic.length > 0 && !countsAllowed) {
      throw new IntentFileError(
        `${where}: {${dynamic[0]}} is only filled in the lockout_rules count variants (${LOCKOUT_VARIANTS.join(', ')})`,
      );
    }
    // Trimmed once here (YAML block texts end with a line break): every reply is then the stored string
    // itself, whose hash V8 keeps, not a new trimmed copy per turn (classify looks each one up by text).
    return Object.freeze({ text: fillPlaceholders(block.text, fixedValuesFor(lang)).trim(), facts: Object.freeze([...block.facts]) });
  };

  const fileOf = (lang: Lang, name: string) => (lang === BASE_LANG ? `intents/${name}` : `intents/locales/${lang}/${name}`);

  const buildTable = (lang: Lang): LanguageTable => {
    const chain = chainOf(lang);
    const suggestions = new Map<IntentId, Sourced<Suggestion>>();
    for (const intent of intents) {
      for (const l of chain) {
        const s = l === BASE_LANG ? intent.suggestion : locales.get(l).intents.get(intent.id)?.suggestion;
        if (s) {
          suggestions.set(intent.id, { value: Object.freeze({ intent: intent.id, label: s.label, text: s.text }), from: l });
          break;
        }
      }
    }
    const suggestionOf = (id: IntentId): Suggestion => suggestions.get(id)!.value;
    const compiled = new Map<IntentId, CompiledIntent & { from: Lang }>();
    for (const intent of intents) {
      let from: Lang = BASE_LANG;
      let answer = intent.answer;
      for (const l of chain) {
        const a = l === BASE_LANG ? intent.answer : locales.get(l).intents.get(intent.id)?.answer;
        if (a) {
          from = l;
          answer = a;
          break;
        }
      }
      const file = fileOf(from, `${intent.id}.yaml`);
      const variants = new Map<string, CompiledBlock>();
      for (const [name, block] of Object.entries(answer.variants ?? {})) {
        const countsAllowed = intent.id === 'lockout_rules' && (LOCKOUT_VARIANTS as readonly string[]).includes(name);
        variants.set(name, compile(`${file}: answer.variants.${name}.text`, block, countsAllowed, from));
      }
      compiled.set(intent.id, {
        answer: compile(`${file}: answer.text`, answer, false, from),
        variants,
        followUps: Object.freeze(intent.followUps.map(suggestionOf)),
        from,
      });
    }
    const messages = new Map<MessageKey, CompiledBlock & { suggestions: readonly Suggestion[]; from: Lang }>();
    for (const key of MESSAGE_KEYS) {
      let from: Lang = BASE_LANG;
      let message = messageFile[key];
      for (const l of chain) {
        const m = l === BASE_LANG ? messageFile[key] : locales.get(l).messages[key];
        if (m) {
          from = l;
          message = m;
          break;
        }
      }
      messages.set(key, {
        ...compile(`${fileOf(from, '_messages.yaml')}: ${key}.text`, message, false, from),
        suggestions: Object.freeze(
          message.suggestions.map((s) => (typeof s === 'string' ? suggestionOf(s) : Object.freeze({ ...s }))),
        ),
        from,
      });
    }
    return { compiled, messages, suggestions };
  };
  const tables = new Map<Lang, LanguageTable>();
  const tableFor = (lang: Lang): LanguageTable => {
    let table = tables.get(lang);
    if (!table) tables.set(lang, (table = buildTable(lang)));
    return table;
  };
  if (lazy) tableFor(BASE_LANG);
  else for (const l of languages) tableFor(l);
  // The language answered in, and (tableFor) its table: no pair made per call, and each missing
  // translation's name only made when one is missing, as the engine asks for an answer, a chip's
  // texts and suggestions on every turn.
  const langOf = (lang: Lang | undefined): Lang => (lang && (lang === BASE_LANG || known.has(lang)) ? lang : BASE_LANG);

  const compose = (
    block: CompiledBlock,
    followUps: readonly Suggestion[],
    variant?: string,
    values?: Record<string, number>,
  ): ComposedAnswer => {
    const text = values ? fillPlaceholders(block.text, values) : block.text;
    // The frozen suggestions themselves, not copies: the web server encodes each once by identity.
    // Two literals rather than a spread of `{}` into one: an object made and copied per answer.
    return variant
      ? { text, facts: [...block.facts], suggestions: [...followUps], variant }
      : { text, facts: [...block.facts], suggestions: [...followUps] };
  };
  const noteFollowUps = (lang: Lang, table: LanguageTable, followUps: readonly Suggestion[]): void => {
    if (lang === BASE_LANG) return;
    for (const s of followUps) {
      const entry = table.suggestions.get(s.intent);
      if (entry && entry.from !== lang) noteFallback(lang, `${s.intent}.yaml: suggestion`, entry.from);
    }
  };

  return {
    languages,
    answer(intent: IntentId, context: AnswerContext = {}): ComposedAnswer {
      const lang = langOf(context.lang);
      const table = tableFor(lang);
      const entry = table.compiled.get(intent);
      if (!entry) throw new IntentFileError(`no answer for intent "${intent}"; is it in src/intents/ids.ts and intents/?`);
      if (entry.from !== lang) noteFallback(lang, `${intent}.yaml: answer`, entry.from);
      noteFollowUps(lang, table, entry.followUps);
      const { pinType, wrongCount } = context;
      // 0 or a nonsense count (negative, fraction) says nothing about tries left: the general rules answer it
      if (intent === 'lockout_rules' && typeof wrongCount === 'number' && Number.isInteger(wrongCount) && wrongCount > 0) {
        const { variant, values } = lockoutState(pinType, wrongCount);
        return compose(entry.variants.get(variant)!, entry.followUps, variant, values);
      }
      const variant = pinType ? entry.variants.get(pinType) : undefined;
      return variant ? compose(variant, entry.followUps, pinType) : compose(entry.answer, entry.followUps);
    },
    message(key: MessageKey, wanted?: Lang): ComposedAnswer {
      const lang = langOf(wanted);
      const message = tableFor(lang).messages.get(key);
      if (!message) throw new IntentFileError(`no message "${key}" in intents/_messages.yaml`);
      if (message.from !== lang) noteFallback(lang, `_messages.yaml: ${key}`, message.from);
      return compose(message, message.suggestions);
    },
    suggestion(intent: IntentId, wanted?: Lang): Suggestion {
      const lang = langOf(wanted);
      const entry = tableFor(lang).suggestions.get(intent)!;
      if (entry.from !== lang) noteFallback(lang, `${intent}.yaml: suggestion`, entry.from);
      return entry.value;
    },
    ui(key: UiKey, wanted?: Lang): string {
      const lang = langOf(wanted);
      const found = uiOf(key, lang);
      if (!found) return key;
      noteFallback(lang, `_ui.yaml: ${key}`, found.from);
      return found.value;
    },
    languageName(lang: Lang): string {
      if (lang === BASE_LANG) return '日本語';
      return (known.has(lang) ? locales.get(lang).defaults.language_name : undefined) ?? lang;
    },
  };
}
