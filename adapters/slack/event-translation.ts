// Slack payloads (slash commands, block actions, view submissions) as the core's events.
import type { MessageRef } from '../../src/core/chat-adapter.ts';
import type { ActionEvent, Actor, CommandEvent, Conversation, FormEvent, MentionedUser } from '../../src/core/events.ts';
import { decodeActionId } from './action-ids.ts';
import { readFormMetadata, submittedValues } from './form-modal.ts';

export const SLACK_PLATFORM = 'slack';
/** Longest part of a name from Slack read at all: well past the 80 characters the core keeps of it. */
export const MAX_NAME_READ = 300;

/** The fields of a slash command payload the adapter reads. */
export interface SlashCommandPayload {
  text?: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  channel_name?: string;
  trigger_id?: string;
}

/** The fields of a block_actions payload the adapter reads. */
export interface BlockActionsPayload {
  trigger_id?: string;
  user: { id: string; name?: string; username?: string };
  channel?: { id: string; name?: string };
  container?: { type?: string; channel_id?: string; message_ts?: string; is_ephemeral?: boolean; view_id?: string };
  message?: { ts: string; blocks?: unknown[] };
  view?: { id?: string; type?: string };
  actions: Array<{ action_id: string; value?: string; selected_option?: { value: string } | null; action_ts?: string }>;
}

/** The fields of a view_submission payload the adapter reads. */
export interface ViewSubmissionPayload {
  trigger_id?: string;
  user: { id: string; name?: string; username?: string };
  view: { id: string; callback_id?: string; private_metadata?: string; state?: { values?: Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>> } };
}

// With "escape channels, users and links" on (the manifest sets it), Slack sends each mention
// the user picked as <@U123|name> and every literal "<", ">" and "&" the user typed as an
// entity. So only these tokens are real mentions; a typed "<@U999>" arrives as "&lt;@U999&gt;".
// No part of a token may contain "<" (Slack sends a typed one as &lt;): a scan then stops at the next
// token, so "<#<#<#…" costs linear time instead of a rescan of the rest of the text from every "<".
const USER_MENTION = /<@([UW][A-Z0-9]+)(?:\|([^<>]*))?>/g;
const OTHER_TOKEN = /<([!#])([^<>|]*)(?:\|([^<>]*))?>|<((?:https?|mailto):[^<>|]*)(?:\|([^<>]*))?>/g;

/**
 * Reads command text from Slack: user mentions become `<@U123>` tokens listed in `mentions`;
 * special mentions (<!channel>), channel links and URLs become plain words; entities are
 * decoded. The result is what the person typed, and nothing in it can ping by itself.
 */
export function parseCommandText(raw: string): { text: string; mentions: MentionedUser[] } {
  const mentions = new Map<string, MentionedUser>();
  const placeholders: string[] = [];
  // Mentions are swapped for placeholders first, so decoding entities cannot forge one.
  // A NUL cannot come from a keyboard; removing it keeps the placeholders unforgeable.
  let text = raw.replace(/\u0000/g, '').replace(USER_MENTION, (_all, userId: string, name?: string) => {
    const token = `<@${userId}>`;
    if (!mentions.has(userId)) mentions.set(userId, { token, userId, displayName: cleanName(name) || userId });
    placeholders.push(token);
    return `\u0000${placeholders.length - 1}\u0000`;
  });
  text = text.replace(OTHER_TOKEN, (_all, sigil?: string, target?: string, label?: string, url?: string, urlLabel?: string) => {
    // A typed "www.leiden.nl" or "info@stadhuis.nl" arrives linked with itself as the label: keep it as typed.
    if (url !== undefined) return !urlLabel || withoutScheme(url) === withoutScheme(urlLabel) ? (urlLabel ?? url) : `${urlLabel} (${url})`;
    if (sigil === '!') return `@${(label ?? target ?? '').replace(/^subteam\^\w+$/, 'group')}`;
    return `#${label || target || ''}`;
  });
  text = decodeEntities(text).replace(/\u0000(\d+)\u0000/g, (_all, index: string) => placeholders[Number(index)] ?? '');
  return { text, mentions: [...mentions.values()] };
}

function withoutScheme(address: string): string {
  return address.replace(/^(?:https?:\/\/|mailto:)/i, '');
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Without markup characters, and bounded (the core cleans and shortens names at its door, after a
 * whole word: a cut here at its length would leave half a word the core sees no reason to mark).
 */
function cleanName(name: string | undefined): string {
  return (name ?? '').slice(0, MAX_NAME_READ).replace(/[<>&]/g, '').trim();
}

function conversationOf(channelId: string, channelName?: string): Conversation {
  // Direct-message channel ids start with D; Slack also names them "directmessage".
  const direct = channelName === 'directmessage' || channelId.startsWith('D');
  return { kind: direct ? 'direct' : 'channel', id: channelId };
}

function actorOf(user: { id: string; name?: string; username?: string }): Actor {
  return { userId: user.id, displayName: cleanName(user.name ?? user.username) || user.id };
}

export function commandEvent(payload: SlashCommandPayload, eventId?: string): CommandEvent {
  const { text, mentions } = parseCommandText(payload.text ?? '');
  return {
    type: 'command',
    platform: SLACK_PLATFORM,
    actor: { userId: payload.user_id, displayName: cleanName(payload.user_name) || payload.user_id },
    conversation: conversationOf(payload.channel_id, payload.channel_name),
    text,
    mentions,
    ...(eventId ? { eventId } : {}),
  };
}

/** Where the pressed button was: a message in a channel, or the App Home (no message). */
export function actionSource(payload: BlockActionsPayload): MessageRef | undefined {
  const channel = payload.container?.channel_id ?? payload.channel?.id;
  const ts = payload.container?.message_ts ?? payload.message?.ts;
  return channel && ts ? { platform: SLACK_PLATFORM, conversationId: channel, messageId: ts } : undefined;
}

export function isHomeAction(payload: BlockActionsPayload): boolean {
  return payload.view?.type === 'home' || payload.container?.type === 'view';
}

/** One ActionEvent per action in the payload (Slack sends one per press in practice). */
export function actionEvents(payload: BlockActionsPayload, eventId?: string): ActionEvent[] {
  const source = actionSource(payload);
  const channel = payload.channel?.id ?? payload.container?.channel_id;
  const conversation: Conversation = channel ? conversationOf(channel, payload.channel?.name) : { kind: 'direct', id: payload.user.id };
  return payload.actions.map((action, index) => ({
    type: 'action',
    platform: SLACK_PLATFORM,
    actor: actorOf(payload.user),
    conversation,
    actionId: decodeActionId(action.action_id),
    value: action.selected_option?.value ?? action.value ?? '',
    ...(source ? { source } : {}),
    ...(eventId ? { eventId: payload.actions.length > 1 ? `${eventId}:${index}` : eventId } : {}),
  }));
}

/** The FormEvent of a submitted modal; undefined when the modal is not one of ours. */
export function formEvent(payload: ViewSubmissionPayload, eventId?: string): FormEvent | undefined {
  const metadata = readFormMetadata(payload.view.private_metadata);
  if (!metadata) return undefined;
  return {
    type: 'form',
    platform: SLACK_PLATFORM,
    actor: actorOf(payload.user),
    conversation: metadata.conversation,
    formId: metadata.formId,
    context: metadata.context,
    values: submittedValues(payload.view.state),
    ...(eventId ? { eventId } : {}),
  };
}
