// Starts the Discord adapter in a running app: gateway login, interaction handling, the ChatAdapter.
import type { Client } from 'discord.js';
import { DiscordjsError, DiscordjsErrorCodes, Events } from 'discord.js';
import type { App } from '../../src/app.ts';
import type { Logger } from '../../src/core/logger.ts';
import { DiscordAdapter } from './discord-adapter.ts';
import type { DiscordConnection } from './discord-client.ts';
import { createDiscordClient, createInteractionRest } from './discord-client.ts';
import { DmClosedMemory } from './dm-closed-memory.ts';
import { InteractionHandler } from './interaction-handler.ts';
import { MessageHandler } from './message-handler.ts';
import { RoleLinks } from './role-links.ts';
import { createDiscordPrivacyFeature } from './discord-privacy.ts';

export interface DiscordRuntime {
  client: Client;
  adapter: DiscordAdapter;
  handler: InteractionHandler;
  messages: MessageHandler;
  stop(): Promise<void>;
}

/** A start-up failure with a one-line explanation (a bad token, Discord unreachable). */
export class DiscordStartError extends Error {
  override name = 'DiscordStartError';
}

export interface StartDiscordOptions {
  /** Skip the gateway login (tests inject raw interactions instead). */
  login?: boolean;
  deferAfterMs?: number;
}

/**
 * Attaches the Discord adapter to the app's bot and logs in to the gateway. The caller runs the
 * scheduler (once per process, whichever platforms run).
 */
export async function startDiscord(app: App, connection: DiscordConnection, log: Logger, options: StartDiscordOptions = {}): Promise<DiscordRuntime> {
  const discordLog = log.child({ adapter: 'discord' });
  const client = createDiscordClient(connection, discordLog);
  const dmClosed = new DmClosedMemory(app.store, app.clock);
  const adapter = new DiscordAdapter({ rest: client.rest, store: app.store, dmClosed, log: discordLog });
  const roleLinks = new RoleLinks({ store: app.store, directory: app.directory, people: app.people, bot: app.bot, prompts: app.prompts, rest: client.rest, log: discordLog });
  const interactionRest = createInteractionRest(connection, discordLog);
  const handler = new InteractionHandler({
    bot: app.bot,
    prompts: app.prompts,
    adapter,
    rest: client.rest,
    interactionRest,
    store: app.store,
    personKeys: app.personKeys,
    dmClosed,
    roleLinks,
    applicationId: connection.applicationId,
    log: discordLog,
    defaultLang: app.defaultLang,
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
  });
  app.bot.attach(adapter);
  app.bot.use(createDiscordPrivacyFeature({ store: app.store, dmClosed, roleLinks }));
  client.on(Events.InteractionCreate, (interaction) => void handler.handle(interaction));
  const messages = new MessageHandler({ bot: app.bot, prompts: app.prompts, adapter, dmClosed, log: discordLog });
  client.on(Events.MessageCreate, (message) => void messages.handle(message));
  if (options.login !== false) {
    client.once(Events.ClientReady, (ready) => discordLog.info({ user: ready.user.id, guilds: ready.guilds.cache.size }, 'discord gateway ready'));
    try {
      await client.login(connection.token);
    } catch (error) {
      await client.destroy();
      throw describeLoginError(error);
    }
  } else {
    client.rest.setToken(connection.token);
  }
  return {
    client,
    adapter,
    handler,
    messages,
    async stop() {
      await client.destroy();
      interactionRest.clearHashSweeper();
      interactionRest.clearHandlerSweeper();
    },
  };
}

function describeLoginError(error: unknown): DiscordStartError {
  if (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid) {
    return new DiscordStartError('Discord weigert DISCORD_TOKEN (401); kopieer het bot-token opnieuw uit de Developer Portal / Discord rejected DISCORD_TOKEN (401); copy the bot token again from the Developer Portal');
  }
  if (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.DisallowedIntents) {
    return new DiscordStartError('Discord staat de gevraagde intents niet toe / Discord disallows the requested intents');
  }
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new DiscordStartError(`verbinden met Discord mislukt / could not connect to Discord: ${detail}`);
}
