// Starts the Slack adapter for `liso start`: checks the tokens, connects, and wires the core.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { webApi } from '@slack/bolt';
import type { App as BoltApp } from '@slack/bolt';
import type { App } from '../../src/app.ts';
import type { Logger } from '../../src/core/logger.ts';
import { createBoltLogger } from './bolt-logger.ts';
import { SlackAdapter } from './slack-adapter.ts';
import type { BotIdentity, SlackConfig, SlackMode } from './slack-app.ts';
import { createBoltApp, DEFAULT_SLACK_API_URL, selectSlackMode, SLACK_EVENTS_PATH, slackClientOptions } from './slack-app.ts';
import { registerSlackListeners } from './slack-listeners.ts';
import { registerMessageListeners } from './message-listeners.ts';
import { SlackBotUsers } from './bot-users.ts';

/** A start-up problem the person running the bot can fix; its message is one line. */
export class SlackStartError extends Error {
  override name = 'SlackStartError';
}

export interface RunningSlack {
  mode: SlackMode;
  /** The HTTP port listened on (HTTP mode only). */
  port?: number;
  adapter: SlackAdapter;
  bolt: BoltApp;
  stop(): Promise<void>;
}

export interface StartSlackOptions {
  /** Interface to listen on in HTTP mode (all interfaces by default; tests use 127.0.0.1). */
  host?: string;
  fetch?: typeof fetch;
  /** How long a Web API call may go unanswered (tests of a lost answer wait less than the default). */
  requestTimeoutMs?: number;
}

/**
 * Verifies the bot token with auth.test, builds Bolt in Socket Mode or HTTP mode, attaches the
 * Slack adapter to the core and starts receiving. Throws SlackStartError for anything the
 * operator must fix (a refused token, an unreachable API, a busy port).
 */
export async function startSlack(app: App, config: SlackConfig, log: Logger, options: StartSlackOptions = {}): Promise<RunningSlack> {
  checkSettings(config);
  const slackLog = log.child({ adapter: 'slack' });
  const identity = await verifyBotToken(config, slackLog);
  const { bolt, mode } = createBoltApp({ config, log: slackLog, identity, ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}) });
  const adapter = new SlackAdapter(bolt.client, slackLog, { botUserId: identity.botUserId, ...(config.postsPerMinute ? { postsPerMinute: config.postsPerMinute } : {}) });
  app.bot.attach(adapter);
  const botUsers = new SlackBotUsers(bolt.client, identity.botUserId, slackLog);
  registerSlackListeners(bolt, {
    botUsers,
    bot: app.bot,
    store: app.store,
    adapter,
    log: slackLog,
    storeUnavailableText: app.prompts.translator(app.defaultLang).text('error.storeUnavailable'),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  registerMessageListeners(bolt, { bot: app.bot, adapter, log: slackLog, botUserId: identity.botUserId, botUsers });
  let port: number | undefined;
  try {
    if (mode === 'http') {
      const server = (await bolt.start({ port: config.port, ...(options.host ? { host: options.host } : {}) })) as Server;
      port = (server.address() as AddressInfo).port;
    } else {
      await bolt.start();
    }
  } catch (error) {
    // A half-started Socket Mode client would keep reconnecting in the background.
    await bolt.stop().catch(() => undefined);
    throw startFailure(error, mode, config);
  }
  slackLog.info({ mode, port, path: mode === 'http' ? SLACK_EVENTS_PATH : undefined, botUserId: identity.botUserId }, 'Slack adapter running');
  return {
    mode,
    ...(port !== undefined ? { port } : {}),
    adapter,
    bolt,
    stop: async () => {
      await bolt.stop();
    },
  };
}

function checkSettings(config: SlackConfig): void {
  if (!config.botToken.startsWith('xoxb-')) {
    throw new SlackStartError('SLACK_BOT_TOKEN moet een bot-token zijn dat begint met xoxb- / must be a bot token starting with xoxb-');
  }
  if (selectSlackMode(config) === 'socket') {
    if (!config.appToken!.startsWith('xapp-')) {
      throw new SlackStartError('SLACK_APP_TOKEN moet een app-token zijn dat begint met xapp- / must be an app-level token starting with xapp-');
    }
    return;
  }
  if (!config.signingSecret) {
    throw new SlackStartError(
      'zet SLACK_APP_TOKEN (Socket Mode) of SLACK_SIGNING_SECRET (HTTP-modus) / set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)',
    );
  }
}

/** auth.test: proves the token works and tells the bot's own ids (Bolt then skips its own call). */
export async function verifyBotToken(config: SlackConfig, log: Logger): Promise<BotIdentity> {
  const client = new webApi.WebClient(config.botToken, slackClientOptions(config, createBoltLogger(log)));
  let result: webApi.AuthTestResponse;
  try {
    result = await client.auth.test();
  } catch (error) {
    throw apiFailure('SLACK_BOT_TOKEN', error, config);
  }
  if (!result.user_id || !result.bot_id) {
    throw new SlackStartError('SLACK_BOT_TOKEN hoort niet bij een bot (auth.test gaf geen bot_id) / is not a bot token (auth.test returned no bot_id)');
  }
  return { botId: result.bot_id, botUserId: result.user_id };
}

function apiFailure(variable: string, error: unknown, config: SlackConfig): SlackStartError {
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number };
  const api = config.apiUrl ?? DEFAULT_SLACK_API_URL;
  if (e.code === webApi.ErrorCode.PlatformError) {
    return new SlackStartError(`${variable} wordt door Slack geweigerd (${e.data?.error ?? 'onbekend'}) / rejected by Slack (${e.data?.error ?? 'unknown'})`);
  }
  if (e.code === webApi.ErrorCode.HTTPError) return new SlackStartError(`Slack API ${api} antwoordde met HTTP ${e.statusCode} / answered HTTP ${e.statusCode}`);
  if (e.code === webApi.ErrorCode.RateLimitedError) return new SlackStartError(`Slack API ${api} remt af (rate limited); probeer het zo opnieuw / try again shortly`);
  return new SlackStartError(`Slack API ${api} is niet bereikbaar (SLACK_API_URL) / is unreachable`);
}

function startFailure(error: unknown, mode: SlackMode, config: SlackConfig): SlackStartError {
  const e = error as { code?: string; message?: string };
  if (e.code === 'EADDRINUSE') return new SlackStartError(`PORT ${config.port} is al in gebruik / is already in use`);
  if (e.code === 'EACCES') return new SlackStartError(`PORT ${config.port} mag niet gebruikt worden / is not permitted`);
  if (mode === 'socket') return apiFailure('SLACK_APP_TOKEN', error, config);
  return new SlackStartError(`Slack HTTP-ontvanger start niet / HTTP receiver did not start: ${String(e.message ?? error).split('\n')[0]}`);
}
