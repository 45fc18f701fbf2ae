// Builds the discord.js client: non-privileged intents only, no REST retry or rate-limit wait.
import { Client, GatewayIntentBits, Partials, REST } from 'discord.js';
import type { RESTOptions } from 'discord.js';
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
    makeRequest: sendWithNodeFetch,
  };
}

/**
 * Node's own fetch instead of discord.js's bundled undici `request`. That one sends through the
 * process-wide undici dispatcher, which Slack's Socket Mode client (undici 7) replaces when both
 * platforms run in one process; undici 7 cannot read the FormData of an upload made by another
 * undici, so every message with a file failed ("action is not a function"). Node's fetch turns
 * the FormData into bytes itself before any dispatcher sees it.
 */
// The options and the answer are fetch's; only their types come from different undici copies.
const sendWithNodeFetch: RESTOptions['makeRequest'] = (url, init) => fetch(url, init as unknown as RequestInit) as unknown as ReturnType<RESTOptions['makeRequest']>;

export function createRest(connection: DiscordConnection): REST {
  return new REST(restOptions(connection)).setToken(connection.token);
}

/**
 * A REST client for interaction responses only (the callback, the original response, follow-ups:
 * all sent with the interaction's token). Discord does not count them towards the bot's global
 * limit of 50 requests a second, but discord.js counts every request of a client and, set to
 * reject, refused a member's answer in a second the bot's own sends had used up. This client keeps
 * no global count; the per-route buckets Discord announces still apply.
 */
export function createInteractionRest(connection: DiscordConnection, log: Logger): REST {
  const rest = new REST({ ...restOptions(connection), globalRequestsPerSecond: Number.MAX_SAFE_INTEGER }).setToken(connection.token);
  rest.on('rateLimited', (info) => log.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'discord rate limit'));
  return rest;
}

/**
 * No privileged intent: interactions arrive without any; Guilds keeps channel and role caches
 * sensible; GuildMessages and DirectMessages deliver message events, whose content Discord
 * includes only in direct messages and in messages that mention the bot (without the privileged
 * Message Content intent, every other guild message arrives empty and is ignored). DM channels
 * are not cached, so they come as partials.
 */
export const DISCORD_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages] as const;

export function createDiscordClient(connection: DiscordConnection, log: Logger): Client {
  const client = new Client({
    intents: [...DISCORD_INTENTS],
    partials: [Partials.Channel],
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
