import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBot, type Bot } from '../../../src/bot.js';
import { loadEnv } from '../../../src/config/env.js';
import { decodeFeedbackPostback, decodeSuggestionPostback } from '../../../src/adapters/line/postback.js';
import { createLineRoute } from '../../../src/adapters/line/index.js';
import { ConfigError } from '../../../src/errors.js';
import { createLogger } from '../../../src/logging/logger.js';
import type { BotReply, ConversationEngine } from '../../../src/conversation/types.js';
import {
  followEvent,
  messageEvent,
  postbackEvent,
  replies,
  sign,
  startHarness,
  textEvent,
  unfollowEvent,
  userSource,
  type Harness,
} from './harness.js';
import { asNumber } from '../../helpers/secrets.js';

const graphemes = new Intl.Segmenter('ja', { granularity: 'grapheme' });
const graphemeLength = (s: string) => [...graphemes.segment(s)].length;

/** createBot was a fixed-text stub while the real engine was being written; content checks need the real one. */
const botIsStub = await (async () => {
  const probe = await (await createBot(loadEnv({ LOG_LEVEL: 'silent' }))).engine.respond({ conversationKey: 'probe', text: '暗証番号忘れた' });
  return probe.intent === 'none';
})();

/** What the project's bot answers to `text` in a fresh conversation (a second, independent bot). */
async function expectedReply(h: Harness, conversationKey: string, text: string): Promise<BotReply> {
  const reference: Bot = await createBot(h.env);
  return reference.engine.respond({ conversationKey, text });
}

/** The suggestion texts a reply's quick-reply buttons send back (decoded from their postback data). */
function quickReplyTexts(message: Record<string, any>): string[] {
  const items: Record<string, any>[] = message.quickReply?.items ?? [];
  return items.filter((item) => !decodeFeedbackPostback(item.action.data)).map((item) => decodeSuggestionPostback(item.action.data)!.text);
}

/** The feedback buttons of a reply's quick replies: label, and what their postback data says. */
function feedbackButtons(message: Record<string, any>) {
  const items: Record<string, any>[] = message.quickReply?.items ?? [];
  return items.flatMap((item) => {
    const feedback = decodeFeedbackPostback(item.action.data);
    return feedback ? [{ label: item.action.label as string, displayText: item.action.displayText as string, ...feedback }] : [];
  });
}

