// The console script of a quarter: every nudge arrives once, on its day at 09:00, in order.
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
  const headings = [...text.matchAll(/── privébericht aan (\w+) ──\n# Voorbereiding: ([^\n]+)/g)].map((m) => `${m[1]}: ${m[2]}`);
  // 14 tasks (catering is switched off), each once, then each open one once more to the other lead a week before.
  const firstRound = headings.slice(0, 14);
  expect(new Set(firstRound).size).toBe(14);
  expect(firstRound.slice(0, 4).sort()).toEqual([
    'Anna: Geleerde lessen delen',
    'Bram: (Visuele) notulen delen',
    'Bram: Ervaring deelnemers checken',
    'Bram: Uitnodigingen volgende sessie delen',
  ]);
  expect(headings.filter((h) => h.includes('Catering'))).toEqual([]);
  expect(text).toMatch(/Bijlage: sessie-2027-04-08\.ics/);
  expect(text).toMatch(/── bijgewerkt \(dm:bram\) ──\n# Voorbereiding: Ervaring deelnemers checken\n✅ Gedaan door Bram/);
  expect(text.match(/── privébericht aan Anna ──\n# Nog een week tot de sessie van Jeugd Leiden/g)).toHaveLength(1);
  // The closing plan shows what was done and what is still open.
  const plan = text.slice(text.lastIndexOf('Voorbereiding sessie donderdag 8 april 2027'));
  expect(plan).toMatch(/Ervaring deelnemers checken .*✅ gedaan/);
  expect(plan).toMatch(/Presentatie maken .*open/);
});
