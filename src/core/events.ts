// What reaches the core from an adapter: commands, button presses and form submissions.
import type { MessageRef } from './chat-adapter.ts';

/** Who acted. `userId` is opaque: only the adapter that made it can read it. */
export interface Actor {
  userId: string;
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

export type CoreEvent = CommandEvent | ActionEvent | FormEvent;
