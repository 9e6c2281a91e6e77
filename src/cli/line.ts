import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import type { Env } from '../config/env.js';
import { MynapinError } from '../errors.js';
import { RichMenuError } from '../adapters/line/errors.js';
import { checkRichMenuImage, DEFAULT_RICH_MENU_FILE, loadRichMenu, richMenuProblems } from '../adapters/line/rich-menu.js';
import { LINE_WEBHOOK_PATH } from '../adapters/line/webhook.js';

const USAGE = `usage:
  mynapin line check
      Verifies LINE_CHANNEL_ACCESS_TOKEN and prints the bot's name and the webhook URL to register.
  mynapin line rich-menu --image FILE [--menu FILE] [--no-default]
      Creates the rich menu from line/rich-menu.json (or --menu), uploads FILE (PNG or JPEG,
      2500×1686, at most 1 MB) as its image and makes it the default menu of every user.
`;

/** A problem the user must fix; printed without a stack trace. */
class LineCommandError extends MynapinError {}

function accessToken(env: Env): string {
  if (!env.LINE_CHANNEL_ACCESS_TOKEN) {
    throw new LineCommandError(
      'LINE_CHANNEL_ACCESS_TOKEN is not set. Issue a long-lived channel access token in the LINE Developers console ' +
        '(your Messaging API channel → Messaging API tab) and put it, with LINE_CHANNEL_SECRET, in the environment or .env.',
    );
  }
  return env.LINE_CHANNEL_ACCESS_TOKEN;
}

/** Turns a Messaging API failure into a sentence that says what to do. */
function explainApiError(error: unknown, what: string, baseURL: string): string {
  if (error instanceof HTTPFetchError) {
    let message = '';
    let details: string[] = [];
    try {
      const body = JSON.parse(error.body) as { message?: string; details?: { message?: string; property?: string }[] };
      message = body.message ?? '';
      details = (body.details ?? []).map((d) => `  - ${d.property ? `${d.property}: ` : ''}${d.message ?? ''}`);
    } catch {
      message = error.body.slice(0, 200);
    }
    if (error.status === 401) {
      return `${what}: LINE rejected LINE_CHANNEL_ACCESS_TOKEN (401). Reissue the channel access token in the LINE Developers console (Messaging API tab) and set it again.`;
    }
    if (error.status === 403) {
      return `${what}: LINE refused (403 ${message}). The channel may not have access to this feature.`;
    }
    return [`${what}: LINE answered ${error.status}${message ? ` — ${message}` : ''}`, ...details].join('\n');
  }
  return `${what}: could not reach the LINE API at ${baseURL} (${error instanceof Error ? error.message : String(error)}). Check the network and LINE_API_BASE_URL / LINE_DATA_API_BASE_URL.`;
}

/** The webhook URL to register, or undefined when PUBLIC_BASE_URL is unset. */
export function lineWebhookUrl(env: Env): string | undefined {
  if (!env.PUBLIC_BASE_URL) return undefined;
  return env.PUBLIC_BASE_URL.replace(/\/+$/, '') + LINE_WEBHOOK_PATH;
}

async function check(env: Env, out: NodeJS.WritableStream): Promise<number> {
  const client = new messagingApi.MessagingApiClient({ channelAccessToken: accessToken(env), baseURL: env.LINE_API_BASE_URL });
  let bot: messagingApi.BotInfoResponse;
  try {
    bot = await client.getBotInfo();
  } catch (error) {
    throw new LineCommandError(explainApiError(error, 'checking the channel access token', env.LINE_API_BASE_URL));
  }
  out.write(`LINE channel access token: OK\nbot: ${bot.displayName} (${bot.basicId})\n`);
  if (bot.chatMode === 'chat') {
    out.write('note: the account is in chat mode; switch the response mode to "Bot" in LINE Official Account Manager so the bot answers.\n');
  }

  const url = lineWebhookUrl(env);
  if (!url) {
    out.write(
      'webhook URL: unknown — PUBLIC_BASE_URL is not set. Set it to the public https address of this server ' +
        `(e.g. PUBLIC_BASE_URL=https://chatbot.example.lg.jp) and register <PUBLIC_BASE_URL>${LINE_WEBHOOK_PATH} ` +
        'as the webhook URL in the LINE Developers console (Messaging API tab), with "Use webhook" on.\n',
    );
    return 0;
  }
  out.write(`webhook URL to register: ${url}\n`);
  try {
    const current = await client.getWebhookEndpoint();
    if (current.endpoint === url && current.active) out.write('registered webhook: matches and is active\n');
    else
      out.write(
        `registered webhook: ${current.endpoint || '(none)'}${current.active ? '' : ' (not in use)'} — set it to ${url} ` +
          'and turn "Use webhook" on in the LINE Developers console (Messaging API tab).\n',
      );
  } catch (error) {
    out.write(`registered webhook: could not read it (${explainApiError(error, 'reading the webhook endpoint', env.LINE_API_BASE_URL)})\n`);
  }
  if (!url.startsWith('https://')) out.write('warning: LINE only delivers webhooks to https:// URLs.\n');
  return 0;
}

