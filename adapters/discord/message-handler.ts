// Receives each Discord message event, turns a DM or a mention of the bot into a core event and
// hands it to the bot; everything else is ignored here.
import type { Message } from 'discord.js';
import type { Bot } from '../../src/core/bot.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { PromptCatalog } from '../../src/core/prompt-files.ts';
import type { DiscordAdapter } from './discord-adapter.ts';
import { DISCORD_PLATFORM } from './discord-adapter.ts';
import type { DmClosedMemory } from './dm-closed-memory.ts';
import { createMessageResponder } from './message-responder.ts';
import { translateMessage } from './message-translator.ts';

export interface MessageHandlerDeps {
  bot: Bot;
  prompts: PromptCatalog;
  adapter: DiscordAdapter;
  dmClosed: DmClosedMemory;
  log: Logger;
}

export class MessageHandler {
  constructor(private readonly deps: MessageHandlerDeps) {}

  /**
   * Never throws. Every replica logged in to the gateway receives every message; the core claims
   * the message id, so one of them answers.
   */
  async handle(message: Message): Promise<void> {
    const botUserId = message.client.user?.id;
    if (!botUserId) return;
    const translated = translateMessage(message, botUserId);
    if (translated.kind === 'ignored') {
      if (translated.reason !== 'not addressed to the bot') this.deps.log.debug({ reason: translated.reason }, 'discord message ignored');
      return;
    }
    const { event } = translated;
    const log = this.deps.log.child({ message: message.id });
    try {
      // Writing to the bot in a DM shows the person's DMs are open again.
      if (event.conversation.kind === 'direct') await this.deps.dmClosed.forget(event.actor.userId);
      const responder = createMessageResponder(
        {
          adapter: this.deps.adapter,
          log,
          translator: async () => this.deps.prompts.translator(await this.deps.bot.langOf(DISCORD_PLATFORM, event.actor.userId)),
        },
        { userId: event.actor.userId, displayName: event.actor.displayName, channelId: message.channelId, messageId: message.id, direct: event.conversation.kind === 'direct' },
      );
      await this.deps.bot.handle(event, responder);
    } catch (error) {
      log.error({ err: error }, 'discord message failed');
    }
  }
}
