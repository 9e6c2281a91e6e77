import type { Env } from './config/env.js';
import type { ConversationEngine, BotReply, UserTurn } from './conversation/types.js';
import type { KnowledgeBase } from './knowledge/types.js';
import type { IntentMatcher } from './nlu/types.js';
import { createLogger, type Logger } from './logging/logger.js';

/** Everything a channel needs: the conversation engine and what it is built from. */
export interface Bot {
  env: Env;
  logger: Logger;
  engine: ConversationEngine;
  knowledge: KnowledgeBase;
  matcher: IntentMatcher;
}

/**
 * TEMPORARY STUB until the matcher, knowledge base and conversation engine land: answers every
 * turn with a fixed text. The signature is the contract; the body will be replaced.
 */
export async function createBot(env: Env, options: { logger?: Logger } = {}): Promise<Bot> {
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL });
  const stubReply = (text: string): BotReply => ({
    intent: 'none',
    confidence: 0,
    text: `（準備中）${text.length}文字のメッセージを受け取りました。`,
    facts: [],
    suggestions: [{ intent: 'help', label: 'できること', text: 'ヘルプ' }],
    clarifying: false,
    privacyWarning: false,
  });
  const engine: ConversationEngine = {
    async respond(turn: UserTurn) {
      return stubReply(turn.text);
    },
    async forget() {},
  };
  const knowledge: KnowledgeBase = {
    answer: () => ({ text: '（準備中）', facts: [], suggestions: [] }),
    message: () => ({ text: '（準備中）', facts: [], suggestions: [] }),
    suggestion: (intent) => ({ intent, label: intent, text: intent }),
  };
  const matcher: IntentMatcher = {
    match: (text) => ({ intent: 'none', confidence: 0, ranked: [], normalised: text, concepts: new Set() }),
  };
  return { env, logger, engine, knowledge, matcher };
}
