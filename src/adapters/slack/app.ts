import { App, type AppOptions, type Receiver, webApi } from '@slack/bolt';
import type { Env } from '../../config/env.js';
import type { ConversationEngine } from '../../conversation/types.js';
import { ConfigError } from '../../errors.js';
import type { KnowledgeBase } from '../../knowledge/types.js';
import type { Logger } from '../../logging/logger.js';
import { boltLogger } from './bolt-logger.js';
import { dropRepeatedEvents, EventDeduper } from './dedupe.js';
import { FeedbackRecorder } from '../../feedback/recorder.js';
import * as actions from './listeners/actions.js';
import * as commands from './listeners/commands.js';
import * as handoffListeners from './listeners/handoff.js';
import type { HandoffService } from '../../handoff/service.js';
import { createSlackHandoffDesk } from './handoff-desk.js';
import type { UnansweredLog } from '../../unanswered/recorder.js';
import * as mentions from './listeners/mentions.js';
import * as messages from './listeners/messages.js';
import { readSlackSettings } from './settings.js';
import type { SharedStore } from '../../state/shared-store.js';

/** What the Slack adapter is built from (the parts of `createBot(env)` it uses). */
export interface SlackDeps {
  engine: ConversationEngine;
  knowledge: KnowledgeBase;
  env: Env;
  logger: Logger;
  /** The bot's feedback recorder (every channel's clicks); one is made from FEEDBACK_FILE when not given. */
  feedback?: FeedbackRecorder;
  /** The staff hand-off: with SLACK_HANDOFF_CHANNEL set, Slack becomes its desk. */
  handoff?: HandoffService;
  /** The unanswered-question log: 「役に立たなかった」 clicks log the question they are about. */
  unanswered?: Pick<UnansweredLog, 'feedback'>;
  /** Where answered event ids are claimed: the bot's shared store (Redis with REDIS_URL). */
  shared?: SharedStore;
  /**
   * Web API retry policy. Default: up to 3 retries over about 10 s (429s wait their Retry-After).
   * Tests pass `webApi.retryPolicies.rapidRetryPolicy`.
   */
  retryConfig?: webApi.RetryOptions;
  /** How long one Web API call may take (WebClientOptions.timeout; default 10 s). */
  webApiTimeoutMs?: number;
}

/** An initialised Bolt app with every mynapin listener registered. */
export interface SlackApp {
  app: App;
  feedback: FeedbackRecorder;
}

const DEFAULT_RETRY: webApi.RetryOptions = { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 5000 };

/**
 * Builds the Bolt app (HTTP or Socket Mode, by the receiver/options given), registers the
 * listeners and checks the bot token with auth.test, so a wrong token stops start-up with a clear
 * message instead of failing on the first question.
 */
export async function createSlackApp(
  deps: SlackDeps,
  mode: { receiver: Receiver } | { socketMode: true; appToken: string },
): Promise<SlackApp> {
  const { env, logger } = deps;
  if (!env.SLACK_BOT_TOKEN) {
    throw new ConfigError('SLACK_BOT_TOKEN is not set: set the bot token (xoxb-…) from the Slack app’s OAuth & Permissions page.');
  }
  const settings = readSlackSettings(env);
  const feedback = deps.feedback ?? new FeedbackRecorder({ file: env.FEEDBACK_FILE, logger });
  const slackLogger = logger.child({ component: 'slack' });

  const options: AppOptions = {
    token: env.SLACK_BOT_TOKEN,
    logger: boltLogger(logger),
    deferInitialization: true,
    clientOptions: {
      ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
      retryConfig: deps.retryConfig ?? DEFAULT_RETRY,
      // A stuck Slack connection must not hold an answer forever.
      timeout: deps.webApiTimeoutMs ?? 10_000,
    },
    ...('receiver' in mode ? { receiver: mode.receiver } : { socketMode: true, appToken: mode.appToken }),
  };
  const app = new App(options);

  app.error(async function onListenerError(error) {
    // Web API errors carry the request (with the message text) in `data`: log code and message only.
    slackLogger.error({ code: error.code, error: error.message }, 'slack listener failed');
  });
  app.use(dropRepeatedEvents(new EventDeduper(deps.shared), slackLogger));

  const listenerDeps = {
    engine: deps.engine, knowledge: deps.knowledge, settings, feedback, logger: slackLogger,
    ...(deps.unanswered ? { unanswered: deps.unanswered } : {}),
  };
  messages.register(app, listenerDeps);
  mentions.register(app, listenerDeps);
  actions.register(app, listenerDeps);
  commands.register(app, listenerDeps);
  if (deps.handoff && env.SLACK_HANDOFF_CHANNEL) {
    handoffListeners.register(app, { handoff: deps.handoff, channel: env.SLACK_HANDOFF_CHANNEL, logger: slackLogger });
    deps.handoff.attachDesk(createSlackHandoffDesk(app.client, env.SLACK_HANDOFF_CHANNEL, deps.knowledge));
  }

  try {
    await app.init();
  } catch (err) {
    const code = (err as { data?: { error?: unknown } }).data?.error;
    throw new ConfigError(
      `Slack did not accept SLACK_BOT_TOKEN (auth.test: ${String(code ?? (err as Error).message)}). ` +
        'Copy the Bot User OAuth Token (xoxb-…) again from the app’s OAuth & Permissions page, and reinstall the app if its scopes changed.',
      { cause: err },
    );
  }
  return { app, feedback };
}
