import { describe, expect, it } from 'vitest';
import { formatJapaneseTime, isOpenAt, nextOpening, parseOfficeHours } from '../../src/handoff/hours.js';
import { loadEnv } from '../../src/config/env.js';

// 2026-12-07 is a Monday. Times are Japan time (UTC+9).
const jst = (iso: string) => Date.parse(`${iso}+09:00`);

describe('HANDOFF_HOURS', () => {
  const hours = parseOfficeHours('mon-fri 08:30-17:15, sat 09:00-12:00');

  it('knows when staff are in, Japan time, whatever the server clock zone', () => {
    expect(isOpenAt(hours, jst('2026-12-07T08:30:00'))).toBe(true);
    expect(isOpenAt(hours, jst('2026-12-07T17:14:59'))).toBe(true);
    expect(isOpenAt(hours, jst('2026-12-07T17:15:00'))).toBe(false);
    expect(isOpenAt(hours, jst('2026-12-07T08:29:00'))).toBe(false);
    expect(isOpenAt(hours, jst('2026-12-12T10:00:00'))).toBe(true); // Saturday morning
    expect(isOpenAt(hours, jst('2026-12-13T10:00:00'))).toBe(false); // Sunday
  });

  it('says when they are next in', () => {
    expect(nextOpening(hours, jst('2026-12-07T10:00:00'))).toBeUndefined();
    expect(nextOpening(hours, jst('2026-12-07T18:00:00'))).toBe(jst('2026-12-08T08:30:00'));
    expect(nextOpening(hours, jst('2026-12-12T13:00:00'))).toBe(jst('2026-12-14T08:30:00'));
    expect(nextOpening(hours, jst('2026-12-12T06:00:00'))).toBe(jst('2026-12-12T09:00:00'));
    expect(formatJapaneseTime(jst('2026-12-14T08:30:00'))).toBe('12月14日（月）8:30');
  });

  it('wraps a day range over the week end (fri-mon)', () => {
    const h = parseOfficeHours('fri-mon 10:00-12:00');
    expect(isOpenAt(h, jst('2026-12-13T11:00:00'))).toBe(true);
    expect(isOpenAt(h, jst('2026-12-09T11:00:00'))).toBe(false);
  });

  it.each([
    ['weekdays 9-5', /is not "<days> <HH:MM>-<HH:MM>"/],
    ['mon-fir 08:30-17:15', /"fir" is not a day/],
    ['mon 25:00-26:00', /is not a time of day/],
    ['mon 17:00-09:00', /closing time must be after/],
  ])('refuses %s at start-up with a message naming HANDOFF_HOURS', (value, message) => {
    expect(() => loadEnv({ HANDOFF_HOURS: value })).toThrow(/HANDOFF_HOURS: /);
    expect(() => loadEnv({ HANDOFF_HOURS: value })).toThrow(message);
  });
});

describe('hand-off settings', () => {
  it('needs Slack for SLACK_HANDOFF_CHANNEL and a channel id, not a name', () => {
    expect(() => loadEnv({ SLACK_HANDOFF_CHANNEL: 'C0HANDOFF' })).toThrow(/SLACK_HANDOFF_CHANNEL: needs Slack/);
    expect(() => loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_HANDOFF_CHANNEL: '#madoguchi' })).toThrow(
      /SLACK_HANDOFF_CHANNEL: a Slack channel id/,
    );
    expect(() =>
      loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_HANDOFF_CHANNEL: 'C0HANDOFF', SLACK_AUTO_ANSWER_CHANNELS: 'C0HANDOFF' }),
    ).toThrow(/must not also be in SLACK_AUTO_ANSWER_CHANNELS/);
    const env = loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_HANDOFF_CHANNEL: 'C0HANDOFF' });
    expect(env.HANDOFF_TTL_MINUTES).toBe(30);
    expect(env.HANDOFF_OFFER_BELOW).toBe(0.4);
    expect(() => loadEnv({ HANDOFF_TTL_MINUTES: '0' })).toThrow(/HANDOFF_TTL_MINUTES: a whole number from 1 to 1440/);
  });
});
