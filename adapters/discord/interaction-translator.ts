// Discord interactions to core events: slash commands, button and menu presses, modal submissions.
import type { APIInteractionGuildMember, GuildMember, Interaction, User } from 'discord.js';
import type { MessageRef } from '../../src/core/chat-adapter.ts';
import type { Actor, CoreEvent, Conversation, MentionedUser } from '../../src/core/events.ts';
import type { Form } from '../../src/core/message.ts';
import type { Store } from '../../src/store/port.ts';
import { decodeCustomId } from './custom-ids.ts';
import { DISCORD_PLATFORM } from './discord-adapter.ts';
import { discordKeys } from './discord-keys.ts';
import { PASSTHROUGH_SUBCOMMAND, PERSON_OPTIONS, TEXT_OPTION } from './command-definition.ts';
import { isSnowflake } from './discord-markdown.ts';
import { modalFields } from './discord-renderer.ts';

/** An action id no feature registers: the core answers it as a stale button. */
export const STALE_ACTION_ID = 'discord.stale';
const MENTION_TOKEN = /<@!?(\d{15,25})>/g;
// A command names a handful of people; more tokens are left as text rather than looked up.
const MAX_LOOKUPS = 25;

export interface PendingForm {
  form: Form;
  /** The person key (src/core/person-keys.ts) of whom it was offered to: only they may open it. */
  person: string;
}

export type Translated =
  | { kind: 'event'; event: CoreEvent }
  | { kind: 'open-form'; formKey: string }
  | { kind: 'ignored'; reason: string };

export interface LookedUpUser {
  displayName: string;
  isBot: boolean;
}

export interface TranslatorDeps {
  store: Store;
  /** Name and bot flag of a user named by `<@id>` in free text (no resolved data comes with it). */
  lookupUser(userId: string): Promise<LookedUpUser | undefined>;
}

export async function translateInteraction(interaction: Interaction, deps: TranslatorDeps): Promise<Translated> {
  const base = {
    platform: DISCORD_PLATFORM,
    actor: actorOf(interaction.user, interaction.member),
    conversation: conversationOf(interaction),
    eventId: interaction.id,
  };
  if (interaction.isChatInputCommand()) {
    const subcommand = interaction.options.getSubcommand(false) ?? '';
    const typed = interaction.options.getString(TEXT_OPTION) ?? '';
    const people: MentionedUser[] = [];
    for (const name of PERSON_OPTIONS) {
      const user = interaction.options.getUser(name);
      if (!user) continue;
      const member = interaction.options.getMember(name) as GuildMember | APIInteractionGuildMember | null;
      people.push({ token: `<@${user.id}>`, userId: user.id, displayName: displayNameOf(user, member), ...botFlag(user.bot) });
    }
    const words = subcommand === PASSTHROUGH_SUBCOMMAND ? [typed] : [subcommand, typed];
    const text = [...words, ...people.map((p) => p.token)].filter((w) => w.trim() !== '').join(' ');
    const mentions = [...people, ...(await mentionsInText(typed, people, deps))];
    return { kind: 'event', event: { ...base, type: 'command', text, mentions } };
  }
  if (interaction.isButton() || interaction.isStringSelectMenu()) {
    const source: MessageRef = { platform: DISCORD_PLATFORM, conversationId: interaction.channelId, messageId: interaction.message.id };
    const decoded = decodeCustomId(interaction.customId);
    const action = (actionId: string, value: string): Translated => ({ kind: 'event', event: { ...base, type: 'action', actionId, value, source } });
    switch (decoded.kind) {
      case 'button':
        return action(decoded.actionId, decoded.value);
      case 'hashed': {
        const stored = await deps.store.get<{ actionId: string; value: string }>(discordKeys.longCustomId(decoded.hash));
        return stored ? action(stored.actionId, stored.value) : action(STALE_ACTION_ID, '');
      }
      case 'choice':
        return interaction.isStringSelectMenu() ? action(decoded.actionId, interaction.values[0] ?? '') : action(STALE_ACTION_ID, '');
      case 'open-form':
        return { kind: 'open-form', formKey: decoded.formKey };
      default:
        return action(STALE_ACTION_ID, '');
    }
  }
  if (interaction.isModalSubmit()) {
    const decoded = decodeCustomId(interaction.customId);
    if (decoded.kind === 'secret-modal') {
      // Inputs are named by field id: the form was never stored (see Form.secret). The ids come
      // from the payload: without a prototype, "__proto__" is just a name.
      const values = Object.create(null) as Record<string, string>;
      for (const [id, input] of interaction.fields.fields) {
        const value = 'values' in input && Array.isArray(input.values) ? (input.values[0] ?? '') : 'value' in input ? String(input.value ?? '') : '';
        if (value !== '') values[id] = value;
      }
      return { kind: 'event', event: { ...base, type: 'form', formId: decoded.formId, context: decoded.context, values } };
    }
    const pending = decoded.kind === 'modal' ? await deps.store.get<PendingForm>(discordKeys.pendingForm(decoded.formKey)) : undefined;
    if (!pending) return { kind: 'event', event: { ...base, type: 'action', actionId: STALE_ACTION_ID, value: '' } };
    const values: Record<string, string> = {};
    for (const { field, index } of modalFields(pending.form)) {
      const input = interaction.fields.fields.get(`f${index}`);
      if (!input) continue;
      const value = 'values' in input && Array.isArray(input.values) ? (input.values[0] ?? '') : 'value' in input ? String(input.value ?? '') : '';
      if (value !== '') values[field.id] = value;
    }
    return { kind: 'event', event: { ...base, type: 'form', formId: pending.form.formId, context: pending.form.context, values } };
  }
  return { kind: 'ignored', reason: `interaction type ${interaction.type}` };
}

function actorOf(user: User, member: GuildMember | APIInteractionGuildMember | null): Actor {
  return { userId: user.id, displayName: displayNameOf(user, member) };
}

/** Server nickname first, then the global display name, then the user name. */
export function displayNameOf(user: User, member: GuildMember | APIInteractionGuildMember | null): string {
  if (member && 'displayName' in member && typeof member.displayName === 'string') return member.displayName;
  if (member && 'nick' in member && member.nick) return member.nick;
  return user.globalName ?? user.username;
}

function conversationOf(interaction: Interaction): Conversation {
  const id = interaction.channelId ?? `dm:${interaction.user.id}`;
  return { kind: interaction.guildId ? 'channel' : 'direct', id };
}

/** `<@id>` typed into the text option: a mention when the user exists. */
async function mentionsInText(text: string, known: readonly MentionedUser[], deps: TranslatorDeps): Promise<MentionedUser[]> {
  const found: MentionedUser[] = [];
  const seen = new Set(known.map((m) => m.token));
  for (const match of [...text.matchAll(MENTION_TOKEN)].slice(0, MAX_LOOKUPS)) {
    const token = match[0];
    const userId = match[1]!;
    if (seen.has(token) || !isSnowflake(userId)) continue;
    seen.add(token);
    const fromOptions = known.find((m) => m.userId === userId);
    const looked = fromOptions ?? (await deps.lookupUser(userId));
    if (looked !== undefined) found.push({ token, userId, displayName: looked.displayName, ...botFlag(looked.isBot) });
  }
  return found;
}

/** Discord marks bot and app accounts (this bot included) on the user; the core must not take them for people. */
export function botFlag(bot: boolean | null | undefined): { isBot?: true } {
  return bot ? { isBot: true } : {};
}
