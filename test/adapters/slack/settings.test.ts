import { describe, expect, it } from 'vitest';
import { readSlackSettings } from '../../../src/adapters/slack/settings.js';
import { loadEnv } from '../../../src/config/env.js';
import { ConfigError } from '../../../src/errors.js';

const env = (extra: Record<string, string>) => loadEnv({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', ...extra });

describe('readSlackSettings', () => {
  it('reads channel ids, the threshold and the staff group', () => {
    const s = readSlackSettings(env({ SLACK_AUTO_ANSWER_CHANNELS: 'C0FAQ1, G0PRIV2', SLACK_AUTO_ANSWER_THRESHOLD: '0.8', SLACK_STAFF_GROUP: 'S0STAFF' }));
    expect([...s.autoAnswerChannels]).toEqual(['C0FAQ1', 'G0PRIV2']);
    expect(s.autoAnswerThreshold).toBe(0.8);
    expect(s.staffGroup).toBe('S0STAFF');
  });

  it('accepts a staff group pasted in Slack’s <!subteam^ID|@name> form', () => {
    expect(readSlackSettings(env({ SLACK_STAFF_GROUP: '<!subteam^S0STAFF|@madoguchi>' })).staffGroup).toBe('S0STAFF');
  });

  it('defaults to no auto-answer channel and no staff group', () => {
    const s = readSlackSettings(env({}));
    expect(s.autoAnswerChannels.size).toBe(0);
    expect(s.staffGroup).toBeUndefined();
    expect(s.autoAnswerThreshold).toBe(0.75);
  });

  it('rejects channel names and group handles with a message saying what to use', () => {
    expect(() => readSlackSettings(env({ SLACK_AUTO_ANSWER_CHANNELS: 'C0FAQ1,#faq' }))).toThrow(ConfigError);
    expect(() => readSlackSettings(env({ SLACK_AUTO_ANSWER_CHANNELS: 'general' }))).toThrow(/"general" is not a channel id.*C0123ABCD/);
    expect(() => readSlackSettings(env({ SLACK_STAFF_GROUP: '@madoguchi' }))).toThrow(/SLACK_STAFF_GROUP.*S0123ABCD/);
  });
});
