import { Writable } from 'node:stream';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import { createConversationEngine } from '../../src/conversation/engine.js';
import { MemorySessionStore, type MemorySessionStoreOptions, type SessionStore } from '../../src/conversation/session-store.js';
import type { ConversationEngine } from '../../src/conversation/types.js';
import { loadKnowledge } from '../../src/knowledge/index.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { createLogger, type Logger } from '../../src/logging/logger.js';
import { createMatcher } from '../../src/nlu/index.js';
import type { IntentMatcher } from '../../src/nlu/types.js';

// Built once per test file: loading the intent files is the slow part, and both are stateless.
let shared: { matcher: IntentMatcher; knowledge: KnowledgeBase } | undefined;
export function realNlu(): { matcher: IntentMatcher; knowledge: KnowledgeBase } {
  shared ??= { matcher: createMatcher(), knowledge: loadKnowledge() };
  return shared;
}

/** A logger writing JSON lines into an array the test can read. */
export function captureLogger(level: 'debug' | 'info' = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level, stream }), lines };
}

export interface TestBot {
  engine: ConversationEngine;
  chat: MemoryAdapter;
  store: SessionStore;
  logLines: string[];
  clock: { now: number };
}

/** The real engine, matcher and knowledge, an in-memory store on a fake clock, a captured log. */
export function createTestBot(
  options: {
    store?: SessionStore;
    storeOptions?: MemorySessionStoreOptions;
    matcher?: IntentMatcher;
    knowledge?: KnowledgeBase;
    readingCacheSize?: number;
  } = {},
): TestBot {
  const clock = { now: Date.UTC(2026, 10, 28, 9, 0, 0) };
  const now = () => clock.now;
  const store = options.store ?? new MemorySessionStore({ now, ...options.storeOptions });
  const { logger, lines } = captureLogger();
  const nlu = realNlu();
  const engine = createConversationEngine({
    matcher: options.matcher ?? nlu.matcher,
    knowledge: options.knowledge ?? nlu.knowledge,
    store,
    logger,
    now,
    ...(options.readingCacheSize !== undefined ? { readingCacheSize: options.readingCacheSize } : {}),
  });
  return { engine, chat: new MemoryAdapter(engine), store, logLines: lines, clock };
}

/**
 * The intent the real engine answers to a text as the first message of a conversation of its own
 * (no reading cache; each conversation forgotten after it).
 */
export function firstAnswers(): (text: string) => Promise<string> {
  const { engine } = createTestBot({ readingCacheSize: 0 });
  let n = 0;
  return async (text) => {
    const key = `first:${n++}`;
    const reply = await engine.respond({ conversationKey: key, text });
    await engine.forget(key);
    return reply.intent;
  };
}
