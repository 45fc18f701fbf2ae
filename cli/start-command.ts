// `liso start` (what `npm start` runs): the platforms whose tokens are set, else the console.
import { createApp } from '../src/app.ts';
import { systemClock } from '../src/core/clock.ts';
import type { Config } from '../src/config/schema.ts';
import type { Logger } from '../src/core/logger.ts';
import type { ParsedArgs } from './args.ts';
import { consoleCommand } from './console-command.ts';
import { startReplicaTicker } from './replica-ticker.ts';
import { UsageError } from './startup-errors.ts';

/** A running platform adapter, stopped on shutdown. */
interface RunningAdapter {
  stop(): Promise<void>;
}

export async function startCommand(args: ParsedArgs, config: Config, log: Logger): Promise<void> {
  const wantsConsole = config.adapter === 'console' || (config.adapter === 'auto' && !config.slack && !config.discord && !config.teams);
  if (wantsConsole) {
    process.stderr.write('Geen platform-tokens gevonden: liso-bot start in de terminal op de lokale opslag. / No platform tokens: starting the console on the local store.\n');
    await consoleCommand(args, config, log);
    return;
  }
  const app = await createApp({ config, clock: systemClock, log, ...(config.rateLimit ? { rateLimit: config.rateLimit } : {}) });
  const running: RunningAdapter[] = [];
  try {
    // Slack: Socket Mode with SLACK_APP_TOKEN, else HTTP on PORT (/slack/events).
    if (config.adapter === 'slack' && !config.slack) throw new UsageError('LISO_ADAPTER=slack heeft SLACK_BOT_TOKEN nodig / needs SLACK_BOT_TOKEN');
    if (config.slack && (config.adapter === 'auto' || config.adapter === 'slack')) {
      // Loaded only when used: Bolt is large, and the console and tools start faster without it.
      const { startSlack, SlackStartError } = await import('../adapters/slack/index.ts');
      running.push(
        await startSlack(app, config.slack, log).catch((error: unknown) => {
          throw error instanceof SlackStartError ? new UsageError(error.message) : error;
        }),
      );
    }
    // Discord: the gateway and interactions when DISCORD_TOKEN and DISCORD_APPLICATION_ID are set.
    if (config.adapter === 'discord' && !config.discord) throw new UsageError('LISO_ADAPTER=discord heeft DISCORD_TOKEN nodig / needs DISCORD_TOKEN');
    if (config.discord && (config.adapter === 'auto' || config.adapter === 'discord')) {
      const { startDiscord, DiscordStartError } = await import('../adapters/discord/index.ts');
      running.push(
        await startDiscord(app, config.discord, log).catch((error: unknown) => {
          throw error instanceof DiscordStartError ? new UsageError(error.message) : error;
        }),
      );
    }
    // Teams: the SDK's /api/messages endpoint on TEAMS_PORT (default PORT) when TEAMS_CLIENT_ID is set.
    if (config.adapter === 'teams' && !config.teams) throw new UsageError('LISO_ADAPTER=teams heeft TEAMS_CLIENT_ID nodig / needs TEAMS_CLIENT_ID');
    if (config.teams && (config.adapter === 'auto' || config.adapter === 'teams')) {
      const { startTeams, TeamsStartError } = await import('../adapters/teams/index.ts');
      running.push(
        await startTeams(app, config.teams, log).catch((error: unknown) => {
          throw error instanceof TeamsStartError ? new UsageError(error.message) : error;
        }),
      );
    }
    if (running.length === 0) throw new UsageError('geen platform om te starten (LISO_ADAPTER past niet bij de tokens) / no platform to start (LISO_ADAPTER does not match the tokens)');
    // One ticker per process, whichever adapters run: features reach each platform through its adapter.
    const work = startReplicaTicker(app, systemClock, log, { sendInBackground: true });
    const signal = await untilShutdownSignal();
    // No new ticks or queued sends; what is running finishes (within the deadline) while the
    // adapters and the store are still open, so no send is cut off by a closed store.
    log.info({ signal, deadlineMs: config.shutdownMs }, 'shutting down: finishing the running tick and sends in flight');
    await work.stop(config.shutdownMs);
  } finally {
    for (const adapter of running.reverse()) await adapter.stop().catch((error: unknown) => log.error({ err: error }, 'adapter did not stop cleanly'));
    await app.close();
  }
}

function untilShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
