// Discord messages (a DM to the bot, a guild message that mentions it) as the core's MessageEvent,
// and which messages the bot must not answer at all.
import type { Message } from 'discord.js';
import type { MentionedUser, MessageEvent } from '../../src/core/events.ts';
import { DISCORD_PLATFORM } from './discord-adapter.ts';
import { botFlag, displayNameOf } from './interaction-translator.ts';

export type TranslatedMessage = { kind: 'event'; event: MessageEvent } | { kind: 'ignored'; reason: string };

/**
 * The core event for a person's DM to the bot or a guild message that mentions it: typed as
 * `<@bot>`, or a reply to one of the bot's messages that pings it (a follow-up such as "meer
 * tips"). `ignored` for bots (the bot itself included), webhooks, system messages and every
 * other guild message (@everyone and role mentions do not count). The bot's mention is taken out
 * of the text.
 */
export function translateMessage(message: Message, botUserId: string): TranslatedMessage {
  if (message.author.bot) return { kind: 'ignored', reason: message.author.id === botUserId ? 'self' : 'bot' };
  if (message.webhookId) return { kind: 'ignored', reason: 'webhook' };
  if (message.system) return { kind: 'ignored', reason: 'system' };
  const direct = !message.inGuild();
  // The first mention of the bot addresses it and goes; a later one ("rol deelnemer @liso-bot") names it, and
  // stays for the core to refuse as a bot rather than read the command without it.
  const botToken = new RegExp(`<@!?${botUserId}>`);
  const addressed = message.mentions.users.has(botUserId) || message.content.includes(`<@${botUserId}>`) || message.content.includes(`<@!${botUserId}>`);
  if (!direct && !addressed) return { kind: 'ignored', reason: 'not addressed to the bot' };
  const text = message.content.replace(botToken, ' ').replace(/[ \t]+/g, ' ').trim();
  return {
    kind: 'event',
    event: {
      type: 'message',
      platform: DISCORD_PLATFORM,
      actor: { userId: message.author.id, displayName: displayNameOf(message.author, message.member) },
      conversation: { kind: direct ? 'direct' : 'channel', id: message.channelId },
      text,
      mentions: mentionsIn(message, text, botUserId),
      eventId: message.id,
      ...(message.attachments.size > 0 || message.stickers.size > 0 ? { hasAttachments: true } : {}),
    },
  };
}

/** The people named with `<@id>` in the text; Discord resolves them with the message. */
function mentionsIn(message: Message, text: string, botUserId: string): MentionedUser[] {
  const found: MentionedUser[] = [];
  for (const [id, user] of message.mentions.users) {
    const member = message.mentions.members?.get(id) ?? null;
    for (const token of [`<@${id}>`, `<@!${id}>`]) {
      if (text.includes(token)) found.push({ token, userId: id, displayName: displayNameOf(user, member), ...botFlag(user.bot || id === botUserId) });
    }
  }
  return found;
}
