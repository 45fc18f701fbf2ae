// The wins scenario as a console script: what a network sees in the terminal, start to finish.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../../adapters/console/index.ts';
import { createApp } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';

const script = path.resolve(import.meta.dirname, '../fixtures/console/wins.txt');

async function transcript(): Promise<string> {
  const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock, log: createLogger('silent'), store: new MemoryStore() });
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  const lines = (await readFile(script, 'utf8')).split('\n');
  await runConsole({ app, input: Readable.from(lines.map((l) => `${l}\n`)), output, interactive: false, echo: true, lang: 'nl', timeZone: 'Europe/Amsterdam' });
  return chunks.join('');
}

describe('console script: celebrating small wins', () => {
  it('runs the whole scenario', async () => {
    const text = await transcript();
    // The win, literally, with Bram credited by mention.
    expect(text).toMatch(/── kanaal #leernetwerk ──\n.+\n“we hebben met Bram de casus van de wijk in kaart gebracht <!channel>”\n  Gedeeld door Sanne · Met dank aan @Bram/);
    // Cheering counts once per person.
    expect(text).toMatch(/── bijgewerkt[^\n]*──\n[\s\S]*?1 persoon vindt dit mooi/);
    expect(text).toMatch(/── alleen zichtbaar voor Bram ──\nJe vond dit al mooi/);
    expect(text).toMatch(/── alleen zichtbaar voor Ahmed ──\nAfgesproken: je naam komt niet meer in vieringen/);
    // The clock passes the first session: the milestone is posted by itself.
    expect(text).toMatch(/── kanaal #leernetwerk ──\n🎉 Vandaag komt Jeugd Leiden voor het eerst samen/);
    // Ahmed opted out: the author line and his own name are left out.
    expect(text).toMatch(/“de wethouder wil aansluiten, dankzij Sanne en iemand”\n  Gedeeld vanuit het netwerk · Met dank aan @Sanne/);
    expect(text).toMatch(/Successen van Jeugd Leiden sinds de sessie van donderdag 14 januari 2027, 14:00\n  • 15 januari 2027: de wethouder wil aansluiten, dankzij Sanne en iemand\n/);
    expect(text).toMatch(/successen-jeugd-leiden-2027-01-15\.md[\s\S]*# Successen van Jeugd Leiden sinds de sessie/);
    expect(text).toMatch(/── alleen zichtbaar voor Sanne ──\nHet reisverslag is voor de trekker/);
    expect(text).toMatch(/## Gehouden sessies \(1\)\n\n1\. donderdag 14 januari 2027, 14:00/);
    expect(text).toMatch(/- 4 januari 2027: we hebben met Bram de casus van de wijk in kaart gebracht \\<!channel> \(gedeeld door Sanne\)/);
    // The export to share outside leaves out the wins that name someone else, and says so.
    expect(text).toMatch(/── alleen zichtbaar voor Carla ──\nEr is geen succes om naar buiten te delen; de mijlpalen staan in het tekstbestand \(successen-jeugd-leiden-2027-01-15\.md\)\.\n1 succes noemt iemand uit het netwerk en staat er niet in\./);
    expect(text).not.toMatch(/Ahmed\)|door Ahmed/);
  });
});
