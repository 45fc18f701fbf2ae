// Builds the discord.js client: the one intent slash commands need, no REST retry or rate-limit wait.
import { Client, GatewayIntentBits, REST } from 'discord.js';
import type { Logger } from '../../src/core/logger.ts';

export interface DiscordConnection {
  token: string;
  applicationId: string;
  /** REST base, e.g. https://discord.com/api (a proxy, or a fake in tests). */
  apiUrl?: string;
}

/**
 * REST settings shared by the gateway client and `discord:register`: no retries and a rejected
 * (not awaited) rate limit, so a 429 surfaces at once with its Retry-After and the core's
 * delivery decides when to try again, instead of a request hanging in a client-side loop.
 */
export function restOptions(connection: Pick<DiscordConnection, 'apiUrl'>) {
  return {
    ...(connection.apiUrl ? { api: connection.apiUrl.replace(/\/+$/, '') } : {}),
    retries: 0,
    rejectOnRateLimit: () => true,
    timeout: 10_000,
  };
}

export function createRest(connection: DiscordConnection): REST {
  return new REST(restOptions(connection)).setToken(connection.token);
}

/** Interactions arrive without privileged intents; Guilds keeps channel and role caches sensible. */
export function createDiscordClient(connection: DiscordConnection, log: Logger): Client {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: restOptions(connection),
    // Defence in depth: every payload sets allowed_mentions itself, this covers anything else.
    allowedMentions: { parse: [], repliedUser: false },
  });
  // Without a listener an 'error' event would end the process.
  client.on('error', (error) => log.error({ err: error }, 'discord client error'));
  client.on('warn', (message) => log.warn({ detail: message }, 'discord client warning'));
  client.rest.on('rateLimited', (info) => log.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'discord rate limit'));
  return client;
}
