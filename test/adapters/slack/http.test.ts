import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FEEDBACK_HELPFUL_ACTION, FEEDBACK_UNHELPFUL_ACTION } from '../../../src/adapters/slack/blocks.js';
import {
  BOT_USER,
  FAQ_CHANNEL,
  SIGNING_SECRET,
  STAFF_GROUP,
  TEAM,
  buttonClick,
  nextTs,
  scripted,
  startHarness,
  type Harness,
} from './harness.js';
import { asNumber } from '../../helpers/secrets.js';

interface Block {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  elements?: Array<{ type: string; action_id: string; value: string; text: { text: string } }>;
}

const blocksOf = (call: { body: Record<string, unknown> }) => call.body.blocks as Block[];
const actionIds = (call: { body: Record<string, unknown> }) =>
  blocksOf(call).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).map((e) => e.action_id) : []));

describe('Slack adapter over HTTP (real engine from createBot)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(async () => {
    await h.slack.settled();
    h.fake.reset();
    h.engine.turns.length = 0;
  });

  it('answers the url_verification challenge', async () => {
    const res = await h.post(JSON.stringify({ type: 'url_verification', token: 't', challenge: 'chal-123' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'chal-123' });
  });

  it('answers a direct message directly, with blocks, suggestion buttons and a text fallback', async () => {
    const ts = nextTs();
    const res = await h.postEvent({ type: 'message', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', text: '暗証番号を忘れました', ts });
    expect(res.status).toBe(200);
    const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(call.token).toBe('xoxb-test-token');
    expect(call.body.channel).toBe('D0DM0001');
    expect(call.body.thread_ts).toBeUndefined();
    expect(typeof call.body.text).toBe('string');
    expect((call.body.text as string).length).toBeGreaterThan(0);
    const blocks = blocksOf(call);
    expect(blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(actionIds(call).some((id) => /^mynapin_suggest_\d+$/.test(id))).toBe(true);
    expect(h.engine.turns).toEqual([{ conversationKey: `slack:${TEAM}:D0DM0001:UALICE:im`, text: '暗証番号を忘れました' }]);
  });

  it('answers an @mention in the thread of the message, with the mention stripped', async () => {
    const ts = nextTs();
    await h.postEvent({ type: 'app_mention', channel: 'CGENERAL1', user: 'UBOB', text: `<@${BOT_USER}> 暗証番号を3回間違えました`, ts });
    const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(call.body.channel).toBe('CGENERAL1');
    expect(call.body.thread_ts).toBe(ts);
    expect(h.engine.turns).toEqual([{ conversationKey: `slack:${TEAM}:CGENERAL1:UBOB:${ts}`, text: '暗証番号を3回間違えました' }]);
  });

  it('continues the thread conversation for a mention inside a thread', async () => {
    const root = nextTs();
    const ts = nextTs();
    await h.postEvent({ type: 'app_mention', channel: 'CGENERAL1', user: 'UBOB', text: `<@${BOT_USER}> 4桁のほうです`, ts, thread_ts: root });
    const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(call.body.thread_ts).toBe(root);
    expect(h.engine.turns[0]?.conversationKey).toBe(`slack:${TEAM}:CGENERAL1:UBOB:${root}`);
  });

  it('answers a mention in an auto-answer channel once (message + app_mention events)', async () => {
    const ts = nextTs();
    const text = `<@${BOT_USER}> 暗証番号を忘れました`;
    await h.postEvent({ type: 'message', channel: FAQ_CHANNEL, channel_type: 'channel', user: 'UBOB', text, ts });
    await h.postEvent({ type: 'app_mention', channel: FAQ_CHANNEL, user: 'UBOB', text, ts });
    await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    await h.slack.settled();
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(h.engine.turns).toHaveLength(1);
  });

  it('ignores thread replies in an auto-answer channel that do not mention the bot', async () => {
    await h.postEvent({ type: 'message', channel: FAQ_CHANNEL, channel_type: 'channel', user: 'UBOB', text: '暗証番号を忘れました', ts: nextTs(), thread_ts: '1600000000.000001' });
    await h.slack.settled();
    expect(h.engine.turns).toHaveLength(0);
    expect(h.fake.calls.filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
  });

  it('ignores messages in channels that are not auto-answer channels', async () => {
    await h.postEvent({ type: 'message', channel: 'CRANDOM01', channel_type: 'channel', user: 'UBOB', text: '暗証番号を忘れました', ts: nextTs() });
    await h.slack.settled();
    expect(h.engine.turns).toHaveLength(0);
    expect(h.fake.calls.filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
  });

  it.each([
    ['its own bot message', { subtype: 'bot_message', bot_id: 'BBOT', text: '回答です', ts: '1700000001.000001' }],
    ['another bot', { bot_id: 'BOTHER', user: 'UOTHERBOT', text: '暗証番号を忘れました', ts: '1700000001.000002' }],
    ['a message from its own user', { user: BOT_USER, text: '暗証番号を忘れました', ts: '1700000001.000003' }],
    ['an edit', { subtype: 'message_changed', message: { user: 'UALICE', text: '暗証番号を忘れた', ts: '1' }, ts: '1700000001.000004' }],
    ['a deletion', { subtype: 'message_deleted', deleted_ts: '1700000000.000001', ts: '1700000001.000005' }],
  ])('never answers %s', async (_what, fields) => {
    await h.postEvent({ type: 'message', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', ...fields });
    await h.slack.settled();
    expect(h.engine.turns).toHaveLength(0);
    expect(h.fake.calls.filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
  });

  it('answers an event once when Slack retries it (x-slack-retry-num)', async () => {
    const event = { type: 'message', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', text: '暗証番号を忘れました', ts: nextTs() };
    const first = await h.postEvent(event, { eventId: 'Ev0RETRY01' });
    expect(first.status).toBe(200);
    await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    for (const n of ['1', '2']) {
      const retry = await h.postEvent(event, { eventId: 'Ev0RETRY01', headers: { 'x-slack-retry-num': n, 'x-slack-retry-reason': 'http_timeout' } });
      expect(retry.status).toBe(200);
    }
    await h.slack.settled();
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(h.engine.turns).toHaveLength(1);
  });

  it('rejects a wrong signature with 401 and posts nothing', async () => {
    const res = await h.postEvent(
      { type: 'message', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', text: '暗証番号を忘れました', ts: nextTs() },
      { secret: 'not-the-signing-secret' },
    );
    expect(res.status).toBe(401);
    await h.slack.settled();
    expect(h.engine.turns).toHaveLength(0);
    expect(h.fake.calls.filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
  });

  it('rejects a request with no signature headers with 401', async () => {
    const res = await h.postEvent({ type: 'message', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', text: 'a', ts: nextTs() }, { signature: null });
    expect(res.status).toBe(401);
  });

  it('rejects a correctly signed but stale request (timestamp 6 minutes old)', async () => {
    const res = await h.postEvent(
      { type: 'message', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', text: '暗証番号を忘れました', ts: nextTs() },
      { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 },
    );
    expect(res.status).toBe(401);
    await h.slack.settled();
    expect(h.engine.turns).toHaveLength(0);
    expect(h.fake.calls.filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
  });

  it('answers 400 to a correctly signed body that is not JSON, and keeps serving', async () => {
    const res = await h.post('{not json');
    expect(res.status).toBe(400);
    const ok = await h.post(JSON.stringify({ type: 'url_verification', challenge: 'still-alive' }));
    expect(await ok.json()).toEqual({ challenge: 'still-alive' });
  });

  it.each([
    ['an event_callback with no event', JSON.stringify({ type: 'event_callback', team_id: TEAM, event_id: 'Ev0EMPTY01' }), 'application/json'],
    ['an unknown button', new URLSearchParams(buttonClick({ actionId: 'someone_elses_button', value: 'x', channel: 'CGENERAL1', responseUrl: 'http://127.0.0.1:9/' })).toString(), 'application/x-www-form-urlencoded'],
    ['a click with no channel or team', new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', team: null, user: { id: 'UALICE', username: 'a' }, container: {}, actions: [{ type: 'button', action_id: 'mynapin_suggest_0', value: 'ヘルプ', block_id: 'b', action_ts: '1' }], response_url: 'http://127.0.0.1:9/', trigger_id: 't', api_app_id: 'A', token: 't' }) }).toString(), 'application/x-www-form-urlencoded'],
    ['a JSON array', '[1,2,3]', 'application/json'],
  ])('answers %s without crashing or posting', async (_what, body, contentType) => {
    const res = await h.post(body, { contentType });
    expect([200, 400]).toContain(res.status);
    await h.slack.settled();
    expect(h.engine.turns).toHaveLength(0);
    expect(h.fake.calls.filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
    const alive = await h.post(JSON.stringify({ type: 'url_verification', challenge: 'ok' }));
    expect(alive.status).toBe(200);
  });

  it('answers a suggestion click in the same thread, as if its text had been typed', async () => {
    const root = nextTs();
    const res = await h.postForm(
      buttonClick({ actionId: 'mynapin_suggest_1', value: '代理人でもできますか', channel: 'CGENERAL1', messageTs: nextTs(), threadTs: root, responseUrl: h.fake.responseUrl('click1') }),
    );
    expect(res.status).toBe(200);
    const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(call.body.channel).toBe('CGENERAL1');
    expect(call.body.thread_ts).toBe(root);
    expect(h.engine.turns).toEqual([{ conversationKey: `slack:${TEAM}:CGENERAL1:UALICE:${root}`, text: '代理人でもできますか' }]);
  });

  it('answers a suggestion click in a DM at top level, in the DM conversation', async () => {
    await h.postForm(buttonClick({ actionId: 'mynapin_suggest_0', value: 'ヘルプ', channel: 'D0DM0001', responseUrl: h.fake.responseUrl('click2') }));
    const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(call.body.channel).toBe('D0DM0001');
    expect(call.body.thread_ts).toBeUndefined();
    expect(h.engine.turns[0]?.conversationKey).toBe(`slack:${TEAM}:D0DM0001:UALICE:im`);
  });

  it('records feedback with the intent only (no text, no user) and thanks the user ephemerally', async () => {
    const root = nextTs();
    await h.postForm(
      buttonClick({ actionId: FEEDBACK_HELPFUL_ACTION, value: 'forgot_pin', channel: 'CGENERAL1', user: 'UCAROL', threadTs: root, responseUrl: h.fake.responseUrl('fb1') }),
    );
    const thanks = await h.fake.waitFor((c) => c.method === 'chat.postEphemeral');
    expect(thanks.body).toMatchObject({ channel: 'CGENERAL1', user: 'UCAROL', thread_ts: root });
    await h.postForm(
      buttonClick({ actionId: FEEDBACK_UNHELPFUL_ACTION, value: 'lockout_rules', channel: 'D0DM0001', user: 'UCAROL', responseUrl: h.fake.responseUrl('fb2') }),
    );
    await h.slack.settled();
    await h.slack.feedback.flush();

    const lines = (await readFile(h.feedbackFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ channel: 'slack', intent: 'forgot_pin', helpful: true });
    expect(lines[1]).toMatchObject({ channel: 'slack', intent: 'lockout_rules', helpful: false });
    for (const line of lines) expect(Object.keys(line).sort()).toEqual(['at', 'channel', 'helpful', 'intent']);
    const raw = await readFile(h.feedbackFile, 'utf8');
    expect(raw).not.toContain('UCAROL');
    expect(raw).not.toContain(root);
    expect(h.slack.feedback.snapshot()).toMatchObject({ forgot_pin: { helpful: 1, unhelpful: 0 }, lockout_rules: { helpful: 0, unhelpful: 1 } });
    expect(h.engine.turns).toHaveLength(0);
  });

  it('does not record feedback whose value is not an intent id', async () => {
    const before = JSON.stringify(h.slack.feedback.snapshot());
    const res = await h.postForm(buttonClick({ actionId: FEEDBACK_HELPFUL_ACTION, value: 'DROP TABLE', channel: 'CGENERAL1', responseUrl: h.fake.responseUrl('fb3') }));
    expect(res.status).toBe(200);
    await h.slack.settled();
    expect(JSON.stringify(h.slack.feedback.snapshot())).toBe(before);
  });

  it('answers /mynapin 質問 ephemerally through the response_url', async () => {
    const res = await h.postForm({
      token: 'legacy', team_id: TEAM, team_domain: 'test-city', channel_id: 'CGENERAL1', channel_name: 'general',
      user_id: 'UDAVE', user_name: 'dave', command: '/mynapin', text: '暗証番号を忘れました',
      api_app_id: 'A0MYNAPIN', response_url: h.fake.responseUrl('cmd1'), trigger_id: '1.2.3',
    });
    expect(res.status).toBe(200);
    const call = await h.fake.waitFor((c) => c.method === 'response_url');
    expect(call.responseId).toBe('cmd1');
    expect(call.body.response_type).toBe('ephemeral');
    expect(typeof call.body.text).toBe('string');
    expect(Array.isArray(call.body.blocks)).toBe(true);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
    expect(h.engine.turns).toEqual([{ conversationKey: `slack:${TEAM}:CGENERAL1:UDAVE:command`, text: '暗証番号を忘れました' }]);
  });

  it.each(['', 'help', 'ヘルプ'])('answers /mynapin %j with the list of topics, without asking the engine', async (text) => {
    await h.postForm({
      team_id: TEAM, channel_id: 'CGENERAL1', user_id: 'UDAVE', command: '/mynapin', text,
      response_url: h.fake.responseUrl('help'), trigger_id: '1.2.3', api_app_id: 'A0MYNAPIN',
    });
    const call = await h.fake.waitFor((c) => c.method === 'response_url');
    expect(call.body.response_type).toBe('ephemeral');
    expect(call.body.text).toContain('/mynapin');
    // one line per topic intent (16 topics in intents.md besides greeting/thanks/help/none)
    expect((call.body.text as string).split('\n').filter((l) => l.startsWith('• '))).toHaveLength(16);
    expect(h.engine.turns).toHaveLength(0);
  });

  it('falls back to chat.postEphemeral when the response_url has expired', async () => {
    h.fake.goneResponseIds.add('expired');
    await h.postForm({
      team_id: TEAM, channel_id: 'CGENERAL1', user_id: 'UDAVE', command: '/mynapin', text: '暗証番号を忘れました',
      response_url: h.fake.responseUrl('expired'), trigger_id: '1.2.3', api_app_id: 'A0MYNAPIN',
    });
    const call = await h.fake.waitFor((c) => c.method === 'chat.postEphemeral');
    expect(call.body).toMatchObject({ channel: 'CGENERAL1', user: 'UDAVE' });
  });

  it('waits out a 429 (Retry-After) and then posts the answer', async () => {
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await h.postEvent({ type: 'message', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', text: '暗証番号を忘れました', ts: nextTs() });
    await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.status === 200);
    const attempts = h.fake.callsOf('chat.postMessage', { all: true });
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
  });

  it('survives a Web API error (ok:false) and keeps answering', async () => {
    h.fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    await h.postEvent({ type: 'message', channel: 'D0DM0002', channel_type: 'im', user: 'UALICE', text: '暗証番号を忘れました', ts: nextTs() });
    await h.slack.settled();
    expect(h.logs.some((l) => l.includes('channel_not_found'))).toBe(true);
    await h.postEvent({ type: 'message', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', text: 'ありがとう', ts: nextTs() });
    const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0DM0001');
    expect(call.status).toBe(200);
  });

  it('never logs, echoes or stores what residents type (PINs, My Numbers, the question)', async () => {
    const question = '私の暗証番号は4821で、マイナンバーは123456789012です。ひみつの質問です';
    await h.postEvent({ type: 'message', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', text: question, ts: nextTs() });
    const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    await h.slack.settled();
    const posted = JSON.stringify(call.body);
    expect(posted).not.toMatch(asNumber('4821'));
    expect(posted).not.toContain('123456789012');
    const logs = h.logs.join('\n');
    expect(logs).toContain('slack answer');
    expect(logs).not.toMatch(asNumber('4821'));
    expect(logs).not.toContain('123456789012');
    expect(logs).not.toContain('ひみつの質問');
  });

  it('answers a file with no text in a DM with the knowledge base non-text message', async () => {
    await h.postEvent({ type: 'message', subtype: 'file_share', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', text: '', files: [{ id: 'F1' }], ts: nextTs() });
    const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(call.body.channel).toBe('D0DM0001');
    expect(h.engine.turns).toHaveLength(0);
  });
});

describe('what residents see (real engine from createBot)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(async () => {
    await h.slack.settled();
    h.fake.reset();
  });

  const dm = (text: string, channel = 'D0DM0101', user = 'UERIN') =>
    h.postEvent({ type: 'message', channel, channel_type: 'im', user, text, ts: nextTs() });

  it('「暗証番号忘れた」 as a mention is answered with the office (窓口) in the thread', async () => {
    const ts = nextTs();
    await h.postEvent({ type: 'app_mention', channel: 'CGENERAL1', user: 'UBOB', text: `<@${BOT_USER}> 暗証番号忘れた`, ts });
    const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(call.body.thread_ts).toBe(ts);
    expect(call.body.text).toContain('窓口');
  });

  it('continues a DM: clicking the bot’s own which-PIN button gets the 4-digit answer', async () => {
    await dm('暗証番号を忘れました');
    const question = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    const buttons = blocksOf(question).flatMap((b) => (b.block_id === 'mynapin_suggestions' ? b.elements ?? [] : []));
    const fourDigit = buttons.find((b) => b.text.text.includes('4桁'));
    expect(fourDigit, 'the which-PIN question offers a 4-digit button').toBeDefined();
    h.fake.reset();

    await h.postForm(
      buttonClick({ actionId: fourDigit!.action_id, value: fourDigit!.value, channel: 'D0DM0101', user: 'UERIN', messageTs: String(question.body.ts ?? nextTs()), responseUrl: h.fake.responseUrl('dm-click') }),
    );
    const answer = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(answer.body.channel).toBe('D0DM0101');
    expect(answer.body.thread_ts).toBeUndefined();
    expect(answer.body.text).toContain('窓口');
    const feedback = blocksOf(answer).find((b) => b.block_id === 'mynapin_feedback');
    expect(feedback?.elements?.[0]?.value).toBe('forgot_pin');
  });

  it('answers a confident FAQ-channel question in its thread', async () => {
    const ts = nextTs();
    await h.postEvent({ type: 'message', channel: FAQ_CHANNEL, channel_type: 'channel', user: 'UBOB', text: 'コンビニで住民票は取れますか', ts });
    const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(call.body.thread_ts).toBe(ts);
    expect(call.body.text).toContain('コンビニ');
  });

  it('hands an FAQ-channel question about another card to the staff group', async () => {
    const ts = nextTs();
    await h.postEvent({ type: 'message', channel: FAQ_CHANNEL, channel_type: 'channel', user: 'UBOB', text: '銀行のキャッシュカードの暗証番号を忘れた', ts });
    const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(call.body.thread_ts).toBe(ts);
    expect(call.body.text).toContain(`<!subteam^${STAFF_GROUP}>`);
  });

  it('says nothing to a thank-you in an FAQ channel', async () => {
    await h.postEvent({ type: 'message', channel: FAQ_CHANNEL, channel_type: 'channel', user: 'UBOB', text: 'ありがとうございます', ts: nextTs() });
    await h.slack.settled();
    expect(h.fake.calls.filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
  });

  it('warns a resident who typed a PIN, without repeating it', async () => {
    await dm('私の暗証番号は4821です');
    const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(call.body.text).toContain('入力しないで');
    expect(JSON.stringify(call.body)).not.toMatch(asNumber('4821'));
  });

  it('asks for text when a DM is only a file', async () => {
    await h.postEvent({ type: 'message', subtype: 'file_share', channel: 'D0DM0101', channel_type: 'im', user: 'UERIN', text: '', files: [{ id: 'F1' }], ts: nextTs() });
    const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(call.body.text).toContain('文字');
  });

  it('lists the topics by their suggestion labels for /mynapin help', async () => {
    await h.postForm({ team_id: TEAM, channel_id: 'CGENERAL1', user_id: 'UDAVE', command: '/mynapin', text: 'help', response_url: h.fake.responseUrl('help-real'), trigger_id: '1', api_app_id: 'A0MYNAPIN' });
    const call = await h.fake.waitFor((c) => c.method === 'response_url');
    expect(call.body.text).toContain('暗証番号を忘れた');
    expect(call.body.text).toContain('/mynapin 暗証番号を忘れました');
  });
});

describe('auto-answer in FAQ channels (adapter policy, scripted engine replies)', () => {
  const question = (h: Harness, ts = nextTs()) =>
    h.postEvent({ type: 'message', channel: FAQ_CHANNEL, channel_type: 'channel', user: 'UBOB', text: 'マイナンバーカードの暗証番号を忘れた', ts }).then(() => ts);

  it('answers in the thread when the confidence reaches the threshold', async () => {
    const h = await startHarness({ engine: scripted({ confidence: 0.75 }) });
    try {
      const ts = await question(h);
      const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
      expect(call.body).toMatchObject({ channel: FAQ_CHANNEL, thread_ts: ts });
      expect(call.body.text).toContain('窓口');
      expect(actionIds(call)).toEqual(['mynapin_suggest_0', FEEDBACK_HELPFUL_ACTION, FEEDBACK_UNHELPFUL_ACTION]);
    } finally {
      await h.close();
    }
  });

  it('hands the question to the staff group below the threshold', async () => {
    const h = await startHarness({ engine: scripted({ confidence: 0.74 }) });
    try {
      const ts = await question(h);
      const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
      expect(call.body).toMatchObject({ channel: FAQ_CHANNEL, thread_ts: ts });
      expect(call.body.text).toContain(`<!subteam^${STAFF_GROUP}>`);
      expect(call.body.text).not.toContain('窓口');
    } finally {
      await h.close();
    }
  });

  it('hands intent none to the staff group even when confident', async () => {
    const h = await startHarness({ engine: scripted({ intent: 'none', confidence: 0.99 }) });
    try {
      await question(h);
      const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
      expect(call.body.text).toContain(`<!subteam^${STAFF_GROUP}>`);
    } finally {
      await h.close();
    }
  });

  it('stays silent below the threshold when no staff group is set', async () => {
    const h = await startHarness({ engine: scripted({ confidence: 0.5 }), env: { SLACK_STAFF_GROUP: '' } });
    try {
      await question(h);
      await h.slack.settled();
      expect(h.engine.turns).toHaveLength(1);
      expect(h.fake.calls.filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
    } finally {
      await h.close();
    }
  });

  it('stays silent on greetings and thanks, even with a staff group', async () => {
    const h = await startHarness({ engine: scripted({ intent: 'thanks', confidence: 1 }) });
    try {
      await question(h);
      await h.slack.settled();
      expect(h.engine.turns).toHaveLength(1);
      expect(h.fake.calls.filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
    } finally {
      await h.close();
    }
  });

  it('posts a privacy warning even when unsure', async () => {
    const h = await startHarness({ engine: scripted({ intent: 'none', confidence: 0.1, privacyWarning: true, text: '暗証番号は送らないでください。' }) });
    try {
      const ts = await question(h);
      const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
      expect(call.body).toMatchObject({ thread_ts: ts, text: '暗証番号は送らないでください。' });
    } finally {
      await h.close();
    }
  });

  it('escapes mrkdwn control characters so a reply can never mention or link', async () => {
    const h = await startHarness({ engine: scripted({ text: '<!channel> & <@U123> は <https://evil.example|ここ>' }) });
    try {
      await question(h);
      const call = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
      const shown = `${call.body.text as string}${JSON.stringify(call.body.blocks)}`;
      expect(shown).not.toContain('<!channel>');
      expect(shown).not.toContain('<@U123>');
      expect(call.body.text).toBe('&lt;!channel&gt; &amp; &lt;@U123&gt; は &lt;https://evil.example|ここ&gt;');
    } finally {
      await h.close();
    }
  });
});

describe('request limits', () => {
  it('answers 413 to a body over the server limit and posts nothing', async () => {
    const h = await startHarness({ bodyLimit: 2048 });
    try {
      const res = await h.postEvent({ type: 'message', channel: 'D0DM0001', channel_type: 'im', user: 'UALICE', text: 'あ'.repeat(2000), ts: nextTs() });
      expect(res.status).toBe(413);
      await h.slack.settled();
      expect(h.engine.turns).toHaveLength(0);
      expect(h.fake.calls.filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
    } finally {
      await h.close();
    }
  });
});

describe('start-up', () => {
  it('stops with a ConfigError naming the setting when an auto-answer channel is a name, not an id', async () => {
    await expect(startHarness({ env: { SLACK_AUTO_ANSWER_CHANNELS: '#faq' } })).rejects.toThrow(/SLACK_AUTO_ANSWER_CHANNELS.*channel id/);
  });

  it('stops with a ConfigError when Slack rejects the bot token (auth.test invalid_auth)', async () => {
    const { startFakeSlackApi } = await import('../../helpers/fake-slack-api.js');
    const { createSlackHttp } = await import('../../../src/adapters/slack/index.js');
    const { loadEnv } = await import('../../../src/config/env.js');
    const { createBot } = await import('../../../src/bot.js');
    const { createLogger } = await import('../../../src/logging/logger.js');
    const fake = await startFakeSlackApi();
    try {
      fake.failNext('auth.test', { error: 'invalid_auth' });
      const env = loadEnv({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_API_URL: fake.apiUrl });
      const logger = createLogger({ level: 'silent' });
      const bot = await createBot(env, { logger });
      await expect(createSlackHttp({ engine: bot.engine, knowledge: bot.knowledge, env, logger })).rejects.toThrow(/SLACK_BOT_TOKEN.*invalid_auth/);
    } finally {
      await fake.close();
    }
  });
});
