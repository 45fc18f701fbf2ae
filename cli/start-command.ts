// `liso start` (what `npm start` runs): the platforms whose tokens are set, else the console.
import type { Config } from '../src/config/schema.ts';
import type { Logger } from '../src/core/logger.ts';
import type { ParsedArgs } from './args.ts';
import { consoleCommand } from './console-command.ts';
import { UsageError } from './startup-errors.ts';

export async function startCommand(args: ParsedArgs, config: Config, log: Logger): Promise<void> {
  const wantsConsole = config.adapter === 'console' || (config.adapter === 'auto' && !config.slack && !config.discord);
  if (wantsConsole) {
    process.stderr.write('Geen platform-tokens gevonden: liso-bot start in de terminal op de lokale opslag. / No platform tokens: starting the console on the local store.\n');
    await consoleCommand(args, config, log);
    return;
  }
  // The Slack and Discord adapters arrive with their own issues; until then say so plainly.
  throw new UsageError(
    'de Slack- en Discord-adapters zijn nog niet beschikbaar in deze versie; gebruik LISO_ADAPTER=console / ' +
      'the Slack and Discord adapters are not available in this version yet; use LISO_ADAPTER=console',
  );
}
