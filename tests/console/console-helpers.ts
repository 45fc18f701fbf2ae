// Runs console lines against the real app in-process, on a simulated clock and a store that can
// outlive the app (a restart is a new app and console on the same store).
import { PassThrough, Readable } from 'node:stream';
import { runConsole } from '../../adapters/console/index.ts';
import type { App } from '../../src/app.ts';
import { createApp } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import type { Store } from '../../src/store/port.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';

export interface ConsoleRun {
  text: string;
  app: App;
  clock: SimulatedClock;
  /** The store as passed in or made (the app wraps it), for reading what was kept. */
  store: Store;
}

/** One console run; pass the previous run's clock and store to live on after a restart. */
export async function runConsoleLines(lines: readonly string[], options: { clock?: SimulatedClock; store?: Store; start?: Date; lang?: 'nl' | 'en' } = {}): Promise<ConsoleRun> {
  const clock = options.clock ?? new SimulatedClock(options.start ?? new Date('2027-01-04T08:00:00Z'));
  const store = options.store ?? new MemoryStore(clock);
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock, log: createLogger('silent'), store });
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  await runConsole({ app, input: Readable.from(lines.map((l) => `${l}\n`)), output, interactive: false, echo: true, lang: options.lang ?? 'nl', timeZone: 'Europe/Amsterdam' });
  return { text: chunks.join(''), app, clock, store };
}

/** The transcript from the line typed as `marker` up to the next typed line. */
export function answerTo(text: string, marker: string): string {
  const from = text.indexOf(`> ${marker}\n`);
  if (from < 0) throw new Error(`not in transcript: ${marker}`);
  const rest = text.slice(from + marker.length + 3);
  const next = rest.search(/\n\S+ (in #\S+|in gesprek met liso-bot) > /);
  return next < 0 ? rest : rest.slice(0, next);
}
