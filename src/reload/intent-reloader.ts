import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { INTENT_IDS, type IntentId } from '../intents/ids.js';
import { loadIntentFiles } from '../intents/load.js';
import { loadReviewedPhrases, withReviewedPhrases, type ReviewedPhrases } from '../intents/reviewed.js';
import { withReviewedAnswers } from './reviewed-matcher.js';
import type { IntentDefinition } from '../intents/schema.js';
import { loadKnowledge } from '../knowledge/index.js';
import type { KnowledgeBase, Municipality } from '../knowledge/types.js';
import type { Logger } from '../logging/logger.js';
import { createMatcher, type MatcherOptions } from '../nlu/index.js';
import type { IntentMatcher } from '../nlu/types.js';
import type { ReloadableKnowledge, ReloadableMatcher } from './swappable.js';

export interface IntentReloaderOptions {
  intentsDir: string;
  /** The reviewed-phrases file (it need not exist yet). */
  reviewedFile: string;
  municipality: Municipality;
  matcherOptions?: Partial<MatcherOptions>;
  matcher: ReloadableMatcher;
  knowledge: ReloadableKnowledge;
  logger: Logger;
  /** Changes closer together than this are one reload (default 300 ms: editors write in bursts). */
  debounceMs?: number;
}

/** What a reload did. */
export type ReloadOutcome =
  | { ok: true; phrases: number; reviewedPhrases: number; ms: number }
  | { ok: false; error: string };

/** The intent files plus the reviewed phrases, loaded and validated (throws IntentFileError). */
export function loadIntentData(intentsDir: string, reviewedFile: string): { intents: IntentDefinition[]; reviewed: ReviewedPhrases; reviewedPhrases: number } {
  const reviewed = loadReviewedPhrases(reviewedFile);
  let reviewedPhrases = 0;
  for (const list of reviewed.values()) reviewedPhrases += list.length;
  return { intents: withReviewedPhrases(loadIntentFiles(intentsDir), reviewed), reviewed, reviewedPhrases };
}

/**
 * The bot's matcher from loaded intent data: createMatcher (the reviewed phrases are phrases like
 * any other), with the reviewed questions themselves answered as staff decided.
 */
export async function buildMatcher(
  data: { intents: IntentDefinition[]; reviewed: ReviewedPhrases },
  intentsDir: string,
  options: Partial<MatcherOptions> = {},
): Promise<IntentMatcher> {
  // Awaited: a matcher that trains a model may build asynchronously.
  const matcher: IntentMatcher = await Promise.resolve(createMatcher({ ...options, intentsDir, intents: data.intents }));
  return withReviewedAnswers(matcher, data.reviewed);
}

/**
 * Reloads the intent data into the running bot without a restart: on SIGHUP, on a change of
 * intents/ or of the reviewed-phrases file (fs.watch, debounced), or when asked (a new review).
 * A reload reads and validates everything, builds a new matcher with createMatcher (the slow part)
 * and a new knowledge base, checks that every suggestion button still reaches its own intent, and
 * only then swaps both in. Anything wrong keeps the old data and logs why.
 */
export class IntentReloader {
  private readonly log: Logger;
  private readonly debounceMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ReloadOutcome> | undefined;
  private again = false;
  private watchers: FSWatcher[] = [];
  private stopped = false;

  constructor(private readonly options: IntentReloaderOptions) {
    this.log = options.logger.child({ component: 'reload' });
    this.debounceMs = options.debounceMs ?? 300;
  }

  /** Asks for a reload soon; requests close together become one. */
  request(reason: string): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload(reason);
    }, this.debounceMs);
    this.timer.unref();
  }

  /** Reloads now (a reload already running is followed by one more). */
  reload(reason = 'request'): Promise<ReloadOutcome> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run(reason).finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.reload(reason);
      }
    });
    return this.running;
  }

  private async run(reason: string): Promise<ReloadOutcome> {
    const started = performance.now();
    // Off the reply path: the turn that triggered this (a review) is answered first.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      const { intentsDir, reviewedFile, municipality } = this.options;
      const data = loadIntentData(intentsDir, reviewedFile);
      const { intents, reviewedPhrases } = data;
      const knowledge = loadKnowledge({ intentsDir, municipality, intents, logger: this.log });
      const matcher = await buildMatcher(data, intentsDir, this.options.matcherOptions);
      // Every language compiled now: a broken _nlu.yaml keeps the old data, like any broken file.
      matcher.prepare?.();
      checkSuggestions(this.options.matcher.active, matcher, this.options.knowledge, knowledge);
      if (this.stopped) return { ok: false, error: 'stopped' };
      this.options.matcher.swap(matcher);
      this.options.knowledge.swap(knowledge);
      const phrases = intents.reduce((n, i) => n + i.phrases.length, 0);
      const ms = Math.round(performance.now() - started);
      this.log.info({ reason, phrases, reviewedPhrases, ms }, 'intent data reloaded');
      return { ok: true, phrases, reviewedPhrases, ms };
    } catch (err) {
      const error = (err as Error).message;
      this.log.error({ reason, error }, 'intent data NOT reloaded: the bot keeps the previous data until the files are fixed');
      return { ok: false, error };
    }
  }

  /** Watches intents/ and the reviewed-phrases file's folder. A folder that cannot be watched is logged (SIGHUP still works). */
  watch(): void {
    const { intentsDir, reviewedFile } = this.options;
    const reviewedName = basename(reviewedFile);
    const targets: Array<[string, (name: string | null) => boolean]> = [
      [intentsDir, (name) => name === null || name.endsWith('.yaml')],
      [dirname(reviewedFile), (name) => name === null || name === reviewedName],
    ];
    for (const [dir, relevant] of targets) {
      try {
        // Folders, not files: the reviewed file is replaced by a rename, which ends a file watch.
        const watcher = watch(dir, { persistent: false }, (_event, name) => {
          if (relevant(typeof name === 'string' ? name : null)) this.request(`changed: ${name ?? dir}`);
        });
        watcher.on('error', (err) => this.log.warn({ dir, error: err.message }, 'stopped watching for intent changes; send SIGHUP to reload'));
        this.watchers.push(watcher);
      } catch (err) {
        this.log.warn({ dir, error: (err as Error).message }, 'cannot watch for intent changes; send SIGHUP to reload');
      }
    }
  }

  /** Waits for a reload in progress (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running || this.timer) {
      if (this.running) await this.running;
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }
}

/**
 * A suggestion button sends its text as if typed: every button the old data answered with its own
 * intent must still be, or the reload is refused (a reviewed phrase would have broken a button).
 */
function checkSuggestions(before: IntentMatcher, after: IntentMatcher, oldKnowledge: KnowledgeBase, newKnowledge: KnowledgeBase): void {
  const broken: string[] = [];
  for (const id of INTENT_IDS as readonly IntentId[]) {
    if (id === 'none') continue;
    let text: string;
    try {
      text = newKnowledge.suggestion(id).text;
    } catch {
      continue;
    }
    const oldText = oldKnowledge.suggestion(id).text;
    if (before.match(oldText).intent === id && after.match(text).intent !== id) {
      broken.push(`the ${id} button 「${text}」 would now be read as ${after.match(text).intent}`);
    }
  }
  if (broken.length) throw new Error(`${broken.join('; ')}. Remove the reviewed phrase that causes it.`);
}
