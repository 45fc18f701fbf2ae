// Slack message events (a direct message, an app_mention) as the core's MessageEvent, and which
// of them the bot must not answer at all.
import type { MessageEvent } from '../../src/core/events.ts';
import { parseCommandText, SLACK_PLATFORM } from './event-translation.ts';

/** The fields of a `message` (message.im) or `app_mention` event the adapter reads. */
export interface SlackMessagePayload {
  type: 'message' | 'app_mention';
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
  files?: unknown[];
}

// A new message, a file shared with a comment, a thread reply also sent to the channel: these
// are people writing. Every other subtype is an edit, a deletion, a join or a bot's message.
const ANSWERED_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

export type TranslatedMessage = { kind: 'event'; event: MessageEvent } | { kind: 'ignored'; reason: string };

/**
 * The core event for a person's direct message or mention of the bot; `ignored` for the bot's
 * own and other bots' messages, edits, deletions and other subtypes, and for channel messages
 * that arrive without being a mention. The bot's mention is taken out of the text.
 */
export function translateMessage(payload: SlackMessagePayload, botUserId: string): TranslatedMessage {
  if (payload.bot_id || payload.subtype === 'bot_message') return { kind: 'ignored', reason: 'bot' };
  if (!payload.user) return { kind: 'ignored', reason: 'no user' };
  if (payload.user === botUserId) return { kind: 'ignored', reason: 'self' };
  if (!ANSWERED_SUBTYPES.has(payload.subtype)) return { kind: 'ignored', reason: `subtype ${payload.subtype}` };
  const direct = payload.type === 'message';
  if (direct && payload.channel_type !== 'im') return { kind: 'ignored', reason: `message in ${payload.channel_type ?? 'unknown'} channel` };
  const parsed = parseCommandText(payload.text ?? '');
  // The first mention of the bot addresses it and goes; a later one ("rol deelnemer @liso-bot") names it, and
  // stays for the core to refuse as a bot rather than read the command without it.
  const text = parsed.text.replace(`<@${botUserId}>`, ' ').replace(/[ \t]+/g, ' ').trim();
  return {
    kind: 'event',
    event: {
      type: 'message',
      platform: SLACK_PLATFORM,
      // Message events carry no name; an empty one keeps the name the core knows.
      actor: { userId: payload.user, displayName: '' },
      conversation: { kind: direct ? 'direct' : 'channel', id: payload.channel },
      text,
      mentions: parsed.mentions.filter((m) => text.includes(m.token)),
      // A ts is unique within its channel: the pair names one message on every delivery.
      eventId: `${payload.channel}:${payload.ts}`,
      ...((payload.files?.length ?? 0) > 0 ? { hasAttachments: true } : {}),
    },
  };
}
