import type { types } from '@slack/bolt';
import { INTENT_IDS, type IntentId } from '../../intents/ids.js';
import type { KnowledgeBase } from '../../knowledge/types.js';
import { formatJapaneseTime } from '../../handoff/hours.js';
import type { HandoffSummary, StaffNotice } from '../../handoff/types.js';
import { escapeMrkdwn, type SlackMessageBody } from './blocks.js';

type KnownBlock = types.KnownBlock;

/** action_id of 「対応します」; its value is the hand-off id. */
export const HANDOFF_CLAIM_ACTION = 'mynapin_handoff_claim';
/** action_id of the 「FAQで回答」 menu; each option's value is `<hand-off id>:<intent>`. */
export const HANDOFF_FAQ_ACTION = 'mynapin_handoff_faq';
/** action_id of 「対応終了」; its value is the hand-off id. */
export const HANDOFF_CLOSE_ACTION = 'mynapin_handoff_close';
/** A thread reply starting with this is a note among staff and is not sent to the resident. */
export const INTERNAL_NOTE_PREFIX = '//';

// Intents that are no answer to send a resident from the menu.
const NOT_OFFERED: ReadonlySet<IntentId> = new Set(['none', 'greeting', 'thanks', 'help']);
// Block Kit limits: option text ≤ 75 characters, value ≤ 150, at most 100 options.
const OPTION_TEXT_MAX = 75;

const CHANNEL_NAMES: Record<HandoffSummary['channel'], string> = { line: 'LINE', web: 'Webチャット' };

/** Reads a 「FAQで回答」 option value back: the hand-off id and the intent, or undefined. */
export function parseFaqValue(value: string | undefined): { id: string; intent: IntentId } | undefined {
  if (!value) return undefined;
  const at = value.lastIndexOf(':');
  const id = value.slice(0, at);
  const intent = value.slice(at + 1);
  if (at <= 0 || !(INTENT_IDS as readonly string[]).includes(intent)) return undefined;
  return { id, intent: intent as IntentId };
}

function quote(text: string): string {
  return text === '' ? '（文字なし）' : `「${escapeMrkdwn(text).replace(/\n+/g, ' ')}」`;
}

/**
 * The first message of a hand-off thread: the resident's last turns (masked), the bot's guesses,
 * the channel, the opaque id, and the 「対応します」「FAQで回答」「対応終了」 controls. Nothing in it
 * identifies the resident.
 */
export function handoffThreadMessage(summary: HandoffSummary, knowledge: KnowledgeBase, state: 'open' | 'closed' = 'open'): SlackMessageBody {
  const channel = CHANNEL_NAMES[summary.channel];
  const title = `住民からの相談（${channel}）${state === 'closed' ? ' — 対応終了' : ''}`;
  const turns = summary.turns.length
    ? summary.turns
        .map((t, i) => `${i + 1}. ${quote(t.text)} → ボットの回答: \`${t.intent}\` (${t.confidence.toFixed(2)})`)
        .join('\n')
    : '（やり取りなし）';
  const guesses = summary.guesses.length
    ? summary.guesses.map((g) => `\`${g.intent}\` ${g.confidence.toFixed(2)}`).join(' / ')
    : '（なし）';
  const reply = summary.replyReachable
    ? 'このスレッドへの返信は住民に届きます。'
    : '*このスレッドへの返信は住民に届きません*（LINE のプッシュ送信が無効）。住民には窓口へ電話するよう案内しました。';
  const hours = summary.nextOpenAt !== undefined ? `\n受付時間外に届きました。住民には ${formatJapaneseTime(summary.nextOpenAt)} 以降に返事があると伝えています。` : '';
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title, emoji: true } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*受付番号*\n${summary.id}` },
        { type: 'mrkdwn', text: `*チャネル*\n${channel}` },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: `*これまでのやり取り*（暗証番号・マイナンバーは伏せています）\n${turns}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `*ボットの推定*\n${guesses}` } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text:
            `${reply}${hours}\n「${INTERNAL_NOTE_PREFIX}」で始めた返信は職員どうしのメモで、住民には届きません。` +
            `${summary.ttlMinutes}分やり取りがないと自動で終了します。`,
        },
      ],
    },
  ];
  if (state === 'open') {
    const options = INTENT_IDS.filter((id) => !NOT_OFFERED.has(id)).map((intent) => ({
      text: { type: 'plain_text' as const, text: `${knowledge.suggestion(intent).label}（${intent}）`.slice(0, OPTION_TEXT_MAX), emoji: true },
      value: `${summary.id}:${intent}`,
    }));
    blocks.push({
      type: 'actions',
      block_id: 'mynapin_handoff',
      elements: [
        { type: 'button', action_id: HANDOFF_CLAIM_ACTION, style: 'primary', text: { type: 'plain_text', text: '対応します', emoji: true }, value: summary.id },
        { type: 'static_select', action_id: HANDOFF_FAQ_ACTION, placeholder: { type: 'plain_text', text: 'FAQで回答', emoji: true }, options },
        {
          type: 'button',
          action_id: HANDOFF_CLOSE_ACTION,
          style: 'danger',
          text: { type: 'plain_text', text: '対応終了', emoji: true },
          value: summary.id,
          confirm: {
            title: { type: 'plain_text', text: '対応を終了しますか' },
            text: { type: 'plain_text', text: '住民にはボットとの会話に戻ると伝えます。' },
            confirm: { type: 'plain_text', text: '終了する' },
            deny: { type: 'plain_text', text: 'やめる' },
          },
        },
      ],
    });
  }
  return { text: `${title} 受付番号 ${summary.id}`, blocks };
}

/** A resident's message in the thread. */
export function residentMessage(maskedText: string): SlackMessageBody {
  const text = `*住民*: ${escapeMrkdwn(maskedText)}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } }] };
}

/** What the bot tells staff in the thread. */
export function noticeText(notice: StaffNotice): string {
  switch (notice.kind) {
    case 'unreachable':
      return ':warning: この返信は住民に届きません（LINE のプッシュ送信 LINE_ALLOW_PUSH が無効）。住民には窓口へ電話するよう案内しています。電話があったら対応してください。';
    case 'delivery_failed':
      return ':warning: 住民への送信に失敗しました。少し待ってもう一度書いてください。';
    case 'claimed':
      return `<@${notice.staffUser}> さんが対応します。`;
    case 'faq_sent':
      return notice.delivered
        ? `FAQ「${escapeMrkdwn(notice.label)}」（\`${notice.intent}\`）の回答を住民に送りました。`
        : `FAQ「${escapeMrkdwn(notice.label)}」（\`${notice.intent}\`）を記録しましたが、住民には送れませんでした（LINE のプッシュ送信が無効）。`;
    case 'closed':
      return notice.by === 'staff'
        ? `${notice.staffUser ? `<@${notice.staffUser}> さんが` : ''}対応を終了しました。住民はボットとの会話に戻ります。`
        : 'やり取りがないまま時間が過ぎたため、自動で終了しました。住民はボットとの会話に戻ります。';
    case 'already_closed':
      return 'この相談はすでに終了しています。住民には届きません。';
  }
}
