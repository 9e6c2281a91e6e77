import { ConfigError } from '../../errors.js';
import { createSlackApp, type SlackDeps } from './app.js';
import type { FeedbackRecorder } from '../../feedback/recorder.js';

/** A running Socket Mode connection. */
export interface SlackSocket {
  feedback: FeedbackRecorder;
  /** Closes the WebSocket and flushes the feedback file. */
  stop(): Promise<void>;
}

/**
 * Socket Mode (SLACK_APP_TOKEN + SLACK_BOT_TOKEN): the bot opens a WebSocket to Slack, so it works
 * on networks that accept no inbound HTTP (city networks behind a proxy). Same listeners as HTTP.
 */
export async function startSlackSocketMode(deps: SlackDeps): Promise<SlackSocket> {
  const appToken = deps.env.SLACK_APP_TOKEN;
  if (!appToken) {
    throw new ConfigError(
      'SLACK_APP_TOKEN is not set: create an app-level token with the connections:write scope on the Slack app’s Basic Information page.',
    );
  }
  const { app, feedback } = await createSlackApp(deps, { socketMode: true, appToken });
  await app.start();
  deps.logger.info({ component: 'slack', mode: 'socket' }, 'slack socket mode connected');
  return {
    feedback,
    async stop() {
      await app.stop();
      await feedback.flush();
    },
  };
}
