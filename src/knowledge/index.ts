import type { IntentId } from '../intents/ids.js';
import type { PinType, Suggestion } from '../conversation/types.js';
import { IntentFileError } from '../errors.js';
import { DEFAULT_INTENTS_DIR, loadIntentFiles, loadMessageFile } from '../intents/load.js';
import { MESSAGE_KEYS, placeholdersIn, type AnswerBlock, type IntentDefinition } from '../intents/schema.js';
import { LOCKOUT_LIMITS } from './facts.js';
import { fillPlaceholders, municipalityTexts } from './placeholders.js';
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
 * Loads the intent files, _messages.yaml and the municipality once, fills in every placeholder that
 * does not depend on the user, and returns a KnowledgeBase whose calls only pick precomputed texts
 * (lockout_rules with a count also fills the count placeholders).
 * Throws IntentFileError (from the loaders, or when a required variant is missing).
 */
export function loadKnowledge(options: LoadKnowledgeOptions = {}): KnowledgeBase {
  const dir = options.intentsDir ?? DEFAULT_INTENTS_DIR;
  const intents = options.intents ?? loadIntentFiles(dir);
  const messageFile = loadMessageFile(dir);
  const fixedValues = {
    ...municipalityTexts(options.municipality),
    limit4: LOCKOUT_LIMITS.four_digit,
    limitSig: LOCKOUT_LIMITS.signature,
  };

  const compile = (where: string, block: AnswerBlock, countsAllowed: boolean): CompiledBlock => {
    const dynamic = placeholdersIn(block.text).filter((name) => COUNT_PLACEHOLDERS.has(name));
    if (dynamic.length > 0 && !countsAllowed) {
      throw new IntentFileError(
        `${where}: {${dynamic[0]}} is only filled in the lockout_rules count variants (${LOCKOUT_VARIANTS.join(', ')})`,
      );
    }
    return Object.freeze({ text: fillPlaceholders(block.text, fixedValues), facts: Object.freeze([...block.facts]) });
  };

  const suggestions = new Map<IntentId, Suggestion>(
    intents.map((intent) => [intent.id, Object.freeze({ intent: intent.id, ...intent.suggestion })]),
  );
  const suggestionOf = (id: IntentId): Suggestion => suggestions.get(id)!;

  requireVariants(intents.find((i) => i.id === 'lockout_rules')!, LOCKOUT_VARIANTS);
  requireVariants(intents.find((i) => i.id === 'forgot_pin')!, FORGOT_PIN_VARIANTS);

  const compiled = new Map<IntentId, CompiledIntent>();
  for (const intent of intents) {
    const file = `intents/${intent.id}.yaml`;
    const variants = new Map<string, CompiledBlock>();
    for (const [name, block] of Object.entries(intent.answer.variants ?? {})) {
      const countsAllowed = intent.id === 'lockout_rules' && (LOCKOUT_VARIANTS as readonly string[]).includes(name);
      variants.set(name, compile(`${file}: answer.variants.${name}.text`, block, countsAllowed));
    }
    compiled.set(intent.id, {
      answer: compile(`${file}: answer.text`, intent.answer, false),
      variants,
      followUps: Object.freeze(intent.followUps.map(suggestionOf)),
    });
  }

  const messages = new Map<MessageKey, CompiledBlock & { suggestions: readonly Suggestion[] }>();
  for (const key of MESSAGE_KEYS) {
    const message = messageFile[key];
    messages.set(key, {
      ...compile(`intents/_messages.yaml: ${key}.text`, message, false),
      suggestions: Object.freeze(
        message.suggestions.map((s) => (typeof s === 'string' ? suggestionOf(s) : Object.freeze({ ...s }))),
      ),
    });
  }

  const compose = (
    block: CompiledBlock,
    followUps: readonly Suggestion[],
    variant?: string,
    values?: Record<string, number>,
  ): ComposedAnswer => ({
    text: values ? fillPlaceholders(block.text, values) : block.text,
    facts: [...block.facts],
    suggestions: followUps.map((s) => ({ ...s })),
    ...(variant ? { variant } : {}),
  });

  return {
    answer(intent: IntentId, context: AnswerContext = {}): ComposedAnswer {
      const entry = compiled.get(intent);
      if (!entry) throw new IntentFileError(`no answer for intent "${intent}"; is it in src/intents/ids.ts and intents/?`);
      const { pinType, wrongCount } = context;
      // 0 or a nonsense count (negative, fraction) says nothing about tries left: the general rules answer it
      if (intent === 'lockout_rules' && typeof wrongCount === 'number' && Number.isInteger(wrongCount) && wrongCount > 0) {
        const { variant, values } = lockoutState(pinType, wrongCount);
        return compose(entry.variants.get(variant)!, entry.followUps, variant, values);
      }
      const variant = pinType ? entry.variants.get(pinType) : undefined;
      return variant ? compose(variant, entry.followUps, pinType) : compose(entry.answer, entry.followUps);
    },
    message(key: MessageKey): ComposedAnswer {
      const message = messages.get(key);
      if (!message) throw new IntentFileError(`no message "${key}" in intents/_messages.yaml`);
      return compose(message, message.suggestions);
    },
    suggestion(intent: IntentId): Suggestion {
      return { ...suggestionOf(intent) };
    },
  };
}
