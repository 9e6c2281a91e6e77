import type { IntentId } from '../intents/ids.js';
import type { ComposedAnswer, KnowledgeBase, MessageKey } from '../knowledge/types.js';
import type { Logger } from '../logging/logger.js';
import type { IntentMatcher, MatchResult, NeighbourReading } from '../nlu/types.js';
import { scanSecrets, SECRET_MASK, type SecretKind } from '../privacy/guard.js';
import { decide, readingInContext, type Decision } from './policy.js';
import type { ConversationState, SessionStore } from './session-store.js';
import { readSlots, type Slots } from './slots.js';
import type { BotReply, ConversationEngine, Suggestion, TurnObserver, TurnRecord, UserTurn } from './types.js';
import { detectLanguage, readLanguageRequest, type LanguageRequest } from '../i18n/detect.js';
import { BASE_LANG, EASY_LANG, ENGLISH, parseLang, type Lang } from '../i18n/languages.js';
import { withTimeout } from '../i18n/timeout.js';

export interface ConversationEngineDeps {
  matcher: IntentMatcher;
  knowledge: KnowledgeBase;
  store: SessionStore;
  logger: Logger;
  /** Clock in epoch milliseconds; injectable for tests. */
  now?: () => number;
  /** Longest message (characters, after masking) the bot reads; longer ones get `too_long`. Default 500. */
  maxTextLength?: number;
  /** How many recent message texts keep their reading (match and slots); 0 turns it off. Default 4096. */
  readingCacheSize?: number;
  /** Told of every turn (metrics, the unanswered-question log); see TurnRecord. */
  observers?: TurnObserver[];
}

/** What the text of a message says (see read() in createConversationEngine). */
type Reading =
  | { kind: 'too_long' }
  | { kind: 'no_words' }
  | {
      kind: 'question';
      match: MatchResult;
      slots: Readonly<Slots>;
      neighbours: () => NeighbourReading | undefined;
      questionNeighbours: () => NeighbourReading | undefined;
    };

// Long messages are rare and seldom repeated: keeping their reading would only cost memory.
const READING_KEPT_MAX_LENGTH = 200;

// Suggestions offered when an answer brings fewer than two of its own.
const FALLBACK_SUGGESTIONS: readonly IntentId[] = ['forgot_pin', 'lockout_rules', 'office_contact', 'help'];
const MIN_SUGGESTIONS = 2;
const MAX_SUGGESTIONS = 4;

// Control characters, zero-width characters and bidi overrides: never meaningful in a question,
// and the bidi ones can make a logged or echoed line lie about its content.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;
const LINE_BREAKS = /[\t\n\r]+/g;
const HAS_WORDS = /[\p{L}\p{N}]/u;

/**
 * The conversation layer: guards privacy, reads the resident's situation, keeps the context of
 * each conversation and picks what to answer; the knowledge base says it.
 *
 * Per turn: mask secrets before anything else sees the text → reject empty / over-long input →
 * match the intent → combine it with the conversation's state (open question, last topic, slots)
 * → answer → store the new state (never the text) → log one line (never the text).
 */
