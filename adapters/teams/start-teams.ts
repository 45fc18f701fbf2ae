// Starts the Teams adapter in a running app: the SDK's /api/messages endpoint with token validation, the ChatAdapter.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { App as TeamsApp, ExpressAdapter } from '@microsoft/teams.apps';
import { PUBLIC, withOverrides } from '@microsoft/teams.api';
import type { App } from '../../src/app.ts';
import type { TeamsConfig } from '../../src/config/schema.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { IncomingActivity } from './activity-translator.ts';
import { ActivityHandler } from './activity-handler.ts';
import { Connector } from './connector.ts';
import { ConversationRegistry } from './conversation-registry.ts';
import { upgradeTeamsRecords } from './store-upgrade.ts';
import { FileOffers } from './file-consent.ts';
import { sdkLogger } from './sdk-logger.ts';
import { TeamsAdapter } from './teams-adapter.ts';
import { createTeamsPrivacyFeature } from './teams-privacy.ts';
import { BOT_SCOPE, TokenProvider, TokenRequestError } from './token-provider.ts';

export const MESSAGING_ENDPOINT = '/api/messages';

/** A start-up failure with a one-line explanation (a refused secret, a port in use). */
export class TeamsStartError extends Error {
  override name = 'TeamsStartError';
}

export interface StartTeamsOptions {
  /** Interface to listen on (default: all); tests use 127.0.0.1. */
  host?: string;
  /** Overrides the configured port (0 in tests: any free port). */
  port?: number;
  invokeDeadlineMs?: number;
  /**
   * TESTS ONLY: accept requests without a valid Bot Framework token. Never reachable from the
   * environment; logged as a warning at every start.
   */
  dangerouslyAcceptUnauthenticatedRequestsForTests?: boolean;
}

export interface TeamsRuntime {
  adapter: TeamsAdapter;
  handler: ActivityHandler;
  registry: ConversationRegistry;
  /** Where Teams must POST activities, e.g. http://127.0.0.1:3978/api/messages. */
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Attaches the Teams adapter to the app's bot and listens for the Bot Connector. The bot's
 * credentials are checked first with a token request, so a wrong secret stops the start with
 * one line. The caller runs the scheduler (once per process, whichever platforms run).
 */
export async function startTeams(app: App, config: TeamsConfig, log: Logger, options: StartTeamsOptions = {}): Promise<TeamsRuntime> {
  const teamsLog = log.child({ adapter: 'teams' });
  const tokens = new TokenProvider({ tokenUrl: config.tokenUrl, clientId: config.clientId, clientSecret: config.clientSecret, clock: app.clock });
  await tokens.token(BOT_SCOPE).catch((error: unknown) => {
    throw describeTokenError(error, config.tokenUrl);
  });
  const connector = new Connector(() => tokens.token(BOT_SCOPE));
  // Records an earlier release wrote get this code's shapes before any activity reads them.
  await upgradeTeamsRecords({ store: app.store, clock: app.clock }, teamsLog);
  const registry = new ConversationRegistry(app.store, app.clock);
  const files = new FileOffers(app.store, connector, teamsLog);
  const adapter = new TeamsAdapter({ connector, registry, files, tenantId: config.tenantId, defaultServiceUrl: config.serviceUrl, log: teamsLog });
  const handler = new ActivityHandler({
    bot: app.bot,
    prompts: app.prompts,
    adapter,
    connector,
    registry,
    files,
    tenantId: config.tenantId,
    defaultLang: app.defaultLang,
    log: teamsLog,
    ...(options.invokeDeadlineMs !== undefined ? { invokeDeadlineMs: options.invokeDeadlineMs } : {}),
  });

  const insecure = options.dangerouslyAcceptUnauthenticatedRequestsForTests === true;
  if (insecure) teamsLog.warn('TESTS ONLY: Teams requests are accepted without token validation');
  const server = http.createServer();
  const teams = new TeamsApp({
    clientId: config.clientId,
    tenantId: config.tenantId,
    // The SDK asks for tokens through this function instead of its own MSAL client, so the
    // token endpoint is configurable (sovereign clouds, tests) and the secret stays here.
    token: (scope) => tokens.token(Array.isArray(scope) ? scope[0] : scope),
    cloud: withOverrides(PUBLIC, { openIdMetadataUrl: config.openIdMetadataUrl }),
    serviceUrl: config.serviceUrl,
    logger: sdkLogger(teamsLog),
    httpServerAdapter: new ExpressAdapter(server, { logger: sdkLogger(teamsLog, 'express') }),
    messagingEndpoint: MESSAGING_ENDPOINT,
    dangerouslyAllowUnauthenticatedRequests: insecure,
    activity: { mentions: { stripText: false } },
  });
  teams.use(async (ctx) => handler.onActivity(ctx.activity as IncomingActivity));
  await teams.initialize();
  hideErrorDetails(server);

  const port = await listen(server, options.port ?? config.port, options.host).catch((error: unknown) => {
    throw new TeamsStartError(`Teams-poort ${options.port ?? config.port} niet beschikbaar / Teams port not available: ${(error as Error).message}`);
  });
  app.bot.attach(adapter);
  app.bot.use(createTeamsPrivacyFeature(registry));
  teamsLog.info({ port, endpoint: MESSAGING_ENDPOINT, tenant: config.tenantId }, 'Teams adapter running');
  return {
    adapter,
    handler,
    registry,
    port,
    endpoint: `http://${options.host ?? '127.0.0.1'}:${port}${MESSAGING_ENDPOINT}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await handler.drain();
    },
  };
}

function listen(server: http.Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Express answers a body it cannot parse (malformed or oversized JSON) with an HTML page and,
 * outside production mode, a stack trace. Every such error gets a short JSON answer instead.
 */
function hideErrorDetails(server: http.Server): void {
  const express = (server.listeners('request')[0] ?? undefined) as { use?: (handler: unknown) => void } | undefined;
  express?.use?.((error: { status?: number; statusCode?: number }, _req: unknown, res: { status(code: number): { json(body: unknown): void } }, _next: unknown) => {
    const status = error.status ?? error.statusCode ?? 500;
    res.status(status >= 400 && status < 600 ? status : 500).json({ error: status === 413 ? 'too large' : 'bad request' });
  });
}

function describeTokenError(error: unknown, tokenUrl: string): TeamsStartError {
  if (error instanceof TokenRequestError && error.status !== undefined) {
    return new TeamsStartError(
      `Microsoft weigert TEAMS_CLIENT_ID/TEAMS_CLIENT_SECRET (${error.status} ${error.code}); maak een nieuw clientgeheim in de app-registratie / Microsoft rejected TEAMS_CLIENT_ID/TEAMS_CLIENT_SECRET (${error.status} ${error.code}); create a new client secret in the app registration`,
    );
  }
  const detail = error instanceof TokenRequestError ? error.code : (error as Error)?.message;
  return new TeamsStartError(`tokenserver niet bereikbaar / token endpoint unreachable (${new URL(tokenUrl).host}): ${detail}`);
}
