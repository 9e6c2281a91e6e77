import { z } from 'zod';
import { safeParseOnce } from './parse-once.js';
import { ConfigError } from '../errors.js';
import { parseOfficeHours } from '../handoff/hours.js';
import { lazySchema } from '../intents/lazy-schema.js';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = lazySchema(() => z.preprocess(emptyToUndefined, z.string().optional()));
const optionalUrl = (what: string) =>
  z.preprocess(emptyToUndefined, z.url({ message: `${what} (an http(s) URL)` }).optional());
const bool = (def: boolean) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? String(def) : typeof v === 'boolean' ? String(v) : v),
    z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'true or false' }).transform((v) => v === 'true' || v === '1' || v === 'yes'),
  );
const int = (def: number, min: number, max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? def : v),
    z.coerce.number({ message: `a whole number from ${min} to ${max}` })
      .int({ message: `a whole number from ${min} to ${max}` })
      .min(min, { message: `a whole number from ${min} to ${max}` })
      .max(max, { message: `a whole number from ${min} to ${max}` }),
  );
const list = lazySchema(() =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v ?? []),
    z.array(z.string()),
  ),
);

/**
 * Every environment variable mynapin reads. `.env.example` documents each one; keep them in step.
 * Platform blocks are all-or-nothing: a half-configured platform stops start-up. Built on first use:
 * a one-shot command in an environment the build validated does not need it (src/cli/settings.ts).
 */
