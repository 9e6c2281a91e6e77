import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { IntentId } from '../intents/ids.js';
import type { Logger } from '../logging/logger.js';

/** The channels whose answers carry the 「役に立った / 役に立たなかった」 buttons. */
export type FeedbackChannel = 'slack' | 'line' | 'web';

/** One 「役に立った / 役に立たなかった」 click: the intent only — never the text or who clicked. */
export interface FeedbackEntry {
  /** ISO time of the click. */
  at: string;
  /** Which platform the answer was given on. */
  channel: FeedbackChannel;
  intent: IntentId;
  helpful: boolean;
}

export interface FeedbackCounts {
  helpful: number;
  unhelpful: number;
}

/**
 * Counts feedback per intent in memory and, when a file is given (FEEDBACK_FILE), appends every
 * click to it as one JSON line, from every channel (Slack, LINE, the web chat): one file a city can
 * read without the database. Writes are queued so lines never interleave; a failed write is logged
 * and never reaches the user.
 */
export class FeedbackRecorder {
  private readonly counts = new Map<IntentId, FeedbackCounts>();
  private writing: Promise<void> = Promise.resolve();
  private madeDir = false;

  constructor(
    private readonly options: { file?: string; logger: Logger },
  ) {}

  /** Records one click. Resolves once the line is written (or the write has failed and been logged). */
  record(intent: IntentId, helpful: boolean, channel: FeedbackChannel): Promise<void> {
    const count = this.counts.get(intent) ?? { helpful: 0, unhelpful: 0 };
    if (helpful) count.helpful += 1;
    else count.unhelpful += 1;
    this.counts.set(intent, count);
    const { file } = this.options;
    if (!file) return Promise.resolve();
    const entry: FeedbackEntry = { at: new Date().toISOString(), channel, intent, helpful };
    this.writing = this.writing.then(() => this.append(file, `${JSON.stringify(entry)}\n`));
    return this.writing;
  }

  /** Counts so far, per intent (only intents that received feedback). */
  snapshot(): Partial<Record<IntentId, FeedbackCounts>> {
    return Object.fromEntries([...this.counts].map(([intent, c]) => [intent, { ...c }]));
  }

  /** Waits for pending writes (call before the process exits). */
  flush(): Promise<void> {
    return this.writing;
  }

  private async append(file: string, line: string): Promise<void> {
    try {
      if (!this.madeDir) {
        await mkdir(dirname(file), { recursive: true });
        this.madeDir = true;
      }
      await appendFile(file, line, 'utf8');
    } catch (err) {
      this.options.logger.error(
        { err, file },
        'could not write feedback to FEEDBACK_FILE; check the path exists and is writable (feedback is still counted in memory)',
      );
    }
  }
}
