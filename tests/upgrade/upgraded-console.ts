// Runs this code's console app on a SQLite file holding an old release's rows (a captured
// fixture), as an operator restarting on the same store after the upgrade would.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { runConsole } from '../../adapters/console/index.ts';
import { createApp } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import { loadOldRows, oldRows } from './old-store.ts';

export interface UpgradedRun {
  dir: string;
  file: string;
  transcript: string;
  logs: string[];
}

/** Loads `fixture` into a new file, starts the app on it at `start` and plays `script` in the console. */
export async function runUpgraded(fixture: string, start: Date, script: string, env: Record<string, string> = {}): Promise<UpgradedRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-upgrade-'));
  const file = path.join(dir, 'liso.sqlite');
  const clock = new SimulatedClock(start);
  const store = await SqliteStore.open(file, clock);
  await loadOldRows(store, oldRows(fixture), clock);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = await createApp({ config: loadConfig({ ...env, LISO_STORE: `sqlite://${file}` }), clock, log: createLogger('info', sink), store });
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  await runConsole({ app, input: Readable.from(script.split('\n').map((l) => `${l}\n`)), output, interactive: false, echo: true, lang: 'nl', timeZone: 'Europe/Amsterdam' });
  await app.close();
  return { dir, file, transcript: chunks.join(''), logs };
}
