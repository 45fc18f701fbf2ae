// A console app on a fresh SQLite file with its logs captured, for attacks on the file after a run.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createApp } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';

export interface ConsoleAppOnFile {
  dir: string;
  file: string;
  store: SqliteStore;
  app: Awaited<ReturnType<typeof createApp>>;
  /** The simulated clock of both the app and the store's expiries. */
  clock: SimulatedClock;
  /** Every log line written so far. */
  logs: string[];
}

/**
 * The app as the console runs it, on `<new temp dir>/liso.sqlite`, starting at 2027-01-04 08:00 UTC;
 * `env` sets configuration (a shorter retention, say) beside the store.
 */
export async function consoleAppOnFile(dirPrefix: string, level: 'debug' | 'info', env: Record<string, string> = {}): Promise<ConsoleAppOnFile> {
  const dir = await mkdtemp(path.join(os.tmpdir(), dirPrefix));
  const file = path.join(dir, 'liso.sqlite');
  // The store's expiries run on the app's clock: on the wall clock, values past their time in the
  // simulated months would still look fresh, and an audit would miss what outlived its retention.
  const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
  const store = await SqliteStore.open(file, clock);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = await createApp({ config: loadConfig({ ...env, LISO_STORE: `sqlite://${file}` }), clock, log: createLogger(level, sink), store });
  return { dir, file, store, app, logs, clock };
}
