import type { Bot } from '../bot.js';
import { enabledChannels, type Env } from '../config/env.js';
import type { Route } from './route.js';
import type { ChannelStatus } from './health-route.js';

/** The LINE and Slack parts of the server, loaded only when configured. */
export interface MountedPlatforms {
  /** Routes to add to the server's table (`POST /webhook/line`, `POST /slack/events`). */
  routes: Route[];
  channels: ChannelStatus;
  /** Waits for work the platforms still do after acknowledging (LINE replies after the 200). */
  idle(): Promise<void>;
  /** Stops background connections (Slack Socket Mode, Bolt). */
  stop(): Promise<void>;
}

/** What the platform adapters need from the bot. */
type AdapterDeps = Pick<Bot, 'engine' | 'knowledge' | 'env' | 'logger' | 'handoff' | 'unanswered' | 'shared' | 'feedback'>;

/**
 * Loads and starts the platform adapters the environment turns on (`enabledChannels`). Each SDK is
 * imported dynamically, so a web-only process never loads @line/bot-sdk or @slack/bolt.
 */
export async function mountPlatforms(bot: Bot, env: Env = bot.env): Promise<MountedPlatforms> {
  const enabled = enabledChannels(env);
  const deps: AdapterDeps = {
    engine: bot.engine,
    knowledge: bot.knowledge,
    env,
    logger: bot.logger,
    shared: bot.shared,
    feedback: bot.feedback,
    ...(bot.handoff ? { handoff: bot.handoff } : {}),
    ...(bot.unanswered ? { unanswered: bot.unanswered } : {}),
  };
  const routes: Route[] = [];
  const idles: Array<() => Promise<void>> = [];
  const stops: Array<() => Promise<void>> = [];

  if (enabled.line) {
    const { createLineRoute } = await import('../adapters/line/index.js');
    const line = createLineRoute(deps);
    routes.push(line);
    idles.push(() => line.idle());
  }

  if (enabled.slack !== 'off') {
    const slack = await import('../adapters/slack/index.js');
    if (enabled.slack === 'http') {
      const http = await slack.createSlackHttp(deps);
      routes.push(http.route);
      idles.push(() => http.settled());
      stops.push(() => http.stop());
    } else {
      const socket = await slack.startSlackSocketMode(deps);
      stops.push(() => socket.stop());
    }
  }

  return {
    routes,
    channels: { web: true, line: enabled.line, slack: enabled.slack },
    async idle() {
      await Promise.allSettled(idles.map((idle) => idle()));
    },
    async stop() {
      bot.handoff?.stop();
      await Promise.allSettled(stops.map((stop) => stop()));
    },
  };
}
