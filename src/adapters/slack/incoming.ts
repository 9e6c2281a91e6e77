/** A user's message as the listeners need it, after every kind of message we never answer is dropped. */
export interface IncomingMessage {
  team: string;
  channel: string;
  channelType: string | undefined;
  user: string;
  /** Raw Slack text (still with <@U…> mentions and &amp; escapes). */
  text: string;
  ts: string;
  threadTs: string | undefined;
  /** True when the message carries files (a photo of the card, a screenshot…). */
  hasFiles: boolean;
}

/** Subtypes that are a person saying something; every other subtype (edits, deletions, joins…) is not. */
const USER_SUBTYPES: ReadonlySet<string | undefined> = new Set([undefined, 'file_share', 'thread_broadcast']);

/**
 * Reads a `message` or `app_mention` event. Returns undefined for anything that is not a person's
 * new message: bots (this app included), edits (message_changed), deletions, channel joins, and
 * events missing what an answer needs.
 */
export function readUserMessage(event: unknown, teamFallback: string | undefined): IncomingMessage | undefined {
  if (event === null || typeof event !== 'object') return undefined;
  const e = event as Record<string, unknown>;
  const subtype = typeof e.subtype === 'string' ? e.subtype : undefined;
  if (!USER_SUBTYPES.has(subtype)) return undefined;
  if (e.bot_id !== undefined || e.bot_profile !== undefined) return undefined;
  if (e.edited !== undefined) return undefined;
  const { channel, user, ts } = e;
  if (typeof channel !== 'string' || typeof user !== 'string' || typeof ts !== 'string') return undefined;
  const team = typeof e.team === 'string' ? e.team : teamFallback;
  if (!team) return undefined;
  return {
    team,
    channel,
    channelType: typeof e.channel_type === 'string' ? e.channel_type : undefined,
    user,
    text: typeof e.text === 'string' ? e.text : '',
    ts,
    threadTs: typeof e.thread_ts === 'string' && e.thread_ts !== ts ? e.thread_ts : undefined,
    hasFiles: Array.isArray(e.files) && e.files.length > 0,
  };
}

/** The team id of an Events API body (workspace apps have `team_id`; org-wide installs, `authorizations`). */
export function bodyTeam(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as { team_id?: unknown; authorizations?: Array<{ team_id?: unknown }> };
  if (typeof b.team_id === 'string') return b.team_id;
  const auth = b.authorizations?.[0]?.team_id;
  return typeof auth === 'string' ? auth : undefined;
}
