// `liso discord:register`: puts the /liso command on Discord, for every server or one guild.
import type { REST } from 'discord.js';
import { Routes } from 'discord.js';
import type { App } from '../../src/app.ts';
import type { Lang } from '../../src/core/i18n.ts';
import type { SlashCommand } from './command-definition.ts';
import { buildLisoCommand } from './command-definition.ts';
import { classified } from './discord-errors.ts';

export interface RegisterOptions {
  rest: REST;
  applicationId: string;
  /** Register for this guild only (instant); otherwise globally (may take up to an hour to show). */
  guildId?: string;
  defaultLang: Lang;
}

export interface RegisterResult {
  scope: 'global' | 'guild';
  command: SlashCommand;
  skipped: string[];
}

/**
 * Overwrites the application's commands with exactly /liso (bulk PUT), so re-running it after
 * an upgrade is idempotent and removes commands that no longer exist.
 */
export async function registerCommands(app: App, options: RegisterOptions): Promise<RegisterResult> {
  const { command, skipped } = buildLisoCommand(app.bot.commands(), app.prompts, options.defaultLang, { guild: options.guildId !== undefined });
  const route = options.guildId ? Routes.applicationGuildCommands(options.applicationId, options.guildId) : Routes.applicationCommands(options.applicationId);
  await classified(() => options.rest.put(route, { body: [command] }));
  return { scope: options.guildId ? 'guild' : 'global', command, skipped };
}
