import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadHandoffFile, DEFAULT_INTENTS_DIR, readValidated } from '../intents/load.js';
import type { HandoffFile, HandoffTextKey } from '../intents/schema.js';
import type { Suggestion } from '../conversation/types.js';
import { fillPlaceholders, municipalityTexts } from '../knowledge/placeholders.js';
import type { Municipality } from '../knowledge/types.js';
import { BASE_LANG, ENGLISH, fallbackChain, type Lang } from '../i18n/languages.js';
import { localeLanguages, LOCALES_DIR } from '../intents/locale-load.js';
import {
  localeDefaultsFileSchema,
  localeHandoffFileSchema,
  uiFileSchema,
  type LocaleDefaultsFile,
  type LocaleHandoffFile,
  type UiFile,
} from '../intents/locale-schema.js';

/** A hand-off text with its fact ids. */
export interface HandoffText {
  text: string;
  facts: readonly string[];
}

/** The resident-facing hand-off texts of intents/_handoff.yaml, municipality filled in. */
export interface HandoffTexts {
  /** The quick reply / chip that opens a hand-off (intent: office_contact, the nearest topic). */
  offerButton: Suggestion;
  get(key: HandoffTextKey, values?: { next_open?: string }, lang?: Lang): HandoffText;
  /** The offer button in a language (intents/locales/<lang>/_handoff.yaml, falling back like answers). */
  offerButtonFor(lang?: Lang): Suggestion;
  /** True when the text is what the offer button sends, in any language. */
  isOfferText(text: string): boolean;
}

interface Language {
  file: LocaleHandoffFile | HandoffFile;
  values: Record<string, string>;
}

/**
 * Loads intents/_handoff.yaml and the _handoff.yaml of every language folder (throws
 * IntentFileError naming the field on a bad file). A text a language lacks falls back to ja-easy,
 * then ja.
 */
export function loadHandoffTexts(dir: string = DEFAULT_INTENTS_DIR, municipality: Municipality = {}): HandoffTexts {
  const file = loadHandoffFile(dir);
  const languages = new Map<Lang, Language>([[BASE_LANG, { file, values: { ...municipalityTexts(municipality) } }]]);
  for (const lang of localeLanguages(dir)) {
    const folder = join(dir, LOCALES_DIR, lang);
    const read = <T>(name: string, schema: Parameters<typeof readValidated>[0], empty: T): T =>
      existsSync(join(folder, name)) ? (readValidated(schema, join(folder, name), true) as T) : empty;
    const handoff = read<LocaleHandoffFile>('_handoff.yaml', localeHandoffFileSchema, {});
    const defaults = read<LocaleDefaultsFile>('_defaults.yaml', localeDefaultsFileSchema, {});
    const ui = read<UiFile>('_ui.yaml', uiFileSchema, {});
    const values = municipalityTexts(municipality, {
      english: lang === ENGLISH,
      defaults,
      templates: {
        ...(ui.office_named ? { office_named: ui.office_named } : {}),
        ...(ui.contact_phone ? { contact_phone: ui.contact_phone } : {}),
        ...(ui.contact_hours ? { contact_hours: ui.contact_hours } : {}),
        ...(ui.contact_address ? { contact_address: ui.contact_address } : {}),
        ...(ui.contact_url ? { contact_url: ui.contact_url } : {}),
      },
    });
    languages.set(lang, { file: handoff, values: { ...values } });
  }
  const pick = <K extends keyof HandoffFile>(key: K, lang: Lang | undefined): { value: HandoffFile[K]; values: Record<string, string> } => {
    // An unknown language is Japanese (as in the knowledge base); a known one falls back lang → ja-easy → ja.
    for (const l of fallbackChain(lang && languages.has(lang) ? lang : BASE_LANG)) {
      const language = languages.get(l);
      const value = language?.file[key];
      if (value !== undefined) return { value: value as HandoffFile[K], values: language!.values };
    }
    return { value: file[key], values: languages.get(BASE_LANG)!.values };
  };
  const buttons = new Map<Lang, Suggestion>();
  const offerButtonFor = (lang?: Lang): Suggestion => {
    const l = lang && languages.has(lang) ? lang : BASE_LANG;
    let button = buttons.get(l);
    if (!button) {
      const { value } = pick('offer_button', l);
      button = Object.freeze({ intent: 'office_contact', label: value.label, text: value.text });
      buttons.set(l, button);
    }
    return button;
  };
  const offerTexts = new Set([...languages.keys()].map((l) => offerButtonFor(l).text));
  return {
    offerButton: offerButtonFor(BASE_LANG),
    offerButtonFor,
    isOfferText: (text) => offerTexts.has(text),
    get(key, extra = {}, lang) {
      const { value: block, values } = pick(key, lang);
      // fillPlaceholders reads {letters and digits} only; {next_open} is filled here.
      const text = fillPlaceholders(block.text, values).replaceAll('{next_open}', extra.next_open ?? '');
      return { text, facts: block.facts };
    },
  };
}
