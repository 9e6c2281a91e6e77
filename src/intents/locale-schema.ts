import { z } from 'zod';
import { INTENT_IDS } from './ids.js';
import { answerSchema, HANDOFF_TEXT_KEYS, handoffFileSchema, MESSAGE_KEYS, messageSchema, suggestionSchema } from './schema.js';
import { lazySchema } from './lazy-schema.js';

/**
 * Schemas of the files of a language folder, intents/locales/<lang>/ (see docs/i18n.md). Every file
 * and every key is optional: what a language lacks falls back to ja-easy, then ja.
 */

/** `intents/locales/<lang>/<intent_id>.yaml`: the answer part of the Japanese intent file. */
export const localeIntentFileSchema = lazySchema(() =>
  z.strictObject({
    id: z.enum(INTENT_IDS, {
      error: (issue) => `unknown intent id ${JSON.stringify(issue.input)} (one of ${INTENT_IDS.join(', ')})`,
    }),
    /** For the translator: a note on the intent (not shown to residents). */
    description: z.string().optional(),
    suggestion: suggestionSchema.optional(),
    answer: answerSchema.optional(),
  }),
);
export type LocaleIntentFile = z.infer<typeof localeIntentFileSchema>;

/** `intents/locales/<lang>/_messages.yaml`: any of the keys of intents/_messages.yaml. */
export const localeMessagesFileSchema = lazySchema(() =>
  z.strictObject(
    Object.fromEntries(MESSAGE_KEYS.map((key) => [key, messageSchema.optional()])) as Record<
      (typeof MESSAGE_KEYS)[number],
      z.ZodOptional<typeof messageSchema>
    >,
  ),
);
export type LocaleMessagesFile = z.infer<typeof localeMessagesFileSchema>;

/** `intents/locales/<lang>/_handoff.yaml`: any of the keys of intents/_handoff.yaml. */
export const localeHandoffFileSchema = lazySchema(() =>
  handoffFileSchema.partial(),
);
export type LocaleHandoffFile = z.infer<typeof localeHandoffFileSchema>;
export { HANDOFF_TEXT_KEYS };

const shortText = (what: string) => z.string({ message: what }).trim().min(1, { message: 'must not be empty' });

/** `intents/locales/<lang>/_defaults.yaml`: what the placeholders say when the city configured nothing. */
export const localeDefaultsFileSchema = lazySchema(() =>
  z.strictObject({
    municipality: shortText('what {municipality} says with no municipality set').optional(),
    office: shortText('what {office} says with no municipality set').optional(),
    contact: shortText('what {contact} says with no municipality set').optional(),
    /** The language's own name, on switch chips (「English」「やさしい日本語」). */
    language_name: shortText('the language name in that language, e.g. English').optional(),
  }),
);
export type LocaleDefaultsFile = z.infer<typeof localeDefaultsFileSchema>;

/**
 * Keys of `_ui.yaml`: the web page, chips and terminal strings (intents/_ui.yaml for ja,
 * intents/locales/<lang>/_ui.yaml for the others). `{seconds}` / `{name}` are filled by the code.
 */
export const UI_KEYS = [
  'html_lang',
  'page_title',
  'page_description',
  'skip_link',
  'conversation_heading',
  'transcript_label',
  'user_label',
  'bot_label',
  'staff_label',
  'greeting',
  'typing',
  'suggestions_label',
  'input_label',
  'input_placeholder',
  'send',
  'send_hint',
  'privacy_note',
  'error_rate_limited',
  'error_send',
  'error_network',
  'announce_bot',
  'announce_staff',
  'language_label',
  'widget_label',
  'widget_title',
  'widget_close',
  'switched',
  'easy_chip_label',
  'easy_chip_text',
  'office_named',
  'contact_phone',
  'contact_hours',
  'contact_address',
  'contact_url',
  'feedback_helpful',
  'feedback_not_helpful',
  'feedback_thanks',
  'feedback_sorry',
  'cli_intro',
  'cli_prompt',
] as const;
export type UiKey = (typeof UI_KEYS)[number];

export const uiFileSchema = lazySchema(() =>
  z.strictObject(
    Object.fromEntries(UI_KEYS.map((key) => [key, z.string({ message: 'a text' }).optional()])) as Record<
      UiKey,
      z.ZodOptional<z.ZodString>
    >,
  ),
);
export type UiFile = z.infer<typeof uiFileSchema>;

const pattern = lazySchema(() =>
  z.string().min(1, { message: 'must not be empty' }).superRefine((source, ctx) => {
    try {
      new RegExp(source, 'u');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` });
    }
  }),
);

/**
 * `intents/locales/<lang>/_nlu.yaml`: how the matcher understands the language — words added to
 * the concepts of intents/_lexicon.yaml, and per intent example phrases and key terms (same
 * syntax as an intent file's `terms`).
 */
export const nluFileSchema = lazySchema(() =>
  z.strictObject({
    concepts: z
      .record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, { message: 'concept names are UPPER_SNAKE_CASE' }), z.array(pattern).min(1))
      .default({}),
    intents: z
      .partialRecord(
        z.enum(INTENT_IDS, { error: (issue) => `unknown intent id ${JSON.stringify(issue.input)}` }),
        z.strictObject({
          phrases: z.array(z.string().trim().min(1)).default([]),
          terms: z.record(z.string(), z.number({ message: 'the weight must be a number such as 2 or -3' })).default({}),
        }),
      )
      .default({}),
  }),
);
export type NluFile = z.infer<typeof nluFileSchema>;