export const envSchema = lazySchema(() => z
  .object({
    // --- server / process
    PORT: int(3000, 0, 65535),
    HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        message: 'one of fatal, error, warn, info, debug, trace, silent',
      }).default('info'),
    ),
    PUBLIC_BASE_URL: optionalUrl('the public https address of this server, used to print webhook URLs'),
    BODY_LIMIT_BYTES: int(1_048_576, 1024, 10_485_760),
    REQUEST_TIMEOUT_MS: int(10_000, 1000, 120_000),
    SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 300_000),
    CHAT_RATE_LIMIT_PER_MINUTE: int(60, 1, 100_000),
    TRUST_PROXY: bool(false),
    WEB_FRAME_ANCESTORS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[^;,\r\n]+$/, { message: "CSP frame-ancestors sources separated by spaces, e.g. 'self' https://www.city.example.lg.jp" })
        .optional(),
    ),

    METRICS_TOKEN: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9._~+/=-]{24,256}$/, {
          message: 'a random bearer token of 24 or more letters and digits (e.g. `openssl rand -hex 24`) for GET /metrics, or empty to serve no metrics',
        })
        .optional(),
    ),

    // --- conversations
    SESSION_TTL_SECONDS: int(1800, 10, 86_400),
    SESSION_MAX_CONVERSATIONS: int(10_000, 10, 10_000_000),

    // --- shared state for several instances (unset REDIS_URL = in this process's memory)
    REDIS_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .refine((v) => /^rediss?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), {
          message: 'a redis:// or rediss:// URL such as redis://127.0.0.1:6379/0 (rediss:// for TLS), or empty for in-memory state',
        })
        .optional(),
    ),
    REDIS_KEY_PREFIX: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'letters, digits and _ . : - (at most 64), e.g. mynapin: or city-a:' })
        .default('mynapin:'),
    ),
    REDIS_COMMAND_TIMEOUT_MS: int(1000, 50, 30_000),

    // --- the municipality the bot speaks for (all optional; unset = 「お住まいの市区町村」)
    MUNICIPALITY_CONFIG: optionalString,
    MUNICIPALITY_NAME: optionalString,
    MUNICIPALITY_OFFICE: optionalString,
    MUNICIPALITY_ADDRESS: optionalString,
    MUNICIPALITY_HOURS: optionalString,
    MUNICIPALITY_PHONE: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^[0-9０-９()（）+\- ]{6,20}$/, { message: 'a phone number such as 03-1234-5678' }).optional(),
    ),
    MUNICIPALITY_URL: optionalUrl('the municipality page about the My Number Card'),
    // English values used in English answers (unset: the Japanese value); ja-easy uses the Japanese ones
    MUNICIPALITY_NAME_EN: optionalString,
    MUNICIPALITY_OFFICE_EN: optionalString,
    MUNICIPALITY_ADDRESS_EN: optionalString,
    MUNICIPALITY_HOURS_EN: optionalString,

    // --- LINE Messaging API
    LINE_CHANNEL_SECRET: optionalString,
    LINE_CHANNEL_ACCESS_TOKEN: optionalString,
    LINE_API_BASE_URL: z.preprocess(emptyToUndefined, z.url({ message: 'an http(s) URL' }).default('https://api.line.me')),
    LINE_DATA_API_BASE_URL: z.preprocess(
      emptyToUndefined,
      z.url({ message: 'an http(s) URL' }).default('https://api-data.line.me'),
    ),
    LINE_ALLOW_PUSH: bool(false),

    // --- Slack
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_BOT_TOKEN: z.preprocess(
      emptyToUndefined,
      z.string().startsWith('xoxb-', { message: 'a bot token starting with xoxb-' }).optional(),
    ),
    SLACK_APP_TOKEN: z.preprocess(
      emptyToUndefined,
      z.string().startsWith('xapp-', { message: 'an app-level token starting with xapp-' }).optional(),
    ),
    SLACK_API_URL: optionalUrl('the Slack Web API base, e.g. https://slack.com/api/'),
    SLACK_AUTO_ANSWER_CHANNELS: list,
    SLACK_AUTO_ANSWER_THRESHOLD: z.preprocess(
      (v) => (v === undefined || v === '' ? 0.75 : v),
      z.coerce.number({ message: 'a number from 0 to 1' }).min(0, { message: 'a number from 0 to 1' }).max(1, {
        message: 'a number from 0 to 1',
      }),
    ),
    SLACK_STAFF_GROUP: optionalString,
    FEEDBACK_FILE: optionalString,

    // --- unanswered-question log and reviewed phrases (see README "Unanswered questions and review")
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('data')),
    UNANSWERED_LOG: z.preprocess(
      (v) => (v === undefined || v === '' ? 'on' : v),
      z.enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'], { message: 'on or off' }).transform((v) => ['on', 'true', '1', 'yes'].includes(v)),
    ),
    UNANSWERED_RETENTION_DAYS: int(90, 1, 3650),
    REVIEWED_PHRASES_FILE: optionalString,

    // --- staff hand-off (LINE / web → a Slack thread; see README "Staff hand-off")
    SLACK_HANDOFF_CHANNEL: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^[CG][A-Z0-9]{2,}$/, { message: 'a Slack channel id such as C0123ABCD (channel details → About → Channel ID), not its name' }).optional(),
    ),
    HANDOFF_TTL_MINUTES: int(30, 1, 1440),
    HANDOFF_OFFER_BELOW: z.preprocess(
      (v) => (v === undefined || v === '' ? 0.4 : v),
      z.coerce.number({ message: 'a number from 0 to 1' }).min(0, { message: 'a number from 0 to 1' }).max(1, { message: 'a number from 0 to 1' }),
    ),
    HANDOFF_HOURS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .transform((text, ctx) => {
          try {
            return parseOfficeHours(text);
          } catch (err) {
            ctx.addIssue({ code: 'custom', message: (err as Error).message });
            return z.NEVER;
          }
        })
        .optional(),
    ),
  })
  .superRefine((env, ctx) => {
    const line = [env.LINE_CHANNEL_SECRET, env.LINE_CHANNEL_ACCESS_TOKEN];
    if (line.some(Boolean) && !line.every(Boolean)) {
      const missing = env.LINE_CHANNEL_SECRET ? 'LINE_CHANNEL_ACCESS_TOKEN' : 'LINE_CHANNEL_SECRET';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'must be set too: LINE needs both LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN (or neither)',
      });
    }
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'must be set with SLACK_BOT_TOKEN for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    }
    if (env.SLACK_HANDOFF_CHANNEL && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_HANDOFF_CHANNEL'],
        message: 'needs Slack: set SLACK_BOT_TOKEN (and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN), or leave SLACK_HANDOFF_CHANNEL empty',
      });
    }
    if (env.SLACK_HANDOFF_CHANNEL && env.SLACK_AUTO_ANSWER_CHANNELS.includes(env.SLACK_HANDOFF_CHANNEL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_HANDOFF_CHANNEL'],
        message: 'must not also be in SLACK_AUTO_ANSWER_CHANNELS: staff talk to residents there, the bot must not answer them',
      });
    }
    if ((env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'must be set (xoxb-…) to enable Slack' });
    }
  }));

export type Env = z.infer<typeof envSchema>;

/**
 * Validates the environment. Throws a {@link ConfigError} whose message names every bad variable
 * and what it should be.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = safeParseOnce(envSchema, source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    return `  ${name}: ${issue.message}`;
  });
  throw new ConfigError(
    `Invalid configuration. Fix these settings in the environment or .env (see .env.example):\n${lines.join('\n')}`,
  );
}

/** Which platforms the environment turns on. */
export function enabledChannels(env: Env): { line: boolean; slack: 'off' | 'http' | 'socket' } {
  const line = Boolean(env.LINE_CHANNEL_SECRET && env.LINE_CHANNEL_ACCESS_TOKEN);
  const slack = !env.SLACK_BOT_TOKEN ? 'off' : env.SLACK_APP_TOKEN ? 'socket' : 'http';
  return { line, slack };
}
