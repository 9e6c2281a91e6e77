import { afterEach, describe, expect, it } from 'vitest';
import { createBot } from '../../../src/bot.js';
import { loadEnv } from '../../../src/config/env.js';
import { createLogger } from '../../../src/logging/logger.js';
import { createMynapinServer, type MynapinServer } from '../../../src/server/app.js';
import { startFakeLineApi, type FakeLineApi } from '../../helpers/fake-line-api.js';
import { ACCESS_TOKEN, CHANNEL_SECRET, replies, sign, textEvent } from './harness.js';

/** The LINE route as the project's real server mounts it (src/server/app.ts → platforms.ts). */
describe('LINE webhook on the mynapin server', () => {
  let api: FakeLineApi;
  let server: MynapinServer | undefined;
  afterEach(async () => {
    await server?.close(2_000);
    await api.close();
  });

  it('is mounted when LINE is configured, refuses unsigned deliveries and answers signed ones', async () => {
    api = await startFakeLineApi({ channelAccessToken: ACCESS_TOKEN });
    const env = loadEnv({
      LOG_LEVEL: 'silent',
      LINE_CHANNEL_SECRET: CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
      LINE_API_BASE_URL: api.url,
      LINE_DATA_API_BASE_URL: api.url,
    });
    const bot = await createBot(env, { logger: createLogger({ level: 'silent' }) });
    server = await createMynapinServer(bot, env);
    const base = await server.http.listen(0, '127.0.0.1');
    const url = new URL('/webhook/line', base);

    const event = textEvent('暗証番号を忘れました');
    const body = JSON.stringify({ destination: 'U', events: [event] });
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);

    const signed = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': sign(body) },
      body,
    });
    expect(signed.status).toBe(200);
    await server.close(5_000); // graceful close waits for the answers still being sent
    server = undefined;
    expect(replies(api).map((r) => r.replyToken)).toEqual([event.replyToken]);
  });
});
