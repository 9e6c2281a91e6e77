import { describe, expect, it } from 'vitest';
import { conversationKey } from '../../../src/adapters/slack/conversation-key.js';

describe('conversationKey', () => {
  it('is slack:<team>:<channel>:<user>:<thread_ts or ts>', () => {
    expect(conversationKey({ team: 'T1', channel: 'C1', user: 'U1', ts: '10.1' })).toBe('slack:T1:C1:U1:10.1');
    expect(conversationKey({ team: 'T1', channel: 'C1', user: 'U1', ts: '10.2', threadTs: '10.1' })).toBe('slack:T1:C1:U1:10.1');
  });

  it('keeps a top-level DM one conversation, and the slash command its own', () => {
    expect(conversationKey({ team: 'T1', channel: 'D1', user: 'U1', ts: '10.1', im: true })).toBe('slack:T1:D1:U1:im');
    expect(conversationKey({ team: 'T1', channel: 'D1', user: 'U1', ts: '10.2', threadTs: '10.1', im: true })).toBe('slack:T1:D1:U1:10.1');
    expect(conversationKey({ team: 'T1', channel: 'C1', user: 'U1', command: true })).toBe('slack:T1:C1:U1:command');
  });
});
