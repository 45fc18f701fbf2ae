// The Discord adapter: discord.js gateway and REST to the core's ports; nothing Discord leaks into src/.
export { DiscordAdapter, DISCORD_PLATFORM } from './discord-adapter.ts';
export { createDiscordClient, createRest } from './discord-client.ts';
export type { DiscordConnection } from './discord-client.ts';
export { buildLisoCommand } from './command-definition.ts';
export { registerCommands } from './register-commands.ts';
export { startDiscord, DiscordStartError } from './start-discord.ts';
export type { DiscordRuntime } from './start-discord.ts';