describe('LINE webhook: deliveries', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('answers a 1:1 text message with the engine reply and its suggestions as quick replies', async () => {
    const source = userSource();
    const event = textEvent('暗証番号を忘れました', source);
    expect(await h.deliver([event])).toBe(200);

    expect(h.turns).toEqual([{ conversationKey: `line:${source.userId}`, text: '暗証番号を忘れました', defaultLang: expect.any(Function) }]);
    const sent = replies(h.api);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.replyToken).toBe(event.replyToken);
    expect(h.api.requestsTo('/v2/bot/message/reply')[0]!.headers.authorization).toBe('Bearer test-access-token');
    const expected = await expectedReply(h, `line:${source.userId}`, '暗証番号を忘れました');
    const [message] = sent[0]!.messages;
    expect(message).toMatchObject({ type: 'text', text: expected.text });
    expect(quickReplyTexts(message!)).toEqual(expected.suggestions.map((s) => s.text).slice(0, 13));
    for (const item of message!.quickReply?.items ?? []) {
      expect(item.action.type).toBe('postback');
      expect(item.action.displayText).toBe(decodeFeedbackPostback(item.action.data) ? item.action.label : decodeSuggestionPostback(item.action.data)?.text);
    }
  });

  it.skipIf(botIsStub)('answers 「暗証番号忘れた」 with the office (窓口)', async () => {
    await h.deliver([textEvent('暗証番号忘れた')]);
    expect(replies(h.api)[0]!.messages[0]!.text).toContain('窓口');
  });

  it('in a group, ignores text that does not mention the bot', async () => {
    const source = { type: 'group' as const, groupId: 'Cgroup1', userId: 'Umember1' };
    await h.deliver([textEvent('暗証番号を忘れました', source), textEvent('@お母さん 晩ごはん何?', source, {
      mention: { mentionees: [{ type: 'user', index: 0, length: 5, userId: 'Umom' }] },
    })]);
    expect(h.turns).toEqual([]);
    expect(h.api.requests).toEqual([]);
  });

  it('in a group, answers a mention of the bot, without the mention text, keyed per member', async () => {
    const source = { type: 'group' as const, groupId: 'Cgroup2', userId: 'Umember2' };
    const mention = '@マイナ案内';
    const event = textEvent(`${mention} 暗証番号がロックされました`, source, {
      mention: { mentionees: [{ type: 'user', index: 0, length: mention.length, isSelf: true, userId: 'Ubot' }] },
    });
    await h.deliver([event]);
    const key = 'line:group:Cgroup2:Umember2';
    expect(h.turns).toEqual([{ conversationKey: key, text: '暗証番号がロックされました', defaultLang: expect.any(Function) }]);
    const expected = await expectedReply(h, key, '暗証番号がロックされました');
    expect(replies(h.api)[0]!.messages[0]!.text).toBe(expected.text);
  });

  it('in a multi-person room, @All alone is not a mention of the bot', async () => {
    const source = { type: 'room' as const, roomId: 'Rroom1', userId: 'Umember3' };
    await h.deliver([textEvent('@All 暗証番号', source, { mention: { mentionees: [{ type: 'all', index: 0, length: 4 }] } })]);
    expect(h.api.requests).toEqual([]);
  });

  it('handles a postback from a quick reply as if its text were typed', async () => {
    const source = userSource();
    const first = textEvent('こんにちは', source);
    await h.deliver([first]);
    const button = replies(h.api)[0]!.messages.at(-1)!.quickReply?.items?.[0];
    expect(button, 'the reply offers at least one suggestion').toBeDefined();
    const chosen = decodeSuggestionPostback(button.action.data)!.text;

    const postback = postbackEvent(button.action.data, source);
    await h.deliver([postback]);
    expect(h.turns.at(-1)).toEqual({ conversationKey: `line:${source.userId}`, text: chosen, defaultLang: expect.any(Function) });
    const sent = replies(h.api);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.replyToken).toBe(postback.replyToken);
  });

  it('handles a rich-menu style postback whose data is plain words', async () => {
    const source = userSource();
    await h.deliver([postbackEvent('コンビニで証明書を取るには', source)]);
    expect(h.turns).toEqual([{ conversationKey: `line:${source.userId}`, text: 'コンビニで証明書を取るには', defaultLang: expect.any(Function) }]);
    expect(replies(h.api)).toHaveLength(1);
  });

  it('answers stickers, images, video, audio, files and locations with the non_text message', async () => {
    const kinds = [
      { type: 'sticker', packageId: '1', stickerId: '1', stickerResourceType: 'STATIC' },
      { type: 'image', contentProvider: { type: 'line' } },
      { type: 'video', duration: 1000, contentProvider: { type: 'line' } },
      { type: 'audio', duration: 1000, contentProvider: { type: 'line' } },
      { type: 'file', fileName: 'a.pdf', fileSize: 10 },
      { type: 'location', latitude: 35, longitude: 139, address: '東京都' },
    ];
    await h.deliver(kinds.map((m) => messageEvent(m)));
    const nonText = h.bot.knowledge.message('non_text');
    const sent = replies(h.api);
    expect(sent).toHaveLength(kinds.length);
    for (const reply of sent) {
      expect(reply.messages[0]!.text).toBe(nonText.text);
      expect(quickReplyTexts(reply.messages[0]!)).toEqual(nonText.suggestions.map((s) => s.text));
    }
    expect(h.turns).toEqual([]);
  });

  it('greets on follow and forgets the conversation on unfollow', async () => {
    const source = userSource();
    await h.deliver([followEvent(source)]);
    expect(replies(h.api)[0]!.messages[0]!.text).toBe(h.bot.knowledge.message('follow').text);

    await h.deliver([unfollowEvent(source)]);
    expect(h.forgotten).toEqual([`line:${source.userId}`]);
    expect(replies(h.api)).toHaveLength(1);
  });

  it('ignores unknown event and message types without error', async () => {
    const unknownMessage = messageEvent({ type: 'hologram' });
    const unknownEvent = { ...textEvent('x'), type: 'teleport' };
    const beacon = { ...textEvent('x'), type: 'beacon', beacon: { hwid: 'd41d8cd98f', type: 'enter' } };
    expect(await h.deliver([unknownMessage, unknownEvent, beacon])).toBe(200);
    expect(h.api.requests).toEqual([]);
    expect(h.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });

  it('ignores events in standby mode (another channel owns the chat)', async () => {
    await h.deliver([{ ...textEvent('暗証番号'), mode: 'standby', replyToken: undefined }]);
    expect(h.api.requests).toEqual([]);
  });

  it('answers the console "Verify" request (no events) with 200', async () => {
    expect(await h.deliver([])).toBe(200);
    expect(h.api.requests).toEqual([]);
  });
});