export function createConversationEngine(deps: ConversationEngineDeps): ConversationEngine {
  const { matcher, knowledge, store, logger } = deps;
  const now = deps.now ?? Date.now;
  const maxTextLength = deps.maxTextLength ?? 500;
  const observers = deps.observers ?? [];

  // The matcher's ranking as observers see it ({ intent, confidence } only), made once per ranking
  // and shared, frozen: readings are kept (read()), so most turns share their match's ranking, and
  // a copy per turn was about 1.4% of what a /api/chat request allocated.
  const observedRankings = new WeakMap<MatchResult['ranked'], TurnRecord['ranked']>();
  function observedRanking(match: MatchResult): TurnRecord['ranked'] {
    let ranked = observedRankings.get(match.ranked);
    if (!ranked) {
      ranked = Object.freeze(match.ranked.map((r) => Object.freeze({ intent: r.intent, confidence: r.confidence })));
      observedRankings.set(match.ranked, ranked);
    }
    return ranked;
  }

  function observe(key: string, maskedText: string, via: string, reply: BotReply, match?: MatchResult): void {
    if (observers.length === 0) return;
    const record = {
      channel: channelOf(key),
      conversationKey: key,
      maskedText,
      normalised: match?.normalised ?? '',
      via,
      ranked: match ? observedRanking(match) : NOT_RANKED,
      reply,
      at: now(),
    };
    for (const observer of observers) {
      try {
        observer(record);
      } catch (err) {
        logger.warn({ err }, 'turn observer failed');
      }
    }
  }

  // What a message says apart from its conversation is a pure function of its masked text, and
  // residents send the same few messages over and over: the reading is kept for recent texts.
  // The key is the masked text, so no PIN or My Number is ever held here.
  const readings = new Map<string, Reading>();
  const readingsKept = deps.readingCacheSize ?? 4096;
  let readingsRevision = matcher.revision;

  /** The matcher's neighbours of a question, looked up when the policy first asks, then kept with the reading. */
  function nearestExamples(question: string, normalised: string): () => NeighbourReading | undefined {
    let near: NeighbourReading | undefined | null = null;
    return () => (near === null ? (near = matcher.neighbours?.(question, normalised)) : near);
  }

  /** The neighbours of the question after the story the matcher found (MatchResult.storyQuestion), or `whole`'s. */
  function nearestQuestionExamples(question: string, match: MatchResult, whole: () => NeighbourReading | undefined): () => NeighbourReading | undefined {
    const asked = match.storyQuestion;
    return asked === undefined ? whole : nearestExamples(question, asked);
  }

  function read(masked: string): Reading {
    // The intent data was reloaded (a reviewed phrase, an edited file): earlier readings are stale.
    if (matcher.revision !== readingsRevision) {
      readings.clear();
      readingsRevision = matcher.revision;
    }
    const known = readings.get(masked);
    if (known) return known;
    const text = masked.replace(CONTROL, '').replace(LINE_BREAKS, ' ');
    // Most messages hold no masked secret: no array and joined copy for them.
    const question = (text.includes(SECRET_MASK) ? text.split(SECRET_MASK).join(' ') : text).trim();
    let reading: Reading;
    if (text.length > maxTextLength) reading = { kind: 'too_long' };
    else if (!HAS_WORDS.test(question)) reading = { kind: 'no_words' };
    else {
      const match = matcher.match(question);
      const neighbours = nearestExamples(question, match.normalised);
      const questionNeighbours = nearestQuestionExamples(question, match, neighbours);
      reading = { kind: 'question', match, slots: Object.freeze(readSlots(match.normalised)), neighbours, questionNeighbours };
    }
    if (readingsKept > 0 && masked.length <= READING_KEPT_MAX_LENGTH) {
      if (readings.size >= readingsKept) readings.delete(readings.keys().next().value!);
      readings.set(masked, reading);
    }
    return reading;
  }

  async function respond(turn: UserTurn): Promise<BotReply> {
    const key = turn.conversationKey;
    try {
      return await store.withLock(key, () => runTurn(key, typeof turn.text === 'string' ? turn.text : '', turn));
    } catch (err) {
      logger.error({ err, conversationKey: key }, 'conversation turn failed');
      return errorReply(parseLang(turn.lang, knowledge.languages) ?? BASE_LANG);
    }
  }

  /**
   * The language of this turn's reply: a language request (「やさしい日本語で」), else the message's
   * own language, else the conversation's (the channel's setting, the stored one, the platform's).
   * A promise only when the platform's must be asked: awaiting an async function's promise on
   * every turn cost a promise and a microtask turn each.
   */
  function languageOf(turn: UserTurn, state: ConversationState, masked: string, request?: LanguageRequest): Lang | Promise<Lang> {
    const known = knowledge.languages;
    if (request && known.includes(request.lang)) return request.lang;
    const current = parseLang(turn.lang, known) ?? (state.lang && known.includes(state.lang) ? state.lang : undefined);
    const signal = masked.length > maxTextLength * 4 ? undefined : detectLanguage(masked);
    if (signal === ENGLISH && known.includes(ENGLISH)) return ENGLISH;
    if (signal === BASE_LANG) {
      if (current === EASY_LANG) return EASY_LANG;
      // Kanji without kana in a conversation held in another language (中文) is that language.
      if (current && current !== ENGLISH && current !== BASE_LANG && !KANA.test(masked)) return current;
      return BASE_LANG;
    }
    if (current) return current;
    return turn.defaultLang ? platformLanguage(turn.defaultLang, known) : BASE_LANG;
  }

  async function platformLanguage(defaultLang: NonNullable<UserTurn['defaultLang']>, known: readonly Lang[]): Promise<Lang> {
    return parseLang(await withTimeout(defaultLang, PLATFORM_LANG_TIMEOUT_MS), known) ?? BASE_LANG;
  }

  async function runTurn(key: string, raw: string, turn: UserTurn): Promise<BotReply> {
    const state = (await store.get(key)) ?? freshState();
    // Over-long input is refused without being scanned or matched: nothing of it is kept.
    if (raw.length > maxTextLength * 4) return fixedReply(key, 'too_long', [], 'too_long', '', await languageOf(turn, state, ''), state);

    const scan = scanSecrets(raw);
    const request = readLanguageRequest(scan.redacted);
    const found = languageOf(turn, state, scan.redacted, request);
    const lang = typeof found === 'string' ? found : await found;
    if (request && !HAS_WORDS.test(request.rest.split(SECRET_MASK).join(' '))) return switchLanguage(key, state, lang, scan.kinds, scan.redacted);
    const reading = read(request ? request.rest : scan.redacted);
    if (reading.kind === 'too_long') return fixedReply(key, 'too_long', scan.kinds, 'too_long', '', lang, state);
    if (reading.kind === 'no_words') {
      // Only a secret (「1234」) or nothing at all: the warning alone, or the empty-message answer.
      return scan.kinds.length
        ? fixedReply(key, 'privacy_warning', scan.kinds, 'privacy_only', scan.redacted, lang, state)
        : fixedReply(key, 'empty', [], 'empty', scan.redacted, lang, state);
    }

    const { slots } = reading;
    const fresh = !state.lastIntent && !state.openQuestion && state.slots.wrongCount === undefined;
    const match = readingInContext(reading.match, scan.kinds.length > 0, fresh);
    const decision = decide({ state, match, slots, neighbours: reading.neighbours, questionNeighbours: reading.questionNeighbours, written: scan.redacted });

    let answer: ComposedAnswer;
    let intent = decision.intent;
    let confidence = confidenceOf(decision, match);
    if (scan.kinds.length > 0 && decision.intent === 'none' && decision.via === 'matcher' && !scan.kinds.includes('my_number') && !typedForAnotherSecret(match)) {
      // The rest of the message asked nothing we can answer: the warning is the whole reply. The My Number
      // typed, or a number for another card's or device's secret (「自分のマイナンバー…で合ってる?」「SIMの
      // 初期PINは0000?」), gets the warning and then the decline, so the resident still learns whom to ask
      // (the labelled lines so worded are `none`).
      answer = { text: '', facts: [], suggestions: [] };
      intent = 'pin_management';
      confidence = 1;
    } else {
      answer = decision.message ? knowledge.message(decision.message, lang) : knowledge.answer(decision.intent, { ...decision.context, lang });
      // A reply that asks which PIN offers the choices as its buttons, so a tap answers it.
      if (decision.openQuestion?.kind === 'which_pin' && decision.clarifying && !decision.message) {
        answer = { ...answer, suggestions: knowledge.message('which_pin', lang).suggestions };
      }
    }
    const clarifying = decision.clarifying && intent === decision.intent;
    // A close second reading of the message is offered first among the next questions, so a
    // resident the matcher half-understood is one tap from the other answer.
    const runnerUp = decision.via === 'matcher' && !clarifying ? closeRunnerUp(match, intent) : undefined;
    if (runnerUp) answer = { ...answer, suggestions: [knowledge.suggestion(runnerUp, lang), ...answer.suggestions.filter((x) => x.intent !== runnerUp)] };
    const reply = withEasyChip(composeReply(answer, intent, confidence, clarifying, scan.kinds, lang));

    // A reply that was only the privacy warning is about keeping the PIN safe: follow-ups
    // (「じゃあ忘れたときは？」) refer to that.
    const next = nextState(state, intent === 'pin_management' && decision.intent === 'none' ? { ...decision, topic: intent } : decision, now());
    next.lang = lang;
    if (decision.reset) await store.delete(key);
    else await store.set(key, next);

    logTurn(key, decision, reply, scan.kinds, match);
    observe(key, scan.redacted, decision.via, reply, match);
    return reply;
  }

  /** The secret a number was typed for is another owner's (still named once the number is masked), not the card's PIN. */
  function typedForAnotherSecret(match: MatchResult): boolean {
    return match.concepts.has('OTHER_SECRET_OWNER');
  }

  function composeReply(
    answer: ComposedAnswer,
    intent: IntentId,
    confidence: number,
    clarifying: boolean,
    secrets: SecretKind[],
    lang: Lang,
  ): BotReply {
    let text = answer.text.trim();
    let facts = answer.facts;
    let suggestions = answer.suggestions;
    if (secrets.length) {
      const warning = knowledge.message('privacy_warning', lang);
      text = text ? `${warning.text.trim()}\n\n${text}` : warning.text.trim();
      facts = [...new Set([...warning.facts, ...facts])];
      if (suggestions.length === 0) suggestions = warning.suggestions;
    }
    return {
      intent,
      confidence,
      text,
      facts,
      suggestions: clarifying ? suggestions.slice(0, MAX_SUGGESTIONS) : fillSuggestions(suggestions, intent, lang),
      clarifying,
      privacyWarning: secrets.length > 0,
      lang,
    };
  }

  /**
   * A long answer in ja offers やさしい日本語 as its last chip; tapping it sends 「やさしい日本語で」,
   * which answers the same question again in ja-easy.
   */
  // One frozen chip per intent, as the knowledge base's own suggestions are: the web server encodes
  // a frozen suggestion once and reuses the bytes (a new object per reply cost ~5 µs a request).
  const easyChips = new Map<IntentId, Suggestion>();
  function easyChip(intent: IntentId, label: string, text: string): Suggestion {
    let chip = easyChips.get(intent);
    if (!chip || chip.label !== label || chip.text !== text) {
      chip = Object.freeze({ intent, label, text });
      easyChips.set(intent, chip);
    }
    return chip;
  }

  function withEasyChip(reply: BotReply): BotReply {
    if (reply.lang !== BASE_LANG || reply.clarifying || reply.text.length < EASY_CHIP_MIN_CHARS || !knowledge.languages.includes(EASY_LANG)) return reply;
    const chip = easyChip(reply.intent, knowledge.ui('easy_chip_label', BASE_LANG), knowledge.ui('easy_chip_text', BASE_LANG));
    const kept = reply.suggestions.slice(0, MAX_SUGGESTIONS - 1);
    return { ...reply, suggestions: [...kept, chip] };
  }

  /**
   * A message that only asks for another language: the last answer again in it, or (at the start
   * of a conversation) a line saying so with the usual first questions.
   */
  async function switchLanguage(key: string, state: ConversationState, lang: Lang, secrets: SecretKind[], masked: string): Promise<BotReply> {
    const topic = state.lastIntent;
    const again = topic !== undefined && !NOT_ANSWERED_AGAIN.has(topic);
    const answer: ComposedAnswer = again
      ? knowledge.answer(topic, { ...state.slots, lang })
      : { text: knowledge.ui('switched', lang), facts: [], suggestions: [] };
    const reply = composeReply(answer, again ? topic : 'help', 1, false, secrets, lang);
    await store.set(key, { ...state, lang, lastTurnAt: now(), turns: state.turns + 1 });
    logger.debug({ conversationKey: key, intent: reply.intent, via: 'language', lang }, 'turn');
    observe(key, masked, 'language', reply);
    return reply;
  }

  /** Every answer offers 2–4 next questions: its own, topped up with general ones. */
  function fillSuggestions(own: Suggestion[], intent: IntentId, lang: Lang): Suggestion[] {
    const out: Suggestion[] = [];
    const seen = new Set<string>();
    const add = (s: Suggestion) => {
      if (out.length >= MAX_SUGGESTIONS || seen.has(s.text)) return;
      seen.add(s.text);
      out.push(s);
    };
    own.forEach(add);
    for (const id of FALLBACK_SUGGESTIONS) {
      if (out.length >= MIN_SUGGESTIONS) break;
      if (id !== intent) add(knowledge.suggestion(id, lang));
    }
    return out;
  }

  /** A fixed message; `privacy_warning` is composed by composeReply from the secrets found. */
  async function fixedReply(
    key: string,
    message: MessageKey,
    secrets: SecretKind[],
    via: string,
    masked: string,
    lang: Lang,
    state: ConversationState,
  ): Promise<BotReply> {
    const intent: IntentId = message === 'privacy_warning' ? 'pin_management' : 'none';
    const composed = message === 'privacy_warning' ? { text: '', facts: [], suggestions: [] } : knowledge.message(message, lang);
    const reply = composeReply(composed, intent, 1, false, secrets, lang);
    // The language found (e.g. from the LINE profile) is kept, so it is not asked for again.
    if (state.lang !== lang) await store.set(key, { ...state, lang, lastTurnAt: now() });
    logger.debug({ conversationKey: key, intent, via, secrets }, 'turn');
    observe(key, masked, via, reply);
    return reply;
  }

  function errorReply(lang: Lang): BotReply {
    try {
      const m = knowledge.message('error', lang);
      return { intent: 'none', confidence: 0, text: m.text.trim(), facts: m.facts, suggestions: m.suggestions, clarifying: false, privacyWarning: false, lang };
    } catch {
      // The knowledge base itself failed: the one text that must not depend on it.
      return {
        intent: 'none',
        confidence: 0,
        text: '申し訳ありません。システムで問題が起きました。時間をおいてもう一度お試しください。',
        facts: [],
        suggestions: [],
        clarifying: false,
        privacyWarning: false,
      };
    }
  }

  function logTurn(key: string, decision: Decision, reply: BotReply, secrets: SecretKind[], match: MatchResult): void {
    if (!logger.isLevelEnabled('debug')) return;
    // Never the text: intent, how it was reached and the matcher's view are enough to debug.
    logger.debug(
      {
        conversationKey: key,
        intent: reply.intent,
        confidence: reply.confidence,
        via: decision.via,
        matched: match.intent,
        matchedConfidence: match.confidence,
        clarifying: reply.clarifying,
        ...(secrets.length ? { secrets } : {}),
      },
      'turn',
    );
  }

  return {
    respond,
    async forget(conversationKey: string) {
      await store.delete(conversationKey);
    },
  };
}

