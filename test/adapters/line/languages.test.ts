import { afterEach, describe, expect, it } from 'vitest';
import { followEvent, replies, startHarness, textEvent, userSource, type Harness } from './harness.js';

/** End to end over real HTTP: signed webhook → bot → reply at the fake LINE API, per language. */
describe('LINE: replies in the message’s language', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  const text = (i: number) => replies(h.api)[i]!.messages[0]!.text as string;
  const quickReplyLabels = (i: number) =>
    (replies(h.api)[i]!.messages.at(-1)!.quickReply?.items ?? []).map((item: any) => item.action.label as string);

  it('an English question gets an English answer with English quick replies; the profile is not fetched', async () => {
    h = await startHarness();
    expect(await h.deliver([textEvent('I forgot my my number card PIN')])).toBe(200);
    expect(text(0)).toMatch(/which PIN/i);
    expect(text(0)).not.toMatch(/[ぁ-ん]{3}/);
    expect(quickReplyLabels(0)).toEqual(expect.arrayContaining(['4-digit PIN']));
    expect(quickReplyLabels(0).join(' ')).not.toMatch(/[ぁ-ん]/);
    expect(h.api.requestsTo('/v2/bot/profile/')).toEqual([]);
  });

  it('romaji Japanese (「PIN wasuremashita」) is answered in English; 「4」 then keeps English', async () => {
    h = await startHarness();
    const source = userSource();
    await h.deliver([textEvent('PIN wasuremashita', source)]);
    expect(text(0)).toMatch(/PIN/);
    expect(text(0)).not.toMatch(/[ぁ-ん]{3}/);
    await h.deliver([textEvent('I typed it wrong 2 times', source)]);
    expect(text(1)).toMatch(/\b(?:3|5)\b/);
    expect(text(1)).not.toMatch(/[ぁ-ん]{3}/);
    await h.deliver([textEvent('👍', source)]);
    expect(text(2)).not.toMatch(/[ぁ-ん]{3}/);
    expect(h.api.requestsTo('/v2/bot/profile/')).toEqual([]);
  });

  it('a message with no language signal asks the LINE profile once, and the language is kept', async () => {
    h = await startHarness();
    const source = userSource();
    h.api.profileLanguages[(source as { userId: string }).userId] = 'en';
    await h.deliver([textEvent('👍', source)]);
    await h.deliver([textEvent('😀', source)]);
    expect(text(0)).not.toMatch(/[ぁ-ん]{3}/);
    expect(text(1)).not.toMatch(/[ぁ-ん]{3}/);
    expect(h.api.requestsTo(`/v2/bot/profile/${(source as { userId: string }).userId}`)).toHaveLength(1);
    // The profile language is never logged.
    expect(h.logs.some((l) => JSON.stringify(l).includes('"language"'))).toBe(false);
  });

  it('a Japanese message is answered in Japanese whatever the profile says', async () => {
    h = await startHarness();
    const source = userSource();
    h.api.profileLanguages[(source as { userId: string }).userId] = 'en';
    await h.deliver([textEvent('暗証番号を忘れました', source)]);
    expect(text(0)).toMatch(/暗証番号/);
    expect(h.api.requestsTo('/v2/bot/profile/')).toEqual([]);
  });

  it('the follow greeting is in the profile language; a failing profile lookup greets in Japanese', async () => {
    h = await startHarness();
    const english = userSource();
    h.api.profileLanguages[(english as { userId: string }).userId] = 'en';
    await h.deliver([followEvent(english)]);
    expect(text(0)).toMatch(/PIN/);
    expect(text(0)).not.toMatch(/[ぁ-ん]{3}/);
    h.api.failNext(1, 500, { pathPrefix: '/v2/bot/profile/' });
    await h.deliver([followEvent(userSource())]);
    expect(text(1)).toMatch(/暗証番号/);
  });

  it('やさしい日本語 on request, offered as a chip after a long answer; 「ふつうの日本語で」 goes back', async () => {
    h = await startHarness();
    const source = userSource();
    await h.deliver([textEvent('ロックされたらどうすればいいですか', source)]);
    expect(quickReplyLabels(0)).toContain('やさしい日本語で');
    await h.deliver([textEvent('やさしい日本語で', source)]);
    expect(text(1)).toMatch(/（[ぁ-ん]+）/); // readings in brackets: 窓口（まどぐち）
    await h.deliver([textEvent('家族に頼めますか', source)]);
    expect(text(2)).toMatch(/（[ぁ-ん]+）/);
    await h.deliver([textEvent('ふつうの日本語で', source)]);
    expect(text(3)).not.toMatch(/（[ぁ-ん]+）/);
  });
});