describe('LINE webhook: requests that must be refused', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const body = () => JSON.stringify({ destination: 'U', events: [textEvent('暗証番号を忘れました')] });

  it('401 for a wrong signature, a signature with another secret, or none — and nothing is processed', async () => {
    const b = body();
    expect((await h.post(b, { signature: 'AAAA' })).status).toBe(401);
    expect((await h.post(b, { signature: sign(b, 'another-channel-secret') })).status).toBe(401);
    expect((await h.post(b, { signature: sign(b + ' ') })).status).toBe(401);
    expect((await h.post(b, { signature: null })).status).toBe(401);
    expect((await h.post(b, { signature: '' })).status).toBe(401);
    await h.route.idle();
    expect(h.turns).toEqual([]);
    expect(h.api.requests).toEqual([]);
  });

  it('413 for a body over the limit', async () => {
    const big = JSON.stringify({ destination: 'U', events: [textEvent('あ'.repeat(600_000))] });
    const res = await h.post(big);
    expect(res.status).toBe(413);
    await h.route.idle();
    expect(h.api.requests).toEqual([]);
  });

  it('400 for correctly signed malformed JSON, or JSON without events', async () => {
    expect((await h.post('{"events": [')).status).toBe(400);
    expect((await h.post('"just a string"')).status).toBe(400);
    expect((await h.post('{"destination":"U"}')).status).toBe(400);
    expect((await h.post('null')).status).toBe(400);
    await h.route.idle();
    expect(h.api.requests).toEqual([]);
  });
});