async function richMenu(env: Env, args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { image: { type: 'string' }, menu: { type: 'string' }, 'no-default': { type: 'boolean' } },
    strict: true,
  });
  if (!values.image) throw new LineCommandError(`--image FILE is required (a PNG or JPEG of the menu, 2500×1686, ≤ 1 MB)\n\n${USAGE}`);
  const token = accessToken(env);

  const menuFile = values.menu ?? DEFAULT_RICH_MENU_FILE;
  const menu = await loadRichMenu(menuFile);
  const problems = richMenuProblems(menu);
  if (problems.length > 0) {
    throw new RichMenuError(`the rich-menu definition ${String(menuFile)} breaks LINE's rules:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(values.image);
  } catch (error) {
    throw new RichMenuError(`cannot read the image ${values.image}: ${(error as Error).message}`);
  }
  const image = checkRichMenuImage(bytes, menu, values.image);

  const client = new messagingApi.MessagingApiClient({ channelAccessToken: token, baseURL: env.LINE_API_BASE_URL });
  const blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: token, baseURL: env.LINE_DATA_API_BASE_URL });
  try {
    await client.validateRichMenuObject(menu);
  } catch (error) {
    throw new LineCommandError(explainApiError(error, 'LINE did not accept the rich-menu definition', env.LINE_API_BASE_URL));
  }
  let richMenuId: string;
  try {
    richMenuId = (await client.createRichMenu(menu)).richMenuId;
  } catch (error) {
    throw new LineCommandError(explainApiError(error, 'creating the rich menu', env.LINE_API_BASE_URL));
  }
  try {
    await blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array(image.bytes)], { type: image.contentType }));
  } catch (error) {
    // A menu without an image cannot be shown; remove it so the channel is left as it was.
    await client.deleteRichMenu(richMenuId).catch(() => undefined);
    throw new LineCommandError(explainApiError(error, 'uploading the rich-menu image', env.LINE_DATA_API_BASE_URL));
  }
  if (!values['no-default']) {
    try {
      await client.setDefaultRichMenu(richMenuId);
    } catch (error) {
      throw new LineCommandError(
        explainApiError(error, `rich menu ${richMenuId} was created but could not be made the default`, env.LINE_API_BASE_URL),
      );
    }
  }
  out.write(
    `rich menu created${values['no-default'] ? '' : ' and set as the default'}: ${richMenuId}\n` +
      `(${menu.areas?.length ?? 0} areas, image ${image.width}×${image.height} ${image.contentType}, ${image.bytes.length} bytes)\n`,
  );
  return 0;
}

/**
 * `mynapin line …`: `check` and `rich-menu --image FILE`. Returns the exit code: 0 done, 1 failed
 * (the reason is written to `err`), 2 wrong usage. Never throws.
 */
export async function runLineCommand(
  args: string[],
  env: Env,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'check':
        return await check(env, out);
      case 'rich-menu':
        return await richMenu(env, rest, out);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        err.write(`unknown command "line ${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof MynapinError) {
      err.write(`error: ${error.message}\n`);
      return 1;
    }
    // parseArgs reports unknown or malformed options with a TypeError carrying a readable message.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      err.write(`error: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    err.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
