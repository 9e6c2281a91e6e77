import type { App } from '@slack/bolt';
import { ConfigError } from '../../errors.js';
import type { Route } from '../../server/route.js';
import { createSlackApp, type SlackDeps } from './app.js';
import type { FeedbackRecorder } from '../../feedback/recorder.js';
import { RouteReceiver } from './route-receiver.js';

/** The Slack adapter in HTTP mode, ready to be mounted on the project's server. */
export interface SlackHttp {
  /** POST /slack/events: Events API, interactivity (buttons) and the /mynapin command. */
  route: Route;
  app: App;
  feedback: FeedbackRecorder;
  /**
   * Resolves once every request received so far has been fully answered (the HTTP response goes
   * out at ack time, the answer after it). For graceful shutdown and tests.
   */
  settled(): Promise<void>;
  /** Waits for answers still being sent, then flushes the feedback file. Does not close the server. */
  stop(): Promise<void>;
}

/**
 * HTTP mode (SLACK_SIGNING_SECRET + SLACK_BOT_TOKEN): one route on the project's own server, no
 * port of Bolt's. Requests are verified by Bolt's signature check before anything is parsed.
 */
export async function createSlackHttp(deps: SlackDeps): Promise<SlackHttp> {
  const signingSecret = deps.env.SLACK_SIGNING_SECRET;
  if (!signingSecret) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET is not set: copy the Signing Secret from the Slack app’s Basic Information page (or set SLACK_APP_TOKEN for Socket Mode).',
    );
  }
  const receiver = new RouteReceiver({ signingSecret });
  const { app, feedback } = await createSlackApp(deps, { receiver });
  return {
    route: receiver.route(),
    app,
    feedback,
    settled: () => receiver.settled(),
    async stop() {
      await receiver.stop();
      await feedback.flush();
    },
  };
}