describe('LINE webhook: robustness', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('answers a redelivered event at most once', async () => {
    h = await startHarness();
    const event = textEvent('暗証番号を忘れました');
    await h.deliver([event]);
    await h.deliver([{ ...event, deliveryContext: { isRedelivery: true } }]);
    await h.deliver([{ ...event, deliveryContext: { isRedelivery: true } }]);
    expect(h.turns).toHaveLength(1);
    expect(replies(h.api)).toHaveLength(1);
  });

  it('keeps the redelivery memory bounded', async () => {
    h = await startHarness({ deps: { seenEvents: { maxEntries: 3, ttlMs: 60_000 } } });
    const events = Array.from({ length: 5 }, () => textEvent('こんにちは'));
    await h.deliver(events);
    // The oldest id was evicted, so its redelivery is treated as new; the newest is still remembered.
    await h.deliver([events[0], events[4]]);
    expect(h.turns).toHaveLength(6);
  });

  it('a broken event in a batch does not stop the others', async () => {
    h = await startHarness();
    const good1 = textEvent('暗証番号を忘れました');
    const good2 = followEvent();
    const broken = { ...textEvent('x'), message: null };
    await h.deliver([broken, 42, good1, { type: 'message', source: { type: 'user', userId: 'Ux' } }, good2]);
    expect(replies(h.api).map((r) => r.replyToken).sort()).toEqual([good1.replyToken, good2.replyToken].sort());
  });

  it('an engine failure on one event sends the error message and the next event is still answered', async () => {
    h = await startHarness({
      engine: (real): ConversationEngine => ({
        respond: async (turn) => {
          if (turn.text === 'boom') throw new Error('engine exploded');
          return real.respond(turn);
        },
        forget: (key) => real.forget(key),
      }),
    });
    const source = userSource();
    await h.deliver([textEvent('boom', source), textEvent('こんにちは', source)]);
    const sent = replies(h.api);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.messages[0]!.text).toBe(h.bot.knowledge.message('error').text);
  });

  it('same-user events in one delivery are answered in order', async () => {
    const order: string[] = [];
    h = await startHarness({
      engine: (real): ConversationEngine => ({
        respond: async (turn) => {
          order.push(`start ${turn.text}`);
          await new Promise((r) => setTimeout(r, turn.text === '1' ? 30 : 0));
          order.push(`end ${turn.text}`);
          return real.respond(turn);
        },
        forget: (key) => real.forget(key),
      }),
    });
    const source = userSource();
    await h.deliver([textEvent('1', source), textEvent('2', source)]);
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('an expired or used reply token (400) is logged and dropped: no retry, no push', async () => {
    h = await startHarness();
    await h.deliver([{ ...textEvent('暗証番号を忘れました'), replyToken: 'expired-token' }]);
    expect(h.api.requestsTo('/v2/bot/message/reply')).toHaveLength(1);
    expect(h.api.requestsTo('/v2/bot/message/push')).toHaveLength(0);
    expect(h.logs.some((l) => String(l.msg).includes('reply token expired or already used'))).toBe(true);
  });

  it('retries 429 and 500 with back-off (honouring Retry-After) and then succeeds', async () => {
    h = await startHarness();
    h.api.failNext(1, 429, { headers: { 'retry-after': '2' } });
    h.api.failNext(2, 500);
    const event = textEvent('暗証番号を忘れました');
    await h.deliver([event]);
    const attempts = h.api.requestsTo('/v2/bot/message/reply');
    expect(attempts).toHaveLength(4);
    expect(new Set(attempts.map((a) => a.raw.toString()))).toHaveProperty('size', 1);
    expect(replies(h.api).at(-1)!.replyToken).toBe(event.replyToken);
    expect(h.sleeps).toHaveLength(3);
    expect(h.sleeps[0]).toBeGreaterThanOrEqual(2000);
    for (const wait of h.sleeps) expect(wait).toBeGreaterThan(0);
    // Reply tokens live about a minute: the whole back-off must stay well inside it.
    expect(h.sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(20_000);
  });

  it('gives up after the retry budget and never pushes unless LINE_ALLOW_PUSH=true', async () => {
    h = await startHarness({ deps: { retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, budgetMs: 10_000 } } });
    h.api.failNext(10, 503);
    await h.deliver([textEvent('暗証番号を忘れました')]);
    expect(h.api.requestsTo('/v2/bot/message/reply')).toHaveLength(3);
    expect(h.api.requestsTo('/v2/bot/message/push')).toHaveLength(0);
  });

  it('with LINE_ALLOW_PUSH=true, an unusable reply token falls back to one idempotent push', async () => {
    h = await startHarness({ env: { LINE_ALLOW_PUSH: 'true' } });
    const source = userSource();
    h.api.failNext(1, 500, { pathPrefix: '/v2/bot/message/push' });
    await h.deliver([{ ...textEvent('暗証番号を忘れました', source), replyToken: 'expired-2' }]);
    const pushes = h.api.requestsTo('/v2/bot/message/push');
    expect(pushes).toHaveLength(2);
    expect((pushes[1]!.json as { to: string }).to).toBe(source.userId);
    expect(pushes[0]!.headers['x-line-retry-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(pushes[1]!.headers['x-line-retry-key']).toBe(pushes[0]!.headers['x-line-retry-key']);
  });
});

describe('LINE webhook: LINE limits and privacy', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('sends at most 13 quick replies with labels of at most 20 characters', async () => {
    h = await startHarness({
      engine: (real): ConversationEngine => ({
        respond: async (turn) => {
          const reply = await real.respond(turn);
          const many = Array.from({ length: 20 }, (_, i) => ({
            intent: 'help' as const,
            label: `とても長いボタンのラベル👨‍👩‍👧‍👦その${i}番目はここまで`,
            text: `質問${i}`,
          }));
          return { ...reply, suggestions: [...reply.suggestions, ...many] };
        },
        forget: (key) => real.forget(key),
      }),
    });
    await h.deliver([textEvent('こんにちは')]);
    const sent = replies(h.api);
    expect(sent).toHaveLength(1); // the fake API answers 400 to anything over LINE's limits
    const items = sent[0]!.messages.at(-1)!.quickReply.items as Record<string, any>[];
    expect(items).toHaveLength(13);
    for (const item of items) expect(graphemeLength(item.action.label)).toBeLessThanOrEqual(20);
    // Cut by grapheme: the family emoji (one grapheme of 7 code points) stays whole.
    const cut = items.find((i) => String(i.action.label).startsWith('とても長い'))!.action.label as string;
    expect(cut).toBe('とても長いボタンのラベル👨‍👩‍👧‍👦その0番目は…');
    expect(decodeSuggestionPostback(items.find((i) => i.action.label === cut)!.action.data)?.text).toBe('質問0');
  });

  it('never sends or logs the digits of a PIN or My Number the resident typed', async () => {
    h = await startHarness();
    const pin = '7391';
    const myNumber = '482915736204';
    const source = userSource();
    await h.deliver([
      textEvent(`暗証番号は${pin}だと思うけどロックされた`, source),
      postbackEvent(`マイナンバーは${myNumber}です`, userSource()),
    ]);
    expect(replies(h.api)).toHaveLength(2);
    const everythingSent = h.api.requests.map((r) => r.raw.toString('utf8')).join('\n');
    for (const secret of [pin, myNumber]) {
      expect(everythingSent).not.toMatch(asNumber(secret));
      expect(h.logText()).not.toMatch(asNumber(secret));
    }
    expect(h.logText()).not.toContain('ロックされた'); // message text is never logged at all
  });
});

describe('createLineRoute configuration', () => {
  it('refuses to start without the channel secret, naming the variable', async () => {
    const env = loadEnv({ LOG_LEVEL: 'silent' });
    const bot = await createBot(env);
    const make = () => createLineRoute({ engine: bot.engine, knowledge: bot.knowledge, env, logger: createLogger({ level: 'silent' }) });
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(/LINE_CHANNEL_SECRET is not set/);
  });
});

describe('LINE webhook: 「役に立った / 役に立たなかった」 under answers', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it.skipIf(botIsStub)('an answer ends its quick replies with the two feedback buttons, after its suggestions', async () => {
    await h.deliver([textEvent('コンビニで住民票を取るには？')]);
    const [message] = replies(h.api)[0]!.messages;
    const items: Record<string, any>[] = message!.quickReply.items;
    expect(feedbackButtons(message!)).toEqual([
      { label: '👍 役に立った', displayText: '👍 役に立った', intent: 'convenience_store', helpful: true, lang: 'ja' },
      { label: '👎 役に立たなかった', displayText: '👎 役に立たなかった', intent: 'convenience_store', helpful: false, lang: 'ja' },
    ]);
    expect(items.slice(-2).map((i) => i.action.label)).toEqual(['👍 役に立った', '👎 役に立たなかった']);
    expect(quickReplyTexts(message!).length).toBeGreaterThan(0);
  });

  it.skipIf(botIsStub)('a greeting and a question back (which PIN?) get none', async () => {
    await h.deliver([textEvent('こんにちは')]);
    await h.deliver([textEvent('暗証番号を忘れました')]);
    const [greeting, which] = replies(h.api);
    expect(feedbackButtons(greeting!.messages.at(-1)!)).toEqual([]);
    expect(feedbackButtons(which!.messages.at(-1)!)).toEqual([]);
  });

  it.skipIf(botIsStub)('an English answer gets English buttons, and an English thank-you', async () => {
    const source = userSource();
    await h.deliver([textEvent('I forgot my signature password for e-Tax', source)]);
    const buttons = feedbackButtons(replies(h.api)[0]!.messages.at(-1)!);
    expect(buttons.map((b) => [b.label, b.lang])).toEqual([['👍 Helpful', 'en'], ['👎 Not helpful', 'en']]);
    const helpful = replies(h.api)[0]!.messages.at(-1)!.quickReply.items.at(-2).action.data as string;
    await h.deliver([postbackEvent(helpful, source)]);
    expect(replies(h.api)[1]!.messages).toEqual([{ type: 'text', text: h.bot.knowledge.ui('feedback_thanks', 'en') }]);
  });

  it.skipIf(botIsStub)('a 👎 tap is thanked with somewhere else to turn, and is not read as a question', async () => {
    const source = userSource();
    await h.deliver([textEvent('コンビニで住民票を取るには？', source)]);
    const unhelpful = replies(h.api)[0]!.messages.at(-1)!.quickReply.items.at(-1).action.data as string;
    const tap = postbackEvent(unhelpful, source);
    await h.deliver([tap]);
    expect(h.turns).toHaveLength(1); // the tap never reached the conversation engine
    const sent = replies(h.api)[1]!;
    expect(sent.replyToken).toBe(tap.replyToken);
    expect(sent.messages[0]!.text).toBe(h.bot.knowledge.ui('feedback_sorry'));
    expect(quickReplyTexts(sent.messages[0]!)).toEqual(['office_contact', 'help'].map((i) => h.bot.knowledge.suggestion(i as 'help').text));
    expect(feedbackButtons(sent.messages[0]!)).toEqual([]);
    expect(h.logs.some((l) => l.msg === 'LINE feedback' && l.intent === 'convenience_store' && l.helpful === false)).toBe(true);
  });

  it.skipIf(botIsStub)('a tap is appended to FEEDBACK_FILE as the channel, intent and flag only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mynapin-line-fb-'));
    const file = join(dir, 'feedback.jsonl');
    const withFile = await startHarness({ env: { FEEDBACK_FILE: file } });
    try {
      const source = userSource();
      await withFile.deliver([textEvent('コンビニで住民票を取るには？', source)]);
      const unhelpful = replies(withFile.api)[0]!.messages.at(-1)!.quickReply.items.at(-1).action.data as string;
      await withFile.deliver([postbackEvent(unhelpful, source)]);
      await withFile.bot.feedback.flush();
      const written = readFileSync(file, 'utf8');
      const lines = written.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toEqual([{ at: expect.any(String), channel: 'line', intent: 'convenience_store', helpful: false }]);
      expect(written).not.toContain(source.userId);
      expect(written).not.toContain('住民票');
    } finally {
      await withFile.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a language the bot does not speak in a tap\'s data is thanked in Japanese', async () => {
    await h.deliver([postbackEvent('{"fb":"forgot_pin","h":1,"l":"xx-yy"}')]);
    expect(replies(h.api)[0]!.messages).toEqual([{ type: 'text', text: h.bot.knowledge.ui('feedback_thanks') }]);
  });

  it('feedback data that is not ours (an unknown intent, a bad flag) is ignored like any unknown postback', async () => {
    for (const data of ['{"fb":"not_an_intent","h":0}', '{"fb":"help","h":2}', '{"fb":']) {
      expect(decodeFeedbackPostback(data)).toBeUndefined();
      expect(await h.deliver([postbackEvent(data)])).toBe(200);
    }
    expect(h.turns).toEqual([]);
    expect(replies(h.api)).toEqual([]);
  });
});
