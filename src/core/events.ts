// What reaches the core from an adapter: commands, free messages, button presses, form submissions.
import type { MessageRef } from './chat-adapter.ts';

/** Who acted. `userId` is opaque: only the adapter that made it can read it. */
export interface Actor {
  userId: string;
  /** Empty when the platform does not tell (a Slack message event): the core keeps the name it knows. */
  displayName: string;
}

/** Where it happened: a direct conversation with the bot, or a channel. Ids are opaque. */
export interface Conversation {
  kind: 'direct' | 'channel';
  id: string;
}

/** A user named in a command, resolved by the adapter from its platform's mention markup. */
export interface MentionedUser {
  /** The exact substring of the command text that names the user. */
  token: string;
  userId: string;
  displayName: string;
  /**
   * The platform says this account is a bot or app (this bot itself included), not a person.
   * Absent when the adapter cannot tell: then it is taken for a person.
   */
  isBot?: boolean;
}

interface BaseEvent {
  platform: string;
  actor: Actor;
  conversation: Conversation;
  /** Platform event id, when the platform gives one; used to drop retries and replays. */
  eventId?: string;
}

/** `/liso <text>`: `text` is everything after the command name. */
export interface CommandEvent extends BaseEvent {
  type: 'command';
  text: string;
  mentions: MentionedUser[];
}

export interface ActionEvent extends BaseEvent {
  type: 'action';
  actionId: string;
  value: string;
  /** The message the button was on, when the platform tells. */
  source?: MessageRef;
}

export interface FormEvent extends BaseEvent {
  type: 'form';
  formId: string;
  context: string;
  values: Record<string, string>;
}

/**
 * Free text addressed to the bot, without a slash command: a direct message to the bot
 * (conversation kind 'direct'), or a channel message that mentions the bot (kind 'channel').
 * The adapter sends only these: never the bot's own or other bots' messages, edits, deletions
 * or channel messages that do not mention the bot. The core decides what the text means (a
 * command word, a follow-up, a question) and answers a mention visibly where the platform can.
 */
export interface MessageEvent extends BaseEvent {
  type: 'message';
  /**
   * What the person wrote, as plain text: the mention of the bot removed, other people's
   * mentions as the tokens listed in `mentions`, platform markup for links and special mentions
   * turned into plain words. Empty when the message held only files, images or a sticker.
   */
  text: string;
  mentions: MentionedUser[];
  /** The platform's id of the message, unique per platform, so each message is answered once. */
  eventId: string;
  /** The message carried files, images or stickers; the bot never reads their content. */
  hasAttachments?: boolean;
}

/**
 * The person opened their direct conversation with the bot (Slack's Messages tab, a personal
 * chat in which the bot was added). May come every time they open it; the core introduces
 * itself once per person.
 */
export interface OpenedEvent extends BaseEvent {
  type: 'opened';
}

/**
 * The person left a channel (Slack's member_left_channel); `conversation` is that channel. Nobody
 * is answered: the network's leads are told when the person still holds a role in it.
 */
export interface LeftEvent extends BaseEvent {
  type: 'left';
}

export type CoreEvent = CommandEvent | MessageEvent | OpenedEvent | ActionEvent | FormEvent | LeftEvent;
