import type { webApi } from '@slack/bolt';
import type { KnowledgeBase } from '../../knowledge/types.js';
import type { DeskThread, HandoffSummary, StaffDesk, StaffNotice } from '../../handoff/types.js';
import { handoffThreadMessage, noticeText, residentMessage } from './handoff-blocks.js';
import { plainMessage, type SlackMessageBody } from './blocks.js';

type WebClient = webApi.WebClient;

/**
 * The hand-off desk in Slack: each hand-off is a new thread in SLACK_HANDOFF_CHANNEL (chat:write;
 * the bot must be a member of the channel), updated in place when it ends.
 */
export function createSlackHandoffDesk(client: WebClient, channel: string, knowledge: KnowledgeBase): StaffDesk {
  const post = async (body: SlackMessageBody, threadTs?: string) =>
    client.chat.postMessage({
      channel,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      text: body.text,
      blocks: body.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
  return {
    async openThread(summary: HandoffSummary): Promise<DeskThread> {
      const res = await post(handoffThreadMessage(summary, knowledge));
      if (!res.ts) throw new Error('chat.postMessage returned no ts for the hand-off thread');
      return { channel: typeof res.channel === 'string' ? res.channel : channel, threadTs: res.ts };
    },
    async postResidentMessage(thread, maskedText) {
      await post(residentMessage(maskedText), thread.threadTs);
    },
    async postNotice(thread, notice: StaffNotice) {
      await post(plainMessage(noticeText(notice)), thread.threadTs);
    },
    async markClosed(thread, summary) {
      const body = handoffThreadMessage(summary, knowledge, 'closed');
      await client.chat.update({ channel: thread.channel, ts: thread.threadTs, text: body.text, blocks: body.blocks });
    },
  };
}
