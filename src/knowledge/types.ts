import type { IntentId } from '../intents/ids.js';
import type { PinType, Suggestion } from '../conversation/types.js';
import type { Lang } from '../i18n/languages.js';
import type { UiKey } from '../intents/locale-schema.js';

/** The municipality the bot speaks for. Every field optional: unset = 「お住まいの市区町村」. */
export interface Municipality {
  name?: string;
  office?: string;
  address?: string;
  hours?: string;
  phone?: string;
  url?: string;
  /** English values (MUNICIPALITY_*_EN) used in English answers; unset = the Japanese value. */
  name_en?: string;
  office_en?: string;
  address_en?: string;
  hours_en?: string;
}

/** What an answer may be tailored by. */
export interface AnswerContext {
  /** Which PIN the user means, when known. */
  pinType?: PinType;
  /** How many consecutive wrong entries the user reported (for tries-left answers). */
  wrongCount?: number;
  /** The language to answer in (default `ja`); a missing translation falls back to ja-easy, then ja. */
  lang?: Lang;
}

/** An answer composed from facts: text plus the fact ids it states. */
export interface ComposedAnswer {
  text: string;
  facts: string[];
  suggestions: Suggestion[];
  /** Which answer variant of the intent file was chosen (e.g. `tries_left_signature`); absent = default. */
  variant?: string;
}

/** Keys of the fixed bot messages that are not answers to an intent (see intents/_messages.yaml). */
export type MessageKey =
  | 'which_pin'            // clarifying question: which PIN? (choices 4桁 / 署名用 / わからない)
  | 'privacy_warning'      // the user sent a PIN or My Number
  | 'non_text'             // sticker / image / file etc.: the bot reads text only
  | 'follow'               // LINE follow / first contact greeting (says the bot never needs a PIN)
  | 'empty'                // empty or emoji-only message
  | 'too_long'             // message over the length the bot reads
  | 'error'                // something went wrong on our side
  | 'unsure'               // a topic's words, but the message reads as much like something else (policy: isContested)
  | 'complaint';           // the message only vents about the service (policy: isComplaint)

/** The shared knowledge module every channel answers from. */
export interface KnowledgeBase {
  /** The answer for an intent, tailored by context; always carries its fact ids. */
  answer(intent: IntentId, context?: AnswerContext): ComposedAnswer;
  /** A fixed message (with its suggestions, e.g. the which-PIN choices). */
  message(key: MessageKey, lang?: Lang): ComposedAnswer;
  /** Suggestion for an intent (label + text that the matcher maps back to that intent). */
  suggestion(intent: IntentId, lang?: Lang): Suggestion;
  /** The languages it answers in: `ja` first, then every folder of intents/locales/. */
  readonly languages: readonly Lang[];
  /** A UI string (web page, chips, terminal) in a language, falling back like the answers. */
  ui(key: UiKey, lang?: Lang): string;
  /** The language's own name (`_defaults.yaml` language_name), e.g. English, やさしい日本語. */
  languageName(lang: Lang): string;
}
