// `liso start` (what `npm start` runs): the platforms whose tokens are set, else the console.
import os from 'node:os';
import { createApp } from '../src/app.ts';
import type { App } from '../src/app.ts';
import { systemClock } from '../src/core/clock.ts';
import type { Config } from '../src/config/schema.ts';
import type { Logger } from '../src/core/logger.ts';
import { startMinuteTicker } from '../src/core/scheduler.ts';
import { DiscordStartError, startDiscord } from '../adapters/discord/index.ts';
import type { ParsedArgs } from './args.ts';
import { consoleCommand } from './console-command.ts';
import { UsageError } from './startup-errors.ts';

interface Running {
  stop(): Promise<void>;
}

export async function startCommand(args: ParsedArgs, config: Config, log: Logger): Promise<void> {
  const wantsConsole = config.adapter === 'console' || (config.adapter === 'auto' && !config.slack && !config.discord);
  if (wantsConsole) {
    process.stderr.write('Geen platform-tokens gevonden: liso-bot start in de terminal op de lokale opslag. / No platform tokens: starting the console on the local store.\n');
    await consoleCommand(args, config, log);
    return;
  }
  const app = await createApp({ config, clock: systemClock, log, instanceId: os.hostname() });
  const running: Running[] = [];
  try {
    running.push(...(await startDiscordIfConfigured(app, config, log)));
    if (running.length === 0) {
      throw new UsageError(
        'geen platform om te starten: de Slack-adapter is nog niet beschikbaar en voor Discord zijn DISCORD_TOKEN en DISCORD_APPLICATION_ID nodig / ' +
          'no platform to start: the Slack adapter is not available yet, and Discord needs DISCORD_TOKEN and DISCORD_APPLICATION_ID',
      );
    }
  } catch (error) {
    await stopAll(running, app);
    throw error;
  }
  // One scheduler per process, however many platforms run in it.
  const ticker = startMinuteTicker((now) => app.bot.tick(now), systemClock, log);
  log.info({ platforms: running.length }, 'liso-bot running');
  await shutdownSignal();
  await ticker.stop();
  await stopAll(running, app);
}

// Discord (issue 8): gateway and interactions when DISCORD_TOKEN and DISCORD_APPLICATION_ID are set.
async function startDiscordIfConfigured(app: App, config: Config, log: Logger): Promise<Running[]> {
  if (config.adapter !== 'auto' && config.adapter !== 'discord') return [];
  if (!config.discord) {
    if (config.adapter === 'discord') throw new UsageError('LISO_ADAPTER=discord heeft DISCORD_TOKEN nodig / needs DISCORD_TOKEN');
    return [];
  }
  try {
    return [await startDiscord(app, config.discord, log)];
  } catch (error) {
    throw error instanceof DiscordStartError ? new UsageError(error.message) : error;
  }
}

async function stopAll(running: readonly Running[], app: App): Promise<void> {
  for (const platform of running) await platform.stop().catch(() => undefined);
  await app.close();
}

function shutdownSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
