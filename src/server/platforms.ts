import type { Bot } from '../bot.js';
import { enabledChannels, type Env } from '../config/env.js';
import { ConfigError } from '../errors.js';
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
type AdapterDeps = Pick<Bot, 'engine' | 'knowledge' | 'env' | 'logger'>;

/** The shape src/adapters/slack/index.ts exports (issue 5); checked at run time, see below. */
interface SlackModule {
  createSlackHttp(deps: AdapterDeps): Promise<{ route: Route; stop(): Promise<void> }>;
  startSlackSocketMode(deps: AdapterDeps): Promise<{ stop(): Promise<void> }>;
}

// A variable specifier keeps the type-checker from requiring the Slack module while it is being
// written, and keeps any process without Slack configured from ever loading @slack/bolt.
// TODO(lead): once src/adapters/slack/index.ts exists with these exports, replace with
// `await import('../adapters/slack/index.js')` for compile-time checking.
const SLACK_MODULE = '../adapters/slack/index.js';

async function loadSlack(): Promise<SlackModule> {
  let loaded: Partial<SlackModule>;
  try {
    loaded = (await import(SLACK_MODULE)) as Partial<SlackModule>;
  } catch (err) {
    throw new ConfigError(
      'Slack is configured (SLACK_BOT_TOKEN is set) but the Slack adapter could not be loaded. ' +
        'Unset the SLACK_* variables to run without Slack, or rebuild (npm run build).',
      { cause: err },
    );
  }
  if (typeof loaded.createSlackHttp !== 'function' || typeof loaded.startSlackSocketMode !== 'function') {
    throw new ConfigError(
      'Slack is configured but src/adapters/slack/index.ts does not export createSlackHttp and startSlackSocketMode. ' +
        'Unset the SLACK_* variables to run without Slack until the adapter is complete.',
    );
  }
  return loaded as SlackModule;
}

/**
 * Loads and starts the platform adapters the environment turns on (`enabledChannels`). Each SDK is
 * imported dynamically, so a web-only process never loads @line/bot-sdk or @slack/bolt.
 */
export async function mountPlatforms(bot: Bot, env: Env = bot.env): Promise<MountedPlatforms> {
  const enabled = enabledChannels(env);
  const deps: AdapterDeps = { engine: bot.engine, knowledge: bot.knowledge, env, logger: bot.logger };
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
    const slack = await loadSlack();
    if (enabled.slack === 'http') {
      const http = await slack.createSlackHttp(deps);
      routes.push(http.route);
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
      await Promise.allSettled(stops.map((stop) => stop()));
    },
  };
}
