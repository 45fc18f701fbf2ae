// The console script of a quarter: every task arrives once, on its day at 09:00, in one digest per person per day.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { runConsole } from '../../adapters/console/index.ts';
import { createApp } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';

it('runs tests/fixtures/console/nudges-quarter.txt', async () => {
  const script = await readFile(path.resolve(import.meta.dirname, '../fixtures/console/nudges-quarter.txt'), 'utf8');
  const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock, log: createLogger('silent'), store: new MemoryStore(clock) });
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  await runConsole({ app, input: Readable.from(script.split('\n').map((l) => `${l}\n`)), output, interactive: false, echo: true, lang: 'nl', timeZone: 'Europe/Amsterdam' });
  const text = chunks.join('');
  const digests = [...text.matchAll(/── privébericht aan (\w+) ──\n# Je voorbereiding voor vandaag: ([^\n]+)/g)].map((m) => `${m[1]}: ${m[2]}`);
  // One digest per person per day: the first session's plan (all of it already due) on 5 January,
  // then each day with work for them, and the hand-overs and overview a week before.
  expect(digests).toEqual([
    'Anna: 4 taken',
    'Bram: 2 taken',
    'Bram: 3 taken',
    'Anna: 1 taak',
    'Anna: 1 taak',
    'Anna: 2 taken',
    'Anna: 1 taak',
    'Bram: 1 taak',
    'Bram: 2 taken',
    'Anna: 1 taak',
    'Bram: 1 taak',
    'Anna: 1 taak',
    'Bram: 7 taken',
    'Anna: 6 taken',
  ]);
  expect(text).toMatch(/── privébericht aan Anna ──\n# Je voorbereiding voor vandaag: 4 taken\nJeugd Leiden · eerste sessie dinsdag 5 januari 2027/);
  expect(text).not.toMatch(/── privébericht aan \w+ ──\n[^─]*Catering/);
  expect(text).toMatch(/Bijlage: sessie-jeugd-leiden-2027-04-08\.ics/);
  expect(text).toMatch(/── bijgewerkt \(dm:bram\) ──\n# Je voorbereiding voor vandaag: 3 taken\n[^─]*Ervaring deelnemers navragen: ➖ Niet van toepassing, volgens Bram/);
  expect(text.match(/Nog een week tot de sessie van Jeugd Leiden/g)).toHaveLength(1);
  // The closing plan shows what was done and what is still open.
  const plan = text.slice(text.lastIndexOf('Voorbereiding Jeugd Leiden: sessie donderdag 8 april 2027'));
  expect(plan).toMatch(/Ervaring deelnemers navragen .*➖ niet van toepassing/);
  expect(plan).toMatch(/Presentatie maken .*open/);
});
