// `liso console`: the terminal chat, optionally on a simulated clock and from a script.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { runConsole } from '../adapters/console/index.ts';
import { createApp } from '../src/app.ts';
import type { Clock } from '../src/core/clock.ts';
import { SimulatedClock, systemClock } from '../src/core/clock.ts';
import type { Logger } from '../src/core/logger.ts';
import type { Config } from '../src/config/schema.ts';
import type { ParsedArgs } from './args.ts';
import { startReplicaTicker } from './replica-ticker.ts';
import { UsageError } from './startup-errors.ts';

export async function consoleCommand(args: ParsedArgs, config: Config, log: Logger): Promise<void> {
  const clock = clockFrom(args.flags.get('simulated-clock'));
  const script = args.flags.get('script');
  if (script === true) throw new UsageError('--script heeft een bestand nodig / needs a file');
  if (typeof script === 'string') {
    await access(script).catch(() => {
      throw new UsageError(`script ${script} bestaat niet / does not exist`);
    });
  }
  const app = await createApp({ config, clock, log });
  const ticker = clock instanceof SimulatedClock ? undefined : startReplicaTicker(app, clock, log);
  const input = typeof script === 'string' ? createReadStream(script, 'utf8') : process.stdin;
  const interactive = typeof script !== 'string' && process.stdin.isTTY === true && process.stdout.isTTY === true;
  try {
    await runConsole({
      app,
      input,
      output: process.stdout,
      interactive,
      echo: !interactive,
      lang: config.defaultLang,
      timeZone: config.defaultTimeZone,
    });
  } finally {
    await ticker?.stop(config.shutdownMs);
    await app.close();
  }
}

function clockFrom(flag: string | true | undefined): Clock {
  if (flag === undefined) return systemClock;
  if (flag === true) return new SimulatedClock(new Date());
  const start = new Date(flag);
  if (Number.isNaN(start.getTime())) throw new UsageError(`--simulated-clock: "${flag}" is geen tijdstip / not an instant (2027-01-04T09:00:00+01:00)`);
  return new SimulatedClock(start);
}
