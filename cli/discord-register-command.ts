// `liso discord:register`: registers /liso with Discord (globally, or for DISCORD_GUILD_ID).
import { createApp } from '../src/app.ts';
import { systemClock } from '../src/core/clock.ts';
import type { Config } from '../src/config/schema.ts';
import type { Logger } from '../src/core/logger.ts';
import { MemoryStore } from '../src/store/memory-store.ts';
import { createRest, registerCommands } from '../adapters/discord/index.ts';
import { DeliveryError } from '../src/core/chat-adapter.ts';
import { UsageError } from './startup-errors.ts';

export async function discordRegisterCommand(config: Config, log: Logger, write: (text: string) => void): Promise<number> {
  if (!config.discord) throw new UsageError('discord:register heeft DISCORD_TOKEN en DISCORD_APPLICATION_ID nodig / needs DISCORD_TOKEN and DISCORD_APPLICATION_ID');
  // The command list comes from the features alone; no stored state is read, so no store is opened.
  const app = await createApp({ config, clock: systemClock, log, store: new MemoryStore() });
  try {
    const result = await registerCommands(app, {
      rest: createRest(config.discord),
      applicationId: config.discord.applicationId,
      defaultLang: config.defaultLang,
      ...(config.discord.guildId ? { guildId: config.discord.guildId } : {}),
    });
    const names = result.command.options.map((o) => o.name).join(', ');
    write(
      result.scope === 'guild'
        ? `/liso geregistreerd voor server ${config.discord.guildId} (direct zichtbaar) / registered for guild: ${names}\n`
        : `/liso wereldwijd geregistreerd (kan tot een uur duren) / registered globally (may take up to an hour): ${names}\n`,
    );
    if (result.skipped.length > 0) write(`niet als eigen subcommando (bereikbaar via /liso commando) / no subcommand of their own (reachable through /liso commando): ${result.skipped.join(', ')}\n`);
    return 0;
  } catch (error) {
    if (error instanceof DeliveryError) {
      throw new UsageError(
        error.reason.startsWith('discord-401')
          ? 'Discord weigert DISCORD_TOKEN (401) / Discord rejected DISCORD_TOKEN (401)'
          : `registreren bij Discord mislukt / registering with Discord failed: ${error.reason}`,
      );
    }
    throw error;
  } finally {
    await app.close();
  }
}
