// Receives each Discord interaction, turns it into a core event and hands it to the bot.
import type { Interaction, REST } from 'discord.js';
import { MessageFlags, Routes } from 'discord.js';
import type { Bot } from '../../src/core/bot.ts';
import type { PromptCatalog } from '../../src/core/prompt-files.ts';
import type { Lang } from '../../src/core/i18n.ts';
import type { Logger } from '../../src/core/logger.ts';
import { errorMessage } from '../../src/core/standard-messages.ts';
import type { Store } from '../../src/store/port.ts';
import { StoreUnavailableError } from '../../src/store/port.ts';
import type { DiscordAdapter } from './discord-adapter.ts';
import { DISCORD_PLATFORM } from './discord-adapter.ts';
import { decodeCustomId } from './custom-ids.ts';
import { discordKeys } from './discord-keys.ts';
import type { DmClosedMemory } from './dm-closed-memory.ts';
import type { InteractionInfo } from './interaction-responder.ts';
import { InteractionResponder } from './interaction-responder.ts';
import type { LookedUpUser, PendingForm } from './interaction-translator.ts';
import type { PersonKeys } from '../../src/core/person-keys.ts';
import { STALE_ACTION_ID, translateInteraction } from './interaction-translator.ts';
import type { RoleLinks } from './role-links.ts';

/** Discord allows 3 s for the first answer; deferring at 2 s leaves room for the round trip. */
export const DEFAULT_DEFER_AFTER_MS = 2_000;

export interface InteractionHandlerDeps {
  bot: Bot;
  prompts: PromptCatalog;
  adapter: DiscordAdapter;
  rest: REST;
  /** For the interaction's own responses, which Discord's global limit does not count. */
  interactionRest: REST;
  store: Store;
  personKeys: PersonKeys;
  dmClosed: DmClosedMemory;
  roleLinks: RoleLinks;
  applicationId: string;
  log: Logger;
  /** The language of people whose own the store cannot tell (it may be unreachable). */
  defaultLang: Lang;
  deferAfterMs?: number;
}

export class InteractionHandler {
  constructor(private readonly deps: InteractionHandlerDeps) {}

  /** Never throws: a failure is logged, and the person gets the core's apology where possible. */
  async handle(interaction: Interaction): Promise<void> {
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isStringSelectMenu() && !interaction.isModalSubmit()) return;
    const log = this.deps.log.child({ adapter: DISCORD_PLATFORM, interaction: interaction.id });
    const info: InteractionInfo = {
      id: interaction.id,
      token: interaction.token,
      applicationId: interaction.applicationId || this.deps.applicationId,
      userId: interaction.user.id,
      kind: interaction.isChatInputCommand() ? 'command' : interaction.isModalSubmit() ? 'modal' : 'component',
      ...(interaction.isButton() || interaction.isStringSelectMenu()
        ? {
            source: {
              channelId: interaction.message.channelId,
              messageId: interaction.message.id,
              ephemeral: interaction.message.flags.has(MessageFlags.Ephemeral),
              ...partOf(interaction.customId),
              content: interaction.message.content,
              pressedId: interaction.customId,
              customIds: interaction.message.components.flatMap((row) => ('components' in row ? row.components.flatMap((c) => ('customId' in c && c.customId ? [c.customId] : [])) : [])),
            },
          }
        : {}),
    };
    const responder = new InteractionResponder(info, {
      rest: this.deps.rest,
      interactionRest: this.deps.interactionRest,
      adapter: this.deps.adapter,
      store: this.deps.store,
      log,
      person: this.deps.personKeys.of(DISCORD_PLATFORM, info.userId),
      translator: async () => this.deps.prompts.translator(await this.deps.bot.langOf(DISCORD_PLATFORM, info.userId).catch(() => this.deps.defaultLang)),
    });
    responder.startDeadline(this.deps.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS);
    try {
      const translated = await translateInteraction(interaction, { store: this.deps.store, lookupUser: (id) => this.lookupUser(id) });
      if (translated.kind === 'ignored') {
        log.debug({ reason: translated.reason }, 'interaction ignored');
      } else if (translated.kind === 'open-form') {
        const pending = await this.deps.store.get<PendingForm>(discordKeys.pendingForm(translated.formKey));
        if (pending && pending.person === this.deps.personKeys.of(DISCORD_PLATFORM, info.userId)) {
          await responder.showStoredForm(translated.formKey, pending.form);
          return;
        }
        await this.deps.bot.handle(
          { type: 'action', platform: DISCORD_PLATFORM, actor: { userId: info.userId, displayName: interaction.user.username }, conversation: { kind: 'channel', id: interaction.channelId ?? '' }, actionId: STALE_ACTION_ID, value: '' },
          responder.forCore(),
        );
      } else {
        const event = translated.event;
        if (event.conversation.kind === 'direct') await this.deps.dmClosed.forget(event.actor.userId);
        if (event.type === 'command' && interaction.inGuild() && (await this.deps.roleLinks.handleCommand(interaction, event, responder.forCore()))) return;
        if (interaction.inGuild()) await this.deps.roleLinks.syncMember(interaction, event);
        await this.deps.bot.handle(event, responder.forCore());
      }
    } catch (error) {
      if (error instanceof StoreUnavailableError) {
        // Before the core was reached (a stored button id, role links); the outage is logged once elsewhere.
        log.info('interaction answered with "try again": store unreachable');
        const t = this.deps.prompts.translator(this.deps.defaultLang);
        await responder
          .forCore()
          .reply(errorMessage(t.rich('error.storeUnavailable'), t.text('error.storeUnavailable')))
          .catch((failure: unknown) => log.warn({ err: failure }, 'could not tell the person to try again'));
      } else log.error({ err: error }, 'interaction failed');
    } finally {
      await responder.finish().catch((error: unknown) => log.warn({ err: error }, 'could not finish the interaction'));
    }
  }

  private async lookupUser(userId: string): Promise<LookedUpUser | undefined> {
    try {
      const user = (await this.deps.rest.get(Routes.user(userId))) as { username: string; global_name?: string | null; bot?: boolean };
      return { displayName: user.global_name ?? user.username, isBot: user.bot === true };
    } catch {
      return undefined;
    }
  }
}

/** The part number a pressed control carries, when its message went out in parts. */
function partOf(customId: string): { part?: number } {
  const decoded = decodeCustomId(customId);
  return 'part' in decoded && decoded.part !== undefined ? { part: decoded.part } : {};
}
