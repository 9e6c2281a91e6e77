import { Writable } from 'node:stream';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackSocketMode, type SlackSocket } from '../../../src/adapters/slack/index.js';
import { createBot } from '../../../src/bot.js';
import { loadEnv } from '../../../src/config/env.js';
import { createLogger } from '../../../src/logging/logger.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../helpers/fake-slack-api.js';
import { TEAM, nextTs, recording, type RecordingEngine } from './harness.js';

describe('Slack adapter in Socket Mode (fake Slack WebSocket on 127.0.0.1)', () => {
  let fake: FakeSlackApi;
  let socket: SlackSocket;
  let engine: RecordingEngine;
  const logs: string[] = [];

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    const env = loadEnv({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: 'xapp-test-token', SLACK_API_URL: fake.apiUrl });
    const logger = createLogger({ level: 'debug', stream: new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }) });
    const bot = await createBot(env, { logger });
    engine = recording(bot.engine);
    socket = await startSlackSocketMode({ engine, knowledge: bot.knowledge, env, logger, retryConfig: webApi.retryPolicies.rapidRetryPolicy });
  });
  afterAll(async () => {
    await socket?.stop();
    await fake?.close();
  });

  it('opens the connection with the app-level token', () => {
    const open = fake.callsOf('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]?.token).toBe('xapp-test-token');
    expect(fake.socketCount).toBe(1);
  });

  const dm = (eventId: string, ts = nextTs()) => ({
    team_id: TEAM,
    api_app_id: 'A0MYNAPIN',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM, user_id: 'UBOT', is_bot: true }],
    event: { type: 'message', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', text: '暗証番号を忘れました', ts, event_ts: ts },
  });

  it('acknowledges the envelope and answers a DM with the bot token', async () => {
    const envelope = fake.sendEnvelope('events_api', dm('Ev0SOCK001'));
    await fake.waitFor((c) => c.method === 'socket_ack' && c.body.envelope_id === envelope);
    const call = await fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(call.token).toBe('xoxb-test-token');
    expect(call.body.channel).toBe('D0DM0001');
    expect(engine.turns.at(-1)).toEqual({ conversationKey: `slack:${TEAM}:D0DM0001:UALICE:im`, text: '暗証番号を忘れました' });
  });

  it('answers a redelivered envelope once', async () => {
    const before = fake.callsOf('chat.postMessage').length;
    const body = dm('Ev0SOCK002');
    const first = fake.sendEnvelope('events_api', body);
    await fake.waitFor((c) => c.method === 'chat.postMessage' && fake.callsOf('chat.postMessage').length > before);
    const again = fake.sendEnvelope('events_api', body, 1);
    await fake.waitFor((c) => c.method === 'socket_ack' && c.body.envelope_id === again);
    expect(first).not.toBe(again);
    // The redelivery is acknowledged but not answered: after a new event's answer, two answers in all.
    const third = fake.sendEnvelope('events_api', dm('Ev0SOCK003'));
    await fake.waitFor((c) => c.method === 'socket_ack' && c.body.envelope_id === third);
    await fake.waitFor(() => fake.callsOf('chat.postMessage').length >= before + 2);
    expect(fake.callsOf('chat.postMessage').length).toBe(before + 2);
    expect(engine.turns.filter((t) => t.text === '暗証番号を忘れました').length).toBe(3); // first test + Ev2 + Ev3
  });

  it('answers /mynapin ephemerally through the response_url', async () => {
    const envelope = fake.sendEnvelope('slash_commands', {
      team_id: TEAM, channel_id: 'CGENERAL1', user_id: 'UDAVE', command: '/mynapin', text: 'help',
      response_url: fake.responseUrl('sock-cmd'), trigger_id: '1.2.3', api_app_id: 'A0MYNAPIN',
    });
    await fake.waitFor((c) => c.method === 'socket_ack' && c.body.envelope_id === envelope);
    const call = await fake.waitFor((c) => c.method === 'response_url' && c.responseId === 'sock-cmd');
    expect(call.body.response_type).toBe('ephemeral');
  });

  it('closes the WebSocket on stop()', async () => {
    await socket.stop();
    await new Promise<void>((resolve) => {
      const poll = () => (fake.socketCount === 0 ? resolve() : setTimeout(poll, 20));
      poll();
    });
    expect(fake.socketCount).toBe(0);
  });
});
