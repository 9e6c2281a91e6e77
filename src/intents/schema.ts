import { z } from 'zod';
import { INTENT_IDS } from './ids.js';
import { isFactId } from '../knowledge/facts.js';
import { lazySchema } from './lazy-schema.js';

/**
 * Placeholders an answer or message text may use; the knowledge base fills them in.
 * - `{municipality}` the configured municipality name, else 「お住まいの市区町村」.
 * - `{office}` where to go; always ends in 窓口 or names it, e.g. 「○○市 市民課の窓口」, else
 *   「お住まいの市区町村の窓口（マイナンバーカード担当）」.
 * - `{contact}` the municipality's phone / hours / address / URL lines when any is set, else a line
 *   sending the user to the municipality's web page (the national helpline is written in the texts).
 * - lockout_rules only: `{count}` wrong entries so far, `{left}` / `{limit}` tries left and the limit
 *   for the PIN in question, `{left4}` / `{leftSig}` and `{limit4}` / `{limitSig}` the same for the
 *   4-digit and the signature PIN (limits from F4, see LOCKOUT_LIMITS).
 */
export const PLACEHOLDERS = [
  'municipality',
  'office',
  'contact',
  'count',
  'left',
  'limit',
  'left4',
  'leftSig',
  'limit4',
  'limitSig',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER_PATTERN = /\{([^{}]*)\}/g;

/** The placeholder names a text uses, in order of appearance. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER_PATTERN)].map((m) => m[1] ?? '');
}

const intentId = lazySchema(() =>
  z.enum(INTENT_IDS, {
    error: (issue) => `unknown intent id ${JSON.stringify(issue.input)} (one of ${INTENT_IDS.join(', ')})`,
  }),
);

const factId = lazySchema(() =>
  z.string().superRefine((value, ctx) => {
    if (!isFactId(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown fact id "${value}" (use an id F1–F20 of shared/knowledge/facts.md)`,
      });
    }
  }),
);

const replyText = lazySchema(() =>
  z
    .string({ message: 'a text (Japanese, です・ます)' })
    .transform((text) => text.trim())
    .pipe(z.string().min(1, { message: 'must not be empty' }))
    .superRefine((text, ctx) => {
      for (const name of placeholdersIn(text)) {
        if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
          ctx.addIssue({
            code: 'custom',
            message: `unknown placeholder "{${name}}" (allowed: ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')})`,
          });
        }
      }
    }),
);

/** A button offering an intent: `label` fits LINE's 20-character quick-reply limit. */
export const suggestionSchema = lazySchema(() =>
  z.strictObject({
    label: z.string().trim().min(1, { message: 'must not be empty' }).max(20, { message: 'at most 20 characters' }),
    text: z.string().trim().min(1, { message: 'must not be empty' }).max(100, { message: 'at most 100 characters' }),
  }),
);

/** One text with the ids of the facts it states. */
export const answerBlockSchema = lazySchema(() =>
  z.strictObject({
    facts: z.array(factId).default([]),
    text: replyText,
  }),
);

export const answerSchema = lazySchema(() =>
  answerBlockSchema.extend({
    /** Alternative answers keyed by context (a PinType or a lockout state such as `tries_left_signature`). */
    variants: z
      .record(z.string().regex(/^[a-z][a-z0-9_]*$/, { message: 'a variant name in snake_case' }), answerBlockSchema)
      .optional(),
  }),
);

/** The schema of one `intents/<id>.yaml`. */
export const intentFileSchema = lazySchema(() =>
  z.strictObject({
    id: intentId,
    /** For staff: what users of this intent want. */
    description: z.string().trim().min(1, { message: 'must not be empty' }),
    /** Training phrases for the matcher (owned by the matcher). */
    phrases: z.array(z.string().trim().min(1)).default([]),
    /** Key terms for the matcher (owned by the matcher, which validates their shape itself). */
    terms: z.record(z.string(), z.unknown()).nullish().transform((terms) => terms ?? {}),
    suggestion: suggestionSchema,
    answer: answerSchema,
    followUps: z
      .array(intentId)
      .min(2, { message: 'list 2–4 intent ids offered as next questions' })
      .max(4, { message: 'list 2–4 intent ids offered as next questions' }),
  }),
);

/** One intent as loaded from its file (texts trimmed, defaults filled in). */
export type IntentDefinition = z.infer<typeof intentFileSchema>;
export type AnswerBlock = z.infer<typeof answerBlockSchema>;

/** The keys of intents/_messages.yaml (kept in step with MessageKey of src/knowledge/types.ts). */
export const MESSAGE_KEYS = ['which_pin', 'privacy_warning', 'non_text', 'follow', 'empty', 'too_long', 'error', 'unsure', 'complaint'] as const;

/** A message suggestion: an intent id (its own suggestion is used) or an explicit button. */
const messageSuggestionSchema = lazySchema(() =>
  z.union([intentId, suggestionSchema.extend({ intent: intentId })]),
);

export const messageSchema = lazySchema(() =>
  answerBlockSchema.extend({
    suggestions: z.array(messageSuggestionSchema).max(4, { message: 'at most 4 suggestions' }).default([]),
  }),
);

/** The schema of `intents/_messages.yaml`: every MessageKey, nothing else. */
export const messagesFileSchema = lazySchema(() =>
  z.strictObject(
    Object.fromEntries(MESSAGE_KEYS.map((key) => [key, messageSchema])) as Record<
      (typeof MESSAGE_KEYS)[number],
      typeof messageSchema
    >,
  ),
);

export type MessagesFile = z.infer<typeof messagesFileSchema>;
export type MessageDefinition = z.infer<typeof messageSchema>;

/** Placeholders of intents/_handoff.yaml: the municipality's, and `{next_open}` (when staff are next in). */
export const HANDOFF_PLACEHOLDERS = ['municipality', 'office', 'contact', 'next_open'] as const;

const handoffText = lazySchema(() =>
  z
    .string({ message: 'a text (Japanese, です・ます)' })
    .transform((text) => text.trim())
    .pipe(z.string().min(1, { message: 'must not be empty' }))
    .superRefine((text, ctx) => {
      for (const name of placeholdersIn(text)) {
        if (!(HANDOFF_PLACEHOLDERS as readonly string[]).includes(name)) {
          ctx.addIssue({
            code: 'custom',
            message: `unknown placeholder "{${name}}" (allowed: ${HANDOFF_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')})`,
          });
        }
      }
    }),
);

const handoffBlockSchema = lazySchema(() =>
  z.strictObject({ facts: z.array(factId).default([]), text: handoffText }),
);

/** The resident-facing texts of the staff hand-off (keys of intents/_handoff.yaml). */
export const HANDOFF_TEXT_KEYS = [
  'offer',
  'offer_request',
  'opened',
  'opened_no_reply',
  'after_hours',
  'forwarded',
  'forwarded_no_reply',
  'staff_prefix',
  'faq_prefix',
  'claimed',
  'closed_staff',
  'closed_timeout',
  'unavailable',
] as const;
export type HandoffTextKey = (typeof HANDOFF_TEXT_KEYS)[number];

/** The schema of `intents/_handoff.yaml`: the offer button and every HandoffTextKey. */
export const handoffFileSchema = lazySchema(() =>
  z.strictObject({
    offer_button: suggestionSchema,
    ...(Object.fromEntries(HANDOFF_TEXT_KEYS.map((key) => [key, handoffBlockSchema])) as Record<HandoffTextKey, typeof handoffBlockSchema>),
  }),
);
export type HandoffFile = z.infer<typeof handoffFileSchema>;
