import type { Env } from '../../config/env.js';
import { ConfigError } from '../../errors.js';

/** The Slack behaviour settings, checked once at start-up. */
export interface SlackSettings {
  /** Channel ids (C… / G…) whose new top-level questions the bot answers without a mention. */
  autoAnswerChannels: ReadonlySet<string>;
  /** Minimum reply confidence for an unprompted answer in an auto-answer channel. */
  autoAnswerThreshold: number;
  /** User-group id (S…) mentioned when the bot cannot answer an auto-answer question itself. */
  staffGroup?: string;
}

const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;
const SUBTEAM_ID = /^S[A-Z0-9]{2,}$/;

/**
 * Reads the Slack settings from the validated environment. Throws a {@link ConfigError} when a
 * setting has a shape Slack never sends (e.g. a channel name instead of its id), because such a
 * setting would silently never match.
 */
export function readSlackSettings(env: Env): SlackSettings {
  const badChannels = env.SLACK_AUTO_ANSWER_CHANNELS.filter((c) => !CHANNEL_ID.test(c));
  if (badChannels.length > 0) {
    throw new ConfigError(
      `SLACK_AUTO_ANSWER_CHANNELS: ${badChannels.map((c) => JSON.stringify(c)).join(', ')} is not a channel id. ` +
        'Use ids such as C0123ABCD (Slack: channel details → About → Channel ID), separated by commas.',
    );
  }
  let staffGroup: string | undefined;
  if (env.SLACK_STAFF_GROUP) {
    // Accept the id alone or pasted in Slack's own <!subteam^ID|@name> form.
    const id = /^<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(env.SLACK_STAFF_GROUP)?.[1] ?? env.SLACK_STAFF_GROUP;
    if (!SUBTEAM_ID.test(id)) {
      throw new ConfigError(
        `SLACK_STAFF_GROUP: ${JSON.stringify(env.SLACK_STAFF_GROUP)} is not a user-group id. ` +
          'Use the id such as S0123ABCD (Slack: People → User groups → the group → ⋮ → Copy group ID).',
      );
    }
    staffGroup = id;
  }
  return {
    autoAnswerChannels: new Set(env.SLACK_AUTO_ANSWER_CHANNELS),
    autoAnswerThreshold: env.SLACK_AUTO_ANSWER_THRESHOLD,
    ...(staffGroup ? { staffGroup } : {}),
  };
}
