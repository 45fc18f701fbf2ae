// Builds the Bolt app: Socket Mode when an app token is set, else HTTP on /slack/events.
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Logger as BoltLogger, webApi } from '@slack/bolt';
import type { Config } from '../../src/config/schema.ts';
import type { Logger } from '../../src/core/logger.ts';
import { createBoltLogger } from './bolt-logger.ts';
import { guardRequestBodies } from './body-guard.ts';
import { hashPayload } from './request-dedupe.ts';

export type SlackConfig = NonNullable<Config['slack']>;
export type SlackMode = 'socket' | 'http';

export const SLACK_EVENTS_PATH = '/slack/events';
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
/** A Web API call unanswered this long is given up (its outcome then unknown: see slack-errors.ts). */
export const SLACK_REQUEST_TIMEOUT_MS = 10_000;

/** Socket Mode needs no public URL, so an app token always wins. */
export function selectSlackMode(config: Pick<SlackConfig, 'appToken'>): SlackMode {
  return config.appToken ? 'socket' : 'http';
}

/**
 * WebClient settings: the configured API host, and no client-side retries. A rate limit or
 * outage surfaces at once as an error, so the core's delivery decides when to try again instead
 * of a call blocking for up to half an hour inside the client.
 */
export function slackClientOptions(config: Pick<SlackConfig, 'apiUrl'>, logger: BoltLogger, requestTimeoutMs = SLACK_REQUEST_TIMEOUT_MS): webApi.WebClientOptions {
  const base = config.apiUrl ?? DEFAULT_SLACK_API_URL;
  return {
    slackApiUrl: base.endsWith('/') ? base : `${base}/`,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: requestTimeoutMs,
    logger,
  };
}

/** The bot's own ids, from auth.test; given to Bolt so its constructor makes no API call. */
export interface BotIdentity {
  botId: string;
  botUserId: string;
}

export interface BoltAppOptions {
  config: SlackConfig;
  log: Logger;
  identity: BotIdentity;
  /** How long a Web API call may go unanswered (SLACK_REQUEST_TIMEOUT_MS unless a test waits less). */
  requestTimeoutMs?: number;
}

export function createBoltApp({ config, log, identity, requestTimeoutMs }: BoltAppOptions): { bolt: App; mode: SlackMode } {
  const logger = createBoltLogger(log);
  const clientOptions = slackClientOptions(config, logger, requestTimeoutMs);
  const mode = selectSlackMode(config);
  const http = (): HTTPReceiver => {
    const receiver = new HTTPReceiver({
      signingSecret: config.signingSecret ?? '',
      endpoints: SLACK_EVENTS_PATH,
      port: config.port,
      logger,
      customPropertiesExtractor: (request) => ({ payloadHash: hashPayload(request.rawBody) }),
    });
    guardRequestBodies(receiver, log);
    return receiver;
  };
  const receiver =
    mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.appToken!,
          logger,
          installerOptions: { clientOptions },
          customPropertiesExtractor: (args) => ({ payloadHash: hashPayload(JSON.stringify((args as { body?: unknown }).body ?? null)) }),
        })
      : http();
  const bolt = new App({
    token: config.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    receiver,
    logger,
    clientOptions,
    // Conversation state is kept in the bot's own store, never in Bolt's per-process memory.
    convoStore: false,
  });
  return { bolt, mode };
}