// How close the second intent must be to be offered: its confidence at least this share of the
// winner's, and at least RUNNER_UP_FLOOR outright.
const RUNNER_UP_SHARE = 0.35;
const RUNNER_UP_FLOOR = 0.1;
const NOT_OFFERED: ReadonlySet<IntentId> = new Set(['none', 'greeting', 'thanks', 'help']);

/** The second-best intent when it is nearly as likely as the answered one. */
export function closeRunnerUp(match: MatchResult, answered: IntentId): IntentId | undefined {
  const [best, second] = match.ranked;
  if (!best || !second) return undefined;
  const other = best.intent === answered ? second : best;
  if (NOT_OFFERED.has(other.intent) || other.intent === answered) return undefined;
  const top = Math.max(best.confidence, second.confidence);
  return other.confidence >= RUNNER_UP_FLOOR && other.confidence >= RUNNER_UP_SHARE * top ? other.intent : undefined;
}

const CHANNELS = new Set(['line', 'slack', 'web', 'cli']);
// The ranking of a turn the matcher did not read.
const NOT_RANKED: TurnRecord['ranked'] = Object.freeze([]);

// A Japanese answer at least this long offers やさしい日本語 as a chip.
const EASY_CHIP_MIN_CHARS = 150;
// Small talk is not answered again in the new language; a short line says it changed.
const NOT_ANSWERED_AGAIN: ReadonlySet<IntentId> = new Set(['none', 'greeting', 'thanks', 'help']);
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
// How long a turn waits for the platform's language (LINE getProfile) before answering in ja.
const PLATFORM_LANG_TIMEOUT_MS = 1500;


/** The platform a conversation key belongs to (`line:U…` → `line`). */
export function channelOf(conversationKey: string): string {
  const prefix = conversationKey.slice(0, conversationKey.indexOf(':'));
  return CHANNELS.has(prefix) ? prefix : 'other';
}

function freshState(): ConversationState {
  return { slots: {}, lastTurnAt: 0, turns: 0 };
}

// Answers reached through the conversation's context rather than the matcher alone.
const CONTEXT_CONFIDENCE = 0.9;

function confidenceOf(decision: Decision, match: MatchResult): number {
  if (decision.via === 'matcher') return match.confidence;
  if (decision.via === 'reset') return 1;
  const ranked = match.ranked.find((r) => r.intent === decision.intent);
  return Math.max(CONTEXT_CONFIDENCE, ranked?.confidence ?? 0);
}

function nextState(state: ConversationState, decision: Decision, at: number): ConversationState {
  const slots = { ...state.slots, ...decision.slots };
  const next: ConversationState = { slots, lastTurnAt: at, turns: state.turns + 1 };
  const topic = decision.topic ?? state.lastIntent;
  if (topic) next.lastIntent = topic;
  if (decision.openQuestion) next.openQuestion = decision.openQuestion;
  return next;
}

