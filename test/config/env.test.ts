import { describe, expect, it } from 'vitest';
import { enabledChannels, loadEnv } from '../../src/config/env.js';
import { ConfigError } from '../../src/errors.js';

describe('loadEnv', () => {
  it('starts with nothing set: web chat on 127.0.0.1:3000, no platforms', () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.HOST).toBe('127.0.0.1');
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.SLACK_AUTO_ANSWER_CHANNELS).toEqual([]);
    expect(env.LINE_ALLOW_PUSH).toBe(false);
    expect(enabledChannels(env)).toEqual({ line: false, slack: 'off' });
  });

  it('treats empty values (as .env.example leaves them) as unset', () => {
    const env = loadEnv({ PORT: '', LINE_CHANNEL_SECRET: '', SLACK_BOT_TOKEN: '', MUNICIPALITY_URL: '' });
    expect(env.PORT).toBe(3000);
    expect(enabledChannels(env)).toEqual({ line: false, slack: 'off' });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT: a whole number from 0 to 65535/],
    [{ PORT: '70000' }, /PORT: a whole number from 0 to 65535/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL: one of fatal, error, warn, info, debug, trace, silent/],
    [{ LINE_CHANNEL_SECRET: 's' }, /LINE_CHANNEL_ACCESS_TOKEN: must be set too/],
    [{ LINE_CHANNEL_ACCESS_TOKEN: 't' }, /LINE_CHANNEL_SECRET: must be set too/],
    [{ SLACK_BOT_TOKEN: 'xoxp-user' }, /SLACK_BOT_TOKEN: a bot token starting with xoxb-/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET: must be set with SLACK_BOT_TOKEN/],
    [{ SLACK_SIGNING_SECRET: 'x' }, /SLACK_BOT_TOKEN: must be set/],
    [{ SLACK_AUTO_ANSWER_THRESHOLD: '1.5' }, /SLACK_AUTO_ANSWER_THRESHOLD: a number from 0 to 1/],
    [{ LINE_ALLOW_PUSH: 'maybe' }, /LINE_ALLOW_PUSH: true or false/],
    [{ MUNICIPALITY_PHONE: 'call us' }, /MUNICIPALITY_PHONE: a phone number such as 03-1234-5678/],
    [{ WEB_FRAME_ANCESTORS: "'self'; script-src *" }, /WEB_FRAME_ANCESTORS: CSP frame-ancestors sources/],
  ])('%j stops start-up naming the variable', (source, message) => {
    expect(() => loadEnv(source)).toThrow(ConfigError);
    expect(() => loadEnv(source)).toThrow(message);
  });

  it('names every bad variable at once', () => {
    expect(() => loadEnv({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT:[\s\S]*LOG_LEVEL:/);
  });

  it('takes a redis:// or rediss:// REDIS_URL (unset: in-memory state) and a key prefix', () => {
    expect(loadEnv({}).REDIS_URL).toBeUndefined();
    expect(loadEnv({}).REDIS_KEY_PREFIX).toBe('mynapin:');
    expect(loadEnv({ REDIS_URL: 'redis://127.0.0.1:6379/0' }).REDIS_URL).toBe('redis://127.0.0.1:6379/0');
    expect(loadEnv({ REDIS_URL: 'rediss://:secret@cache.example.jp:6380' }).REDIS_URL).toBe('rediss://:secret@cache.example.jp:6380');
    for (const bad of ['127.0.0.1:6379', 'http://127.0.0.1:6379', 'redis://', 'redis://host name']) {
      expect(() => loadEnv({ REDIS_URL: bad }), bad).toThrow(/REDIS_URL: a redis:\/\/ or rediss:\/\/ URL/);
    }
    expect(() => loadEnv({ REDIS_KEY_PREFIX: 'has space' })).toThrow(/REDIS_KEY_PREFIX: letters, digits/);
    expect(() => loadEnv({ REDIS_COMMAND_TIMEOUT_MS: '5' })).toThrow(/REDIS_COMMAND_TIMEOUT_MS: a whole number from 50/);
  });

  it('turns platforms on from complete settings', () => {
    expect(enabledChannels(loadEnv({ LINE_CHANNEL_SECRET: 's', LINE_CHANNEL_ACCESS_TOKEN: 't' })).line).toBe(true);
    expect(enabledChannels(loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).slack).toBe('http');
    expect(enabledChannels(loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).slack).toBe('socket');
    expect(loadEnv({ SLACK_AUTO_ANSWER_CHANNELS: 'C1, C2,,' }).SLACK_AUTO_ANSWER_CHANNELS).toEqual(['C1', 'C2']);
  });
});

describe('.env.example', () => {
  it('documents every variable of the schema, and nothing else', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { REPO_ROOT } = await import('../helpers/paths.js');
    const { envSchema } = await import('../../src/config/env.js');
    const documented = [...readFileSync(join(REPO_ROOT, '.env.example'), 'utf8').matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    const shape = (envSchema as unknown as { _def: { in?: { shape: object } }; shape?: object });
    const keys = Object.keys(shape.shape ?? shape._def.in?.shape ?? {});
    expect(keys.length).toBeGreaterThan(20);
    expect([...documented].sort()).toEqual([...keys].sort());
    // and the example, as written, is a valid configuration (what a city gets by copying it)
    const dotenv = (await import('dotenv')).default;
    const example = dotenv.parse(readFileSync(join(REPO_ROOT, '.env.example'), 'utf8'));
    expect(loadEnv(example).PORT).toBe(3000);
  });
});
